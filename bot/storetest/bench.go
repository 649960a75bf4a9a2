package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// BenchTurn measures the store work of one chat turn, as the engine does it:
// Lock, Load (ErrNotFound on a conversation's first turn), Save, Append of
// the citizen message and the reply, unlock. Turns cycle over 256
// conversations so transcripts reach their cap as in production.
func BenchTurn(b *testing.B, s bot.Store) {
	ids := make([]string, 256)
	for i := range ids {
		ids[i] = NewID()
	}
	ctx := b.Context()
	i := 0
	for b.Loop() {
		if err := turn(ctx, s, ids[i%len(ids)], i); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchTurnParallel is BenchTurn with turns of different conversations
// running at once (GOMAXPROCS × -cpu goroutines).
func BenchTurnParallel(b *testing.B, s bot.Store) {
	ctx := b.Context()
	b.RunParallel(func(pb *testing.PB) {
		ids := make([]string, 64)
		for i := range ids {
			ids[i] = NewID()
		}
		i := 0
		for pb.Next() {
			if err := turn(ctx, s, ids[i%len(ids)], i); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

func turn(ctx context.Context, s bot.Store, id string, i int) error {
	const ttl, maxLen = 10 * time.Minute, 50
	unlock, err := s.Lock(ctx, id, 10*time.Second, 5*time.Second)
	if err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	defer unlock()
	st, err := s.Load(ctx, id)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		st = bot.State{ID: id, TokenHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Lang: "ar", Created: time.Now()}
	case err != nil:
		return fmt.Errorf("load: %w", err)
	}
	st.Turns++
	st.LastService = "passport-renewal"
	st.LastAspect = "fees"
	st.Updated = time.Now()
	if err := s.Save(ctx, st, ttl); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	q, r := citizen(i), reply(i)
	if err := s.Append(ctx, id, ttl, maxLen, q, r); err != nil {
		return fmt.Errorf("append: %w", err)
	}
	return nil
}
