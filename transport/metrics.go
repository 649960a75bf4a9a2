package transport

import (
	"errors"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the chat's Prometheus series (namespace dalil). Without a
// Registerer they are kept but not exported.
type metrics struct {
	conns     prometheus.Gauge       // open WebSockets
	frames    *prometheus.CounterVec // client frames by type
	replies   *prometheus.CounterVec // citizen messages by outcome
	intents   *prometheus.CounterVec // bot replies by intent and language
	errors    *prometheus.CounterVec // error frames by code
	latency   prometheus.Histogram   // one message: Chat.Handle, lock to save
	liveSent  *prometheus.CounterVec // v1.1 frames pushed to chats, by type
	liveDelay prometheus.Histogram   // staff message stored -> frame queued for the citizen
}

func newMetrics(reg prometheus.Registerer, log *slog.Logger) *metrics {
	const ns = "dalil"
	m := &metrics{
		conns: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "connections",
			Help: "Open chat WebSockets on this instance."}),
		frames: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "frames_total",
			Help: "Frames received from chat clients, by type (invalid: not a known frame)."}, []string{"type"}),
		replies: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "messages_total",
			Help: "Citizen messages answered, by outcome: reply, person (delivered to the staff member holding the chat) or error."}, []string{"outcome"}),
		intents: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "intents_total",
			Help: "Bot replies by intent and language."}, []string{"intent", "lang"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "errors_total",
			Help: "Error frames sent, by code."}, []string{"code"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Name: "reply_seconds",
			Help:    "Time to answer one citizen message (lock, understand, render, store).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}),
		liveSent: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "live_frames_total",
			Help: "Handoff frames pushed to citizens' chats, by type."}, []string{"type"}),
		liveDelay: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Name: "handoff_delivery_seconds",
			Help:    "From a staff member's message being stored to its frame being queued for the citizen (across instances).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}),
	}
	if reg == nil {
		return m
	}
	m.conns = register(reg, m.conns, log)
	m.frames = register(reg, m.frames, log)
	m.replies = register(reg, m.replies, log)
	m.intents = register(reg, m.intents, log)
	m.errors = register(reg, m.errors, log)
	m.latency = register(reg, m.latency, log)
	m.liveSent = register(reg, m.liveSent, log)
	m.liveDelay = register(reg, m.liveDelay, log)
	return m
}

// register adds c to reg; when an identical collector is there already
// (a second Server on one registry) it shares that one.
func register[C prometheus.Collector](reg prometheus.Registerer, c C, log *slog.Logger) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if prev, ok := are.ExistingCollector.(C); ok {
				return prev
			}
		}
		log.Error("metrics not registered", "err", err)
	}
	return c
}
