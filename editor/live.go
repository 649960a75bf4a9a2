package editor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dalil-project/dalil/knowledge"
)

// LiveConfig configures a Live. Apply is required.
type LiveConfig struct {
	// Apply installs a new knowledge base (cmd/dalil: build the matcher and
	// call Engine.SetKnowledge). It runs on Live's goroutine, never on a
	// request's, one call at a time.
	Apply func(kb *knowledge.Base)
	// Seed is published into an empty store on the first Sync that reaches
	// it (the embedded sample or the --kb folder).
	Seed []*knowledge.Service
	// Poll is how often the stored revision is checked besides the publish
	// signal, so an instance that missed a signal catches up; default 5s.
	Poll   time.Duration
	Logger *slog.Logger
}

// Live keeps one instance's knowledge base in step with the store: on a
// publish signal or a poll that sees a new revision, it fetches the
// versions that changed, builds a knowledge.Base and hands it to Apply.
type Live struct {
	wf      *Workflow
	cfg     LiveConfig
	log     *slog.Logger
	applied atomic.Int64 // revision of the installed knowledge base; -1: none yet

	mu      sync.Mutex         // one Sync at a time; guards current
	current map[string]Version // the head versions behind the installed base
	failing bool               // the last Sync failed: log recovery once
}

// NewLive returns a Live over the workflow's store.
func NewLive(wf *Workflow, cfg LiveConfig) *Live {
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	l := &Live{wf: wf, cfg: cfg, log: cfg.Logger, current: map[string]Version{}}
	l.applied.Store(-1)
	return l
}

// Applied returns the revision of the knowledge base this instance answers
// from (-1 before the first successful Sync).
func (l *Live) Applied() int64 { return l.applied.Load() }

// Sync brings the installed knowledge base up to the stored revision. It
// seeds an empty store first. Only versions that changed are fetched.
func (l *Live) Sync(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	store := l.wf.store
	rev, heads, err := store.Heads(ctx)
	if err != nil {
		return fmt.Errorf("editor: sync: %w", err)
	}
	if rev == 0 && len(l.cfg.Seed) > 0 {
		seeded, err := l.wf.Seed(ctx, l.cfg.Seed)
		if err != nil {
			return fmt.Errorf("editor: sync: %w", err)
		}
		if seeded {
			l.log.Info("knowledge store seeded", "services", len(l.cfg.Seed))
		}
		if rev, heads, err = store.Heads(ctx); err != nil {
			return fmt.Errorf("editor: sync: %w", err)
		}
	}
	if rev == l.applied.Load() {
		return nil
	}
	changed := map[string]int{}
	for id, n := range heads {
		if v, ok := l.current[id]; !ok || v.Number != n {
			changed[id] = n
		}
	}
	fetched, err := store.Versions(ctx, changed)
	if err != nil {
		return fmt.Errorf("editor: sync: %w", err)
	}
	if len(fetched) != len(changed) {
		return fmt.Errorf("editor: sync: %d of %d changed versions missing from the store", len(changed)-len(fetched), len(changed))
	}
	next := make(map[string]Version, len(heads))
	for id := range heads {
		if v, ok := fetched[id]; ok {
			next[id] = v
		} else {
			next[id] = l.current[id]
		}
	}
	services := make([]*knowledge.Service, 0, len(next))
	for _, v := range next {
		if !v.Retired {
			// knowledge.New takes ownership; the cached record stays private.
			services = append(services, clone(v.Service))
		}
	}
	kb, err := knowledge.New(services)
	if err != nil {
		// Publishing checks every record, so this is a store written by
		// something else; keep answering from the last good base.
		var ve *knowledge.ValidationError
		if errors.As(err, &ve) {
			l.applied.Store(rev) // do not retry the same revision every poll
		}
		return fmt.Errorf("editor: sync: revision %d is not a valid knowledge base: %w", rev, err)
	}
	start := time.Now()
	l.cfg.Apply(kb)
	l.current = next
	l.applied.Store(rev)
	l.log.Info("knowledge base updated", "revision", rev, "services", kb.Len(), "changed", len(changed),
		"version", kb.Version(), "apply", time.Since(start).Round(time.Millisecond))
	return nil
}

// Run syncs on every publish signal and every Poll until ctx ends.
func (l *Live) Run(ctx context.Context) {
	signal := l.wf.store.Watch(ctx)
	t := time.NewTicker(l.cfg.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-signal:
		case <-t.C:
		}
		l.syncLogged(ctx)
	}
}

func (l *Live) syncLogged(ctx context.Context) {
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := l.Sync(sctx)
	cancel()
	switch {
	case err != nil && ctx.Err() != nil:
	case err != nil && !l.failing:
		l.failing = true
		l.log.Warn("knowledge base sync failed; answering from the last one, retrying", "err", err)
	case err == nil && l.failing:
		l.failing = false
		l.log.Info("knowledge base sync works again", "revision", l.Applied())
	}
}
