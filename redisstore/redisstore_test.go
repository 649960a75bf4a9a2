package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/bot/storetest"
)

// testPrefix keeps this run's keys apart from other runs against the same
// Redis; they are deleted when the tests finish.
var testPrefix = "dalil_test_" + strings.ToLower(rand.Text()[:10])

func redisURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// needRedis skips the test when the Redis at REDIS_URL does not answer, and
// deletes the keys under testPrefix when the test ends.
func needRedis(t testing.TB) {
	t.Helper()
	o, err := ParseURL(redisURL())
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	rdb := redis.NewUniversalClient(o)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		if os.Getenv("DALIL_REQUIRE_SERVICES") != "" {
			t.Fatalf("redis not reachable at %s (%v) and DALIL_REQUIRE_SERVICES is set", redact(redisURL()), err)
		}
		t.Skipf("redis not reachable at %s (%v); .ci/run starts one, or set REDIS_URL", redact(redisURL()), err)
	}
	t.Cleanup(func() { deleteKeys(t, testPrefix) })
}

// redact hides the password of a URL for the skip message.
func redact(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if at := strings.LastIndex(rest, "@"); ok && at >= 0 {
		return scheme + "://…@" + rest[at+1:]
	}
	return u
}

func deleteKeys(t testing.TB, prefix string) {
	o, err := ParseURL(redisURL())
	if err != nil {
		return
	}
	rdb := redis.NewUniversalClient(o)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	iter := rdb.Scan(ctx, 0, prefix+":*", 1000).Iterator()
	for iter.Next(ctx) {
		rdb.Del(ctx, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Logf("deleting test keys: %v", err)
	}
}

func openTest(t testing.TB, o Options) *Store {
	t.Helper()
	if o.URL == "" {
		o.URL = redisURL()
	}
	if o.Prefix == "" {
		o.Prefix = testPrefix
	}
	s, err := Open(context.Background(), o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	needRedis(t)
	storetest.Run(t, func(t *testing.T) bot.Store { return openTest(t, Options{}) })
}

// TestKeys checks the documented key layout: all keys of a conversation
// share the hash tag {id} (Redis Cluster), every key has a TTL, and the
// dedupe set shrinks with the capped log.
func TestKeys(t *testing.T) {
	needRedis(t)
	ctx := t.Context()
	s := openTest(t, Options{})
	id := storetest.NewID()
	if err := s.Save(ctx, bot.State{ID: id, Lang: "ar"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		e := bot.Entry{ID: fmt.Sprintf("m_%d", i), Role: "citizen", Text: "مرحبا"}
		if err := s.Append(ctx, id, time.Minute, 5, e); err != nil {
			t.Fatal(err)
		}
	}
	unlock, err := s.Lock(ctx, id, time.Minute, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()

	rdb := s.rdb
	wantTypes := map[string]string{"state": "string", "log": "stream", "ids": "set", "lock": "string"}
	for kind, typ := range wantTypes {
		key := testPrefix + ":{" + id + "}:" + kind
		if got := rdb.Type(ctx, key).Val(); got != typ {
			t.Errorf("TYPE %s = %q, want %q", key, got, typ)
		}
		if ttl := rdb.PTTL(ctx, key).Val(); ttl <= 0 || ttl > time.Minute {
			t.Errorf("PTTL %s = %v, want within (0, 1m]", key, ttl)
		}
	}
	logKey, idsKey := s.key(id, "log"), s.key(id, "ids")
	if n := rdb.XLen(ctx, logKey).Val(); n != 5 {
		t.Errorf("XLEN log = %d, want 5 (maxLen)", n)
	}
	members := rdb.SMembers(ctx, idsKey).Val()
	if len(members) != 5 {
		t.Errorf("ids set = %q, want the 5 ids still in the log", members)
	}
	for _, m := range members {
		if m < "citizen:m_3" || m > "citizen:m_7" {
			t.Errorf("ids set holds %q, which the cap dropped from the log", m)
		}
	}
}

// TestInvalidID checks that an id which would break the hash tag is refused
// for writes and simply unknown for reads.
func TestInvalidID(t *testing.T) {
	needRedis(t)
	ctx := t.Context()
	s := openTest(t, Options{})
	id := "c_}bad"
	if err := s.Save(ctx, bot.State{ID: id}, time.Minute); err == nil {
		t.Error("Save: no error")
	}
	if err := s.Append(ctx, id, time.Minute, 10, bot.Entry{ID: "m_1", Role: "citizen"}); err == nil {
		t.Error("Append: no error")
	}
	if _, err := s.Lock(ctx, id, time.Minute, 0); err == nil {
		t.Error("Lock: no error")
	}
	if _, err := s.Load(ctx, id); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Load: %v, want ErrNotFound", err)
	}
	if h, err := s.History(ctx, id, 10); err != nil || len(h) != 0 {
		t.Errorf("History = %v, %v; want nothing", h, err)
	}
}

func TestOpenRejectsBadOptions(t *testing.T) {
	for _, o := range []Options{
		{URL: "http://127.0.0.1"},
		{Prefix: "da{lil}"},
	} {
		if s, err := Open(t.Context(), o); err == nil {
			s.Close()
			t.Errorf("Open(%+v): no error", o)
		}
	}
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// storeCalls are the calls of one turn and of /readyz; each must reach Redis.
func storeCalls(s *Store, id string) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"ping": s.Ping,
		"load": func(ctx context.Context) error {
			if _, err := s.Load(ctx, id); !errors.Is(err, bot.ErrNotFound) {
				return err
			}
			return nil
		},
		"save": func(ctx context.Context) error { return s.Save(ctx, bot.State{ID: id}, time.Minute) },
		"append": func(ctx context.Context) error {
			return s.Append(ctx, id, time.Minute, 10, bot.Entry{ID: "m_1", Role: "citizen"})
		},
		"history": func(ctx context.Context) error { _, err := s.History(ctx, id, 10); return err },
		"lock": func(ctx context.Context) error {
			unlock, err := s.Lock(ctx, id, time.Minute, time.Second)
			if err == nil {
				unlock()
			}
			return err
		},
	}
}

// expectUnavailable checks that every call fails with bot.ErrUnavailable
// within limit.
func expectUnavailable(t *testing.T, s *Store, limit time.Duration) {
	t.Helper()
	id := storetest.NewID()
	for name, call := range storeCalls(s, id) {
		start := time.Now()
		err := call(t.Context())
		elapsed := time.Since(start)
		if !errors.Is(err, bot.ErrUnavailable) {
			t.Errorf("%s: %v, want ErrUnavailable", name, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "redisstore: "+name) {
			t.Errorf("%s: error %q does not say where it happened", name, err)
		}
		if elapsed > limit {
			t.Errorf("%s took %v to fail, want under %v", name, elapsed, limit)
		}
	}
}

// TestRedisDown needs no Redis: a store opened while Redis is down opens,
// and every call fails fast with ErrUnavailable, so the server can start,
// report not-ready and tell citizens to retry.
func TestRedisDown(t *testing.T) {
	const readTimeout = 500 * time.Millisecond
	start := time.Now()
	s, err := Open(t.Context(), Options{
		URL:         fmt.Sprintf("redis://127.0.0.1:%d/0", freePort(t)),
		Prefix:      testPrefix,
		ReadTimeout: readTimeout,
	})
	if err != nil {
		t.Fatalf("Open with Redis down: %v; want a store that reports not-ready", err)
	}
	defer s.Close()
	if elapsed := time.Since(start); elapsed > readTimeout+200*time.Millisecond {
		t.Errorf("Open took %v with Redis down", elapsed)
	}
	expectUnavailable(t, s, readTimeout+200*time.Millisecond)
}

// TestRedisHangs: a server that accepts connections but never answers (an
// overloaded or half-dead Redis) must not hold a turn past the timeouts.
func TestRedisHangs(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		var conns []net.Conn // kept open, never answered
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	const readTimeout = 200 * time.Millisecond
	s, err := Open(t.Context(), Options{
		URL:         "redis://" + l.Addr().String(),
		Prefix:      testPrefix,
		ReadTimeout: readTimeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One retry, so up to two read timeouts plus backoff.
	expectUnavailable(t, s, 2*readTimeout+time.Second)

	// The caller's deadline wins over the store's timeouts, in Open too.
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	s2, err := Open(ctx, Options{URL: "redis://" + l.Addr().String(), ReadTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Open ignored the caller's 50ms deadline and took %v", elapsed)
	}
	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = s2.Load(ctx, storetest.NewID())
	if !errors.Is(err, bot.ErrUnavailable) {
		t.Errorf("Load past the caller's deadline: %v, want ErrUnavailable", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Load ignored the caller's 50ms deadline and took %v", elapsed)
	}
}

// TestRecovery runs a throwaway redis-server, kills it and starts it again
// on the same port: the same Store must fail with ErrUnavailable while it is
// down and work again once it is back, without being reopened.
func TestRecovery(t *testing.T) {
	bin := redisServerBin(t)
	port := freePort(t)
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	start := func() *exec.Cmd {
		t.Helper()
		cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--dir", t.TempDir())
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting redis-server: %v", err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	stop := func(cmd *exec.Cmd) {
		t.Helper()
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
	}

	srv := start()
	// A small pool so the failures below trip go-redis's dial circuit
	// breaker, which must let the store recover too.
	s, err := Open(t.Context(), Options{URL: url, Prefix: testPrefix, ReadTimeout: 500 * time.Millisecond, PoolSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitReady(t, s)
	ctx := t.Context()
	id := storetest.NewID()
	for name, call := range storeCalls(s, id) {
		if err := call(ctx); err != nil {
			t.Fatalf("%s with Redis up: %v", name, err)
		}
	}

	stop(srv)
	expectUnavailable(t, s, time.Second)

	srv = start()
	waitReady(t, s)
	// The restarted Redis kept nothing (no persistence) and has an empty
	// script cache; every call must work again.
	for name, call := range storeCalls(s, id) {
		if err := call(ctx); err != nil {
			t.Errorf("%s after Redis came back: %v", name, err)
		}
	}
	h, err := s.History(ctx, id, 10)
	if err != nil || len(h) != 1 {
		t.Errorf("History after Redis came back = %v, %v; want the one entry appended", h, err)
	}
	stop(srv)
}

// waitReady polls Ping as /readyz would, for up to 10s.
func waitReady(t *testing.T, s *Store) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := s.Ping(t.Context())
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Redis not ready after 10s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func BenchmarkTurn(b *testing.B) {
	needRedis(b)
	s := openTest(b, Options{})
	b.Run("serial", func(b *testing.B) { storetest.BenchTurn(b, s) })
	b.Run("parallel", func(b *testing.B) { storetest.BenchTurnParallel(b, s) })
}

// Purge removes every key of its prefix, and only those.
func TestPurge(t *testing.T) {
	needRedis(t)
	ctx := context.Background()
	a := openTest(t, Options{Prefix: testPrefix + "purge"})
	b := openTest(t, Options{Prefix: testPrefix + "purgeother"})
	for i := 0; i < 1200; i++ {
		a.rdb.Set(ctx, fmt.Sprintf("%s:k%d", a.prefix, i), "x", time.Minute)
	}
	if err := a.Save(ctx, bot.State{ID: "c_1", Lang: "ar"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	b.rdb.Set(ctx, b.prefix+":keep", "x", time.Minute)
	n, err := a.Purge(ctx)
	if err != nil || n != 1201 {
		t.Fatalf("Purge = %d, %v; want 1201", n, err)
	}
	if left := a.rdb.Keys(ctx, a.prefix+":*").Val(); len(left) != 0 {
		t.Errorf("left %d keys, e.g. %v", len(left), left[0])
	}
	if b.rdb.Exists(ctx, b.prefix+":keep").Val() != 1 {
		t.Error("Purge touched another prefix")
	}
	b.rdb.Del(ctx, b.prefix+":keep")
}
