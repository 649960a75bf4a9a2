package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cache is a byte cache in Redis, shared by every instance: the LLM
// layer's classifications, rephrasings and embeddings (it implements
// llm.Cache). Keys are already hashes; they live under
// <prefix>:cache:<namespace>:.
type Cache struct {
	rdb    redis.UniversalClient
	prefix string
}

// Cache returns the cache of a namespace (e.g. "llm").
func (s *Store) Cache(namespace string) *Cache {
	return &Cache{rdb: s.rdb, prefix: s.prefix + ":cache:" + namespace + ":"}
}

// Get returns the value of key, and whether there was one.
func (c *Cache) Get(ctx context.Context, key string) ([]byte, bool, error) {
	v, err := c.rdb.Get(ctx, c.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("redisstore: cache get: %w", err)
	}
	return v, true, nil
}

// Set stores value under key for ttl (0: no expiry).
func (c *Cache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := c.rdb.Set(ctx, c.prefix+key, value, ttl).Err(); err != nil {
		return fmt.Errorf("redisstore: cache set: %w", err)
	}
	return nil
}
