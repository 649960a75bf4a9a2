package redisstore

import (
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	staffstoretest "github.com/dalil-project/dalil/staff/storetest"
)

// freshPrefix is a key prefix of the test's own (deleted when it ends):
// the staff index lists everything under a prefix.
func freshPrefix(t *testing.T) string {
	p := testPrefix + "_" + strings.ToLower(rand.Text()[:8])
	t.Cleanup(func() { deleteKeys(t, p) })
	return p
}

func TestStaffContract(t *testing.T) {
	needRedis(t)
	staffstoretest.Run(t, func(t *testing.T) staffstoretest.Stores {
		p := freshPrefix(t)
		s := openTest(t, Options{Prefix: p})
		other := openTest(t, Options{Prefix: p}) // another instance
		return staffstoretest.Stores{Staff: s.Staff(), Chat: s, Queue: s.Staff(), Notifier: s.Staff(), Other: other.Staff()}
	})
}

// TestRedisErrorsCounted: a command to a Redis that does not answer is
// counted as unavailable; a missing key is not an error.
func TestRedisErrorsCounted(t *testing.T) {
	needRedis(t)
	reg := prometheus.NewRegistry()
	up := openTest(t, Options{Prefix: freshPrefix(t), Registerer: reg})
	if _, err := up.Load(t.Context(), "c_missing"); err == nil {
		t.Fatal("loaded a missing conversation")
	}
	down := openTest(t, Options{URL: "redis://127.0.0.1:1/0", Registerer: reg, DialTimeout: 200 * time.Millisecond})
	if err := down.Ping(t.Context()); err == nil {
		t.Fatal("ping to a closed port worked")
	}
	if got := testutil.ToFloat64(errCounter(t, reg).WithLabelValues("unavailable")); got < 1 {
		t.Errorf("unavailable errors %v, want at least 1", got)
	}
	if got := testutil.ToFloat64(errCounter(t, reg).WithLabelValues("other")); got != 0 {
		t.Errorf("a missing key counted as an error: %v", got)
	}
}

func errCounter(t *testing.T, reg *prometheus.Registry) *prometheus.CounterVec {
	h, err := newErrorHook(reg)
	if err != nil {
		t.Fatal(err)
	}
	return h.errs
}
