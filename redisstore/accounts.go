package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/auth"
)

var _ auth.Store = (*Accounts)(nil)

// Accounts is the shared auth.Store. Accounts and the token index share the
// hash tag {auth} so they change together in one transaction:
//
//	<prefix>:{auth}:accounts     hash: name -> account (JSON)
//	<prefix>:{auth}:tokens       hash: token hash -> name
//	<prefix>:{auth}:audit        list: events, newest first, capped
//	<prefix>:session:<id hash>   session (JSON), expiring with it
//	<prefix>:loginfail:<name>    failed logins in the current window
type Accounts struct {
	rdb    redis.UniversalClient
	prefix string
}

// Accounts returns the account store sharing s's connections and prefix.
func (s *Store) Accounts() *Accounts { return &Accounts{rdb: s.rdb, prefix: s.prefix} }

const auditMax = 10000

func (a *Accounts) key(name string) string { return a.prefix + ":{auth}:" + name }

func authFail(op string, err error) error {
	if errors.Is(err, auth.ErrNotFound) || errors.Is(err, auth.ErrExists) {
		return err
	}
	if unavailable(err) {
		return fmt.Errorf("redisstore: %s: %w: %w", op, auth.ErrUnavailable, err)
	}
	return fmt.Errorf("redisstore: %s: %w", op, err)
}

func (a *Accounts) watch(ctx context.Context, op string, fn func(*redis.Tx) error) error {
	for range 20 {
		err := a.rdb.Watch(ctx, fn, a.key("accounts"))
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		if err != nil {
			return authFail(op, err)
		}
		return nil
	}
	return fmt.Errorf("redisstore: %s: too much contention", op)
}

func getAccount(ctx context.Context, c redis.Cmdable, key, name string) (auth.Account, error) {
	b, err := c.HGet(ctx, key, name).Bytes()
	if errors.Is(err, redis.Nil) {
		return auth.Account{}, fmt.Errorf("redisstore: account %s: %w", name, auth.ErrNotFound)
	}
	if err != nil {
		return auth.Account{}, err
	}
	var acc auth.Account
	if err := json.Unmarshal(b, &acc); err != nil {
		return acc, fmt.Errorf("redisstore: account %s: %w", name, err)
	}
	return acc, nil
}

// CreateAccount implements auth.Store.
func (a *Accounts) CreateAccount(ctx context.Context, acc auth.Account) error {
	b, err := json.Marshal(acc)
	if err != nil {
		return err
	}
	return a.watch(ctx, "create account", func(tx *redis.Tx) error {
		exists, err := tx.HExists(ctx, a.key("accounts"), acc.Name).Result()
		if err != nil {
			return err
		}
		if exists {
			return fmt.Errorf("redisstore: account %s: %w", acc.Name, auth.ErrExists)
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, a.key("accounts"), acc.Name, b)
			p.HSet(ctx, a.key("tokens"), acc.TokenHash, acc.Name)
			return nil
		})
		return err
	})
}

// Account implements auth.Store.
func (a *Accounts) Account(ctx context.Context, name string) (auth.Account, error) {
	acc, err := getAccount(ctx, a.rdb, a.key("accounts"), name)
	if err != nil {
		return acc, authFail("account", err)
	}
	return acc, nil
}

// AccountByToken implements auth.Store.
func (a *Accounts) AccountByToken(ctx context.Context, tokenHash string) (auth.Account, error) {
	name, err := a.rdb.HGet(ctx, a.key("tokens"), tokenHash).Result()
	if errors.Is(err, redis.Nil) {
		return auth.Account{}, fmt.Errorf("redisstore: token: %w", auth.ErrNotFound)
	}
	if err != nil {
		return auth.Account{}, authFail("token", err)
	}
	acc, err := a.Account(ctx, name)
	if err == nil && acc.TokenHash != tokenHash {
		// A stale index entry (the token was just replaced).
		return auth.Account{}, fmt.Errorf("redisstore: token: %w", auth.ErrNotFound)
	}
	return acc, err
}

// UpdateAccount implements auth.Store.
func (a *Accounts) UpdateAccount(ctx context.Context, acc auth.Account) error {
	b, err := json.Marshal(acc)
	if err != nil {
		return err
	}
	return a.watch(ctx, "update account", func(tx *redis.Tx) error {
		old, err := getAccount(ctx, tx, a.key("accounts"), acc.Name)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			if old.TokenHash != acc.TokenHash {
				p.HDel(ctx, a.key("tokens"), old.TokenHash)
			}
			p.HSet(ctx, a.key("accounts"), acc.Name, b)
			p.HSet(ctx, a.key("tokens"), acc.TokenHash, acc.Name)
			return nil
		})
		return err
	})
}

// DeleteAccount implements auth.Store.
func (a *Accounts) DeleteAccount(ctx context.Context, name string) error {
	return a.watch(ctx, "delete account", func(tx *redis.Tx) error {
		old, err := getAccount(ctx, tx, a.key("accounts"), name)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HDel(ctx, a.key("tokens"), old.TokenHash)
			p.HDel(ctx, a.key("accounts"), name)
			return nil
		})
		return err
	})
}

// Accounts implements auth.Store.
func (a *Accounts) Accounts(ctx context.Context) ([]auth.Account, error) {
	all, err := a.rdb.HGetAll(ctx, a.key("accounts")).Result()
	if err != nil {
		return nil, authFail("accounts", err)
	}
	out := make([]auth.Account, 0, len(all))
	for name, b := range all {
		var acc auth.Account
		if err := json.Unmarshal([]byte(b), &acc); err != nil {
			return nil, fmt.Errorf("redisstore: account %s: %w", name, err)
		}
		out = append(out, acc)
	}
	slices.SortFunc(out, func(x, y auth.Account) int { return strings.Compare(x.Name, y.Name) })
	return out, nil
}

func (a *Accounts) sessionKey(idHash string) string { return a.prefix + ":session:" + idHash }

// SaveSession implements auth.Store.
func (a *Accounts) SaveSession(ctx context.Context, s auth.Session, ttl time.Duration) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := a.rdb.Set(ctx, a.sessionKey(s.IDHash), b, ttl).Err(); err != nil {
		return authFail("save session", err)
	}
	return nil
}

// Session implements auth.Store.
func (a *Accounts) Session(ctx context.Context, idHash string) (auth.Session, error) {
	b, err := a.rdb.Get(ctx, a.sessionKey(idHash)).Bytes()
	if errors.Is(err, redis.Nil) {
		return auth.Session{}, fmt.Errorf("redisstore: session: %w", auth.ErrNotFound)
	}
	if err != nil {
		return auth.Session{}, authFail("session", err)
	}
	var s auth.Session
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("redisstore: session: %w", err)
	}
	return s, nil
}

// DeleteSession implements auth.Store.
func (a *Accounts) DeleteSession(ctx context.Context, idHash string) error {
	if err := a.rdb.Del(ctx, a.sessionKey(idHash)).Err(); err != nil {
		return authFail("delete session", err)
	}
	return nil
}

func (a *Accounts) failKey(name string) string { return a.prefix + ":loginfail:" + name }

// RecordFailure implements auth.Store. The window starts at the first
// failure and is not extended by later ones.
func (a *Accounts) RecordFailure(ctx context.Context, name string, window time.Duration) (int, error) {
	n, err := failScript.Run(ctx, a.rdb, []string{a.failKey(name)}, window.Milliseconds()).Int()
	if err != nil {
		return 0, authFail("record failure", err)
	}
	return n, nil
}

var failScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`)

// Failures implements auth.Store.
func (a *Accounts) Failures(ctx context.Context, name string) (int, error) {
	n, err := a.rdb.Get(ctx, a.failKey(name)).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, authFail("failures", err)
	}
	return n, nil
}

// ClearFailures implements auth.Store.
func (a *Accounts) ClearFailures(ctx context.Context, name string) error {
	if err := a.rdb.Del(ctx, a.failKey(name)).Err(); err != nil {
		return authFail("clear failures", err)
	}
	return nil
}

// AppendAudit implements auth.Store.
func (a *Accounts) AppendAudit(ctx context.Context, e auth.Event) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = a.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, a.key("audit"), b)
		p.LTrim(ctx, a.key("audit"), 0, auditMax-1)
		return nil
	})
	if err != nil {
		return authFail("audit", err)
	}
	return nil
}

// Audit implements auth.Store.
func (a *Accounts) Audit(ctx context.Context, n int) ([]auth.Event, error) {
	all, err := a.rdb.LRange(ctx, a.key("audit"), 0, int64(n)-1).Result()
	if err != nil {
		return nil, authFail("audit", err)
	}
	out := make([]auth.Event, 0, len(all))
	for _, b := range all {
		var e auth.Event
		if err := json.Unmarshal([]byte(b), &e); err != nil {
			return nil, fmt.Errorf("redisstore: audit: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}
