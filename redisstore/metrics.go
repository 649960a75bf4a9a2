package redisstore

import (
	"context"
	"errors"
	"net"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// errorHook counts failed Redis commands (dalil_redis_errors_total): kind
// "unavailable" for those that mean Redis cannot be used right now
// (network, timeouts, loading, failover …), "other" for the rest. A missing
// key (redis.Nil), a lost WATCH race and an abandoned request are not
// errors.
type errorHook struct{ errs *prometheus.CounterVec }

func newErrorHook(reg prometheus.Registerer) (errorHook, error) {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "dalil", Name: "redis_errors_total",
		Help: "Failed Redis commands, by kind (unavailable or other)."}, []string{"kind"})
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			return errorHook{}, err
		}
		c = are.ExistingCollector.(*prometheus.CounterVec)
	}
	return errorHook{errs: c}, nil
}

func (h errorHook) count(err error) {
	if err == nil || errors.Is(err, redis.Nil) || errors.Is(err, redis.TxFailedErr) || errors.Is(err, context.Canceled) {
		return
	}
	kind := "other"
	if unavailable(err) {
		kind = "unavailable"
	}
	h.errs.WithLabelValues(kind).Inc()
}

func (h errorHook) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := next(ctx, network, addr)
		h.count(err)
		return c, err
	}
}

func (h errorHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if n := cmd.Name(); n != "client" && n != "hello" {
			// go-redis's connection handshake tries CLIENT SETINFO and
			// the like, which older Redis versions refuse harmlessly.
			h.count(err)
		}
		return err
	}
}

func (h errorHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, c := range cmds {
			if n := c.Name(); n != "client" && n != "hello" && c.Err() != nil {
				h.count(c.Err()) // one failure of the pipeline is enough to count it
				break
			}
		}
		return err
	}
}
