package llm

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/intents/llm/llmtest"
	"github.com/dalil-project/dalil/knowledge"
)

var (
	kbOnce   sync.Once
	sampleKB *knowledge.Base
)

func sample(t testing.TB) *knowledge.Base {
	t.Helper()
	kbOnce.Do(func() {
		var err error
		sampleKB, err = knowledge.Load(knowledge.Sample())
		if err != nil {
			panic(err)
		}
	})
	return sampleKB
}

// stub is a hand-written local classifier: it returns res for every
// message, so these tests do not depend on the matcher's tuning.
type stub struct {
	res   intents.Result
	calls atomic.Int32
}

func (s *stub) Understand(ctx context.Context, q intents.Query) (intents.Result, error) {
	s.calls.Add(1)
	r := s.res
	r.Candidates = slices.Clone(s.res.Candidates)
	return r, nil
}

// unsure is a local result the route sends to the model: two passports
// almost tied, so the matcher offers a choice.
func unsure() *stub {
	return &stub{res: intents.Result{
		Intent: intents.IntentClarify, Script: intents.ScriptArabic, Lang: "ar", Source: "local", Confidence: 0.3,
		Candidates: []intents.Candidate{{ServiceID: "passport-renewal", Score: 0.30}, {ServiceID: "passport-issue", Score: 0.295},
			{ServiceID: "national-id-issue", Score: 0.12}},
	}}
}

// sure is a local result that stands on its own.
func sure() *stub {
	return &stub{res: intents.Result{
		Intent: intents.IntentServiceInfo, ServiceID: "passport-renewal", Aspect: knowledge.AspectFees, Script: intents.ScriptArabic,
		Lang: "ar", Source: "local", Confidence: 0.95,
		Candidates: []intents.Candidate{{ServiceID: "passport-renewal", Score: 0.45}, {ServiceID: "passport-issue", Score: 0.2}},
	}}
}

// clock is a settable time source for the breaker and budgets.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newTest returns a Client for the fake, with short deadlines and its own
// metrics registry; mod adjusts the options.
func newTest(t testing.TB, srv *llmtest.Server, mod func(*Options)) *Client {
	t.Helper()
	o := Options{
		BaseURL: srv.URL, APIKey: "test-key", Model: "test-model",
		Timeout: 500 * time.Millisecond, FirstTokenTimeout: 300 * time.Millisecond, StreamTimeout: 3 * time.Second,
		BreakerCooldown: time.Minute, Registerer: prometheus.NewRegistry(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if mod != nil {
		mod(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fakeServer(t testing.TB) *llmtest.Server {
	s := llmtest.NewServer()
	t.Cleanup(s.Close)
	return s
}

func fallbacks(c *Client, op, reason string) float64 {
	return testutil.ToFloat64(c.m.fallbacks.WithLabelValues(op, reason))
}

func query(text string) intents.Query { return intents.Query{Text: text} }
