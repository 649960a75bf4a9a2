package redisstore

import (
	"context"
	"crypto/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dalil-project/dalil/staff"
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

// RecordCount (the recorder's one round trip) leaves exactly what Record
// then Count leave.
func TestRecordCountIsRecordAndCount(t *testing.T) {
	needRedis(t)
	ctx := context.Background()
	two := openTest(t, Options{Prefix: freshPrefix(t)}).Staff()
	one := openTest(t, Options{Prefix: freshPrefix(t)}).Staff()
	at := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	u := staff.Update{ID: "c_rc", At: at, Lang: "ar", Messages: 1, Services: []string{"passport-renewal"},
		Intents: []string{"service_info"}, Preview: "كم رسوم تجديد الجواز", Terms: []string{"رسوم", "جواز"}}
	counts := map[string]int64{"messages|ar|passport-renewal": 1, "answered|ar|passport-renewal": 1}
	if err := two.Record(ctx, u, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := two.Count(ctx, "2026-11-28", counts, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := one.RecordCount(ctx, u, time.Hour, "2026-11-28", counts, time.Hour); err != nil {
		t.Fatal(err)
	}
	c2, err2 := two.Conversation(ctx, "c_rc")
	c1, err1 := one.Conversation(ctx, "c_rc")
	if err1 != nil || err2 != nil || !reflect.DeepEqual(c1, c2) {
		t.Errorf("record: one round trip %+v (%v), two %+v (%v)", c1, err1, c2, err2)
	}
	d2, _, _ := two.Day(ctx, "2026-11-28")
	d1, _, _ := one.Day(ctx, "2026-11-28")
	if !reflect.DeepEqual(d1, d2) || len(d1) != 2 {
		t.Errorf("counters: one round trip %v, two %v", d1, d2)
	}
	f1, n1, _ := one.Find(ctx, staff.Filter{Terms: []string{"جواز"}})
	if n1 != 1 || len(f1) != 1 || f1[0].ID != "c_rc" {
		t.Errorf("search after RecordCount: %d found", n1)
	}
}
