package redisstore

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/auth"
	authtest "github.com/dalil-project/dalil/auth/storetest"
	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/bot/storetest"
	"github.com/dalil-project/dalil/editor"
	kbtest "github.com/dalil-project/dalil/editor/storetest"
	staffstoretest "github.com/dalil-project/dalil/staff/storetest"
)

// The deployments past one machine, for real: the tests below start their
// own Redis Cluster (three masters) and a Sentinel-managed primary with a
// replica, and run the same contracts the single-server tests run. A
// cluster refuses any script or transaction whose keys span slots
// (CROSSSLOT), so passing here is what shows the hash tags are right.

// redisServer starts a throwaway redis-server with extra arguments and
// returns its port; it is killed when the test ends.
func redisServer(t *testing.T, args ...string) int {
	t.Helper()
	bin := redisServerBin(t)
	port := freePort(t)
	dir := t.TempDir()
	base := []string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir}
	if len(args) > 0 && strings.HasSuffix(args[0], ".conf") {
		// A config file (sentinel) must come first.
		base = append([]string{args[0]}, base...)
		args = args[1:]
	}
	cmd := exec.Command(bin, append(base, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	c := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	defer c.Close()
	eventually(t, 10*time.Second, func() error { return c.Ping(t.Context()).Err() })
	return port
}

// redisServerBin is the redis-server binary of the tests that start their
// own Redis; without one they are skipped, or fail under
// DALIL_REQUIRE_SERVICES.
func redisServerBin(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("DALIL_REQUIRE_SERVICES") != "" {
			t.Fatal("redis-server not on PATH and DALIL_REQUIRE_SERVICES is set")
		}
		t.Skip("redis-server not on PATH; this test starts its own Redis")
	}
	return bin
}

// eventually retries f until it succeeds or the time is up.
func eventually(t *testing.T, limit time.Duration, f func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after %v: %v", limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startCluster makes a three-master cluster, the 16384 slots split
// evenly, and returns its redis+cluster:// URL.
func startCluster(t *testing.T) string {
	t.Helper()
	const masters = 3
	var ports []int
	for i := 0; i < masters; i++ {
		ports = append(ports, redisServer(t, "--cluster-enabled", "yes",
			"--cluster-config-file", filepath.Join(t.TempDir(), "nodes.conf"), "--cluster-node-timeout", "2000"))
	}
	ctx := t.Context()
	var addrs []string
	for i, p := range ports {
		addr := fmt.Sprintf("127.0.0.1:%d", p)
		addrs = append(addrs, addr)
		c := redis.NewClient(&redis.Options{Addr: addr})
		lo, hi := i*16384/masters, (i+1)*16384/masters-1
		if err := c.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", lo, hi).Err(); err != nil {
			t.Fatalf("CLUSTER ADDSLOTSRANGE on %s: %v", addr, err)
		}
		if i > 0 {
			if err := c.ClusterMeet(ctx, "127.0.0.1", fmt.Sprint(ports[0])).Err(); err != nil {
				t.Fatalf("CLUSTER MEET: %v", err)
			}
		}
		c.Close()
	}
	for _, addr := range addrs {
		c := redis.NewClient(&redis.Options{Addr: addr})
		eventually(t, 20*time.Second, func() error {
			info, err := c.ClusterInfo(ctx).Result()
			if err != nil {
				return err
			}
			if !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, fmt.Sprintf("cluster_known_nodes:%d", masters)) {
				return fmt.Errorf("%s: cluster not formed yet", addr)
			}
			return nil
		})
		c.Close()
	}
	return "redis+cluster://" + strings.Join(addrs, ",")
}

// runContracts runs every store contract against one deployment.
func runContracts(t *testing.T, url string) {
	open := func(t *testing.T) *Store {
		t.Helper()
		// A prefix per store (the contracts want an empty one), from
		// subtests that run in parallel.
		s, err := Open(t.Context(), Options{URL: url, Prefix: fmt.Sprintf("%s_%d", testPrefix, fresh.Add(1))})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("conversations", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) bot.Store { return open(t) })
	})
	t.Run("staff", func(t *testing.T) {
		staffstoretest.Run(t, func(t *testing.T) staffstoretest.Stores {
			s := open(t)
			other, err := Open(t.Context(), Options{URL: url, Prefix: s.prefix}) // another instance
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			return staffstoretest.Stores{Staff: s.Staff(), Chat: s, Queue: s.Staff(), Notifier: s.Staff(), Other: other.Staff()}
		})
	})
	t.Run("knowledge base", func(t *testing.T) {
		kbtest.Run(t, func(t *testing.T) editor.Store { return open(t).KB() })
	})
	t.Run("accounts", func(t *testing.T) {
		var st auth.Store = open(t).Accounts()
		authtest.Run(t, st)
	})
	t.Run("tokens", func(t *testing.T) {
		s := open(t)
		ctr := s.TokenCounter(time.Hour)
		ctx := t.Context()
		for _, conv := range []string{"c_1", "c_2", "c_3"} {
			if err := ctr.AddTokens(ctx, "2026-11-28", conv, 100); err != nil {
				t.Fatal(err)
			}
		}
		if d, c, err := ctr.Tokens(ctx, "2026-11-28", "c_2"); err != nil || d != 300 || c != 100 {
			t.Errorf("Tokens = %d, %d, %v; want 300, 100", d, c, err)
		}
	})
	t.Run("purge", func(t *testing.T) {
		// Purge scans every master: keys of many conversations land on
		// all three.
		s := open(t)
		ctx := t.Context()
		for i := 0; i < 60; i++ {
			if err := s.Save(ctx, bot.State{ID: fmt.Sprintf("c_%d", i), Lang: "ar"}, time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.Purge(ctx); err != nil || n < 60 {
			t.Fatalf("Purge = %d, %v; want at least 60 keys", n, err)
		}
		left, err := countKeys(ctx, s.rdb, s.prefix+":*")
		if err != nil || left != 0 {
			t.Errorf("after Purge: %d keys left, %v", left, err)
		}
	})
}

func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Redis Cluster")
	}
	url := startCluster(t)
	runContracts(t, url)
	// The slots really are spread: a conversation's keys sit on one master,
	// and different conversations on different masters.
	s, err := Open(t.Context(), Options{URL: url, Prefix: testPrefix})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	masters := map[string]bool{}
	for i := 0; i < 30; i++ {
		id := fmt.Sprintf("c_spread%d", i)
		if err := s.Save(ctx, bot.State{ID: id, Lang: "en"}, time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, id, time.Minute, 10, bot.Entry{Role: bot.RoleCitizen, Text: "hello"}); err != nil {
			t.Fatal(err)
		}
		slot := s.rdb.(*redis.ClusterClient).ClusterKeySlot(ctx, s.key(id, "state")).Val()
		if other := s.rdb.(*redis.ClusterClient).ClusterKeySlot(ctx, s.key(id, "log")).Val(); other != slot {
			t.Errorf("conversation %s: state in slot %d, log in slot %d", id, slot, other)
		}
		masters[fmt.Sprint(slot*3/16384)] = true
	}
	if len(masters) < 2 {
		t.Errorf("30 conversations all hashed to one master")
	}
}

// TestSentinel runs the contracts on a Sentinel-managed primary, then fails
// it over to its replica: the same Store must follow the new primary
// without being reopened, and keep what was written before.
func TestSentinel(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Redis with a replica and a sentinel")
	}
	primary := redisServer(t)
	replica := redisServer(t, "--replicaof", "127.0.0.1", fmt.Sprint(primary))
	conf := filepath.Join(t.TempDir(), "sentinel.conf")
	cfg := fmt.Sprintf("sentinel monitor dalil 127.0.0.1 %d 1\nsentinel down-after-milliseconds dalil 1000\nsentinel failover-timeout dalil 5000\n", primary)
	if err := os.WriteFile(conf, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	sentinel := redisServer(t, conf, "--sentinel")
	url := fmt.Sprintf("redis+sentinel://127.0.0.1:%d/dalil", sentinel)
	sc := redis.NewSentinelClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", sentinel)})
	defer sc.Close()
	ctx := t.Context()
	// The sentinel must have found the replica before it can fail over.
	eventually(t, 20*time.Second, func() error {
		rs, err := sc.Replicas(ctx, "dalil").Result()
		if err != nil || len(rs) == 0 {
			return fmt.Errorf("sentinel sees no replica yet (%v)", err)
		}
		return nil
	})
	runContracts(t, url)

	s, err := Open(ctx, Options{URL: url, Prefix: testPrefix})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id := storetest.NewID()
	if err := s.Save(ctx, bot.State{ID: id, Lang: "ar", LastService: "passport-renewal"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	// Wait for the replica to have the write, as a failover after a real
	// crash could lose the last writes that had not reached it.
	p := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", primary)})
	defer p.Close()
	if n, err := p.Do(ctx, "WAIT", 1, 5000).Int(); err != nil || n < 1 {
		t.Fatalf("WAIT for the replica: %d, %v", n, err)
	}
	if err := sc.Failover(ctx, "dalil").Err(); err != nil {
		t.Fatalf("SENTINEL FAILOVER: %v", err)
	}
	eventually(t, 20*time.Second, func() error {
		addr, err := sc.GetMasterAddrByName(ctx, "dalil").Result()
		if err != nil || addr[1] != fmt.Sprint(replica) {
			return fmt.Errorf("primary still %v (%v)", addr, err)
		}
		return nil
	})
	// The Store follows the switch; a call during it may fail (the citizen
	// is told to retry), so poll.
	eventually(t, 20*time.Second, func() error {
		st, err := s.Load(ctx, id)
		if err != nil {
			return err
		}
		if st.LastService != "passport-renewal" {
			return fmt.Errorf("loaded %+v after failover", st)
		}
		return s.Save(ctx, st, time.Minute)
	})
}

// countKeys counts the keys matching pattern on every master.
func countKeys(ctx context.Context, rdb redis.UniversalClient, pattern string) (int, error) {
	cc, ok := rdb.(*redis.ClusterClient)
	if !ok {
		keys, err := rdb.Keys(ctx, pattern).Result()
		return len(keys), err
	}
	var n atomic.Int64
	err := cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		keys, err := c.Keys(ctx, pattern).Result()
		n.Add(int64(len(keys)))
		return err
	})
	return int(n.Load()), err
}
