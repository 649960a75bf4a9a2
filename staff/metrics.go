package staff

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// RegisterMetrics adds dalil_handoff_queue_length to reg: the conversations
// waiting for a person, read from the store (shared by every instance) at
// each scrape. A registry that has it already keeps the one it has.
func RegisterMetrics(reg prometheus.Registerer, s Store) error {
	g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "dalil", Name: "handoff_queue_length",
		Help: "Conversations waiting for a person (all instances)."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		ws, err := s.Waiting(ctx)
		if err != nil {
			return -1 // the store is unreachable; dalil_redis_errors_total says why
		}
		return float64(len(ws))
	})
	if err := reg.Register(g); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			return err
		}
	}
	return nil
}
