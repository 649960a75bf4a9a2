package redisstore

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func TestCache(t *testing.T) {
	needRedis(t)
	s := openTest(t, Options{URL: redisURL(), Prefix: testPrefix})
	ctx := context.Background()
	a, b := s.Cache("llm"), s.Cache("other")
	if _, ok, err := a.Get(ctx, "k"); ok || err != nil {
		t.Fatalf("empty cache: ok=%v err=%v", ok, err)
	}
	val := []byte("{\"intent\":\"service_info\"} \x00\xff")
	if err := a.Set(ctx, "k", val, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, ok, err := a.Get(ctx, "k")
	if err != nil || !ok || !bytes.Equal(got, val) {
		t.Fatalf("Get = %q %v %v, want %q", got, ok, err, val)
	}
	if _, ok, _ := b.Get(ctx, "k"); ok {
		t.Error("namespaces share keys")
	}
	if err := a.Set(ctx, "short", []byte("x"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if _, ok, _ := a.Get(ctx, "short"); ok {
		t.Error("entry outlived its ttl")
	}
}

// A cache on a Redis that is down fails fast with an error (the LLM layer
// then treats it as a miss).
func TestCacheDown(t *testing.T) {
	s, ctx := downStore(t)
	if _, _, err := s.Cache("llm").Get(ctx, "k"); err == nil {
		t.Error("Get on a down Redis: no error")
	}
}

// downStore is a store on a port where no Redis listens, and a context
// short enough that a test of its failures stays fast.
func downStore(t *testing.T) (*Store, context.Context) {
	t.Helper()
	s, err := Open(context.Background(), Options{URL: "redis://127.0.0.1:1/0", Prefix: testPrefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	t.Cleanup(cancel)
	return s, ctx
}
