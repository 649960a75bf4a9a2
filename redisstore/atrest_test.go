package redisstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/bot/storetest"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/staff"
)

var (
	brainOnce sync.Once
	sampleKB  *knowledge.Base
	matcher   *intents.Matcher
)

// engine is the real conversation engine over s, with the live handoff
// and the staff recorder wired as cmd/dalil wires them.
func engine(t *testing.T, s *Store, cfg bot.Config, scfg staff.Config) *bot.Engine {
	t.Helper()
	brainOnce.Do(func() {
		kb, err := knowledge.Load(knowledge.Sample())
		if err != nil {
			panic(err)
		}
		sampleKB, matcher = kb, intents.NewMatcher(kb)
	})
	st := s.Staff()
	cfg.Desk = &bot.Desk{Queue: st, Notifier: st}
	cfg.Logger = slog.New(slog.DiscardHandler)
	cfg.Observer = staff.NewRecorder(st, scfg)
	return bot.New(s, sampleKB, matcher, locales.MustNew(), cfg)
}

// dump reads every key under prefix and everything in it: its name, and
// every value, field, member and stream field, whatever its type.
func dump(t *testing.T, rdb redis.UniversalClient, prefix string) map[string]string {
	t.Helper()
	ctx := t.Context()
	out := map[string]string{}
	iter := rdb.Scan(ctx, 0, prefix+":*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		var parts []string
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			parts = append(parts, rdb.Get(ctx, k).Val())
		case "hash":
			for f, v := range rdb.HGetAll(ctx, k).Val() {
				parts = append(parts, f, v)
			}
		case "list":
			parts = append(parts, rdb.LRange(ctx, k, 0, -1).Val()...)
		case "set":
			parts = append(parts, rdb.SMembers(ctx, k).Val()...)
		case "zset":
			parts = append(parts, rdb.ZRange(ctx, k, 0, -1).Val()...)
		case "stream":
			for _, m := range rdb.XRange(ctx, k, "-", "+").Val() {
				for f, v := range m.Values {
					parts = append(parts, f, fmt.Sprint(v))
				}
			}
		case "none": // expired while scanning
			continue
		default:
			t.Fatalf("key %s has type %s, which this test cannot read", k, typ)
		}
		out[k] = strings.Join(parts, "\x00")
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func handle(t *testing.T, e *bot.Engine, conv, id, text string) bot.Reply {
	t.Helper()
	r, err := e.Handle(t.Context(), conv, bot.Message{ID: id, Text: text})
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return r
}

// session runs a conversation that touches every kind of key: answers,
// a handoff (queue, take, staff message, a citizen message while held,
// hand-back), feedback with a comment, a rating, and staff's flag, tags
// and note. texts are what the citizen writes, in order.
func session(t *testing.T, e *bot.Engine, st *Staff, texts []string) string {
	t.Helper()
	ctx := t.Context()
	sess, err := e.Start(ctx, "ar", "")
	if err != nil {
		t.Fatal(err)
	}
	id := sess.ConversationID
	var last bot.Reply
	n := 0
	next := func() string { n++; return fmt.Sprintf("m%d", n) }
	for _, text := range texts[:len(texts)/2] {
		last = handle(t, e, id, next(), text)
	}
	offer := handle(t, e, id, next(), "بدي احكي مع موظف")
	if len(offer.Suggestions) == 0 {
		t.Fatalf("no handoff offer: %+v", offer)
	}
	if r := handle(t, e, id, next(), offer.Suggestions[0].Title); r.Queue == nil {
		t.Fatalf("not queued: %+v", r)
	}
	if err := e.Take(ctx, id, "salma"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Say(ctx, id, "salma", "مرحباً، كيف أساعدك؟"); err != nil {
		t.Fatal(err)
	}
	for _, text := range texts[len(texts)/2:] {
		if r := handle(t, e, id, next(), text); !r.Silent {
			t.Fatalf("the bot answered while held: %+v", r)
		}
	}
	if err := e.Release(ctx, id, "salma", false); err != nil {
		t.Fatal(err)
	}
	if err := e.Feedback(ctx, id, bot.Feedback{MessageID: last.ID, Helpful: false, Comment: texts[0]}); err != nil {
		t.Fatal(err)
	}
	if err := e.Rate(ctx, id, 2, texts[len(texts)-1]); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Review(ctx, id, true, []string{"complaint"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddNote(ctx, id, staff.Note{By: "salma", Text: "called back", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return id
}

// personal is what a citizen must never find stored: ids, phones, e-mails
// and a passport, in Latin and Arabic-Indic digits, and the ASCII forms the
// latter fold to.
var personal = []string{
	"407595966", "٤٠٧٥٩٥٩٦٦", "29801011234567", "٢٩٨٠١٠١١٢٣٤٥٦٧", "0599123456", "٠٥٩٩١٢٣٤٥٦", "599123456",
	"01012345678", "912 3456", "ahmad.khalil@example.com", "ahmad.khalil", "A12345678", "a12345678", "4111111111111111", "4111 1111",
}

// TestRedactionAtRest runs a session full of personal data through the
// real engine and staff recorder against Redis, then reads every key and
// every value under the prefix: none holds the personal data, in any form.
func TestRedactionAtRest(t *testing.T) {
	needRedis(t)
	p := freshPrefix(t)
	s := openTest(t, Options{Prefix: p})
	e := engine(t, s, bot.Config{}, staff.Config{})
	id := session(t, e, s.Staff(), []string{
		"رقم هويتي 407595966 وبدي اجدد جواز السفر",
		"my national id is 29801011234567, how much is the passport renewal fee?",
		"ابعتولي على ahmad.khalil@example.com او على جوالي ٠٥٩٩١٢٣٤٥٦",
		"passport A12345678 expired, call +970 59 912 3456",
		"رقمي القومي ٢٩٨٠١٠١١٢٣٤٥٦٧ وتلفوني 01012345678",
		"هويتي ٤٠٧٥٩٥٩٦٦ وبطاقتي 4111 1111 1111 1111",
	})
	keys := dump(t, s.rdb, p)
	if len(keys) < 10 {
		t.Fatalf("only %d keys under the prefix: the session did not reach Redis", len(keys))
	}
	for k, v := range keys {
		for _, raw := range personal {
			if strings.Contains(k, raw) || strings.Contains(v, raw) {
				t.Errorf("%q is stored at rest in %s", raw, k)
			}
		}
	}
	// The test can fail: the placeholders are there, so the messages were
	// stored, redacted.
	log := keys[p+":{"+id+"}:log"]
	for _, want := range []string{"[ID]", "[EMAIL]", "[PHONE]", "[PASSPORT]", "[CARD]"} {
		if !strings.Contains(log, want) {
			t.Errorf("the transcript has no %s: %q", want, log)
		}
	}
}

// TestEraseRemovesEveryKey erases one conversation after a full session
// and reads all of Redis under the prefix: no key is named after it and no
// value, field or member mentions it; another conversation is untouched.
func TestEraseRemovesEveryKey(t *testing.T) {
	needRedis(t)
	p := freshPrefix(t)
	s := openTest(t, Options{Prefix: p})
	e := engine(t, s, bot.Config{}, staff.Config{})
	texts := []string{"كم رسوم تجديد جواز السفر؟", "what documents do I need?", "شو بدي اعمل", "thanks"}
	id := session(t, e, s.Staff(), texts)
	other := session(t, e, s.Staff(), texts)
	// And while waiting in the queue.
	sess, _ := e.Start(t.Context(), "ar", "")
	queued := sess.ConversationID
	offer := handle(t, e, queued, "m1", "بدي احكي مع موظف")
	handle(t, e, queued, "m2", offer.Suggestions[0].Title)

	before := dump(t, s.rdb, p)
	mentions := func(keys map[string]string, id string) []string {
		var out []string
		for k, v := range keys {
			if strings.Contains(k, id) || strings.Contains(v, id) {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	if m := mentions(before, id); len(m) < 15 {
		t.Fatalf("before erasure only %d keys mention the conversation: %v", len(m), m)
	}
	for _, c := range []string{id, queued} {
		if err := s.Staff().Erase(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	after := dump(t, s.rdb, p)
	for _, c := range []string{id, queued} {
		if m := mentions(after, c); len(m) > 0 {
			t.Errorf("after erasure %s is still in %v", c, m)
		}
	}
	if m := mentions(after, other); len(m) < 15 {
		t.Errorf("erasure touched another conversation: %d keys mention it now", len(m))
	}
}

// TestEraseAfterRetention: a conversation whose retention has just run
// out, before any search pruned the index, is still erased from every
// index set (its idx outlives its record for this).
func TestEraseAfterRetention(t *testing.T) {
	needRedis(t)
	p := freshPrefix(t)
	s := openTest(t, Options{Prefix: p})
	ctx := t.Context()
	id, other := storetest.NewID(), storetest.NewID()
	u := staff.Update{At: time.Now(), Lang: "ar", Messages: 1, Unanswered: 1, Terms: []string{"جواز"}, Services: []string{"passport-renewal"}}
	u.ID = id
	if err := s.Staff().Record(ctx, u, 500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	u.ID = other
	if err := s.Staff().Record(ctx, u, time.Hour); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	if err := s.Staff().Erase(ctx, id); err != nil {
		t.Fatal(err)
	}
	for k, v := range dump(t, s.rdb, p) {
		if strings.Contains(k, id) || strings.Contains(v, id) {
			t.Errorf("after erasure %s still mentions the conversation", k)
		}
	}
	if cs, total, err := s.Staff().Find(ctx, staff.Filter{Service: "passport-renewal"}); err != nil || total != 1 || cs[0].ID != other {
		t.Errorf("Find after erasure: %v, %d, %v", cs, total, err)
	}
}

// TestRetentionExpiresEveryKey: with a one-second retention, everything
// about a conversation is gone from Redis shortly after its last step;
// only the day's report counters (no conversation ids) remain.
func TestRetentionExpiresEveryKey(t *testing.T) {
	needRedis(t)
	p := freshPrefix(t)
	s := openTest(t, Options{Prefix: p})
	e := engine(t, s, bot.Config{StateTTL: time.Second, Retention: time.Second}, staff.Config{Retention: time.Second})
	id := session(t, e, s.Staff(), []string{"كم رسوم تجديد جواز السفر؟", "what documents do I need?"})
	if len(dump(t, s.rdb, p)) < 10 {
		t.Fatal("the session stored nothing")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := dump(t, s.rdb, p)
		var rest []string
		for k, v := range left {
			if strings.Contains(v, id) || !strings.HasPrefix(k, p+":stats:") {
				rest = append(rest, k)
			}
		}
		if len(rest) == 0 {
			break
		}
		if time.Now().After(deadline) {
			sort.Strings(rest)
			t.Fatalf("after the retention these keys remain: %v", rest)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := s.Staff().Conversation(context.Background(), id); err == nil {
		t.Error("the index record outlived the retention")
	}
}

// BenchmarkEngineTurnStaff measures what the staff side adds to one chat
// turn on Redis: the real engine answering a question, alone and with the
// staff recorder (index record, index entries, search terms, report
// counters). Run:
//
//	go test -run '^$' -bench EngineTurnStaff ./redisstore
func BenchmarkEngineTurnStaff(b *testing.B) {
	needRedis(b)
	questions := []string{"كم رسوم تجديد جواز السفر؟", "what documents do I need for a new ID card?", "وين بقدم طلب شهادة الميلاد",
		"how long does a driving licence renewal take", "شو حالة الطقس بكرا؟"}
	for _, withStaff := range []bool{false, true} {
		name := "bot"
		if withStaff {
			name = "bot+staff"
		}
		b.Run(name, func(b *testing.B) {
			p := testPrefix + "_bench_" + strings.ToLower(rand.Text()[:6])
			b.Cleanup(func() { deleteKeys(b, p) })
			s := openTest(b, Options{Prefix: p})
			e := benchEngine(b, s, withStaff)
			ids := make([]string, 64)
			for i := range ids {
				sess, err := e.Start(b.Context(), "ar", "")
				if err != nil {
					b.Fatal(err)
				}
				ids[i] = sess.ConversationID
			}
			i := 0
			for b.Loop() {
				if _, err := e.Handle(b.Context(), ids[i%len(ids)], bot.Message{ID: fmt.Sprintf("m%d", i), Text: questions[i%len(questions)]}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func benchEngine(b *testing.B, s *Store, withStaff bool) *bot.Engine {
	brainOnce.Do(func() {
		kb, err := knowledge.Load(knowledge.Sample())
		if err != nil {
			panic(err)
		}
		sampleKB, matcher = kb, intents.NewMatcher(kb)
	})
	cfg := bot.Config{Logger: slog.New(slog.DiscardHandler)}
	if withStaff {
		st := s.Staff()
		cfg.Desk = &bot.Desk{Queue: st, Notifier: st}
		cfg.Observer = staff.NewRecorder(st, staff.Config{Logger: cfg.Logger})
	}
	return bot.New(s, sampleKB, matcher, locales.MustNew(), cfg)
}
