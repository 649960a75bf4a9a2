package redisstore

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dalil-project/dalil/auth"
	authtest "github.com/dalil-project/dalil/auth/storetest"
	"github.com/dalil-project/dalil/editor"
	kbtest "github.com/dalil-project/dalil/editor/storetest"
)

var fresh atomic.Int64

// openFresh opens a store under a prefix of its own (the contracts want an
// empty store) and deletes its keys afterwards.
func openFresh(t *testing.T) *Store {
	prefix := fmt.Sprintf("%s_%d", testPrefix, fresh.Add(1))
	t.Cleanup(func() { deleteKeys(t, prefix) })
	return openTest(t, Options{Prefix: prefix})
}

func TestKBContract(t *testing.T) {
	needRedis(t)
	kbtest.Run(t, func(t *testing.T) editor.Store { return openFresh(t).KB() })
}

func TestAccountsContract(t *testing.T) {
	needRedis(t)
	authtest.Run(t, openFresh(t).Accounts())
}

// TestKBKeys checks the documented layout: every key of the knowledge base
// has the hash tag {kb} (one Redis Cluster slot, so publishes are atomic).
func TestKBKeys(t *testing.T) {
	needRedis(t)
	s := openFresh(t)
	ctx := t.Context()
	v := editor.Version{ServiceID: "a", Number: 1}
	if _, err := s.KB().Publish(ctx, 0, editor.Publication{Version: v}); err != nil {
		t.Fatal(err)
	}
	if err := s.KB().SaveDraft(ctx, editor.Draft{ServiceID: "a", Rev: 1}, 0); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"rev": "string", "heads": "hash", "ver:a": "hash", "drafts": "hash", "draftrev": "hash", "log": "list"}
	for name, typ := range want {
		key := s.prefix + ":{kb}:" + name
		if got := s.rdb.Type(ctx, key).Val(); got != typ {
			t.Errorf("TYPE %s = %q, want %q", key, got, typ)
		}
	}
}

// TestKBUnavailable: a Redis that is down is reported as unavailable, so
// the API answers 503 and Live keeps the last knowledge base.
func TestKBUnavailable(t *testing.T) {
	s, err := Open(context.Background(), Options{URL: "redis://127.0.0.1:1/0", DialTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	if _, _, err := s.KB().Heads(ctx); !errors.Is(err, editor.ErrUnavailable) {
		t.Errorf("Heads with Redis down: %v", err)
	}
	if _, err := s.Accounts().Account(ctx, "amal"); !errors.Is(err, auth.ErrUnavailable) {
		t.Errorf("Account with Redis down: %v", err)
	}
}
