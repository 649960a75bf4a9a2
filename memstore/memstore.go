package memstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dalil-project/dalil/bot"
)

var _ bot.Store = (*Store)(nil)

// Store is an in-process bot.Store. The zero value is not usable; call New.
type Store struct {
	mu     sync.Mutex
	states map[string]stateItem
	logs   map[string]*transcript
	locks  map[string]*lock

	// Expired items are dropped when read and by a sweep run from a write at
	// most once per sweepEvery, so conversations nobody reads again do not
	// pile up; no goroutine is needed, so there is nothing to close.
	sweepEvery time.Duration
	nextSweep  time.Time
}

type stateItem struct {
	s       bot.State
	expires time.Time
}

type key struct{ role, id string }

type transcript struct {
	entries []bot.Entry
	seen    map[key]struct{} // (Role, ID) of entries, for dedupe
	expires time.Time
}

type lock struct {
	expires time.Time
	// released is closed when the lock is given up (unlock, or found
	// expired), waking the turns waiting for it.
	released chan struct{}
}

// New returns an empty store.
func New() *Store {
	return &Store{
		states:     make(map[string]stateItem),
		logs:       make(map[string]*transcript),
		locks:      make(map[string]*lock),
		sweepEvery: time.Minute,
	}
}

// Load implements bot.Store.
func (s *Store) Load(ctx context.Context, id string) (bot.State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.states[id]
	if !ok || !time.Now().Before(it.expires) {
		return bot.State{}, fmt.Errorf("memstore: load %s: %w", id, bot.ErrNotFound)
	}
	return it.s, nil
}

// Save implements bot.Store.
func (s *Store) Save(ctx context.Context, st bot.State, ttl time.Duration) error {
	if err := check("save", st.ID, ttl); err != nil {
		return err
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maybeSweep(now)
	s.states[st.ID] = stateItem{s: st, expires: now.Add(ttl)}
	return nil
}

// Append implements bot.Store. A maxLen of zero or less keeps every entry.
func (s *Store) Append(ctx context.Context, id string, ttl time.Duration, maxLen int, entries ...bot.Entry) error {
	if err := check("append", id, ttl); err != nil {
		return err
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maybeSweep(now)
	tr := s.logs[id]
	if tr == nil || !now.Before(tr.expires) {
		tr = &transcript{seen: make(map[key]struct{})}
		s.logs[id] = tr
	}
	for _, e := range entries {
		k := key{e.Role, e.ID}
		if _, dup := tr.seen[k]; dup {
			continue
		}
		tr.seen[k] = struct{}{}
		tr.entries = append(tr.entries, clone(e))
	}
	if drop := len(tr.entries) - maxLen; maxLen > 0 && drop > 0 {
		for _, e := range tr.entries[:drop] {
			delete(tr.seen, key{e.Role, e.ID})
		}
		n := copy(tr.entries, tr.entries[drop:])
		clear(tr.entries[n:]) // let the dropped texts be collected
		tr.entries = tr.entries[:n]
	}
	tr.expires = now.Add(ttl)
	return nil
}

// History implements bot.Store.
func (s *Store) History(ctx context.Context, id string, n int) ([]bot.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tr := s.logs[id]
	if tr == nil || n <= 0 || !time.Now().Before(tr.expires) {
		return nil, nil
	}
	src := tr.entries[max(0, len(tr.entries)-n):]
	out := make([]bot.Entry, len(src))
	for i, e := range src {
		out[i] = clone(e)
	}
	return out, nil
}

// Lock implements bot.Store. Waiters wake when the lock is released or
// expires, not by polling.
func (s *Store) Lock(ctx context.Context, id string, ttl, wait time.Duration) (func(), error) {
	if err := check("lock", id, ttl); err != nil {
		return nil, err
	}
	giveUp := time.Now().Add(wait)
	for {
		now := time.Now()
		s.mu.Lock()
		l := s.locks[id]
		if l != nil && !now.Before(l.expires) {
			s.release(id, l) // abandoned by a turn that never unlocked
			l = nil
		}
		if l == nil {
			l = &lock{expires: now.Add(ttl), released: make(chan struct{})}
			s.locks[id] = l
			s.mu.Unlock()
			var once sync.Once
			return func() {
				once.Do(func() {
					s.mu.Lock()
					defer s.mu.Unlock()
					// Only if it is still ours: after it expired another
					// turn may hold the lock under the same id.
					if s.locks[id] == l {
						s.release(id, l)
					}
				})
			}, nil
		}
		released, expires := l.released, l.expires
		s.mu.Unlock()

		if !now.Before(giveUp) {
			return nil, fmt.Errorf("memstore: lock %s: %w", id, bot.ErrLocked)
		}
		timer := time.NewTimer(min(expires.Sub(now), giveUp.Sub(now)))
		select {
		case <-released:
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("memstore: lock %s: %w", id, ctx.Err())
		}
		timer.Stop()
	}
}

// release removes l, which must be s.locks[id]. s.mu must be held.
func (s *Store) release(id string, l *lock) {
	delete(s.locks, id)
	close(l.released)
}

// Ping implements bot.Store; memory is always reachable.
func (s *Store) Ping(ctx context.Context) error { return nil }

// maybeSweep drops everything expired, at most once per sweepEvery. s.mu
// must be held.
func (s *Store) maybeSweep(now time.Time) {
	if now.Before(s.nextSweep) {
		return
	}
	s.nextSweep = now.Add(s.sweepEvery)
	for id, it := range s.states {
		if !now.Before(it.expires) {
			delete(s.states, id)
		}
	}
	for id, tr := range s.logs {
		if !now.Before(tr.expires) {
			delete(s.logs, id)
		}
	}
	for id, l := range s.locks {
		if !now.Before(l.expires) {
			s.release(id, l)
		}
	}
}

func check(op, id string, ttl time.Duration) error {
	switch {
	case id == "":
		return fmt.Errorf("memstore: %s: %w", op, errEmptyID)
	case ttl <= 0:
		return fmt.Errorf("memstore: %s %s: ttl %v: %w", op, id, ttl, errTTL)
	}
	return nil
}

var (
	errEmptyID = errors.New("empty conversation id")
	errTTL     = errors.New("ttl must be positive")
)

// clone copies e so the caller and the store never share the Helpful flag.
func clone(e bot.Entry) bot.Entry {
	if e.Helpful != nil {
		h := *e.Helpful
		e.Helpful = &h
	}
	return e
}

// erase forgets everything about one conversation (Staff.Erase).
func (s *Store) erase(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.states, id)
	delete(s.logs, id)
	if l := s.locks[id]; l != nil {
		s.release(id, l)
	}
}
