package llm

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Cache keeps answers the model gave, so the same question in the same
// context is not paid for twice. The Redis store implements it (shared by
// every instance); NewLRU is the in-process one. A cache that fails is
// treated as a miss: it never stops a turn.
type Cache interface {
	Get(ctx context.Context, key string) (value []byte, ok bool, err error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
}

// LRU is an in-memory Cache holding at most a fixed number of entries.
type LRU struct {
	mu    sync.Mutex
	max   int
	items map[string]*list.Element
	order *list.List // most recently used at the front
	now   func() time.Time
}

type lruItem struct {
	key     string
	value   []byte
	expires time.Time
}

// NewLRU returns an empty cache of at most max entries (default 10000).
func NewLRU(max int) *LRU {
	if max <= 0 {
		max = 10000
	}
	return &LRU{max: max, items: map[string]*list.Element{}, order: list.New(), now: time.Now}
}

// Get implements Cache.
func (l *LRU) Get(_ context.Context, key string) ([]byte, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.items[key]
	if !ok {
		return nil, false, nil
	}
	it := e.Value.(*lruItem)
	if !it.expires.IsZero() && l.now().After(it.expires) {
		l.order.Remove(e)
		delete(l.items, key)
		return nil, false, nil
	}
	l.order.MoveToFront(e)
	return it.value, true, nil
}

// Set implements Cache.
func (l *LRU) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var exp time.Time
	if ttl > 0 {
		exp = l.now().Add(ttl)
	}
	if e, ok := l.items[key]; ok {
		it := e.Value.(*lruItem)
		it.value, it.expires = value, exp
		l.order.MoveToFront(e)
		return nil
	}
	l.items[key] = l.order.PushFront(&lruItem{key: key, value: value, expires: exp})
	for l.order.Len() > l.max {
		old := l.order.Back()
		l.order.Remove(old)
		delete(l.items, old.Value.(*lruItem).key)
	}
	return nil
}

// Len is the number of entries (for tests).
func (l *LRU) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}

// cacheKey hashes the parts of a key: they may hold (redacted) citizen
// text, which has no business in a key listing.
func cacheKey(kind string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return kind + ":" + hex.EncodeToString(h.Sum(nil)[:16])
}

// cacheGet reads the cache within a short bound of its own, so a slow
// cache costs the turn little.
func (c *Client) cacheGet(ctx context.Context, op, key string) ([]byte, bool) {
	return c.cacheGetWithin(ctx, op, key, cacheWait)
}

func (c *Client) cacheGetWithin(ctx context.Context, op, key string, wait time.Duration) ([]byte, bool) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	v, ok, err := c.opts.Cache.Get(ctx, key)
	if err != nil {
		c.log.Debug("llm cache get failed", "op", op, "err", err)
		ok = false
	}
	result := "miss"
	if ok {
		result = "hit"
	}
	c.m.cache.WithLabelValues(op, result).Inc()
	return v, ok
}

// cacheSet writes with a bound of its own, after the answer is known: a
// turn near its deadline still stores what it paid for.
func (c *Client) cacheSet(ctx context.Context, op, key string, v []byte, ttl time.Duration) {
	c.cacheSetWithin(ctx, op, key, v, ttl, cacheWait)
}

func (c *Client) cacheSetWithin(ctx context.Context, op, key string, v []byte, ttl, wait time.Duration) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), wait)
	defer cancel()
	if err := c.opts.Cache.Set(ctx, key, v, ttl); err != nil {
		c.log.Debug("llm cache set failed", "op", op, "err", err)
	}
}

// cacheWait bounds a cache read or write on a citizen's turn; blobWait
// one of the example vectors (megabytes, off the turn's path).
const (
	cacheWait = 150 * time.Millisecond
	blobWait  = 10 * time.Second
)
