package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/staff"
)

var (
	_ staff.Store  = (*Staff)(nil)
	_ bot.Queue    = (*Staff)(nil)
	_ bot.Notifier = (*Staff)(nil)
)

// Staff is the shared staff.Store, and the queue and notices of the live
// handoff, beside the conversations of its Store. Keys:
//
//	<prefix>:{<id>}:sum     hash: the conversation's index record (counts, flags,
//	                        first and last activity, lang, preview, svc:<id> and
//	                        int:<intent> fields, staff's flag and tags)
//	<prefix>:{<id>}:notes   list: staff notes (JSON)
//	<prefix>:{staff}:last   sorted set: conversation id by last activity (ms)
//	<prefix>:{staff}:all    sorted set: conversation id by expiry (ms)
//	<prefix>:{staff}:<ix>   sorted sets: lang:<l>, svc:<id>, int:<intent>,
//	                        tag:<t>, term:<stem>, unanswered, negative, handoff,
//	                        flagged, left, held
//	<prefix>:{staff}:idx:<id>  set: the index keys the conversation is in
//	<prefix>:{staff}:queue  sorted set: conversations waiting for a person, by time joined
//	<prefix>:{staff}:resolved  hash: lang|key -> resolution (JSON)
//	<prefix>:stats:<day>    hash: report counters metric|lang|service -> n
//	<prefix>:stats:<day>:waits  list: waits in the queue (JSON)
//
// and notices go out on the channel <prefix>:live. Everything about one
// conversation expires with the retention period, counted from its last
// turn: its own keys by TTL; its index entries when pruning finds its
// expiry in all has passed and removes it from every set its idx lists.
// Every write prunes a few, and every search all, before it reads. The
// index keys share the hash tag {staff}, so one ZINTERSTORE combines
// filters, and one script prunes, on Redis Cluster too.
type Staff struct {
	rdb    redis.UniversalClient
	prefix string
	s      *Store
	bus    bot.Broadcast

	subOnce sync.Once
	ps      *redis.PubSub
}

// Staff returns the staff store sharing s's connections and prefix. It is
// one per Store: its notice subscription is closed by Store.Close.
func (s *Store) Staff() *Staff {
	s.staffOnce.Do(func() { s.staff = &Staff{rdb: s.rdb, prefix: s.prefix, s: s} })
	return s.staff
}

func (st *Staff) ix(name string) string { return st.prefix + ":{staff}:" + name }

// idx is the set of index keys conversation id is in.
func (st *Staff) idx(id string) string { return st.ix("idx:" + id) }

func (st *Staff) channel() string { return st.prefix + ":live" }

func ms(t time.Time) float64 { return float64(t.UnixMilli()) }

// expire sets a key's TTL unless it already lives longer: keys shared by
// many conversations must outlive the longest-lived of them.
func expire(ctx context.Context, p redis.Pipeliner, key string, ttl time.Duration) {
	p.Do(ctx, "pexpire", key, ttl.Milliseconds(), "NX")
	p.Do(ctx, "pexpire", key, ttl.Milliseconds(), "GT")
}

// Record implements staff.Index.
func (st *Staff) Record(ctx context.Context, u staff.Update, ttl time.Duration) error {
	if err := check("record", u.ID, ttl); err != nil {
		return err
	}
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		st.record(ctx, p, u, ttl)
		return nil
	})
	if err != nil {
		return fail("record", u.ID, err)
	}
	return nil
}

// RecordCount is Record and Count of the same step in one round trip: the
// staff recorder writes both after every turn, and the citizen's reply
// waits for it.
func (st *Staff) RecordCount(ctx context.Context, u staff.Update, ttl time.Duration, day string, add map[string]int64, reportTTL time.Duration) error {
	if err := check("record", u.ID, ttl); err != nil {
		return err
	}
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		st.record(ctx, p, u, ttl)
		st.count(ctx, p, day, add, reportTTL)
		return nil
	})
	if err != nil {
		return fail("record", u.ID, err)
	}
	return nil
}

// record queues Record's commands on p.
func (st *Staff) record(ctx context.Context, p redis.Pipeliner, u staff.Update, ttl time.Duration) {
	now := time.Now()
	exp := ms(now.Add(ttl))
	sum, notes := st.s.key(u.ID, "sum"), st.s.key(u.ID, "notes")
	p.HSetNX(ctx, sum, "started", u.At.UTC().Format(time.RFC3339Nano))
	fields := []any{"last", u.At.UTC().Format(time.RFC3339Nano)}
	if u.Lang != "" {
		fields = append(fields, "lang", u.Lang)
	}
	if u.HandedOff {
		fields = append(fields, "handedoff", "1")
	}
	if u.Held != "" && u.Held != staff.HeldNobody {
		fields = append(fields, "held", u.Held)
	}
	if u.LeftMessage > 0 {
		fields = append(fields, "left", "1")
	}
	if u.Rating > 0 {
		fields = append(fields, "rating", u.Rating)
	}
	for _, x := range u.Services {
		fields = append(fields, "svc:"+x, "1")
	}
	for _, x := range u.Intents {
		fields = append(fields, "int:"+x, "1")
	}
	p.HSet(ctx, sum, fields...)
	if u.Held == staff.HeldNobody {
		p.HDel(ctx, sum, "held")
	}
	if u.LeftMessage < 0 {
		p.HDel(ctx, sum, "left")
	}
	if u.Preview != "" {
		p.HSetNX(ctx, sum, "preview", u.Preview)
	}
	for f, n := range map[string]int{"messages": u.Messages, "unanswered": u.Unanswered, "negative": u.Negative} {
		if n != 0 {
			p.HIncrBy(ctx, sum, f, int64(n))
		}
	}
	p.PExpire(ctx, sum, ttl)
	p.PExpire(ctx, notes, ttl)

	var in []string
	if u.Lang != "" {
		in = append(in, "lang:"+u.Lang)
	}
	for _, x := range u.Services {
		in = append(in, "svc:"+x)
	}
	for _, x := range u.Intents {
		in = append(in, "int:"+x)
	}
	for _, x := range u.Terms {
		in = append(in, "term:"+x)
	}
	for name, on := range map[string]bool{"unanswered": u.Unanswered > 0, "negative": u.Negative > 0, "handoff": u.HandedOff,
		"left": u.LeftMessage > 0, "held": u.Held != "" && u.Held != staff.HeldNobody} {
		if on {
			in = append(in, name)
		}
	}
	if u.LeftMessage < 0 {
		p.ZRem(ctx, st.ix("left"), u.ID)
	}
	if u.Held == staff.HeldNobody {
		p.ZRem(ctx, st.ix("held"), u.ID)
	}
	p.ZAdd(ctx, st.ix("last"), redis.Z{Score: ms(u.At), Member: u.ID})
	expire(ctx, p, st.ix("last"), ttl)
	p.ZAdd(ctx, st.ix("all"), redis.Z{Score: exp, Member: u.ID})
	expire(ctx, p, st.ix("all"), ttl)
	st.enter(ctx, p, u.ID, in, exp, ttl)
	st.pruneOn(ctx, p, now, prunePerWrite)
}

// enter adds conversation id to the named index sets (see enterSrc).
func (st *Staff) enter(ctx context.Context, p redis.Pipeliner, id string, names []string, exp float64, ttl time.Duration) {
	args := make([]any, 0, len(names)+3)
	args = append(args, id, exp, ttl.Milliseconds())
	for _, n := range names {
		args = append(args, st.ix(n))
	}
	p.Eval(ctx, enterSrc, []string{st.idx(id)}, args...)
}

// enterSrc adds a conversation to index sets and lists them in its idx
// (KEYS[1]). An entry's score does not say whether it is live: all does,
// and an entry leaves its set when pruning finds all's has passed, so the
// entries of earlier turns live as long as the conversation. What must
// hold is that every set it is in outlives its record: idx carries an
// expiry at least one retention (ARGV[3] ms) ahead, every set of this
// turn gets it too, and when it comes within a retention every set of the
// conversation is pushed to two retentions ahead (once a retention, not
// on every turn). Sent with EVAL, so a pipeline never meets NOSCRIPT.
const enterSrc = `
local id, score, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
for i = 4, #ARGV do
  redis.call('ZADD', ARGV[i], score, id)
  redis.call('SADD', KEYS[1], ARGV[i])
end
local left = redis.call('PTTL', KEYS[1])
local sets = {}
if left < ttl then
  left = 2 * ttl
  redis.call('PEXPIRE', KEYS[1], left)
  sets = redis.call('SMEMBERS', KEYS[1])
else
  for i = 4, #ARGV do sets[#sets + 1] = ARGV[i] end
end
for _, k in ipairs(sets) do
  if redis.call('PEXPIRE', k, left, 'GT') == 0 then
    redis.call('PEXPIRE', k, left, 'NX')
  end
end
return 0`

// Pruning: conversations whose expiry in all has passed leave every index
// set their idx lists, then all and last. A few per write keep the sets
// from growing; every search prunes them all first.
const (
	prunePerWrite  = 16
	prunePerSearch = 5000
)

// pruneSrc is sent with EVAL (Redis caches it by its hash), so a write
// queues it in its pipeline without a NOSCRIPT round trip.
const pruneSrc = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(gone) do
  local idx = ARGV[3] .. id
  for _, k in ipairs(redis.call('SMEMBERS', idx)) do
    redis.call('ZREM', k, id)
  end
  redis.call('DEL', idx)
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
return #gone`

func (st *Staff) pruneOn(ctx context.Context, p redis.Pipeliner, now time.Time, limit int) *redis.Cmd {
	return p.Eval(ctx, pruneSrc, []string{st.ix("all"), st.ix("last")}, now.UnixMilli(), limit, st.ix("idx:"))
}

// decode turns a record's hash and notes into a Conversation.
func decode(id string, h map[string]string, notes []string) (staff.Conversation, error) {
	c := staff.Conversation{ID: id, Services: []string{}, Intents: []string{}, Tags: []string{}, Notes: []staff.Note{}}
	for k, v := range h {
		switch {
		case k == "started":
			c.Started, _ = time.Parse(time.RFC3339Nano, v)
		case k == "last":
			c.Last, _ = time.Parse(time.RFC3339Nano, v)
		case k == "lang":
			c.Lang = v
		case k == "preview":
			c.Preview = v
		case k == "held":
			c.Held = v
		case k == "messages":
			c.Messages, _ = strconv.Atoi(v)
		case k == "unanswered":
			c.Unanswered, _ = strconv.Atoi(v)
		case k == "negative":
			c.Negative, _ = strconv.Atoi(v)
		case k == "rating":
			c.Rating, _ = strconv.Atoi(v)
		case k == "handedoff":
			c.HandedOff = v == "1"
		case k == "left":
			c.LeftMessage = v == "1"
		case k == "flagged":
			c.Flagged = v == "1"
		case k == "tags":
			if err := json.Unmarshal([]byte(v), &c.Tags); err != nil {
				return c, fmt.Errorf("redisstore: conversation %s: tags: %w", id, err)
			}
		case strings.HasPrefix(k, "svc:"):
			c.Services = append(c.Services, k[4:])
		case strings.HasPrefix(k, "int:"):
			c.Intents = append(c.Intents, k[4:])
		}
	}
	slices.Sort(c.Services)
	slices.Sort(c.Intents)
	for _, n := range notes {
		var x staff.Note
		if err := json.Unmarshal([]byte(n), &x); err != nil {
			return c, fmt.Errorf("redisstore: conversation %s: note: %w", id, err)
		}
		c.Notes = append(c.Notes, x)
	}
	return c, nil
}

// records reads the records of ids, in order, leaving out those that
// have expired.
func (st *Staff) records(ctx context.Context, ids []string) ([]staff.Conversation, error) {
	hs := make([]*redis.MapStringStringCmd, len(ids))
	ns := make([]*redis.StringSliceCmd, len(ids))
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			hs[i] = p.HGetAll(ctx, st.s.key(id, "sum"))
			ns[i] = p.LRange(ctx, st.s.key(id, "notes"), 0, -1)
		}
		return nil
	})
	if err != nil {
		return nil, fail("records", "", err)
	}
	var out []staff.Conversation
	for i, id := range ids {
		if len(hs[i].Val()) == 0 {
			continue
		}
		c, err := decode(id, hs[i].Val(), ns[i].Val())
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Conversation implements staff.Index.
func (st *Staff) Conversation(ctx context.Context, id string) (staff.Conversation, error) {
	if !validID(id) {
		return staff.Conversation{}, fmt.Errorf("redisstore: conversation %s: %w", id, staff.ErrNotFound)
	}
	cs, err := st.records(ctx, []string{id})
	if err != nil {
		return staff.Conversation{}, err
	}
	if len(cs) == 0 {
		return staff.Conversation{}, fmt.Errorf("redisstore: conversation %s: %w", id, staff.ErrNotFound)
	}
	return cs[0], nil
}

// prune takes conversations whose retention has run out off the index,
// so searches and counts leave them out at once.
func (st *Staff) prune(ctx context.Context) error {
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		st.pruneOn(ctx, p, time.Now(), prunePerSearch)
		return nil
	})
	return err
}

// Find implements staff.Index.
func (st *Staff) Find(ctx context.Context, f staff.Filter) ([]staff.Conversation, int, error) {
	if err := st.prune(ctx); err != nil {
		return nil, 0, fail("find", "", err)
	}
	var extra []string
	add := func(on bool, name string) {
		if on {
			extra = append(extra, st.ix(name))
		}
	}
	add(f.Lang != "", "lang:"+f.Lang)
	add(f.Service != "", "svc:"+f.Service)
	add(f.Intent != "", "int:"+f.Intent)
	add(f.Tag != "", "tag:"+f.Tag)
	add(f.Unanswered, "unanswered")
	add(f.Negative, "negative")
	add(f.HandedOff, "handoff")
	add(f.Flagged, "flagged")
	add(f.LeftMessage, "left")
	add(f.Held, "held")
	for _, t := range f.Terms {
		add(true, "term:"+t)
	}
	lo, hi := "-inf", "+inf"
	if !f.From.IsZero() {
		lo = strconv.FormatInt(f.From.UnixMilli(), 10)
	}
	if !f.To.IsZero() {
		hi = "(" + strconv.FormatInt(f.To.UnixMilli(), 10)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, staff.MaxLimit)
	src := st.ix("last")
	var rangeCmd *redis.StringSliceCmd
	var countCmd *redis.IntCmd
	_, err := st.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		if len(extra) > 0 {
			// Scores of last (activity) survive; the others only filter.
			src = st.ix("tmp:" + rand.Text()[:16])
			keys := append([]string{st.ix("last"), st.ix("all")}, extra...)
			weights := make([]float64, len(keys))
			weights[0] = 1
			p.ZInterStore(ctx, src, &redis.ZStore{Keys: keys, Weights: weights, Aggregate: "SUM"})
		}
		rangeCmd = p.ZRevRangeByScore(ctx, src, &redis.ZRangeBy{Min: lo, Max: hi, Offset: int64(f.Offset), Count: int64(limit)})
		countCmd = p.ZCount(ctx, src, lo, hi)
		if len(extra) > 0 {
			p.Del(ctx, src)
		}
		return nil
	})
	if err != nil {
		return nil, 0, fail("find", "", err)
	}
	cs, err := st.records(ctx, rangeCmd.Val())
	if err != nil {
		return nil, 0, err
	}
	return cs, int(countCmd.Val()), nil
}

// current reads what Review and AddNote need of a live record.
func (st *Staff) current(ctx context.Context, id string) (tags []string, ttl time.Duration, exp float64, err error) {
	if !validID(id) {
		return nil, 0, 0, fmt.Errorf("redisstore: %s: %w", id, staff.ErrNotFound)
	}
	sum := st.s.key(id, "sum")
	var tagsCmd *redis.StringCmd
	var ttlCmd *redis.DurationCmd
	var expCmd *redis.FloatCmd
	_, err = st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		tagsCmd = p.HGet(ctx, sum, "tags")
		ttlCmd = p.PTTL(ctx, sum)
		expCmd = p.ZScore(ctx, st.ix("all"), id)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, 0, 0, fail("review", id, err)
	}
	if ttlCmd.Val() <= 0 {
		return nil, 0, 0, fmt.Errorf("redisstore: %s: %w", id, staff.ErrNotFound)
	}
	if v := tagsCmd.Val(); v != "" {
		json.Unmarshal([]byte(v), &tags)
	}
	return tags, ttlCmd.Val(), expCmd.Val(), nil
}

// Review implements staff.Index.
func (st *Staff) Review(ctx context.Context, id string, flagged bool, tags []string) (staff.Conversation, error) {
	old, ttl, exp, err := st.current(ctx, id)
	if err != nil {
		return staff.Conversation{}, err
	}
	if tags == nil {
		tags = []string{}
	}
	tj, _ := json.Marshal(tags)
	f := "0"
	if flagged {
		f = "1"
	}
	_, err = st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, st.s.key(id, "sum"), "flagged", f, "tags", string(tj))
		var in []string
		if flagged {
			in = append(in, "flagged")
		} else {
			p.ZRem(ctx, st.ix("flagged"), id)
		}
		for _, t := range old {
			if !slices.Contains(tags, t) {
				p.ZRem(ctx, st.ix("tag:"+t), id)
			}
		}
		for _, t := range tags {
			in = append(in, "tag:"+t)
		}
		if len(in) > 0 {
			st.enter(ctx, p, id, in, exp, ttl)
		}
		return nil
	})
	if err != nil {
		return staff.Conversation{}, fail("review", id, err)
	}
	return st.Conversation(ctx, id)
}

// AddNote implements staff.Index.
func (st *Staff) AddNote(ctx context.Context, id string, n staff.Note) (staff.Conversation, error) {
	_, ttl, _, err := st.current(ctx, id)
	if err != nil {
		return staff.Conversation{}, err
	}
	b, err := json.Marshal(n)
	if err != nil {
		return staff.Conversation{}, fmt.Errorf("redisstore: note on %s: %w", id, err)
	}
	notes := st.s.key(id, "notes")
	_, err = st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, notes, b)
		p.PExpire(ctx, notes, ttl)
		return nil
	})
	if err != nil {
		return staff.Conversation{}, fail("note", id, err)
	}
	return st.Conversation(ctx, id)
}

// Erase implements staff.Index: the record, its index entries, notes and
// place in the queue, and the conversation's state, transcript, dedupe set
// and lock.
func (st *Staff) Erase(ctx context.Context, id string) error {
	if !validID(id) {
		return nil // nothing can have been stored under it
	}
	// idx outlives the record until pruning, so a conversation whose
	// retention has just run out is erased from the index too.
	idx := st.idx(id)
	keys, err := st.rdb.SMembers(ctx, idx).Result()
	if err != nil {
		return fail("erase", id, err)
	}
	_, err = st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range append(keys, st.ix("all"), st.ix("last"), st.ix("queue")) {
			p.ZRem(ctx, k, id)
		}
		p.Del(ctx, idx)
		for _, kind := range []string{"sum", "notes", "state", "log", "ids", "lock", "llmtokens"} {
			p.Del(ctx, st.s.key(id, kind))
		}
		return nil
	})
	if err != nil {
		return fail("erase", id, err)
	}
	return nil
}

func (st *Staff) statsKey(day string) string { return st.prefix + ":stats:" + day }

// Count implements staff.Counters.
func (st *Staff) Count(ctx context.Context, day string, add map[string]int64, ttl time.Duration) error {
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		st.count(ctx, p, day, add, ttl)
		return nil
	})
	if err != nil {
		return fail("count", "", err)
	}
	return nil
}

// count queues Count's commands on p.
func (st *Staff) count(ctx context.Context, p redis.Pipeliner, day string, add map[string]int64, ttl time.Duration) {
	if len(add) == 0 {
		return
	}
	k := st.statsKey(day)
	for f, n := range add {
		p.HIncrBy(ctx, k, f, n)
	}
	p.PExpire(ctx, k, ttl)
}

// AddWait implements staff.Counters.
func (st *Staff) AddWait(ctx context.Context, day string, w staff.Wait, ttl time.Duration) error {
	b, _ := json.Marshal(w)
	k := st.statsKey(day) + ":waits"
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, k, b)
		p.PExpire(ctx, k, ttl)
		return nil
	})
	if err != nil {
		return fail("wait", "", err)
	}
	return nil
}

// Day implements staff.Counters.
func (st *Staff) Day(ctx context.Context, day string) (map[string]int64, []staff.Wait, error) {
	var h *redis.MapStringStringCmd
	var l *redis.StringSliceCmd
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		h = p.HGetAll(ctx, st.statsKey(day))
		l = p.LRange(ctx, st.statsKey(day)+":waits", 0, -1)
		return nil
	})
	if err != nil {
		return nil, nil, fail("day", "", err)
	}
	counts := make(map[string]int64, len(h.Val()))
	for f, v := range h.Val() {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, nil, fmt.Errorf("redisstore: day %s: %s: %w", day, f, err)
		}
		counts[f] = n
	}
	var waits []staff.Wait
	for _, s := range l.Val() {
		var w staff.Wait
		if err := json.Unmarshal([]byte(s), &w); err != nil {
			return nil, nil, fmt.Errorf("redisstore: day %s: wait: %w", day, err)
		}
		waits = append(waits, w)
	}
	return counts, waits, nil
}

// Resolve implements staff.Decisions.
func (st *Staff) Resolve(ctx context.Context, r staff.Resolution) error {
	b, _ := json.Marshal(r)
	if err := st.rdb.HSet(ctx, st.ix("resolved"), r.Lang+"|"+r.Key, b).Err(); err != nil {
		return fail("resolve", "", err)
	}
	return nil
}

// Resolutions implements staff.Decisions.
func (st *Staff) Resolutions(ctx context.Context) ([]staff.Resolution, error) {
	m, err := st.rdb.HGetAll(ctx, st.ix("resolved")).Result()
	if err != nil {
		return nil, fail("resolutions", "", err)
	}
	out := make([]staff.Resolution, 0, len(m))
	for _, v := range m {
		var r staff.Resolution
		if err := json.Unmarshal([]byte(v), &r); err != nil {
			return nil, fmt.Errorf("redisstore: resolution: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Join implements bot.Queue.
func (st *Staff) Join(ctx context.Context, id string, at time.Time) (int, error) {
	var rank *redis.IntCmd
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAddNX(ctx, st.ix("queue"), redis.Z{Score: ms(at), Member: id})
		rank = p.ZRank(ctx, st.ix("queue"), id)
		return nil
	})
	if err != nil {
		return 0, fail("queue join", id, err)
	}
	return int(rank.Val()) + 1, nil
}

// Leave implements bot.Queue.
func (st *Staff) Leave(ctx context.Context, id string) error {
	if err := st.rdb.ZRem(ctx, st.ix("queue"), id).Err(); err != nil {
		return fail("queue leave", id, err)
	}
	return nil
}

// Position implements bot.Queue.
func (st *Staff) Position(ctx context.Context, id string) (int, error) {
	n, err := st.rdb.ZRank(ctx, st.ix("queue"), id).Result()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fail("queue position", id, err)
	}
	return int(n) + 1, nil
}

// Waiting implements staff.Store.
func (st *Staff) Waiting(ctx context.Context) ([]staff.Waiting, error) {
	zs, err := st.rdb.ZRangeWithScores(ctx, st.ix("queue"), 0, -1).Result()
	if err != nil {
		return nil, fail("queue", "", err)
	}
	out := make([]staff.Waiting, len(zs))
	for i, z := range zs {
		out[i] = staff.Waiting{ConversationID: z.Member.(string), Since: time.UnixMilli(int64(z.Score)).UTC()}
	}
	return out, nil
}

// QueueLength is the number of conversations waiting for a person (the
// metrics gauge).
func (st *Staff) QueueLength(ctx context.Context) (int, error) {
	n, err := st.rdb.ZCard(ctx, st.ix("queue")).Result()
	if err != nil {
		return 0, fail("queue length", "", err)
	}
	return int(n), nil
}

// Notify implements bot.Notifier: a Redis PUBLISH, so every instance's
// subscribers get it.
func (st *Staff) Notify(ctx context.Context, n bot.Notice) error {
	b, _ := json.Marshal(n)
	if err := st.rdb.Publish(ctx, st.channel(), b).Err(); err != nil {
		return fail("notify", n.ConversationID, err)
	}
	return nil
}

// Subscribe implements staff.Store. The first call opens the instance's
// one Redis subscription (waiting briefly for Redis to confirm it, so a
// notice published right after is not missed); go-redis re-subscribes by
// itself after a lost connection. Subscribers share it.
func (st *Staff) Subscribe(ctx context.Context) <-chan bot.Notice {
	st.subOnce.Do(func() {
		st.ps = st.rdb.Subscribe(context.Background(), st.channel())
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if _, err := st.ps.Receive(cctx); err != nil {
			slog.Warn("redisstore: notice subscription not confirmed yet; it will retry", "err", err)
		}
		cancel()
		msgs := st.ps.Channel()
		go func() {
			for m := range msgs {
				var n bot.Notice
				if json.Unmarshal([]byte(m.Payload), &n) == nil {
					st.bus.Publish(n)
				}
			}
		}()
	})
	return st.bus.Subscribe(ctx)
}

func (st *Staff) close() error {
	st.subOnce.Do(func() {}) // no subscription may start after this
	if st.ps != nil {
		return st.ps.Close()
	}
	return nil
}
