package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/editor"
)

var _ editor.Store = (*KB)(nil)

// KB is the shared editor.Store: the source of truth of the published
// knowledge base when Redis is configured. Its keys share the hash tag
// {kb}, so the multi-key transactions work on Redis Cluster too:
//
//	<prefix>:{kb}:rev        revision, bumped by every publish
//	<prefix>:{kb}:heads      hash: service id -> latest version number
//	<prefix>:{kb}:ver:<id>   hash: version number -> version (JSON); never overwritten
//	<prefix>:{kb}:drafts     hash: service id -> draft (JSON)
//	<prefix>:{kb}:draftrev   hash: service id -> draft revision
//	<prefix>:{kb}:log        list: change log, newest first, capped
//
// and a publish is announced on the channel <prefix>:kb:changed.
type KB struct {
	rdb    redis.UniversalClient
	prefix string
}

// KB returns the knowledge store sharing s's connections and prefix.
func (s *Store) KB() *KB { return &KB{rdb: s.rdb, prefix: s.prefix} }

const kbLogMax = 10000

func (k *KB) key(name string) string { return k.prefix + ":{kb}:" + name }

func (k *KB) channel() string { return k.prefix + ":kb:changed" }

var errKBConflict = fmt.Errorf("redisstore: %w", editor.ErrConflict)

// kbFail wraps a Redis error; unreachable Redis matches editor.ErrUnavailable.
func kbFail(op string, err error) error {
	if errors.Is(err, editor.ErrConflict) || errors.Is(err, editor.ErrNotFound) {
		return err
	}
	if unavailable(err) {
		return fmt.Errorf("redisstore: %s: %w: %w", op, editor.ErrUnavailable, err)
	}
	return fmt.Errorf("redisstore: %s: %w", op, err)
}

// Heads implements editor.Store.
func (k *KB) Heads(ctx context.Context) (int64, map[string]int, error) {
	var revCmd *redis.StringCmd
	var headsCmd *redis.MapStringStringCmd
	_, err := k.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		revCmd = p.Get(ctx, k.key("rev"))
		headsCmd = p.HGetAll(ctx, k.key("heads"))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, nil, kbFail("heads", err)
	}
	rev, err := revCmd.Int64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, nil, kbFail("heads", err)
	}
	heads := make(map[string]int, len(headsCmd.Val()))
	for id, v := range headsCmd.Val() {
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, nil, kbFail("heads", fmt.Errorf("head of %s: %w", id, err))
		}
		heads[id] = n
	}
	return rev, heads, nil
}

func decodeVersion(id string, b []byte) (editor.Version, error) {
	var v editor.Version
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("redisstore: version of %s: %w", id, err)
	}
	return v, nil
}

// Version implements editor.Store.
func (k *KB) Version(ctx context.Context, id string, n int) (editor.Version, error) {
	b, err := k.rdb.HGet(ctx, k.key("ver:"+id), strconv.Itoa(n)).Bytes()
	if errors.Is(err, redis.Nil) {
		return editor.Version{}, fmt.Errorf("redisstore: %s version %d: %w", id, n, editor.ErrNotFound)
	}
	if err != nil {
		return editor.Version{}, kbFail("version", err)
	}
	return decodeVersion(id, b)
}

// Versions implements editor.Store.
func (k *KB) Versions(ctx context.Context, refs map[string]int) (map[string]editor.Version, error) {
	out := make(map[string]editor.Version, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	cmds := make(map[string]*redis.StringCmd, len(refs))
	_, err := k.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for id, n := range refs {
			cmds[id] = p.HGet(ctx, k.key("ver:"+id), strconv.Itoa(n))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, kbFail("versions", err)
	}
	for id, c := range cmds {
		b, err := c.Bytes()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, kbFail("versions", err)
		}
		v, err := decodeVersion(id, b)
		if err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, nil
}

// History implements editor.Store.
func (k *KB) History(ctx context.Context, id string) ([]editor.Version, error) {
	all, err := k.rdb.HGetAll(ctx, k.key("ver:"+id)).Result()
	if err != nil {
		return nil, kbFail("history", err)
	}
	out := make([]editor.Version, 0, len(all))
	for _, b := range all {
		v, err := decodeVersion(id, []byte(b))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b editor.Version) int { return a.Number - b.Number })
	return out, nil
}

// Draft implements editor.Store.
func (k *KB) Draft(ctx context.Context, id string) (editor.Draft, error) {
	b, err := k.rdb.HGet(ctx, k.key("drafts"), id).Bytes()
	if errors.Is(err, redis.Nil) {
		return editor.Draft{}, fmt.Errorf("redisstore: draft of %s: %w", id, editor.ErrNotFound)
	}
	if err != nil {
		return editor.Draft{}, kbFail("draft", err)
	}
	var d editor.Draft
	if err := json.Unmarshal(b, &d); err != nil {
		return d, fmt.Errorf("redisstore: draft of %s: %w", id, err)
	}
	return d, nil
}

// Drafts implements editor.Store.
func (k *KB) Drafts(ctx context.Context) (map[string]editor.Draft, error) {
	all, err := k.rdb.HGetAll(ctx, k.key("drafts")).Result()
	if err != nil {
		return nil, kbFail("drafts", err)
	}
	out := make(map[string]editor.Draft, len(all))
	for id, b := range all {
		var d editor.Draft
		if err := json.Unmarshal([]byte(b), &d); err != nil {
			return nil, fmt.Errorf("redisstore: draft of %s: %w", id, err)
		}
		out[id] = d
	}
	return out, nil
}

// watch runs fn in a WATCH transaction on keys, retrying when another
// client changed them between the read and the write.
func (k *KB) watch(ctx context.Context, op string, fn func(*redis.Tx) error, keys ...string) error {
	for range 20 {
		err := k.rdb.Watch(ctx, fn, keys...)
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		if err != nil {
			return kbFail(op, err)
		}
		return nil
	}
	return fmt.Errorf("redisstore: %s: too much contention: %w", op, editor.ErrConflict)
}

func draftRev(ctx context.Context, tx *redis.Tx, key, id string) (int, bool, error) {
	n, err := tx.HGet(ctx, key, id).Int()
	if errors.Is(err, redis.Nil) {
		return 0, false, nil
	}
	return n, err == nil, err
}

// SaveDraft implements editor.Store.
func (k *KB) SaveDraft(ctx context.Context, d editor.Draft, expectRev int) error {
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("redisstore: draft of %s: %w", d.ServiceID, err)
	}
	revKey := k.key("draftrev")
	return k.watch(ctx, "save draft", func(tx *redis.Tx) error {
		cur, _, err := draftRev(ctx, tx, revKey, d.ServiceID)
		if err != nil {
			return err
		}
		if cur != expectRev {
			return errKBConflict
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, k.key("drafts"), d.ServiceID, b)
			p.HSet(ctx, revKey, d.ServiceID, d.Rev)
			return nil
		})
		return err
	}, revKey)
}

// DeleteDraft implements editor.Store.
func (k *KB) DeleteDraft(ctx context.Context, id string, expectRev int) error {
	revKey := k.key("draftrev")
	return k.watch(ctx, "delete draft", func(tx *redis.Tx) error {
		cur, ok, err := draftRev(ctx, tx, revKey, id)
		switch {
		case err != nil:
			return err
		case !ok:
			return fmt.Errorf("redisstore: draft of %s: %w", id, editor.ErrNotFound)
		case cur != expectRev:
			return errKBConflict
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HDel(ctx, k.key("drafts"), id)
			p.HDel(ctx, revKey, id)
			return nil
		})
		return err
	}, revKey)
}

// Publish implements editor.Store.
func (k *KB) Publish(ctx context.Context, expectRev int64, ps ...editor.Publication) (int64, error) {
	vers := make([][]byte, len(ps))
	ids := make([]string, len(ps))
	seen := map[string]bool{}
	for i, p := range ps {
		id := p.Version.ServiceID
		if seen[id] {
			return 0, fmt.Errorf("redisstore: publish: %s twice: %w", id, editor.ErrConflict)
		}
		seen[id], ids[i] = true, id
		b, err := json.Marshal(p.Version)
		if err != nil {
			return 0, fmt.Errorf("redisstore: publish %s: %w", id, err)
		}
		vers[i] = b
	}
	revKey, headsKey, draftRevKey := k.key("rev"), k.key("heads"), k.key("draftrev")
	var newRev int64
	err := k.watch(ctx, "publish", func(tx *redis.Tx) error {
		rev, err := tx.Get(ctx, revKey).Int64()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		if expectRev >= 0 && rev != expectRev {
			return errKBConflict
		}
		heads, err := tx.HMGet(ctx, headsKey, ids...).Result()
		if err != nil {
			return err
		}
		drafts, err := tx.HMGet(ctx, draftRevKey, ids...).Result()
		if err != nil {
			return err
		}
		for i, p := range ps {
			head, _ := strconv.Atoi(fmt.Sprint(heads[i])) // nil (no head) -> 0
			if head != p.ExpectHead || p.Version.Number <= head {
				return errKBConflict
			}
			if p.DraftRev > 0 {
				if dr, _ := strconv.Atoi(fmt.Sprint(drafts[i])); dr != p.DraftRev {
					return errKBConflict
				}
			}
		}
		newRev = rev + 1
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			for i, pub := range ps {
				v := pub.Version
				p.HSetNX(ctx, k.key("ver:"+v.ServiceID), strconv.Itoa(v.Number), vers[i])
				p.HSet(ctx, headsKey, v.ServiceID, v.Number)
				if pub.DraftRev > 0 {
					p.HDel(ctx, k.key("drafts"), v.ServiceID)
					p.HDel(ctx, draftRevKey, v.ServiceID)
				}
				e, _ := json.Marshal(editor.LogEntry{Revision: newRev, ServiceID: v.ServiceID, Number: v.Number, Action: v.Action,
					Author: v.Author, Publisher: v.Publisher, At: v.At, Reason: v.Reason})
				p.LPush(ctx, k.key("log"), e)
			}
			p.LTrim(ctx, k.key("log"), 0, kbLogMax-1)
			p.Set(ctx, revKey, newRev, 0)
			return nil
		})
		return err
	}, revKey, headsKey, draftRevKey)
	if err != nil {
		return 0, err
	}
	// The signal is best effort: instances that miss it see the new
	// revision at their next poll.
	k.rdb.Publish(ctx, k.channel(), newRev)
	return newRev, nil
}

// Log implements editor.Store.
func (k *KB) Log(ctx context.Context, n int) ([]editor.LogEntry, error) {
	all, err := k.rdb.LRange(ctx, k.key("log"), 0, int64(n)-1).Result()
	if err != nil {
		return nil, kbFail("log", err)
	}
	out := make([]editor.LogEntry, 0, len(all))
	for _, b := range all {
		var e editor.LogEntry
		if err := json.Unmarshal([]byte(b), &e); err != nil {
			return nil, fmt.Errorf("redisstore: log: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Watch implements editor.Store with Redis pub/sub. go-redis resubscribes
// after a lost connection; what was published meanwhile is caught by the
// poll.
func (k *KB) Watch(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	ps := k.rdb.Subscribe(ctx, k.channel())
	go func() {
		defer ps.Close()
		msgs := ps.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-msgs:
				if !ok {
					return
				}
				select {
				case out <- struct{}{}:
				default: // a signal is already pending
				}
			}
		}
	}()
	return out
}
