package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// Times used by the suite. They are short so the whole suite runs in a few
// seconds; the subtests run in parallel.
const (
	long     = time.Minute // a TTL the test never waits for
	shortTTL = time.Second // a TTL the test waits out
	tick     = 20 * time.Millisecond
	// early is how much sooner than its TTL an item may vanish without the
	// test complaining: Redis and the test read different clocks.
	early = 50 * time.Millisecond
)

// Run runs the contract suite against the stores made by newStore. It is
// called once per subtest and may return a fresh store or a shared one:
// conversation ids are random, so subtests (and parallel runs against one
// Redis) never see each other's data. newStore registers its own cleanup.
func Run(t *testing.T, newStore func(t *testing.T) bot.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, bot.Store)
	}{
		{"Ping", testPing},
		{"LoadUnknown", testLoadUnknown},
		{"SaveLoad", testSaveLoad},
		{"SaveRejectsBadInput", testSaveRejectsBadInput},
		{"Isolation", testIsolation},
		{"StateExpires", testStateExpires},
		{"AppendOrder", testAppendOrder},
		{"AppendDedupe", testAppendDedupe},
		{"AppendMaxLen", testAppendMaxLen},
		{"AppendNoCap", testAppendNoCap},
		{"HistoryN", testHistoryN},
		{"HistoryUnknown", testHistoryUnknown},
		{"TranscriptExpires", testTranscriptExpires},
		{"ConcurrentAppend", testConcurrentAppend},
		{"LockBusy", testLockBusy},
		{"LockReleased", testLockReleased},
		{"LockExpires", testLockExpires},
		{"LockIndependentIDs", testLockIndependentIDs},
		{"UnlockIdempotent", testUnlockIdempotent},
		{"UnlockAfterExpiry", testUnlockAfterExpiry},
		{"LockContext", testLockContext},
		{"LockMutualExclusion", testLockMutualExclusion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newStore(t))
		})
	}
}

// NewID returns a random conversation id, so tests sharing a backend do not
// collide.
func NewID() string { return "c_" + rand.Text() }

func testPing(t *testing.T, s bot.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func testLoadUnknown(t *testing.T, s bot.Store) {
	_, err := s.Load(t.Context(), NewID())
	if !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("Load(unknown) error = %v, want ErrNotFound", err)
	}
	if errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Load(unknown) error = %v, must not be ErrUnavailable", err)
	}
}

func testSaveLoad(t *testing.T, s bot.Store) {
	ctx := t.Context()
	riyadh := time.FixedZone("AST", 3*60*60)
	want := bot.State{
		ID:          NewID(),
		TokenHash:   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Lang:        "ar",
		LastService: "passport-renewal",
		LastAspect:  "fees",
		Fallbacks:   2,
		Turns:       7,
		Recent:      []bot.Turn{{Role: "citizen", Text: "كم رسوم تجديد الجواز؟ [PHONE]"}, {Role: "bot", Text: "service_info passport-renewal fees"}},
		Created:     time.Date(2025, 3, 1, 9, 30, 15, 123456789, riyadh),
		Updated:     time.Now(), // carries a monotonic reading, which must not matter
	}
	if err := s.Save(ctx, want, long); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := s.Load(ctx, want.ID)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkState(t, got, want)

	// A second Save replaces the whole state: fields cleared in the new
	// state must not survive from the old one.
	want.Lang = "en"
	want.LastService = ""
	want.LastAspect = ""
	want.Fallbacks = 0
	want.Turns = 8
	want.Recent = nil
	want.Updated = time.Now().UTC()
	if err := s.Save(ctx, want, long); err != nil {
		t.Fatalf("Save (overwrite): %v", err)
	}
	got, err = s.Load(ctx, want.ID)
	if err != nil {
		t.Fatalf("Load after overwrite: %v", err)
	}
	checkState(t, got, want)
}

func testSaveRejectsBadInput(t *testing.T, s bot.Store) {
	ctx := t.Context()
	if err := s.Save(ctx, bot.State{Lang: "ar"}, long); err == nil {
		t.Error("Save with an empty id: no error")
	}
	id := NewID()
	if err := s.Save(ctx, bot.State{ID: id}, 0); err == nil {
		t.Error("Save with ttl 0: no error (the state would never expire)")
	}
	if _, err := s.Load(ctx, id); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Load after a rejected Save: %v, want ErrNotFound", err)
	}
	if err := s.Append(ctx, id, 0, 10, citizen(1)); err == nil {
		t.Error("Append with ttl 0: no error (the transcript would never expire)")
	}
	if _, err := s.Lock(ctx, id, 0, 0); err == nil {
		t.Error("Lock with ttl 0: no error")
	}
}

func testIsolation(t *testing.T, s bot.Store) {
	ctx := t.Context()
	a, b := bot.State{ID: NewID(), Lang: "ar", Turns: 1}, bot.State{ID: NewID(), Lang: "en", Turns: 2}
	for _, st := range []bot.State{a, b} {
		if err := s.Save(ctx, st, long); err != nil {
			t.Fatal(err)
		}
	}
	mustAppend(t, s, a.ID, long, 10, citizen(1))
	mustAppend(t, s, b.ID, long, 10, citizen(2), reply(2))
	for _, st := range []bot.State{a, b} {
		got, err := s.Load(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkState(t, got, st)
	}
	checkEntries(t, mustHistory(t, s, a.ID, 10), []bot.Entry{citizen(1)})
	checkEntries(t, mustHistory(t, s, b.ID, 10), []bot.Entry{citizen(2), reply(2)})
}

func testStateExpires(t *testing.T, s bot.Store) {
	ctx := t.Context()
	st := bot.State{ID: NewID(), Lang: "ar", Turns: 1}
	if err := s.Save(ctx, st, shortTTL); err != nil {
		t.Fatal(err)
	}
	first := time.Now()
	if _, err := s.Load(ctx, st.ID); err != nil {
		t.Fatalf("Load right after Save: %v", err)
	}
	time.Sleep(shortTTL / 2)
	refreshed := time.Now()
	st.Turns = 2
	if err := s.Save(ctx, st, shortTTL); err != nil {
		t.Fatal(err)
	}
	expectExpiry(t, "state", first, refreshed, shortTTL, func() (bool, error) {
		_, err := s.Load(ctx, st.ID)
		if errors.Is(err, bot.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	})
}

func testAppendOrder(t *testing.T, s bot.Store) {
	id := NewID()
	mustAppend(t, s, id, long, 100, citizen(1), reply(1))
	mustAppend(t, s, id, long, 100, feedback(1, true))
	mustAppend(t, s, id, long, 100, citizen(2))
	mustAppend(t, s, id, long, 100, reply(2), feedback(2, false))
	want := []bot.Entry{citizen(1), reply(1), feedback(1, true), citizen(2), reply(2), feedback(2, false)}
	checkEntries(t, mustHistory(t, s, id, 100), want)
}

func testAppendDedupe(t *testing.T, s bot.Store) {
	id := NewID()
	mustAppend(t, s, id, long, 100, citizen(1), reply(1))
	mustAppend(t, s, id, long, 100, citizen(1), reply(1)) // the whole batch retried
	mustAppend(t, s, id, long, 100, reply(1))             // one entry retried
	mustAppend(t, s, id, long, 100, citizen(2), citizen(2))
	mustAppend(t, s, id, long, 100, reply(2), citizen(3), reply(3)) // a retry that carries new entries

	// The first write wins: a retry never rewrites what was stored.
	changed := citizen(1)
	changed.Text = "something else"
	mustAppend(t, s, id, long, 100, changed)

	// Roles are part of the key: a citizen message and a bot reply may share
	// an id.
	c, b := citizen(4), reply(4)
	b.ID = c.ID
	mustAppend(t, s, id, long, 100, c, b)
	mustAppend(t, s, id, long, 100, b, c)

	want := []bot.Entry{citizen(1), reply(1), citizen(2), reply(2), citizen(3), reply(3), c, b}
	checkEntries(t, mustHistory(t, s, id, 100), want)
}

func testAppendMaxLen(t *testing.T, s bot.Store) {
	id := NewID()
	const maxLen = 5
	for i := 1; i <= 3; i++ {
		mustAppend(t, s, id, long, maxLen, citizen(i))
	}
	mustAppend(t, s, id, long, maxLen, citizen(4), citizen(5), citizen(6), citizen(7))
	checkEntries(t, mustHistory(t, s, id, 100), citizens(3, 7))

	// A batch longer than the cap keeps its own newest entries.
	var batch []bot.Entry
	for i := 10; i < 18; i++ {
		batch = append(batch, citizen(i))
	}
	mustAppend(t, s, id, long, maxLen, batch...)
	checkEntries(t, mustHistory(t, s, id, 100), citizens(13, 17))
}

func testAppendNoCap(t *testing.T, s bot.Store) {
	id := NewID()
	for i := 1; i <= 30; i++ {
		mustAppend(t, s, id, long, 0, citizen(i))
	}
	checkEntries(t, mustHistory(t, s, id, 100), citizens(1, 30))
}

func testHistoryN(t *testing.T, s bot.Store) {
	id := NewID()
	mustAppend(t, s, id, long, 100, citizens(1, 6)...)
	for _, tt := range []struct {
		n    int
		want []bot.Entry
	}{
		{-1, nil},
		{0, nil},
		{1, citizens(6, 6)},
		{2, citizens(5, 6)},
		{6, citizens(1, 6)},
		{100, citizens(1, 6)},
	} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			checkEntries(t, mustHistory(t, s, id, tt.n), tt.want)
		})
	}
}

func testHistoryUnknown(t *testing.T, s bot.Store) {
	got, err := s.History(t.Context(), NewID(), 10)
	if err != nil {
		t.Fatalf("History(unknown): %v, want no error", err)
	}
	if len(got) != 0 {
		t.Fatalf("History(unknown) = %d entries, want none", len(got))
	}
}

func testTranscriptExpires(t *testing.T, s bot.Store) {
	id := NewID()
	mustAppend(t, s, id, shortTTL, 10, citizen(1))
	first := time.Now()
	time.Sleep(shortTTL / 2)
	refreshed := time.Now()
	mustAppend(t, s, id, shortTTL, 10, reply(1))
	expectExpiry(t, "transcript", first, refreshed, shortTTL, func() (bool, error) {
		h, err := s.History(t.Context(), id, 10)
		return len(h) > 0, err
	})
	// The dedupe record expires with the transcript: the same entry appended
	// again starts a new transcript instead of being skipped.
	mustAppend(t, s, id, long, 10, citizen(1))
	checkEntries(t, mustHistory(t, s, id, 10), []bot.Entry{citizen(1)})
}

func testConcurrentAppend(t *testing.T, s bot.Store) {
	id := NewID()
	const workers, perWorker = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, 2*workers*perWorker)
	// Each worker's entries are appended by two goroutines at once (a
	// retry racing the original write); each must land exactly once.
	for w := range workers {
		for range 2 {
			wg.Go(func() {
				for i := range perWorker {
					e := citizen(i)
					e.ID = fmt.Sprintf("m_%d_%d", w, i)
					if err := s.Append(t.Context(), id, long, 1000, e); err != nil {
						errs <- err
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Append: %v", err)
	}
	h := mustHistory(t, s, id, 1000)
	if len(h) != workers*perWorker {
		t.Errorf("History has %d entries, want %d", len(h), workers*perWorker)
	}
	seen := make(map[string]bool)
	next := make(map[int]int) // worker -> next expected index
	for _, e := range h {
		if seen[e.ID] {
			t.Errorf("entry %s appears twice", e.ID)
		}
		seen[e.ID] = true
		var w, i int
		if _, err := fmt.Sscanf(e.ID, "m_%d_%d", &w, &i); err != nil {
			t.Fatalf("unexpected entry id %q", e.ID)
		}
		if i != next[w] {
			t.Errorf("worker %d: entry %d found where %d was expected", w, i, next[w])
		}
		next[w] = i + 1
	}
}

func testLockBusy(t *testing.T, s bot.Store) {
	ctx := t.Context()
	id := NewID()
	unlock := mustLock(t, s, id, 10*time.Second, 0)
	defer unlock()

	const wait = 200 * time.Millisecond
	start := time.Now()
	_, err := s.Lock(ctx, id, 10*time.Second, wait)
	elapsed := time.Since(start)
	if !errors.Is(err, bot.ErrLocked) {
		t.Fatalf("second Lock: %v, want ErrLocked", err)
	}
	if elapsed < wait-early || elapsed > wait+time.Second {
		t.Errorf("second Lock gave up after %v, want about %v", elapsed, wait)
	}

	start = time.Now()
	_, err = s.Lock(ctx, id, 10*time.Second, 0)
	if !errors.Is(err, bot.ErrLocked) {
		t.Fatalf("Lock with no wait: %v, want ErrLocked", err)
	}
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Errorf("Lock with no wait took %v", elapsed)
	}
}

func testLockReleased(t *testing.T, s bot.Store) {
	id := NewID()
	unlock := mustLock(t, s, id, 10*time.Second, 0)
	const hold = 150 * time.Millisecond
	time.AfterFunc(hold, unlock)
	start := time.Now()
	unlock2 := mustLock(t, s, id, 10*time.Second, 3*time.Second)
	defer unlock2()
	if elapsed := time.Since(start); elapsed < hold-early || elapsed > 2*time.Second {
		t.Errorf("waiting Lock returned after %v; the holder released it after %v", elapsed, hold)
	}
}

func testLockExpires(t *testing.T, s bot.Store) {
	id := NewID()
	const ttl = 300 * time.Millisecond
	start := time.Now()
	mustLock(t, s, id, ttl, 0) // never unlocked: a crashed instance
	unlock := mustLock(t, s, id, 10*time.Second, 3*time.Second)
	defer unlock()
	if elapsed := time.Since(start); elapsed < ttl-early || elapsed > 2*time.Second {
		t.Errorf("Lock after an abandoned lock took %v, want about its ttl %v", elapsed, ttl)
	}
}

func testLockIndependentIDs(t *testing.T, s bot.Store) {
	a := mustLock(t, s, NewID(), 10*time.Second, 0)
	defer a()
	start := time.Now()
	b := mustLock(t, s, NewID(), 10*time.Second, 0)
	defer b()
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Errorf("Lock of another conversation took %v", elapsed)
	}
}

func testUnlockIdempotent(t *testing.T, s bot.Store) {
	ctx := t.Context()
	id := NewID()
	unlockA := mustLock(t, s, id, 10*time.Second, 0)
	unlockA()
	unlockA()
	unlockB := mustLock(t, s, id, 10*time.Second, 0)
	unlockA() // must not release B's lock
	if _, err := s.Lock(ctx, id, 10*time.Second, 0); !errors.Is(err, bot.ErrLocked) {
		t.Fatalf("Lock after a stale unlock: %v, want ErrLocked (the stale unlock released another holder)", err)
	}
	unlockB()
	mustLock(t, s, id, 10*time.Second, 0)()
}

func testUnlockAfterExpiry(t *testing.T, s bot.Store) {
	ctx := t.Context()
	id := NewID()
	unlockA := mustLock(t, s, id, 200*time.Millisecond, 0)
	unlockB := mustLock(t, s, id, 10*time.Second, 3*time.Second) // after A's lock expired
	unlockA()                                                    // A finishes late
	if _, err := s.Lock(ctx, id, 10*time.Second, 0); !errors.Is(err, bot.ErrLocked) {
		t.Fatalf("Lock after a late unlock: %v, want ErrLocked (the late unlock released B's lock)", err)
	}
	unlockB()
	mustLock(t, s, id, 10*time.Second, 0)()
}

func testLockContext(t *testing.T, s bot.Store) {
	id := NewID()
	unlock := mustLock(t, s, id, 10*time.Second, 0)
	defer unlock()
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := s.Lock(ctx, id, 10*time.Second, 5*time.Second)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Lock with a cancelled context: %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Lock noticed the cancelled context after %v", elapsed)
	}
}

func testLockMutualExclusion(t *testing.T, s bot.Store) {
	id := NewID()
	const workers, turns = 6, 5
	var holders, overlaps, done atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range turns {
				unlock, err := s.Lock(t.Context(), id, 10*time.Second, 10*time.Second)
				if err != nil {
					t.Errorf("Lock: %v", err)
					return
				}
				if holders.Add(1) > 1 {
					overlaps.Add(1)
				}
				time.Sleep(time.Millisecond)
				holders.Add(-1)
				done.Add(1)
				unlock()
			}
		})
	}
	wg.Wait()
	if n := overlaps.Load(); n != 0 {
		t.Errorf("%d turns took the lock while another turn held it", n)
	}
	if n := done.Load(); n != workers*turns {
		t.Errorf("%d turns completed, want %d", n, workers*turns)
	}
}

// expectExpiry polls present until it reports false. The item was written
// at first and written again at refreshed, both with ttl: it must be seen
// after first+ttl (the second write extended it), must not vanish before
// refreshed+ttl, and must be gone soon after.
func expectExpiry(t *testing.T, what string, first, refreshed time.Time, ttl time.Duration, present func() (bool, error)) {
	t.Helper()
	extended := false
	deadline := refreshed.Add(ttl + 2*time.Second)
	for {
		start := time.Now()
		ok, err := present()
		end := time.Now()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok && start.After(first.Add(ttl+early)) {
			extended = true
		}
		if !ok {
			if end.Before(refreshed.Add(ttl - early)) {
				t.Errorf("%s expired %v after it was written with ttl %v", what, end.Sub(refreshed), ttl)
			}
			break
		}
		if end.After(deadline) {
			t.Fatalf("%s still there %v after its last write with ttl %v", what, end.Sub(refreshed), ttl)
		}
		time.Sleep(tick)
	}
	if !extended {
		t.Errorf("%s was never seen after its first ttl ran out: writing it again did not extend the ttl", what)
	}
}

func mustAppend(t *testing.T, s bot.Store, id string, ttl time.Duration, maxLen int, entries ...bot.Entry) {
	t.Helper()
	if err := s.Append(t.Context(), id, ttl, maxLen, entries...); err != nil {
		t.Fatalf("Append: %v", err)
	}
}

func mustHistory(t *testing.T, s bot.Store, id string, n int) []bot.Entry {
	t.Helper()
	h, err := s.History(t.Context(), id, n)
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	return h
}

func mustLock(t *testing.T, s bot.Store, id string, ttl, wait time.Duration) func() {
	t.Helper()
	unlock, err := s.Lock(t.Context(), id, ttl, wait)
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	if unlock == nil {
		t.Fatal("Lock returned a nil unlock func")
	}
	return unlock
}

// base is the time of the first test message; entries are a second apart.
var base = time.Date(2025, 11, 2, 8, 15, 0, 987654321, time.FixedZone("AST", 3*60*60))

func citizen(i int) bot.Entry {
	return bot.Entry{
		ID:   fmt.Sprintf("m_%d", i),
		Role: "citizen",
		Text: fmt.Sprintf("كيف أجدد جواز السفر؟ (%d)", i),
		Lang: "ar",
		At:   base.Add(time.Duration(i) * time.Second),
	}
}

func citizens(from, to int) []bot.Entry {
	var es []bot.Entry
	for i := from; i <= to; i++ {
		es = append(es, citizen(i))
	}
	return es
}

func reply(i int) bot.Entry {
	return bot.Entry{
		ID:             fmt.Sprintf("r_%d", i),
		Role:           "bot",
		Text:           "Passport renewal costs 300 SAR for five years.\nتجديد الجواز: ٣٠٠ ريال",
		Lang:           "en",
		ReplyTo:        fmt.Sprintf("m_%d", i),
		Intent:         bot.IntentServiceInfo,
		ServiceID:      "passport-renewal",
		ServiceVersion: 3,
		Aspect:         "fees",
		Confidence:     0.8731,
		At:             base.Add(time.Duration(i)*time.Second + 250*time.Millisecond),
	}
}

func feedback(i int, helpful bool) bot.Entry {
	return bot.Entry{
		ID:      fmt.Sprintf("f_%d", i),
		Role:    "feedback",
		Text:    "شكراً",
		ReplyTo: fmt.Sprintf("r_%d", i),
		Helpful: &helpful,
		At:      base.Add(time.Duration(i)*time.Second + 500*time.Millisecond),
	}
}

func checkState(t *testing.T, got, want bot.State) {
	t.Helper()
	if !got.Created.Equal(want.Created) || !got.Updated.Equal(want.Updated) {
		t.Errorf("state times = (%v, %v), want (%v, %v)", got.Created, got.Updated, want.Created, want.Updated)
	}
	if !slices.Equal(got.Recent, want.Recent) {
		t.Errorf("state recent turns = %+v, want %+v", got.Recent, want.Recent)
	}
	got.Created, got.Updated = time.Time{}, time.Time{}
	want.Created, want.Updated = time.Time{}, time.Time{}
	got.Recent, want.Recent = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("state = %+v, want %+v", got, want)
	}
}

func checkEntries(t *testing.T, got, want []bot.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d entries %v, want %d %v", len(got), ids(got), len(want), ids(want))
	}
	for i := range want {
		if d := diffEntry(got[i], want[i]); d != "" {
			t.Errorf("entry %d (%s %s): %s", i, want[i].Role, want[i].ID, d)
		}
	}
}

func diffEntry(got, want bot.Entry) string {
	if !got.At.Equal(want.At) {
		return fmt.Sprintf("At = %v, want %v", got.At, want.At)
	}
	switch {
	case (got.Helpful == nil) != (want.Helpful == nil):
		return fmt.Sprintf("Helpful = %v, want %v", got.Helpful, want.Helpful)
	case got.Helpful != nil && *got.Helpful != *want.Helpful:
		return fmt.Sprintf("Helpful = %v, want %v", *got.Helpful, *want.Helpful)
	}
	got.At, want.At = time.Time{}, time.Time{}
	got.Helpful, want.Helpful = nil, nil
	if got != want {
		return fmt.Sprintf("got %+v, want %+v", got, want)
	}
	return ""
}

func ids(es []bot.Entry) []string {
	var s []string
	for _, e := range es {
		s = append(s, e.Role+":"+e.ID)
	}
	return s
}
