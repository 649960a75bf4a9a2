package llm

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the LLM layer's Prometheus series (namespace dalil_llm).
type metrics struct {
	routed      *prometheus.CounterVec   // route (local|llm), reason
	calls       *prometheus.CounterVec   // op (classify|rephrase|embed), outcome (ok or a reason)
	tokens      *prometheus.CounterVec   // op, kind (prompt|completion)
	latency     *prometheus.HistogramVec // op: one HTTP attempt, to the last byte (streams: to the headers)
	firstToken  prometheus.Histogram     // rephrase: request to first content
	fallbacks   *prometheus.CounterVec   // op, reason
	cache       *prometheus.CounterVec   // op, result (hit|miss)
	breakerOpen prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	const ns = "dalil_llm"
	m := &metrics{
		routed: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "routed_total",
			Help: "Turns by who decided them: the local matcher (sure) or the LLM layer (unsure, with the reason)."}, []string{"route", "reason"}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "calls_total",
			Help: "HTTP calls to the model server by operation and outcome."}, []string{"op", "outcome"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "tokens_total",
			Help: "Tokens reported by the model server, by operation and kind."}, []string{"op", "kind"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "call_seconds",
			Help:    "Duration of one HTTP call to the model server.",
			Buckets: []float64{.05, .1, .2, .35, .5, .75, 1, 1.5, 2, 3, 5, 8}}, []string{"op"}),
		firstToken: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Name: "first_token_seconds",
			Help:    "Rephrase: time from the request to the first streamed token.",
			Buckets: []float64{.05, .1, .2, .35, .5, .75, 1, 1.5, 2, 3}}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "fallbacks_total",
			Help: "Turns where the local decision or the verbatim answer stood, by operation and reason."}, []string{"op", "reason"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "cache_total",
			Help: "Cache lookups by operation and result."}, []string{"op", "result"}),
		breakerOpen: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "breaker_open",
			Help: "1 while the circuit breaker refuses calls to the model server."}),
	}
	var err error
	m.routed = register(reg, m.routed, &err)
	m.calls = register(reg, m.calls, &err)
	m.tokens = register(reg, m.tokens, &err)
	m.latency = register(reg, m.latency, &err)
	m.firstToken = register(reg, m.firstToken, &err)
	m.fallbacks = register(reg, m.fallbacks, &err)
	m.cache = register(reg, m.cache, &err)
	m.breakerOpen = register(reg, m.breakerOpen, &err)
	return m, err
}

// register adds c to reg; when an identical collector is there already (a
// second Client in one process, e.g. tests running the server twice) it
// shares that one.
func register[C prometheus.Collector](reg prometheus.Registerer, c C, errp *error) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if prev, ok := are.ExistingCollector.(C); ok {
				return prev
			}
		}
		if *errp == nil {
			*errp = err
		}
	}
	return c
}

func (c *Client) fallback(op, reason string) {
	c.m.fallbacks.WithLabelValues(op, reason).Inc()
}
