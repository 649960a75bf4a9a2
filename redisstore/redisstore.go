package redisstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mathrand "math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/bot"
)

var _ bot.Store = (*Store)(nil)

// Options configure a Store. The zero value talks to a local Redis.
type Options struct {
	// URL of the Redis deployment; see ParseURL for the forms accepted.
	// Default redis://127.0.0.1:6379/0.
	URL string
	// Prefix starts every key, so several deployments can share one Redis.
	// Default "dalil".
	Prefix string
	// Timeouts of one network operation. A turn waits at most about
	// DialTimeout + WriteTimeout + ReadTimeout per store call before the
	// citizen is told the service is unavailable (and less if the caller's
	// context says so). Defaults 2s, 1s, 1s.
	DialTimeout, ReadTimeout, WriteTimeout time.Duration
	// PoolSize is the number of connections per Redis node. Default: the
	// go-redis default, 10 per CPU.
	PoolSize int
	// Registerer, when set, gets dalil_redis_errors_total (failed commands).
	Registerer prometheus.Registerer
}

// Defaults for zero Options fields.
const (
	DefaultURL          = "redis://127.0.0.1:6379/0"
	DefaultPrefix       = "dalil"
	DefaultDialTimeout  = 2 * time.Second
	DefaultReadTimeout  = time.Second
	DefaultWriteTimeout = time.Second
)

// Store is a bot.Store in Redis. It is safe for concurrent use, and several
// instances of the server may share one Redis.
type Store struct {
	rdb    redis.UniversalClient
	prefix string
	// unlockTimeout bounds the release of a lock, which has no caller
	// context; if it fails the lock still expires after its ttl.
	unlockTimeout time.Duration

	staffOnce sync.Once
	staff     *Staff
}

// Open returns a Store for o. It does not fail when Redis is unreachable, so
// the server can start and report not-ready until Redis answers (see Ping);
// it fails only on bad options. If Redis answers, Open loads the Lua
// scripts; ctx bounds that (a Redis that accepts connections but does not
// reply would otherwise hold Open for the read timeout).
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.URL == "" {
		o.URL = DefaultURL
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if strings.ContainsAny(o.Prefix, "{}") {
		// A brace in the prefix would move the hash tag off the
		// conversation id and break Redis Cluster.
		return nil, fmt.Errorf("redisstore: open: prefix %q must not contain { or }", o.Prefix)
	}
	uo, err := ParseURL(o.URL)
	if err != nil {
		return nil, err
	}
	quietOnce.Do(func() { redis.SetLogger(debugLogger{}) })
	uo.DialTimeout = cmp.Or(o.DialTimeout, DefaultDialTimeout)
	uo.ReadTimeout = cmp.Or(o.ReadTimeout, DefaultReadTimeout)
	uo.WriteTimeout = cmp.Or(o.WriteTimeout, DefaultWriteTimeout)
	uo.PoolSize = o.PoolSize
	uo.ContextTimeoutEnabled = true
	// One retry covers a connection that broke while idle in the pool (all
	// commands here are safe to repeat); more would keep a turn waiting on a
	// Redis that is down. One dial attempt per try, for the same reason.
	uo.MaxRetries = 1
	uo.DialerRetries = 1

	s := &Store{
		rdb:           redis.NewUniversalClient(uo),
		prefix:        o.Prefix,
		unlockTimeout: uo.DialTimeout + uo.WriteTimeout + uo.ReadTimeout,
	}
	if o.Registerer != nil {
		h, err := newErrorHook(o.Registerer)
		if err != nil {
			s.rdb.Close()
			return nil, fmt.Errorf("redisstore: open: metrics: %w", err)
		}
		s.rdb.AddHook(h)
	}
	// Loading the scripts now saves a round trip on the first turns. If
	// Redis is down they are loaded on first use instead (Script.Run falls
	// back to EVAL), so the error does not matter here.
	for _, sc := range []*redis.Script{appendScript, unlockScript} {
		if err := sc.Load(ctx, s.rdb).Err(); err != nil {
			break
		}
	}
	return s, nil
}

// go-redis logs a line per failed dial, which floods the log while Redis is
// down; every failure also comes back as an error that the engine logs with
// the conversation id, so go-redis's own lines go to slog at debug level.
// The setting is global, which is acceptable because redisstore is the only
// package using go-redis.
var quietOnce sync.Once

type debugLogger struct{}

func (debugLogger) Printf(ctx context.Context, format string, v ...any) {
	slog.DebugContext(ctx, fmt.Sprintf(format, v...))
}

// Close closes the connections to Redis (and the notice subscription).
func (s *Store) Close() error {
	if s.staff != nil {
		s.staff.close()
	}
	return s.rdb.Close()
}

// Keys of one conversation share the hash tag {id}, so they live on the same
// Redis Cluster node and one Lua script may touch them all.
func (s *Store) key(id, kind string) string {
	return s.prefix + ":{" + id + "}:" + kind
}

// validID reports whether id can be a key's hash tag: a '}' would end the
// tag early and split the conversation's keys across cluster slots.
func validID(id string) bool {
	return id != "" && !strings.Contains(id, "}")
}

// Load implements bot.Store.
func (s *Store) Load(ctx context.Context, id string) (bot.State, error) {
	if !validID(id) { // no such conversation can have been saved
		return bot.State{}, fmt.Errorf("redisstore: load %s: %w", id, bot.ErrNotFound)
	}
	return decodeState(id, s.rdb.Get(ctx, s.key(id, "state")))
}

// Save implements bot.Store. The state is one JSON string with a TTL.
func (s *Store) Save(ctx context.Context, st bot.State, ttl time.Duration) error {
	if err := check("save", st.ID, ttl); err != nil {
		return err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("redisstore: save %s: %w", st.ID, err)
	}
	if err := s.rdb.Set(ctx, s.key(st.ID, "state"), b, ttl).Err(); err != nil {
		return fail("save", st.ID, err)
	}
	return nil
}

// appendScript adds entries to a transcript, skipping those whose role:id
// is already in it, so a retried Append (by go-redis, the engine or another
// instance) never duplicates a line. It runs atomically in Redis.
//
// KEYS[1] the log stream, KEYS[2] the set of role:id in the log.
// ARGV[1] ttl in ms, ARGV[2] maxLen (0: no cap), then role, id, JSON per entry.
//
// The ids set is kept equal to the ids in the log: when the cap drops old
// entries their ids are removed too, so the set never outgrows the log, and
// both get the same TTL.
var appendScript = redis.NewScript(`
local added = 0
for i = 3, #ARGV, 3 do
	local role, id = ARGV[i], ARGV[i+1]
	if redis.call('SADD', KEYS[2], role .. ':' .. id) == 1 then
		redis.call('XADD', KEYS[1], '*', 'role', role, 'id', id, 'entry', ARGV[i+2])
		added = added + 1
	end
end
local maxLen = tonumber(ARGV[2])
if maxLen > 0 then
	local over = redis.call('XLEN', KEYS[1]) - maxLen
	if over > 0 then
		for _, msg in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', over)) do
			local f, role, id = msg[2], '', ''
			for j = 1, #f, 2 do
				if f[j] == 'role' then role = f[j+1] elseif f[j] == 'id' then id = f[j+1] end
			end
			redis.call('SREM', KEYS[2], role .. ':' .. id)
		end
		redis.call('XTRIM', KEYS[1], 'MAXLEN', maxLen)
	end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return added
`)

// Append implements bot.Store. The transcript is a Redis Stream; each
// stream entry holds role, id and the Entry as JSON. A maxLen of zero or
// less keeps every entry.
func (s *Store) Append(ctx context.Context, id string, ttl time.Duration, maxLen int, entries ...bot.Entry) error {
	if err := check("append", id, ttl); err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	args, err := appendArgs(id, ttl, maxLen, entries)
	if err != nil {
		return err
	}
	if err := appendScript.Run(ctx, s.rdb, s.logKeys(id), args...).Err(); err != nil {
		return fail("append", id, err)
	}
	return nil
}

// appendArgs are the append script's arguments: the TTL, the cap, then
// role, id and JSON of each entry.
func appendArgs(id string, ttl time.Duration, maxLen int, entries []bot.Entry) ([]any, error) {
	args := make([]any, 0, 2+3*len(entries))
	args = append(args, ttl.Milliseconds(), max(maxLen, 0))
	for _, e := range entries {
		b, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("redisstore: append %s: %w", id, err)
		}
		args = append(args, e.Role, e.ID, b)
	}
	return args, nil
}

// logKeys are the append script's keys: the transcript and its id set.
func (s *Store) logKeys(id string) []string { return []string{s.key(id, "log"), s.key(id, "ids")} }

// History implements bot.Store.
func (s *Store) History(ctx context.Context, id string, n int) ([]bot.Entry, error) {
	if n <= 0 || !validID(id) {
		return nil, nil
	}
	msgs, err := s.rdb.XRevRangeN(ctx, s.key(id, "log"), "+", "-", int64(n)).Result()
	if err != nil {
		return nil, fail("history", id, err)
	}
	out := make([]bot.Entry, len(msgs))
	for i, m := range msgs {
		raw, _ := m.Values["entry"].(string)
		// Newest first from Redis; the engine wants oldest first.
		if err := json.Unmarshal([]byte(raw), &out[len(msgs)-1-i]); err != nil {
			return nil, fmt.Errorf("redisstore: history %s: entry %s: %w", id, m.ID, err)
		}
	}
	return out, nil
}

// unlockScript deletes the lock only if it still holds our token: after our
// lock expired another turn may hold it, and that one must stay locked.
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`)

// Lock implements bot.Store with SET NX PX and a random token, polling with
// a short backoff until wait runs out.
func (s *Store) Lock(ctx context.Context, id string, ttl, wait time.Duration) (func(), error) {
	if err := check("lock", id, ttl); err != nil {
		return nil, err
	}
	key := s.key(id, "lock")
	token := rand.Text()
	giveUp := time.Now().Add(wait)
	backoff := 2 * time.Millisecond
	for {
		ok, err := s.rdb.SetNX(ctx, key, token, ttl).Result()
		if err == nil && !ok {
			// If go-redis retried a SET whose first try went through but
			// whose reply was lost, the lock is ours already.
			var holder string
			holder, err = s.rdb.Get(ctx, key).Result()
			ok = err == nil && holder == token
			if errors.Is(err, redis.Nil) { // released meanwhile
				err = nil
			}
		}
		if err != nil {
			return nil, fail("lock", id, err)
		}
		if ok {
			return s.unlocker(id, key, token), nil
		}
		left := time.Until(giveUp)
		if left <= 0 {
			return nil, fmt.Errorf("redisstore: lock %s: %w", id, bot.ErrLocked)
		}
		// Jitter keeps two waiting turns from polling in step.
		sleep := min(backoff/2+mathrand.N(backoff/2+1), left)
		backoff = min(2*backoff, 50*time.Millisecond)
		t := time.NewTimer(sleep)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("redisstore: lock %s: %w", id, ctx.Err())
		}
	}
}

func (s *Store) unlocker(id, key, token string) func() {
	return sync.OnceFunc(func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.unlockTimeout)
		defer cancel()
		if err := unlockScript.Run(ctx, s.rdb, []string{key}, token).Err(); err != nil {
			// Harmless beyond a delay: the lock expires after its ttl.
			slog.Warn("redisstore: unlock failed; the lock will expire", "conversation", id, "err", err)
		}
	})
}

// Ping implements bot.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fail("ping", "", err)
	}
	return nil
}

func check(op, id string, ttl time.Duration) error {
	switch {
	case !validID(id):
		return fmt.Errorf("redisstore: %s: invalid conversation id %q", op, id)
	case ttl < time.Millisecond:
		return fmt.Errorf("redisstore: %s %s: ttl %v: must be at least 1ms", op, id, ttl)
	}
	return nil
}

// fail wraps an error from Redis. Errors that mean the store cannot be used
// right now (network, timeouts, Redis loading, failing over, out of memory,
// refusing our credentials) also match bot.ErrUnavailable, so the citizen is
// told to retry later; anything else is a bug and stays internal.
func fail(op, id string, err error) error {
	where := op
	if id != "" {
		where += " " + id
	}
	if unavailable(err) {
		return fmt.Errorf("redisstore: %s: %w: %w", where, bot.ErrUnavailable, err)
	}
	return fmt.Errorf("redisstore: %s: %w", where, err)
}

func unavailable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false // the turn was abandoned (client gone, shutdown)
	}
	var rerr redis.Error
	if !errors.As(err, &rerr) {
		return true // connection refused, reset, timeout, pool closed …
	}
	return redis.IsLoadingError(err) || redis.IsReadOnlyError(err) ||
		redis.IsClusterDownError(err) || redis.IsTryAgainError(err) ||
		redis.IsMasterDownError(err) || redis.IsMaxClientsError(err) ||
		redis.IsOOMError(err) || redis.IsNoReplicasError(err) ||
		redis.IsAuthError(err) || redis.IsPermissionError(err) ||
		redis.HasErrorPrefix(err, "BUSY")
}

// Purge deletes every key under the store's prefix and returns how many it
// deleted: what a deployment that shared a Redis leaves when it is gone,
// or a test's keys. It scans in batches (never KEYS, which would stall a
// busy Redis), on every master of a cluster. Other prefixes are not
// touched.
func (s *Store) Purge(ctx context.Context) (int, error) {
	var mu sync.Mutex
	total := 0
	purge := func(ctx context.Context, c redis.Cmdable) error {
		iter := c.Scan(ctx, 0, s.prefix+":*", 500).Iterator()
		var batch []string
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			// One key a call: in a cluster the keys of a batch may sit
			// in different slots.
			_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
				for _, k := range batch {
					p.Unlink(ctx, k)
				}
				return nil
			})
			mu.Lock()
			total += len(batch)
			mu.Unlock()
			batch = batch[:0]
			return err
		}
		for iter.Next(ctx) {
			batch = append(batch, iter.Val())
			if len(batch) == 500 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := iter.Err(); err != nil {
			return err
		}
		return flush()
	}
	var err error
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		err = cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return purge(ctx, c) })
	} else {
		err = purge(ctx, s.rdb)
	}
	if err != nil {
		return total, fail("purge", "", err)
	}
	return total, nil
}
