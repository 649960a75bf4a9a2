package memstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/dalil-project/dalil/editor"
)

var _ editor.Store = (*KB)(nil)

// maxLog is how many change-log entries an in-process store keeps.
const maxLog = 10000

// KB is an in-process editor.Store, for a single instance: the knowledge
// base is seeded from YAML at every start and edits live as long as the
// process (export them with the API or use Redis to keep them). The zero
// value is not usable; call NewKB.
type KB struct {
	mu       sync.Mutex
	rev      int64
	versions map[string][]editor.Version // by id, ordered by Number
	drafts   map[string]editor.Draft
	log      []editor.LogEntry // oldest first
	watchers map[chan struct{}]struct{}
}

// NewKB returns an empty knowledge store.
func NewKB() *KB {
	return &KB{versions: map[string][]editor.Version{}, drafts: map[string]editor.Draft{}, watchers: map[chan struct{}]struct{}{}}
}

// Heads implements editor.Store.
func (s *KB) Heads(ctx context.Context) (int64, map[string]int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	heads := make(map[string]int, len(s.versions))
	for id, vs := range s.versions {
		heads[id] = vs[len(vs)-1].Number
	}
	return s.rev, heads, nil
}

// version returns version n of id; the caller holds mu.
func (s *KB) version(id string, n int) (editor.Version, bool) {
	for _, v := range s.versions[id] {
		if v.Number == n {
			return v, true
		}
	}
	return editor.Version{}, false
}

// Version implements editor.Store.
func (s *KB) Version(ctx context.Context, id string, n int) (editor.Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.version(id, n)
	if !ok {
		return editor.Version{}, fmt.Errorf("memstore: %s version %d: %w", id, n, editor.ErrNotFound)
	}
	return v, nil
}

// Versions implements editor.Store.
func (s *KB) Versions(ctx context.Context, refs map[string]int) (map[string]editor.Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]editor.Version, len(refs))
	for id, n := range refs {
		if v, ok := s.version(id, n); ok {
			out[id] = v
		}
	}
	return out, nil
}

// History implements editor.Store.
func (s *KB) History(ctx context.Context, id string) ([]editor.Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]editor.Version(nil), s.versions[id]...), nil
}

// Draft implements editor.Store.
func (s *KB) Draft(ctx context.Context, id string) (editor.Draft, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.drafts[id]
	if !ok {
		return editor.Draft{}, fmt.Errorf("memstore: draft of %s: %w", id, editor.ErrNotFound)
	}
	return d, nil
}

// Drafts implements editor.Store.
func (s *KB) Drafts(ctx context.Context) (map[string]editor.Draft, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]editor.Draft, len(s.drafts))
	for id, d := range s.drafts {
		out[id] = d
	}
	return out, nil
}

// SaveDraft implements editor.Store.
func (s *KB) SaveDraft(ctx context.Context, d editor.Draft, expectRev int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.drafts[d.ServiceID].Rev != expectRev {
		return fmt.Errorf("memstore: draft of %s: %w", d.ServiceID, editor.ErrConflict)
	}
	s.drafts[d.ServiceID] = d
	return nil
}

// DeleteDraft implements editor.Store.
func (s *KB) DeleteDraft(ctx context.Context, id string, expectRev int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.drafts[id]
	switch {
	case !ok:
		return fmt.Errorf("memstore: draft of %s: %w", id, editor.ErrNotFound)
	case d.Rev != expectRev:
		return fmt.Errorf("memstore: draft of %s: %w", id, editor.ErrConflict)
	}
	delete(s.drafts, id)
	return nil
}

// Publish implements editor.Store.
func (s *KB) Publish(ctx context.Context, expectRev int64, ps ...editor.Publication) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if expectRev >= 0 && s.rev != expectRev {
		return 0, fmt.Errorf("memstore: publish: revision %d, want %d: %w", s.rev, expectRev, editor.ErrConflict)
	}
	seen := map[string]bool{}
	for _, p := range ps {
		id := p.Version.ServiceID
		head := 0
		if vs := s.versions[id]; len(vs) > 0 {
			head = vs[len(vs)-1].Number
		}
		if seen[id] || head != p.ExpectHead || p.Version.Number <= head {
			return 0, fmt.Errorf("memstore: publish %s: head is %d: %w", id, head, editor.ErrConflict)
		}
		if p.DraftRev > 0 && s.drafts[id].Rev != p.DraftRev {
			return 0, fmt.Errorf("memstore: publish %s: draft changed: %w", id, editor.ErrConflict)
		}
		seen[id] = true
	}
	s.rev++
	for _, p := range ps {
		v := p.Version
		s.versions[v.ServiceID] = append(s.versions[v.ServiceID], v)
		if p.DraftRev > 0 {
			delete(s.drafts, v.ServiceID)
		}
		s.log = append(s.log, editor.LogEntry{Revision: s.rev, ServiceID: v.ServiceID, Number: v.Number, Action: v.Action,
			Author: v.Author, Publisher: v.Publisher, At: v.At, Reason: v.Reason})
	}
	if len(s.log) > maxLog {
		s.log = append([]editor.LogEntry(nil), s.log[len(s.log)-maxLog:]...)
	}
	for ch := range s.watchers {
		select {
		case ch <- struct{}{}:
		default: // a signal is already pending
		}
	}
	return s.rev, nil
}

// Log implements editor.Store.
func (s *KB) Log(ctx context.Context, n int) ([]editor.LogEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]editor.LogEntry, 0, min(n, len(s.log)))
	for i := len(s.log) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, s.log[i])
	}
	return out, nil
}

// Watch implements editor.Store.
func (s *KB) Watch(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.watchers[ch] = struct{}{}
	s.mu.Unlock()
	context.AfterFunc(ctx, func() {
		s.mu.Lock()
		delete(s.watchers, ch)
		s.mu.Unlock()
	})
	return ch
}
