package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// TokenCounter counts the LLM layer's tokens in Redis (it implements
// llm.Counter), so the daily and per-conversation budgets hold for the
// whole deployment, not per instance. The day's count lives under
// <prefix>:llm:tokens:<day> for two days; a conversation's count sits with
// the conversation's other keys (its hash tag, its erasure) and lasts as
// long as an idle conversation does.
type TokenCounter struct {
	s       *Store
	convTTL time.Duration
}

// dayTTL keeps a day's count past its end, for the day's last calls in
// other time zones' clocks and for a look the day after.
const dayTTL = 48 * time.Hour

// TokenCounter returns the store's token counter; convTTL is how long a
// conversation's count is kept after its last call (at least a minute).
func (s *Store) TokenCounter(convTTL time.Duration) *TokenCounter {
	return &TokenCounter{s: s, convTTL: max(convTTL, time.Minute)}
}

func (c *TokenCounter) dayKey(day string) string { return c.s.prefix + ":llm:tokens:" + day }

// Tokens implements llm.Counter: both counts in one round trip.
func (c *TokenCounter) Tokens(ctx context.Context, day, conv string) (daily, perConv int64, err error) {
	var dayCmd, convCmd *redis.StringCmd
	_, err = c.s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		dayCmd = p.Get(ctx, c.dayKey(day))
		if conv != "" && validID(conv) {
			convCmd = p.Get(ctx, c.s.key(conv, "llmtokens"))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, 0, fail("llm tokens", conv, err)
	}
	if daily, err = count(dayCmd); err != nil {
		return 0, 0, fail("llm tokens", conv, err)
	}
	if convCmd != nil {
		if perConv, err = count(convCmd); err != nil {
			return 0, 0, fail("llm tokens", conv, err)
		}
	}
	return daily, perConv, nil
}

// count reads a counter; a missing key is zero.
func count(cmd *redis.StringCmd) (int64, error) {
	n, err := cmd.Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", cmd.Args()[1], err)
	}
	return n, nil
}

// AddTokens implements llm.Counter: both counts and their expiry in one
// round trip.
func (c *TokenCounter) AddTokens(ctx context.Context, day, conv string, n int64) error {
	_, err := c.s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.IncrBy(ctx, c.dayKey(day), n)
		p.Expire(ctx, c.dayKey(day), dayTTL)
		if conv != "" && validID(conv) {
			k := c.s.key(conv, "llmtokens")
			p.IncrBy(ctx, k, n)
			p.Expire(ctx, k, c.convTTL)
		}
		return nil
	})
	if err != nil {
		return fail("llm tokens", conv, err)
	}
	return nil
}
