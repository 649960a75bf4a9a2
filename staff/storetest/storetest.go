// Package storetest is the contract every staff.Store implementation
// must meet (memstore and redisstore run it from their tests), together
// with the live-handoff queue and notices the same stores provide to bot.
//
// It imports testing and is meant for _test.go files only.
package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/staff"
)

// Stores are the stores under test; they share one backend.
type Stores struct {
	Staff    staff.Store
	Chat     bot.Store // conversation state and transcripts (erasure removes them too)
	Queue    bot.Queue
	Notifier bot.Notifier
	// Other, when not nil, is a second handle on the same backend (another
	// instance): notices published through it must reach Staff's subscribers.
	Other bot.Notifier
}

// Run runs the suite. open is called once per subtest and must return
// stores that share nothing with those of other calls (a fresh prefix, or a
// fresh process store): the subtests run in parallel and list everything.
func Run(t *testing.T, open func(t *testing.T) Stores) {
	tests := []struct {
		name string
		fn   func(*testing.T, Stores)
	}{
		{"RecordMerges", testRecordMerges},
		{"ConversationUnknown", testUnknown},
		{"FindFilters", testFindFilters},
		{"FindSearch", testFindSearch},
		{"FindPages", testFindPages},
		{"HeldAndLeftMessage", testHeldAndLeft},
		{"ReviewAndNotes", testReviewAndNotes},
		{"RetentionExpires", testRetention},
		{"RetentionFromLastTurn", testRetentionFromLastTurn},
		{"Erase", testErase},
		{"Counters", testCounters},
		{"Resolutions", testResolutions},
		{"Queue", testQueue},
		{"Notices", testNotices},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

const long = time.Hour

func newID() string { return "c_" + rand.Text()[:16] }

// base is a fixed time in the past, so ranges are easy to state.
var base = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func record(t *testing.T, s staff.Store, u staff.Update, ttl time.Duration) {
	t.Helper()
	if err := s.Record(t.Context(), u, ttl); err != nil {
		t.Fatalf("Record %s: %v", u.ID, err)
	}
}

func get(t *testing.T, s staff.Store, id string) staff.Conversation {
	t.Helper()
	c, err := s.Conversation(t.Context(), id)
	if err != nil {
		t.Fatalf("Conversation %s: %v", id, err)
	}
	return c
}

func find(t *testing.T, s staff.Store, f staff.Filter) ([]string, int) {
	t.Helper()
	cs, total, err := s.Find(t.Context(), f)
	if err != nil {
		t.Fatalf("Find %+v: %v", f, err)
	}
	ids := []string{}
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids, total
}

func testRecordMerges(t *testing.T, st Stores) {
	s := st.Staff
	id := newID()
	record(t, s, staff.Update{ID: id, At: base, Lang: "ar", Messages: 1, Services: []string{"passport-renewal"},
		Intents: []string{"service_info"}, Preview: "كم رسوم تجديد الجواز", Terms: []string{"رسوم", "جواز"}}, long)
	record(t, s, staff.Update{ID: id, At: base.Add(time.Minute), Lang: "en", Messages: 2, Services: []string{"id-card-issue", "passport-renewal"},
		Intents: []string{"fallback", "service_info"}, Unanswered: 1, Negative: 1, HandedOff: true, Rating: 4, Preview: "later"}, long)
	c := get(t, s, id)
	want := staff.Conversation{ID: id, Started: base, Last: base.Add(time.Minute), Lang: "en", Messages: 3,
		Services: []string{"id-card-issue", "passport-renewal"}, Intents: []string{"fallback", "service_info"},
		Unanswered: 1, Negative: 1, HandedOff: true, Rating: 4, Tags: []string{}, Notes: []staff.Note{}, Preview: "كم رسوم تجديد الجواز"}
	if !equal(c, want) {
		t.Errorf("merged record\n got %+v\nwant %+v", c, want)
	}
}

func equal(a, b staff.Conversation) bool {
	return a.ID == b.ID && a.Started.Equal(b.Started) && a.Last.Equal(b.Last) && a.Lang == b.Lang && a.Messages == b.Messages &&
		slices.Equal(a.Services, b.Services) && slices.Equal(a.Intents, b.Intents) && a.Unanswered == b.Unanswered &&
		a.Negative == b.Negative && a.HandedOff == b.HandedOff && a.Held == b.Held && a.LeftMessage == b.LeftMessage &&
		a.Rating == b.Rating && a.Flagged == b.Flagged && slices.Equal(a.Tags, b.Tags) && len(a.Notes) == len(b.Notes) &&
		a.Preview == b.Preview
}

func testUnknown(t *testing.T, st Stores) {
	if _, err := st.Staff.Conversation(t.Context(), newID()); !errors.Is(err, staff.ErrNotFound) {
		t.Errorf("unknown conversation: %v, want ErrNotFound", err)
	}
	if _, err := st.Staff.Review(t.Context(), newID(), true, nil); !errors.Is(err, staff.ErrNotFound) {
		t.Errorf("review of an unknown conversation: %v", err)
	}
	if _, err := st.Staff.AddNote(t.Context(), newID(), staff.Note{By: "x", Text: "y", At: base}); !errors.Is(err, staff.ErrNotFound) {
		t.Errorf("note on an unknown conversation: %v", err)
	}
	if err := st.Staff.Erase(t.Context(), newID()); err != nil {
		t.Errorf("erasing an unknown conversation: %v", err)
	}
}

func testFindFilters(t *testing.T, st Stores) {
	s := st.Staff
	a, b, c, d := newID(), newID(), newID(), newID()
	record(t, s, staff.Update{ID: a, At: base, Lang: "ar", Messages: 1, Services: []string{"passport-renewal"}, Intents: []string{"service_info"}}, long)
	record(t, s, staff.Update{ID: b, At: base.Add(time.Hour), Lang: "en", Messages: 1, Intents: []string{"fallback"}, Unanswered: 1}, long)
	record(t, s, staff.Update{ID: c, At: base.Add(2 * time.Hour), Lang: "ar", Messages: 1, Services: []string{"id-card-issue"},
		Intents: []string{"service_info"}, Negative: 1, HandedOff: true}, long)
	record(t, s, staff.Update{ID: d, At: base.Add(24 * time.Hour), Lang: "ar", Messages: 1, Intents: []string{"out_of_scope"}, Unanswered: 1}, long)
	tests := []struct {
		name string
		f    staff.Filter
		want []string
	}{
		{"all, newest first", staff.Filter{}, []string{d, c, b, a}},
		{"lang", staff.Filter{Lang: "ar"}, []string{d, c, a}},
		{"service", staff.Filter{Service: "passport-renewal"}, []string{a}},
		{"intent", staff.Filter{Intent: "service_info"}, []string{c, a}},
		{"unanswered", staff.Filter{Unanswered: true}, []string{d, b}},
		{"unanswered in ar", staff.Filter{Unanswered: true, Lang: "ar"}, []string{d}},
		{"negative", staff.Filter{Negative: true}, []string{c}},
		{"handed off", staff.Filter{HandedOff: true}, []string{c}},
		{"from", staff.Filter{From: base.Add(time.Hour)}, []string{d, c, b}},
		{"to (exclusive)", staff.Filter{To: base.Add(2 * time.Hour)}, []string{b, a}},
		{"day", staff.Filter{From: base.Add(-time.Hour), To: base.Add(23 * time.Hour), Lang: "ar"}, []string{c, a}},
		{"nothing", staff.Filter{Service: "no-such-service"}, []string{}},
		{"flagged (none)", staff.Filter{Flagged: true}, []string{}},
	}
	for _, tt := range tests {
		got, total := find(t, s, tt.f)
		if !slices.Equal(got, tt.want) || total != len(tt.want) {
			t.Errorf("%s: got %v (total %d), want %v", tt.name, got, total, tt.want)
		}
	}
}

func testFindSearch(t *testing.T, st Stores) {
	s := st.Staff
	a, b := newID(), newID()
	record(t, s, staff.Update{ID: a, At: base, Lang: "ar", Messages: 1, Terms: staff.Terms("كم رسوم تجديد جواز السفر؟")}, long)
	record(t, s, staff.Update{ID: b, At: base.Add(time.Minute), Lang: "ar", Messages: 1, Terms: staff.Terms("وين مكتب الهوية")}, long)
	record(t, s, staff.Update{ID: b, At: base.Add(2 * time.Minute), Lang: "ar", Messages: 1, Terms: staff.Terms("والجوازات كمان")}, long)
	tests := []struct {
		q    string
		want []string
	}{
		{"الجواز", []string{b, a}},       // article and plural forms meet
		{"جَوَاز السّفر", []string{a}},   // diacritics; both words must occur
		{"رسوم الجوازات", []string{a}},   //
		{"الهويّة", []string{b}},         // shadda, ta marbuta
		{"مكتب جواز", []string{b}},       // words from two messages of one conversation
		{"رخصة", []string{}},             // absent
		{"tajdeed", []string{}},          // not transliterated: search is over what was written
		{"رسوم تجديد جواز", []string{a}}, //
	}
	for _, tt := range tests {
		got, _ := find(t, s, staff.Filter{Terms: staff.Terms(tt.q)})
		if !slices.Equal(got, tt.want) {
			t.Errorf("search %q: got %v, want %v", tt.q, got, tt.want)
		}
	}
}

func testFindPages(t *testing.T, st Stores) {
	s := st.Staff
	var ids []string
	for i := range 7 {
		id := newID()
		ids = append([]string{id}, ids...) // newest first
		record(t, s, staff.Update{ID: id, At: base.Add(time.Duration(i) * time.Minute), Lang: "en", Messages: 1}, long)
	}
	got, total := find(t, s, staff.Filter{Offset: 2, Limit: 3})
	if !slices.Equal(got, ids[2:5]) || total != 7 {
		t.Errorf("page: got %v (total %d), want %v (7)", got, total, ids[2:5])
	}
	got, _ = find(t, s, staff.Filter{Offset: 6, Limit: 3})
	if !slices.Equal(got, ids[6:]) {
		t.Errorf("last page: got %v", got)
	}
	got, _ = find(t, s, staff.Filter{Offset: 9, Limit: 3})
	if len(got) != 0 {
		t.Errorf("past the end: %v", got)
	}
}

func testHeldAndLeft(t *testing.T, st Stores) {
	s := st.Staff
	id := newID()
	record(t, s, staff.Update{ID: id, At: base, Lang: "ar", Messages: 1, LeftMessage: 1}, long)
	if got, _ := find(t, s, staff.Filter{LeftMessage: true}); !slices.Equal(got, []string{id}) {
		t.Errorf("left message: %v", got)
	}
	record(t, s, staff.Update{ID: id, At: base.Add(time.Minute), Lang: "ar", Held: "salma", HandedOff: true}, long)
	if c := get(t, s, id); c.Held != "salma" || !c.LeftMessage || !c.HandedOff {
		t.Errorf("held: %+v", c)
	}
	if got, _ := find(t, s, staff.Filter{Held: true}); !slices.Equal(got, []string{id}) {
		t.Errorf("held filter: %v", got)
	}
	record(t, s, staff.Update{ID: id, At: base.Add(2 * time.Minute), Lang: "ar", Held: staff.HeldNobody, LeftMessage: -1}, long)
	if c := get(t, s, id); c.Held != "" || c.LeftMessage || !c.HandedOff {
		t.Errorf("handed back: %+v", c)
	}
	for _, f := range []staff.Filter{{Held: true}, {LeftMessage: true}} {
		if got, _ := find(t, s, f); len(got) != 0 {
			t.Errorf("after hand-back %+v lists %v", f, got)
		}
	}
}

func testReviewAndNotes(t *testing.T, st Stores) {
	s := st.Staff
	ctx := t.Context()
	id, other := newID(), newID()
	record(t, s, staff.Update{ID: id, At: base, Lang: "ar", Messages: 1}, long)
	record(t, s, staff.Update{ID: other, At: base.Add(time.Minute), Lang: "ar", Messages: 1}, long)
	c, err := s.Review(ctx, id, true, []string{"fees", "شكوى"})
	if err != nil || !c.Flagged || !slices.Equal(c.Tags, []string{"fees", "شكوى"}) {
		t.Fatalf("review: %+v %v", c, err)
	}
	if got, _ := find(t, s, staff.Filter{Flagged: true}); !slices.Equal(got, []string{id}) {
		t.Errorf("flagged: %v", got)
	}
	if got, _ := find(t, s, staff.Filter{Tag: "شكوى"}); !slices.Equal(got, []string{id}) {
		t.Errorf("tag: %v", got)
	}
	if _, err := s.Review(ctx, id, false, []string{"resolved"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []staff.Filter{{Flagged: true}, {Tag: "fees"}, {Tag: "شكوى"}} {
		if got, _ := find(t, s, f); len(got) != 0 {
			t.Errorf("after the review changed, %+v lists %v", f, got)
		}
	}
	if got, _ := find(t, s, staff.Filter{Tag: "resolved"}); !slices.Equal(got, []string{id}) {
		t.Errorf("new tag: %v", got)
	}
	for i, text := range []string{"called back", "اتصلنا به"} {
		if _, err := s.AddNote(ctx, id, staff.Note{By: "salma", Text: text, At: base.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	c = get(t, s, id)
	if len(c.Notes) != 2 || c.Notes[0].Text != "called back" || c.Notes[1].By != "salma" || !c.Notes[1].At.Equal(base.Add(time.Second)) {
		t.Errorf("notes: %+v", c.Notes)
	}
	// A later turn keeps the review.
	record(t, s, staff.Update{ID: id, At: base.Add(time.Hour), Lang: "ar", Messages: 1}, long)
	if c = get(t, s, id); c.Flagged || !slices.Equal(c.Tags, []string{"resolved"}) || len(c.Notes) != 2 {
		t.Errorf("after another turn: %+v", c)
	}
}

func testRetention(t *testing.T, st Stores) {
	s := st.Staff
	id, kept := newID(), newID()
	now := time.Now()
	record(t, s, staff.Update{ID: id, At: now, Lang: "ar", Messages: 1, Unanswered: 1, Terms: []string{"تجديد"}, Services: []string{"x"}}, time.Second)
	record(t, s, staff.Update{ID: kept, At: now, Lang: "ar", Messages: 1, Unanswered: 1, Terms: []string{"تجديد"}, Services: []string{"x"}}, long)
	if _, err := s.AddNote(t.Context(), id, staff.Note{By: "a", Text: "n", At: now}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1200 * time.Millisecond)
	if _, err := s.Conversation(t.Context(), id); !errors.Is(err, staff.ErrNotFound) {
		t.Errorf("after its retention the record is still there: %v", err)
	}
	for _, f := range []staff.Filter{{}, {Unanswered: true}, {Terms: []string{"تجديد"}}, {Service: "x"}, {Lang: "ar"}} {
		if got, total := find(t, s, f); !slices.Equal(got, []string{kept}) || total != 1 {
			t.Errorf("after retention %+v lists %v (total %d), want only %s", f, got, total, kept)
		}
	}
}

// A conversation's retention runs from its last turn, for everything
// staff can find it by: a service or a word of its first turn still finds
// it after that turn alone would have expired.
func testRetentionFromLastTurn(t *testing.T, st Stores) {
	s := st.Staff
	id := newID()
	ttl := 1500 * time.Millisecond
	record(t, s, staff.Update{ID: id, At: time.Now(), Lang: "ar", Messages: 1, Unanswered: 1, Terms: []string{"جواز"}, Services: []string{"x"}, Intents: []string{"service_info"}}, ttl)
	time.Sleep(time.Second)
	record(t, s, staff.Update{ID: id, At: time.Now(), Lang: "en", Messages: 1, Terms: []string{"fees"}}, ttl)
	time.Sleep(800 * time.Millisecond) // the first turn's retention is over, the second's is not
	// A conversation that switched language is found by both.
	filters := []staff.Filter{{}, {Service: "x"}, {Terms: []string{"جواز"}}, {Intent: "service_info"}, {Unanswered: true}, {Lang: "ar"}, {Lang: "en"}, {Terms: []string{"fees"}}}
	for _, f := range filters {
		if got, total := find(t, s, f); !slices.Equal(got, []string{id}) || total != 1 {
			t.Errorf("%+v lists %v (total %d) after the last turn's retention began again, want %s", f, got, total, id)
		}
	}
	time.Sleep(900 * time.Millisecond)
	for _, f := range filters {
		if got, total := find(t, s, f); len(got) != 0 || total != 0 {
			t.Errorf("%+v lists %v (total %d) after the last turn's retention", f, got, total)
		}
	}
}

func testErase(t *testing.T, st Stores) {
	s := st.Staff
	ctx := t.Context()
	id, other := newID(), newID()
	for _, c := range []string{id, other} {
		if err := st.Chat.Save(ctx, bot.State{ID: c, Lang: "ar"}, long); err != nil {
			t.Fatal(err)
		}
		if err := st.Chat.Append(ctx, c, long, 100, bot.Entry{ID: "m1", Role: bot.RoleCitizen, Text: "سؤال"}); err != nil {
			t.Fatal(err)
		}
		record(t, s, staff.Update{ID: c, At: base, Lang: "ar", Messages: 1, Unanswered: 1, Terms: []string{"سوال"}, Held: "salma"}, long)
		if _, err := st.Queue.Join(ctx, c, base); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Review(ctx, id, true, []string{"x"}); err != nil {
		t.Fatal(err)
	}
	s.AddNote(ctx, id, staff.Note{By: "a", Text: "n", At: base})
	if err := s.Erase(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Conversation(ctx, id); !errors.Is(err, staff.ErrNotFound) {
		t.Errorf("record after erase: %v", err)
	}
	if _, err := st.Chat.Load(ctx, id); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("state after erase: %v", err)
	}
	if h, err := st.Chat.History(ctx, id, 10); err != nil || len(h) != 0 {
		t.Errorf("transcript after erase: %v %v", h, err)
	}
	if pos, _ := st.Queue.Position(ctx, id); pos != 0 {
		t.Errorf("still queued at %d after erase", pos)
	}
	for _, f := range []staff.Filter{{}, {Unanswered: true}, {Flagged: true}, {Tag: "x"}, {Held: true}, {Terms: []string{"سوال"}}} {
		got, _ := find(t, s, f)
		if slices.Contains(got, id) {
			t.Errorf("after erase %+v lists the conversation", f)
		}
	}
	// The other conversation is untouched.
	if h, _ := st.Chat.History(ctx, other, 10); len(h) != 1 {
		t.Error("erase touched another transcript")
	}
	if got, _ := find(t, s, staff.Filter{Terms: []string{"سوال"}}); !slices.Equal(got, []string{other}) {
		t.Errorf("other conversation after erase: %v", got)
	}
	if pos, _ := st.Queue.Position(ctx, other); pos != 1 {
		t.Errorf("other conversation's place %d", pos)
	}
}

func testCounters(t *testing.T, st Stores) {
	s := st.Staff
	ctx := t.Context()
	day := "2026-11-2" + rand.Text()[:1] // a day no other subtest uses in this store
	if err := s.Count(ctx, day, map[string]int64{"messages|ar|x": 2, "answered|ar|x": 1}, long); err != nil {
		t.Fatal(err)
	}
	if err := s.Count(ctx, day, map[string]int64{"messages|ar|x": 3, "csat_sum|en|": -1}, long); err != nil {
		t.Fatal(err)
	}
	for _, w := range []staff.Wait{{Lang: "ar", Service: "x", Seconds: 12.5}, {Lang: "en", Seconds: 3}} {
		if err := s.AddWait(ctx, day, w, long); err != nil {
			t.Fatal(err)
		}
	}
	counts, waits, err := s.Day(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	if counts["messages|ar|x"] != 5 || counts["answered|ar|x"] != 1 || counts["csat_sum|en|"] != -1 || len(counts) != 3 {
		t.Errorf("counts %v", counts)
	}
	if len(waits) != 2 || waits[0] != (staff.Wait{Lang: "ar", Service: "x", Seconds: 12.5}) || waits[1].Seconds != 3 {
		t.Errorf("waits %v", waits)
	}
	counts, waits, err = s.Day(ctx, "1999-01-01")
	if err != nil || len(counts) != 0 || len(waits) != 0 {
		t.Errorf("empty day: %v %v %v", counts, waits, err)
	}
	// Counters expire.
	if err := s.Count(ctx, "2001-01-01", map[string]int64{"messages|ar|": 1}, 500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	if counts, _, _ := s.Day(ctx, "2001-01-01"); len(counts) != 0 {
		t.Errorf("counters outlived their ttl: %v", counts)
	}
}

func testResolutions(t *testing.T, st Stores) {
	s := st.Staff
	ctx := t.Context()
	r1 := staff.Resolution{Lang: "ar", Key: "جواز رسوم", Text: "رسوم الجواز", Action: staff.ActionOutOfScope, By: "a", At: base}
	r2 := staff.Resolution{Lang: "en", Key: "fee passport", Text: "passport fee", Action: staff.ActionExample, ServiceID: "passport-renewal", By: "b", At: base}
	for _, r := range []staff.Resolution{r1, r2} {
		if err := s.Resolve(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	r1b := r1
	r1b.By = "c"
	s.Resolve(ctx, r1b) // same language and key: replaces
	rs, err := s.Resolutions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(rs, func(a, b staff.Resolution) int { return compare(a.Lang, b.Lang) })
	if len(rs) != 2 || rs[0].By != "c" || rs[1].ServiceID != "passport-renewal" || !rs[1].At.Equal(base) {
		t.Errorf("resolutions %+v", rs)
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func testQueue(t *testing.T, st Stores) {
	ctx := t.Context()
	q := st.Queue
	a, b, c := newID(), newID(), newID()
	for i, id := range []string{a, b, c} {
		pos, err := q.Join(ctx, id, base.Add(time.Duration(i)*time.Second))
		if err != nil || pos != i+1 {
			t.Fatalf("join %d: %d %v", i, pos, err)
		}
	}
	if pos, _ := q.Join(ctx, a, base.Add(time.Hour)); pos != 1 {
		t.Errorf("joining again moved to %d", pos)
	}
	if err := q.Leave(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := q.Leave(ctx, a); err != nil {
		t.Errorf("leaving twice: %v", err)
	}
	for id, want := range map[string]int{a: 0, b: 1, c: 2} {
		if pos, err := q.Position(ctx, id); pos != want || err != nil {
			t.Errorf("position %d, want %d (%v)", pos, want, err)
		}
	}
	ws, err := st.Staff.Waiting(ctx)
	if err != nil || len(ws) != 2 || ws[0].ConversationID != b || !ws[0].Since.Equal(base.Add(time.Second)) || ws[1].ConversationID != c {
		t.Errorf("waiting %+v %v", ws, err)
	}
}

func testNotices(t *testing.T, st Stores) {
	ctx, cancel := context.WithCancel(t.Context())
	ch := st.Staff.Subscribe(ctx)
	ch2 := st.Staff.Subscribe(ctx)
	from := st.Notifier
	if st.Other != nil {
		from = st.Other
	}
	want := bot.Notice{ConversationID: newID(), Kind: bot.NoticeAgent}
	if err := from.Notify(ctx, want); err != nil {
		t.Fatal(err)
	}
	for i, c := range []<-chan bot.Notice{ch, ch2} {
		select {
		case got := <-c:
			if got != want {
				t.Errorf("subscriber %d got %+v, want %+v", i, got, want)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("subscriber %d got no notice", i)
		}
	}
	cancel()
	select {
	case _, ok := <-ch:
		if ok {
			// A notice of another subtest sharing the backend may be
			// in flight; the channel must still close.
			for range ch {
			}
		}
	case <-time.After(3 * time.Second):
		t.Error("the channel did not close with its context")
	}
}
