package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/bot"
)

// A turn on Redis costs round trips, not CPU; these two methods (bot's
// optional LockLoader and TurnWriter) fold the usual pairs into one.

// LockLoad takes the conversation's lock and reads its state in one round
// trip when the lock is free (the common case); otherwise it waits for the
// lock as Lock does and then loads. The state error is bot.ErrNotFound for
// a conversation with no state.
func (s *Store) LockLoad(ctx context.Context, id string, ttl, wait time.Duration) (bot.State, error, func(), error) {
	if err := check("lock", id, ttl); err != nil {
		return bot.State{}, nil, nil, err
	}
	if validID(id) {
		key := s.key(id, "lock")
		token := rand.Text()
		pipe := s.rdb.Pipeline()
		set := pipe.SetNX(ctx, key, token, ttl)
		get := pipe.Get(ctx, s.key(id, "state"))
		_, err := pipe.Exec(ctx)
		if err != nil && !errors.Is(err, redis.Nil) {
			return bot.State{}, nil, nil, fail("lock", id, err)
		}
		ours := set.Val()
		if !ours && err == nil {
			// If go-redis retried a pipeline whose first try went through
			// but whose reply was lost, the lock is ours already.
			holder, herr := s.rdb.Get(ctx, key).Result()
			ours = herr == nil && holder == token
		}
		if ours { // the state read right after the SET is the one to use
			st, lerr := decodeState(id, get)
			return st, lerr, s.unlocker(id, key, token), nil
		}
	}
	unlock, err := s.Lock(ctx, id, ttl, wait)
	if err != nil {
		return bot.State{}, nil, nil, err
	}
	st, lerr := s.Load(ctx, id)
	if lerr != nil && !errors.Is(lerr, bot.ErrNotFound) {
		unlock()
		return bot.State{}, nil, nil, lerr
	}
	return st, lerr, unlock, nil
}

func decodeState(id string, get *redis.StringCmd) (bot.State, error) {
	b, err := get.Bytes()
	if errors.Is(err, redis.Nil) {
		return bot.State{}, fmt.Errorf("redisstore: load %s: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return bot.State{}, fail("load", id, err)
	}
	var st bot.State
	if err := json.Unmarshal(b, &st); err != nil {
		return bot.State{}, fmt.Errorf("redisstore: load %s: %w", id, err)
	}
	return st, nil
}

// AppendSave appends a turn's transcript lines and saves the state in one
// round trip: the append script (by its hash) and the SET are pipelined.
// If Redis lost the script (a restart), it falls back to Append and Save.
func (s *Store) AppendSave(ctx context.Context, id string, logTTL time.Duration, maxLen int, st bot.State, stateTTL time.Duration, entries ...bot.Entry) error {
	if err := check("append", id, logTTL); err != nil {
		return err
	}
	if err := check("save", st.ID, stateTTL); err != nil {
		return err
	}
	state, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("redisstore: save %s: %w", st.ID, err)
	}
	args, err := appendArgs(id, logTTL, maxLen, entries)
	if err != nil {
		return err
	}
	pipe := s.rdb.Pipeline()
	var app *redis.Cmd
	if len(entries) > 0 {
		app = appendScript.EvalSha(ctx, pipe, s.logKeys(id), args...)
	}
	set := pipe.Set(ctx, s.key(st.ID, "state"), state, stateTTL)
	if _, err := pipe.Exec(ctx); err != nil {
		if app != nil && redis.HasErrorPrefix(app.Err(), "NOSCRIPT") && set.Err() == nil {
			return s.Append(ctx, id, logTTL, maxLen, entries...) // loads the script; the state is saved
		}
		return fail("append", id, err)
	}
	return nil
}
