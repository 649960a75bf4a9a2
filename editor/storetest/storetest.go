// Package storetest is the contract every editor.Store passes. memstore and
// redisstore run it against their implementations.
package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/knowledge"
)

func version(id string, n int, title string) editor.Version {
	return editor.Version{ServiceID: id, Number: n, Action: editor.ActionPublish, Author: "amal", Publisher: "badr",
		At: time.Date(2026, 11, 1, 9, 0, n, 0, time.UTC), Reason: "test",
		Service: &knowledge.Service{ID: id, Version: n, Title: knowledge.Text{AR: "عنوان " + title, EN: title}}}
}

// Run checks the store made by open, which must be empty, against the
// editor.Store contract.
func Run(t *testing.T, open func(t *testing.T) editor.Store) {
	ctx := context.Background()

	t.Run("publish and read", func(t *testing.T) {
		s := open(t)
		rev, heads, err := s.Heads(ctx)
		if err != nil || rev != 0 || len(heads) != 0 {
			t.Fatalf("empty store: %d %v %v", rev, heads, err)
		}
		rev, err = s.Publish(ctx, 0, editor.Publication{Version: version("a", 1, "A1")}, editor.Publication{Version: version("b", 1, "B1")})
		if err != nil || rev != 1 {
			t.Fatalf("first publish: %d %v", rev, err)
		}
		// Seeding twice: the second one finds a revision and changes nothing.
		if _, err := s.Publish(ctx, 0, editor.Publication{Version: version("c", 1, "C1")}); !errors.Is(err, editor.ErrConflict) {
			t.Fatalf("publish at a stale revision: %v", err)
		}
		rev, err = s.Publish(ctx, -1, editor.Publication{Version: version("a", 2, "A2"), ExpectHead: 1})
		if err != nil || rev != 2 {
			t.Fatalf("second publish: %d %v", rev, err)
		}
		rev, heads, err = s.Heads(ctx)
		if err != nil || rev != 2 || heads["a"] != 2 || heads["b"] != 1 || len(heads) != 2 {
			t.Fatalf("heads %d %v %v", rev, heads, err)
		}
		v, err := s.Version(ctx, "a", 1)
		if err != nil || v.Service.Title.EN != "A1" || v.Author != "amal" || !v.At.Equal(time.Date(2026, 11, 1, 9, 0, 1, 0, time.UTC)) {
			t.Fatalf("version a/1: %+v %v", v, err)
		}
		if _, err := s.Version(ctx, "a", 9); !errors.Is(err, editor.ErrNotFound) {
			t.Errorf("missing version: %v", err)
		}
		vs, err := s.Versions(ctx, map[string]int{"a": 2, "b": 1, "zz": 1})
		if err != nil || len(vs) != 2 || vs["a"].Service.Title.EN != "A2" || vs["b"].Number != 1 {
			t.Fatalf("Versions: %v %v", vs, err)
		}
		h, err := s.History(ctx, "a")
		if err != nil || len(h) != 2 || h[0].Number != 1 || h[1].Number != 2 {
			t.Fatalf("History: %+v %v", h, err)
		}
		if h, err := s.History(ctx, "nothing"); err != nil || len(h) != 0 {
			t.Errorf("history of nothing: %v %v", h, err)
		}
		// A stale head or a number already used: nothing is written.
		if _, err := s.Publish(ctx, -1, editor.Publication{Version: version("a", 2, "again"), ExpectHead: 1}); !errors.Is(err, editor.ErrConflict) {
			t.Errorf("stale head: %v", err)
		}
		_, err = s.Publish(ctx, -1, editor.Publication{Version: version("b", 2, "B2"), ExpectHead: 1},
			editor.Publication{Version: version("a", 3, "A3"), ExpectHead: 1})
		if !errors.Is(err, editor.ErrConflict) {
			t.Errorf("half-stale batch: %v", err)
		}
		if rev, heads, _ := s.Heads(ctx); rev != 2 || heads["b"] != 1 {
			t.Errorf("a refused batch wrote something: rev %d heads %v", rev, heads)
		}
		if v, _ := s.Version(ctx, "a", 2); v.Service.Title.EN != "A2" {
			t.Errorf("version a/2 overwritten: %q", v.Service.Title.EN)
		}
		log, err := s.Log(ctx, 10)
		if err != nil || len(log) != 3 || log[0].ServiceID != "a" || log[0].Number != 2 || log[0].Revision != 2 || log[2].Revision != 1 {
			t.Fatalf("Log: %+v %v", log, err)
		}
		if log, _ := s.Log(ctx, 1); len(log) != 1 {
			t.Errorf("Log(1) has %d entries", len(log))
		}
	})

	t.Run("drafts", func(t *testing.T) {
		s := open(t)
		if _, err := s.Draft(ctx, "a"); !errors.Is(err, editor.ErrNotFound) {
			t.Fatalf("no draft: %v", err)
		}
		d := editor.Draft{ServiceID: "a", Rev: 1, Status: editor.StatusEditing, Service: &knowledge.Service{ID: "a"}}
		if err := s.SaveDraft(ctx, d, 1); !errors.Is(err, editor.ErrConflict) {
			t.Errorf("save expecting a draft that does not exist: %v", err)
		}
		if err := s.SaveDraft(ctx, d, 0); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveDraft(ctx, d, 0); !errors.Is(err, editor.ErrConflict) {
			t.Errorf("second create: %v", err)
		}
		d.Rev, d.Status = 2, editor.StatusInReview
		if err := s.SaveDraft(ctx, d, 1); err != nil {
			t.Fatal(err)
		}
		got, err := s.Draft(ctx, "a")
		if err != nil || got.Rev != 2 || got.Status != editor.StatusInReview {
			t.Fatalf("Draft = %+v %v", got, err)
		}
		all, err := s.Drafts(ctx)
		if err != nil || len(all) != 1 || all["a"].Rev != 2 {
			t.Fatalf("Drafts = %v %v", all, err)
		}
		if err := s.DeleteDraft(ctx, "a", 1); !errors.Is(err, editor.ErrConflict) {
			t.Errorf("delete at a stale rev: %v", err)
		}
		if err := s.DeleteDraft(ctx, "zz", 1); !errors.Is(err, editor.ErrNotFound) {
			t.Errorf("delete missing: %v", err)
		}
		// Publishing consumes the draft, at its revision only.
		if _, err := s.Publish(ctx, -1, editor.Publication{Version: version("a", 1, "A1"), DraftRev: 1}); !errors.Is(err, editor.ErrConflict) {
			t.Errorf("publish of a stale draft: %v", err)
		}
		if _, err := s.Publish(ctx, -1, editor.Publication{Version: version("a", 1, "A1"), DraftRev: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Draft(ctx, "a"); !errors.Is(err, editor.ErrNotFound) {
			t.Errorf("draft still there after publish: %v", err)
		}
		d = editor.Draft{ServiceID: "a", Rev: 1, Service: &knowledge.Service{ID: "a"}}
		if err := s.SaveDraft(ctx, d, 0); err != nil {
			t.Fatalf("a new draft after publish: %v", err)
		}
		if err := s.DeleteDraft(ctx, "a", 1); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("concurrent saves", func(t *testing.T) {
		// Of many saves from the same revision exactly one wins.
		s := open(t)
		if err := s.SaveDraft(ctx, editor.Draft{ServiceID: "a", Rev: 1, Service: &knowledge.Service{ID: "a"}}, 0); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Go(func() {
				err := s.SaveDraft(ctx, editor.Draft{ServiceID: "a", Rev: 2, Service: &knowledge.Service{ID: "a"}}, 1)
				if err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				} else if !errors.Is(err, editor.ErrConflict) {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d saves won, want 1", wins)
		}
	})

	t.Run("watch", func(t *testing.T) {
		s := open(t)
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ch := s.Watch(wctx)
		time.Sleep(100 * time.Millisecond) // let a subscription settle
		if _, err := s.Publish(ctx, -1, editor.Publication{Version: version("a", 1, "A1")}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatal("no signal after a publish")
		}
	})
}
