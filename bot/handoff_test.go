package bot_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/memstore"
)

// fakeQueue is an in-memory bot.Queue; fakeNotifier records notices;
// fakeObserver records observations.
type fakeQueue struct {
	mu  sync.Mutex
	ids []string
}

func (q *fakeQueue) Join(_ context.Context, id string, _ time.Time) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if i := slices.Index(q.ids, id); i >= 0 {
		return i + 1, nil
	}
	q.ids = append(q.ids, id)
	return len(q.ids), nil
}

func (q *fakeQueue) Leave(_ context.Context, id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ids = slices.DeleteFunc(q.ids, func(s string) bool { return s == id })
	return nil
}

func (q *fakeQueue) Position(_ context.Context, id string) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Index(q.ids, id) + 1, nil
}

type fakeNotifier struct {
	mu      sync.Mutex
	notices []bot.Notice
}

func (n *fakeNotifier) Notify(_ context.Context, x bot.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.notices = append(n.notices, x)
	return nil
}

func (n *fakeNotifier) has(x bot.Notice) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Contains(n.notices, x)
}

type fakeObserver struct {
	mu  sync.Mutex
	obs []bot.Observation
}

func (o *fakeObserver) Observe(_ context.Context, x bot.Observation) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.obs = append(o.obs, x)
}

type deskEngine struct {
	*bot.Engine
	store *memstore.Store
	queue *fakeQueue
	notes *fakeNotifier
	obs   *fakeObserver
	now   time.Time
	mu    sync.Mutex
}

func (d *deskEngine) setNow(t time.Time) { d.mu.Lock(); d.now = t; d.mu.Unlock() }

func newDesk(t *testing.T, hours string) *deskEngine {
	setup(t)
	loc, _ := time.LoadLocation("Asia/Hebron")
	h, err := bot.ParseHours(hours, loc)
	if err != nil {
		t.Fatal(err)
	}
	d := &deskEngine{store: memstore.New(), queue: &fakeQueue{}, notes: &fakeNotifier{}, obs: &fakeObserver{},
		now: time.Date(2026, 11, 29, 10, 0, 0, 0, loc)} // a Sunday, 10:00
	d.Engine = bot.New(d.store, kb, match, cat, bot.Config{
		Desk:     &bot.Desk{Queue: d.queue, Notifier: d.notes, Hours: h, PerChat: 2 * time.Minute},
		Observer: d.obs,
		Now:      func() time.Time { d.mu.Lock(); defer d.mu.Unlock(); return d.now },
	})
	return d
}

func say(t *testing.T, e *bot.Engine, conv, id, text string) bot.Reply {
	t.Helper()
	r, err := e.Handle(context.Background(), conv, bot.Message{ID: id, Text: text})
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return r
}

func history(t *testing.T, s bot.Store, conv string) []bot.Entry {
	t.Helper()
	h, err := s.History(context.Background(), conv, 100)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestHandoffStory: a citizen asks for a person, accepts, waits in the
// queue, a staff member takes the conversation (the bot falls silent, the
// citizen's messages are still stored), writes, hands back, and the bot
// answers again.
func TestHandoffStory(t *testing.T) {
	d := newDesk(t, "Sun-Thu 08:00-15:00")
	ctx := context.Background()
	s := start(t, d.Engine)
	other := start(t, d.Engine)
	id := s.ConversationID

	r := say(t, d.Engine, id, "m1", "بدي احكي مع موظف")
	if r.Intent != bot.IntentHandoff || len(r.Suggestions) != 2 || r.Suggestions[0].ServiceID != "" || r.Queue != nil {
		t.Fatalf("request for a person: %+v", r)
	}
	if !strings.Contains(r.Text, "هل تريد") {
		t.Errorf("offer text %q", r.Text)
	}
	// Someone else is already waiting, so this citizen is second.
	d.queue.Join(ctx, other.ConversationID, d.now)
	r = say(t, d.Engine, id, "m2", r.Suggestions[0].Title)
	if r.Intent != bot.IntentHandoff || r.Queue == nil || r.Queue.Position != 2 || r.Queue.Wait != 4*time.Minute {
		t.Fatalf("yes: %+v (queue %+v)", r, r.Queue)
	}
	if !strings.Contains(r.Queue.Text, "الثاني") || !strings.Contains(r.Queue.Text, "دقائق") {
		t.Errorf("queue text %q", r.Queue.Text)
	}
	if !d.notes.has(bot.Notice{Kind: bot.NoticeQueue}) {
		t.Error("joining the queue sent no queue notice")
	}
	// While waiting the bot still answers.
	r = say(t, d.Engine, id, "m3", "كم رسوم تجديد جواز السفر؟")
	if r.Intent != bot.IntentServiceInfo {
		t.Errorf("while queued: %s", r.Intent)
	}

	d.setNow(d.now.Add(90 * time.Second))
	if err := d.Take(ctx, id, "salma"); err != nil {
		t.Fatal(err)
	}
	if pos, _ := d.queue.Position(ctx, id); pos != 0 {
		t.Errorf("still in the queue at %d after take", pos)
	}
	if err := d.Take(ctx, id, "omar"); !errors.Is(err, bot.ErrHeld) {
		t.Errorf("a second staff member's take: %v, want ErrHeld", err)
	}
	if _, err := d.Say(ctx, id, "omar", "hello"); !errors.Is(err, bot.ErrNotHeld) {
		t.Errorf("say without holding: %v", err)
	}
	if _, err := d.Say(ctx, id, "salma", "مرحباً، أنا سلمى. كيف أساعدك؟"); err != nil {
		t.Fatal(err)
	}
	// The bot is silent: the message is stored, nothing is answered.
	r = say(t, d.Engine, id, "m4", "كم رسوم تجديد جواز السفر؟")
	if !r.Silent || r.Text != "" || r.Intent != "" {
		t.Fatalf("bot answered while a person holds the conversation: %+v", r)
	}
	if again := say(t, d.Engine, id, "m4", "كم رسوم تجديد جواز السفر؟"); again.ID != r.ID {
		t.Error("a retried message while held was stored twice")
	}
	live, err := d.Live(ctx, id, time.Time{})
	if err != nil || live.Handoff != bot.HandoffAgent || len(live.Entries) != 2 ||
		live.Entries[0].Event != bot.EventAgentJoined || live.Entries[1].Role != bot.RoleAgent {
		t.Fatalf("live: %+v %v", live, err)
	}
	if err := d.Release(ctx, id, "omar", false); !errors.Is(err, bot.ErrNotHeld) {
		t.Errorf("release by someone else: %v", err)
	}
	if err := d.Release(ctx, id, "salma", false); err != nil {
		t.Fatal(err)
	}
	r = say(t, d.Engine, id, "m5", "كم رسوم تجديد جواز السفر؟")
	if r.Intent != bot.IntentServiceInfo || r.Silent {
		t.Fatalf("after hand-back: %+v", r)
	}

	var got []string
	for _, e := range history(t, d.store, id) {
		got = append(got, e.Role+":"+e.Event+e.Intent)
	}
	want := []string{"citizen:", "bot:handoff", "citizen:", "bot:handoff", "event:queued", "citizen:", "bot:service_info",
		"event:agent_joined", "agent:", "citizen:", "event:agent_left", "citizen:", "bot:service_info"}
	if !slices.Equal(got, want) {
		t.Errorf("transcript\n got %v\nwant %v", got, want)
	}
	// The wait was observed when the conversation was taken.
	var wait time.Duration
	for _, o := range d.obs.obs {
		for _, e := range o.Entries {
			if e.Event == bot.EventAgentJoined {
				wait = o.Wait
			}
		}
	}
	if wait != 90*time.Second {
		t.Errorf("observed wait %v, want 90s", wait)
	}
	// A resumed page sees the staff messages and the join and leave.
	sess, err := d.Start(ctx, "ar", s.ResumeToken)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]int{}
	for _, e := range sess.History {
		roles[e.Role]++
	}
	if roles[bot.RoleAgent] != 1 || roles[bot.RoleEvent] != 2 {
		t.Errorf("resume history roles %v", roles)
	}
}

// TestHandoffAfterTwoFallbacks: two answers the bot could not give in a row
// bring an offer; "no" declines it and the bot carries on.
func TestHandoffAfterTwoFallbacks(t *testing.T) {
	d := newDesk(t, "")
	s := start(t, d.Engine)
	r1 := say(t, d.Engine, s.ConversationID, "m1", "what is the capital of australia")
	if len(r1.Suggestions) != 0 {
		t.Fatalf("offer after one miss: %+v", r1)
	}
	r2 := say(t, d.Engine, s.ConversationID, "m2", "who won the football world cup in 1998")
	if r2.Intent != bot.IntentOutOfScope && r2.Intent != bot.IntentFallback {
		t.Fatalf("second miss answered as %s", r2.Intent)
	}
	if len(r2.Suggestions) != 2 || !strings.Contains(r2.Text, "member of staff?") {
		t.Fatalf("no offer after two misses: %+v", r2)
	}
	r3 := say(t, d.Engine, s.ConversationID, "m3", "no")
	if r3.Intent != bot.IntentHandoff || !strings.Contains(r3.Text, "All right") {
		t.Fatalf("no: %+v", r3)
	}
	if pos, _ := d.queue.Position(context.Background(), s.ConversationID); pos != 0 {
		t.Error("declined but queued")
	}
	// An offer lapses when the citizen asks something else.
	say(t, d.Engine, s.ConversationID, "m4", "I want to speak to a person")
	r5 := say(t, d.Engine, s.ConversationID, "m5", "how much is a passport renewal?")
	if r5.Intent != bot.IntentServiceInfo {
		t.Errorf("question after an offer: %+v", r5)
	}
}

// TestHandoffOutsideHours: the citizen is told when staff are available
// and leaves a message, which staff can find in the transcript.
func TestHandoffOutsideHours(t *testing.T) {
	d := newDesk(t, "Sun-Thu 08:00-15:00")
	d.setNow(time.Date(2026, 11, 27, 20, 0, 0, 0, d.now.Location())) // Friday evening
	s := start(t, d.Engine)
	r := say(t, d.Engine, s.ConversationID, "m1", "I want to talk to a human agent")
	if r.Intent != bot.IntentHandoff || !strings.Contains(r.Text, "Sunday to Thursday, 08:00–15:00") ||
		!strings.Contains(r.Text, "next opening is Sunday at 08:00") || len(r.Suggestions) != 2 || r.Suggestions[0].Title != "Leave a message" {
		t.Fatalf("closed: %+v", r)
	}
	r = say(t, d.Engine, s.ConversationID, "m2", "Leave a message")
	if !strings.Contains(r.Text, "write your message") {
		t.Fatalf("leave: %+v", r)
	}
	r = say(t, d.Engine, s.ConversationID, "m3", "Please call me back about my passport renewal, my number is 0599123456")
	if r.Intent != bot.IntentHandoff || !strings.Contains(r.Text, "recorded") {
		t.Fatalf("message: %+v", r)
	}
	h := history(t, d.store, s.ConversationID)
	var left bool
	for i, e := range h {
		if e.Event == bot.EventMessageLeft {
			left = i > 0 && h[i-1].Role == bot.RoleCitizen && strings.Contains(h[i-1].Text, "[PHONE]") && !strings.Contains(h[i-1].Text, "0599123456")
		}
	}
	if !left {
		t.Errorf("left message not recorded (redacted): %+v", h)
	}
	if !d.notes.has(bot.Notice{ConversationID: s.ConversationID, Kind: bot.NoticeCitizen}) {
		t.Error("no notice for the message left")
	}
	// The bot answers the next message again.
	if r := say(t, d.Engine, s.ConversationID, "m4", "passport renewal fees"); r.Intent != bot.IntentServiceInfo {
		t.Errorf("after the message: %+v", r)
	}
}

func TestRate(t *testing.T) {
	d := newDesk(t, "")
	s := start(t, d.Engine)
	ctx := context.Background()
	say(t, d.Engine, s.ConversationID, "m1", "passport renewal fees")
	for _, bad := range []int{0, 6, -1} {
		if err := d.Rate(ctx, s.ConversationID, bad, ""); !errors.Is(err, bot.ErrBadRequest) {
			t.Errorf("rate %d: %v", bad, err)
		}
	}
	if err := d.Rate(ctx, s.ConversationID, 4, "fast, my id is 401234567"); err != nil {
		t.Fatal(err)
	}
	if err := d.Rate(ctx, s.ConversationID, 5, ""); err != nil {
		t.Fatal(err)
	}
	h := history(t, d.store, s.ConversationID)
	last := h[len(h)-1]
	if last.Role != bot.RoleRating || last.Score != 5 || strings.Contains(h[len(h)-2].Text, "401234567") {
		t.Errorf("ratings: %+v", h[len(h)-2:])
	}
	o := d.obs.obs[len(d.obs.obs)-1]
	if o.PrevRating != 4 || o.State.Rating != 5 {
		t.Errorf("observation of the second rating: prev %d now %d", o.PrevRating, o.State.Rating)
	}
}

func TestParseHours(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Hebron")
	at := func(day, hh, mm int) time.Time { return time.Date(2026, 11, day, hh, mm, 0, 0, loc) } // 29 Nov 2026 is a Sunday
	tests := []struct {
		spec string
		t    time.Time
		open bool
		next time.Time
	}{
		{"", at(28, 3, 0), true, at(28, 3, 0)},
		{"Sun-Thu 08:00-15:00", at(29, 8, 0), true, at(29, 8, 0)},
		{"Sun-Thu 08:00-15:00", at(29, 15, 0), false, at(30, 8, 0)},
		{"Sun-Thu 08:00-15:00", at(27, 12, 0), false, at(29, 8, 0)}, // Friday
		{"sun-thu 08:00-15:00; Sat 09:30-12:00", at(28, 7, 0), false, at(28, 9, 30)},
		{"Fri-Sun 10:00-24:00", at(30, 12, 0), false, at(4+30, 10, 0)}, // Monday -> Friday 4 Dec
		{"Thu 08:00-15:00", at(3+30, 16, 0), false, at(10+30, 8, 0)},   // Thursday after closing -> next Thursday
	}
	for _, tt := range tests {
		h, err := bot.ParseHours(tt.spec, loc)
		if err != nil {
			t.Fatalf("%q: %v", tt.spec, err)
		}
		if got := h.Open(tt.t); got != tt.open {
			t.Errorf("%q at %v: open %v", tt.spec, tt.t, got)
		}
		if got := h.Next(tt.t); !got.Equal(tt.next) {
			t.Errorf("%q at %v: next %v, want %v", tt.spec, tt.t, got, tt.next)
		}
	}
	for _, bad := range []string{"Sun-Thu", "Sunday 08:00-15:00", "Sun 8-15", "Sun 15:00-08:00", "Sun 08:00-25:00", "Sun 08:60-09:00"} {
		if _, err := bot.ParseHours(bad, loc); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestExpiredWhileQueued: a conversation whose state expired while it
// waited is taken out of the queue when staff try to take it.
func TestExpiredWhileQueued(t *testing.T) {
	d := newDesk(t, "")
	ctx := context.Background()
	d.queue.Join(ctx, "c_gone", d.now)
	if err := d.Take(ctx, "c_gone", "salma"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("take of an expired conversation: %v", err)
	}
	if pos, _ := d.queue.Position(ctx, "c_gone"); pos != 0 {
		t.Error("the expired conversation still blocks the queue")
	}
}
