package redisstore

import (
	"context"
	"testing"
	"time"
)

// Two stores on one Redis (two instances) see one count; the keys expire,
// the conversation's sits under its hash tag, and erasing the conversation
// removes it.
func TestTokenCounter(t *testing.T) {
	needRedis(t)
	a := openTest(t, Options{URL: redisURL(), Prefix: testPrefix + "tok"}).TokenCounter(time.Hour)
	bs := openTest(t, Options{URL: redisURL(), Prefix: testPrefix + "tok"})
	b := bs.TokenCounter(time.Hour)
	ctx := context.Background()
	day := "2026-11-28"
	if d, c, err := a.Tokens(ctx, day, "c_1"); err != nil || d != 0 || c != 0 {
		t.Fatalf("empty counter: %d %d %v", d, c, err)
	}
	for _, step := range []struct {
		ctr  *TokenCounter
		conv string
		n    int64
	}{{a, "c_1", 300}, {b, "c_1", 200}, {b, "c_2", 50}, {a, "", 7}} {
		if err := step.ctr.AddTokens(ctx, day, step.conv, step.n); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		conv          string
		daily, inConv int64
	}{{"c_1", 557, 500}, {"c_2", 557, 50}, {"", 557, 0}, {"c_3", 557, 0}} {
		d, c, err := b.Tokens(ctx, day, tc.conv)
		if err != nil || d != tc.daily || c != tc.inConv {
			t.Errorf("Tokens(%q) = %d, %d, %v; want %d, %d", tc.conv, d, c, err, tc.daily, tc.inConv)
		}
	}
	if d, _, _ := a.Tokens(ctx, "2026-11-29", ""); d != 0 {
		t.Errorf("the next day starts at %d", d)
	}
	dayKey, convKey := a.dayKey(day), bs.key("c_1", "llmtokens")
	if ttl := bs.rdb.TTL(ctx, dayKey).Val(); ttl <= 0 || ttl > dayTTL {
		t.Errorf("day key ttl %v", ttl)
	}
	if ttl := bs.rdb.TTL(ctx, convKey).Val(); ttl <= 0 || ttl > time.Hour {
		t.Errorf("conversation key ttl %v", ttl)
	}
	if err := bs.Staff().Erase(ctx, "c_1"); err != nil {
		t.Fatal(err)
	}
	if n := bs.rdb.Exists(ctx, convKey).Val(); n != 0 {
		t.Error("erasing the conversation left its token count")
	}
	bs.rdb.Del(ctx, dayKey, bs.key("c_2", "llmtokens"))
}

// A counter on a Redis that is down says so (the LLM layer then does not
// call the model).
func TestTokenCounterDown(t *testing.T) {
	s, ctx := downStore(t)
	if _, _, err := s.TokenCounter(time.Hour).Tokens(ctx, "2026-11-28", "c_1"); err == nil {
		t.Error("Tokens on a down Redis: no error")
	}
	if err := s.TokenCounter(time.Hour).AddTokens(ctx, "2026-11-28", "c_1", 5); err == nil {
		t.Error("AddTokens on a down Redis: no error")
	}
}
