package redisstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/bot/storetest"
)

// The one-round-trip paths behave as Lock+Load and Append+Save do.
func TestLockLoadAndAppendSave(t *testing.T) {
	needRedis(t)
	s := openTest(t, Options{})
	ctx := context.Background()
	id := storetest.NewID()

	st, stateErr, unlock, err := s.LockLoad(ctx, id, time.Second, 100*time.Millisecond)
	if err != nil || !errors.Is(stateErr, bot.ErrNotFound) {
		t.Fatalf("new conversation: %v, %v", stateErr, err)
	}
	// Held: a second turn waits and gives up.
	if _, _, _, err := s.LockLoad(ctx, id, time.Second, 50*time.Millisecond); !errors.Is(err, bot.ErrLocked) {
		t.Fatalf("second lock: %v", err)
	}
	st = bot.State{ID: id, Lang: "ar", Turns: 1, LastService: "passport-renewal"}
	entries := []bot.Entry{{ID: "m1", Role: "citizen", Text: "سؤال"}, {ID: "r_1", Role: "bot", Text: "جواب", ReplyTo: "m1"}}
	if err := s.AppendSave(ctx, id, time.Minute, 100, st, time.Minute, entries...); err != nil {
		t.Fatal(err)
	}
	// A retried turn writes its lines once.
	if err := s.AppendSave(ctx, id, time.Minute, 100, st, time.Minute, entries...); err != nil {
		t.Fatal(err)
	}
	unlock()

	got, stateErr, unlock, err := s.LockLoad(ctx, id, time.Second, time.Second)
	if err != nil || stateErr != nil || got.LastService != "passport-renewal" || got.Turns != 1 {
		t.Fatalf("after save: %+v %v %v", got, stateErr, err)
	}
	unlock()
	h, err := s.History(ctx, id, 10)
	if err != nil || len(h) != 2 {
		t.Fatalf("history %+v %v", h, err)
	}

}

// After Redis lost its scripts (a restart), a turn is still written whole.
// On a private redis-server: flushing the shared one's scripts would race
// other packages' tests.
func TestAppendSaveAfterScriptFlush(t *testing.T) {
	port := redisServer(t)
	s := openTest(t, Options{URL: fmt.Sprintf("redis://127.0.0.1:%d/0", port)})
	waitReady(t, s)
	ctx := context.Background()
	id := storetest.NewID()
	if err := s.rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	st := bot.State{ID: id, Turns: 2}
	if err := s.AppendSave(ctx, id, time.Minute, 100, st, time.Minute, bot.Entry{ID: "m2", Role: "citizen", Text: "وبعدين؟"}); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.History(ctx, id, 10); len(h) != 1 {
		t.Fatalf("after a script flush: %d entries", len(h))
	}
	if got, err := s.Load(ctx, id); err != nil || got.Turns != 2 {
		t.Fatalf("state after a script flush: %+v %v", got, err)
	}
}
