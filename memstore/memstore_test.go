package memstore

import (
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/bot/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store { return New() })
}

// TestSweep checks that conversations nobody reads again are dropped, so a
// long-running server's memory does not grow with every conversation ever
// started.
func TestSweep(t *testing.T) {
	s := New()
	s.sweepEvery = 10 * time.Millisecond
	ctx := t.Context()
	for range 50 {
		id := storetest.NewID()
		if err := s.Save(ctx, bot.State{ID: id}, 20*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, id, 20*time.Millisecond, 10, bot.Entry{ID: "m_1", Role: "citizen"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Lock(ctx, id, 20*time.Millisecond, 0); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	// Any write sweeps once sweepEvery has passed.
	live := storetest.NewID()
	if err := s.Save(ctx, bot.State{ID: live}, time.Minute); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.states) != 1 || len(s.logs) != 0 || len(s.locks) != 0 {
		t.Errorf("after the sweep: %d states, %d transcripts, %d locks; want 1, 0, 0",
			len(s.states), len(s.logs), len(s.locks))
	}
	if _, ok := s.states[live]; !ok {
		t.Error("the sweep dropped a live state")
	}
}

// TestNoAliasing checks that the store keeps its own copy of entries: the
// engine may reuse or change an Entry after appending it.
func TestNoAliasing(t *testing.T) {
	s := New()
	ctx := t.Context()
	id := storetest.NewID()
	helpful := true
	if err := s.Append(ctx, id, time.Minute, 10, bot.Entry{ID: "f_1", Role: "feedback", Helpful: &helpful}); err != nil {
		t.Fatal(err)
	}
	helpful = false
	h, err := s.History(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	*h[0].Helpful = false
	h, err = s.History(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Helpful == nil || !*h[0].Helpful {
		t.Fatalf("stored feedback changed through a caller's pointer: %+v", h)
	}
}

func BenchmarkTurn(b *testing.B) {
	b.Run("serial", func(b *testing.B) { storetest.BenchTurn(b, New()) })
	b.Run("parallel", func(b *testing.B) { storetest.BenchTurnParallel(b, New()) })
}
