package bot_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/memstore"
)

var (
	kbOnce sync.Once
	kb     *knowledge.Base
	match  *intents.Matcher
	cat    *locales.Catalog
)

func setup(t testing.TB) {
	kbOnce.Do(func() {
		var err error
		kb, err = knowledge.Load(knowledge.Sample())
		if err != nil {
			panic(err)
		}
		match = intents.NewMatcher(kb)
		cat = locales.MustNew()
	})
}

func newEngine(t testing.TB, store bot.Store) *bot.Engine {
	setup(t)
	if store == nil {
		store = memstore.New()
	}
	return bot.New(store, kb, match, cat, bot.Config{})
}

func start(t *testing.T, e *bot.Engine) bot.Session {
	t.Helper()
	s, err := e.Start(context.Background(), "ar", "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A conversation in several languages with follow-ups, as a citizen would
// have it.
func TestConversation(t *testing.T) {
	e := newEngine(t, nil)
	s := start(t, e)
	steps := []struct {
		text                          string
		intent, service, aspect, lang string
		contains                      string
	}{
		{"مرحبا", "greeting", "", "", "ar", ""},
		{"كم رسوم تجديد جواز السفر؟", "service_info", "passport-renewal", "fees", "ar", "50"},
		{"and where do I go?", "service_info", "passport-renewal", "location", "en", "eservices.dalil.example"},
		{"وشو الأوراق المطلوبة؟", "service_info", "passport-renewal", "documents", "ar", "صورتان"},
		{"I need a certificate of good conduct", "service_info", "good-conduct-certificate", "", "en", "good conduct"},
		{"how long does it take?", "service_info", "good-conduct-certificate", "time", "en", ""},
		{"شكرا كتير", "thanks", "", "", "ar", ""},
		{"what is the capital of australia", "out_of_scope", "", "", "en", ""},
	}
	for i, st := range steps {
		r, err := e.Handle(context.Background(), s.ConversationID, bot.Message{ID: "m" + string(rune('a'+i)), Text: st.text})
		if err != nil {
			t.Fatalf("%q: %v", st.text, err)
		}
		if r.Intent != st.intent || r.ServiceID != st.service || r.Aspect != st.aspect || r.Lang != st.lang {
			t.Errorf("%q: got %s/%s/%s/%s, want %s/%s/%s/%s", st.text, r.Intent, r.ServiceID, r.Aspect, r.Lang,
				st.intent, st.service, st.aspect, st.lang)
		}
		if !strings.Contains(r.Text, st.contains) {
			t.Errorf("%q: reply %q lacks %q", st.text, r.Text, st.contains)
		}
		if r.Intent == "service_info" && (r.Source == nil || r.Source.ServiceID != r.ServiceID || r.Source.Version < 1) {
			t.Errorf("%q: source %+v", st.text, r.Source)
		}
		if r.ReplyTo != "m"+string(rune('a'+i)) || !strings.HasPrefix(r.ID, "r_") {
			t.Errorf("%q: ids %q -> %q", st.text, r.ReplyTo, r.ID)
		}
	}
	if misses := cat.Misses(); len(misses) > 0 {
		t.Errorf("messages rendered with unknown ids or missing fields: %v", misses)
	}
}

// Every aspect of every service renders in both languages with facts from
// the record and no missing message.
func TestRenderEveryServiceAndAspect(t *testing.T) {
	setup(t)
	for _, svc := range kb.Services() {
		for _, a := range append([]knowledge.Aspect{""}, knowledge.Aspects...) {
			for _, lang := range []string{"ar", "en"} {
				fc := fixedClassifier{intents.Result{Intent: "service_info", ServiceID: svc.ID, Aspect: a, Lang: lang, Confidence: 0.9}}
				fe := bot.New(memstore.New(), kb, fc, cat, bot.Config{})
				s, _ := fe.Start(context.Background(), lang, "")
				r, err := fe.Handle(context.Background(), s.ConversationID, bot.Message{ID: "x", Text: "q"})
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(r.Text, svc.Title.In(knowledge.Lang(lang))) {
					t.Errorf("%s/%s/%s: reply does not start with the title: %q", svc.ID, a, lang, r.Text)
				}
				if a == knowledge.AspectFees && len(svc.Fees) > 0 && svc.Fees[0].Amount > 0 &&
					!strings.Contains(r.Text, strconv.FormatFloat(svc.Fees[0].Amount, 'f', -1, 64)) {
					t.Errorf("%s/%s: fee %v missing from %q", svc.ID, lang, svc.Fees[0].Amount, r.Text)
				}
				if strings.Contains(r.Text, "<no value>") {
					t.Errorf("%s/%s/%s: template hole in %q", svc.ID, a, lang, r.Text)
				}
			}
		}
	}
	if misses := cat.Misses(); len(misses) > 0 {
		t.Errorf("messages rendered with unknown ids or missing fields: %v", misses)
	}
}

type fixedClassifier struct{ r intents.Result }

func (f fixedClassifier) Understand(context.Context, intents.Query) (intents.Result, error) {
	return f.r, nil
}

// A classifier that names a service the knowledge base lacks must not make
// the bot invent an answer.
func TestUnknownServiceIsNeverInvented(t *testing.T) {
	setup(t)
	e := bot.New(memstore.New(), kb, fixedClassifier{intents.Result{Intent: "service_info", ServiceID: "moon-landing-permit", Lang: "en"}}, cat, bot.Config{})
	s, _ := e.Start(context.Background(), "en", "")
	r, err := e.Handle(context.Background(), s.ConversationID, bot.Message{ID: "1", Text: "moon"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Intent != "fallback" || r.ServiceID != "" || r.Source != nil {
		t.Errorf("got %+v", r)
	}
}

func TestClarifySuggestsBestFirst(t *testing.T) {
	setup(t)
	res := intents.Result{Intent: "clarify", Lang: "en", Candidates: []intents.Candidate{
		{ServiceID: "passport-renewal", Score: 0.4}, {ServiceID: "passport-issue", Score: 0.39}, {ServiceID: "tax-registration", Score: 0.1}}}
	e := bot.New(memstore.New(), kb, fixedClassifier{res}, cat, bot.Config{})
	s, _ := e.Start(context.Background(), "en", "")
	r, err := e.Handle(context.Background(), s.ConversationID, bot.Message{ID: "1", Text: "passport"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Intent != "clarify" || r.ServiceID != "" || len(r.Suggestions) != 2 ||
		r.Suggestions[0].ServiceID != "passport-renewal" || r.Suggestions[1].Title != "Issue a new passport" {
		t.Errorf("got %+v", r)
	}
}

func TestResume(t *testing.T) {
	e := newEngine(t, nil)
	ctx := context.Background()
	s := start(t, e)
	if s.Resumed || !strings.HasPrefix(s.ResumeToken, s.ConversationID+".") {
		t.Fatalf("new session %+v", s)
	}
	if _, err := e.Handle(ctx, s.ConversationID, bot.Message{ID: "1", Text: "I want to renew my passport"}); err != nil {
		t.Fatal(err)
	}
	r2, err := e.Start(ctx, "ar", s.ResumeToken)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Resumed || r2.ConversationID != s.ConversationID || r2.Lang != "en" || len(r2.History) != 2 ||
		r2.History[0].Role != "citizen" || r2.History[1].ServiceID != "passport-renewal" {
		t.Fatalf("resumed %+v", r2)
	}
	// The context survives: a follow-up after resuming.
	r, err := e.Handle(ctx, s.ConversationID, bot.Message{ID: "2", Text: "how much is it?"})
	if err != nil || r.ServiceID != "passport-renewal" || r.Aspect != "fees" {
		t.Fatalf("follow-up after resume: %+v %v", r, err)
	}
	// Forged, truncated and unknown tokens start a new conversation.
	for _, tok := range []string{
		s.ConversationID + "." + strings.Repeat("0", 48),
		s.ConversationID,
		"c_0000." + strings.Repeat("a", 48),
		"garbage",
	} {
		n, err := e.Start(ctx, "en", tok)
		if err != nil {
			t.Fatal(err)
		}
		if n.Resumed || n.ConversationID == s.ConversationID {
			t.Errorf("token %q resumed %+v", tok, n)
		}
	}
}

// A retried message (same client id) gets the same reply and is written once.
func TestRetryIsIdempotent(t *testing.T) {
	store := memstore.New()
	e := newEngine(t, store)
	ctx := context.Background()
	s := start(t, e)
	m := bot.Message{ID: "same", Text: "passport renewal fees"}
	r1, err := e.Handle(ctx, s.ConversationID, m)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := e.Handle(ctx, s.ConversationID, m)
	if err != nil {
		t.Fatal(err)
	}
	if r1.ID != r2.ID || r1.Text != r2.Text {
		t.Errorf("retry gave a different reply: %s vs %s", r1.ID, r2.ID)
	}
	h, err := store.History(ctx, s.ConversationID, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 {
		t.Errorf("transcript has %d entries, want 2: %+v", len(h), h)
	}
	if h[1].Intent != "service_info" || h[1].ServiceID != "passport-renewal" || h[1].ServiceVersion < 1 || h[1].ReplyTo != "same" {
		t.Errorf("bot entry %+v", h[1])
	}
}

// Messages of one conversation are handled one at a time, in order.
func TestTurnsAreSerialised(t *testing.T) {
	e := newEngine(t, nil)
	ctx := context.Background()
	s := start(t, e)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := e.Handle(ctx, s.ConversationID, bot.Message{ID: string(rune('A' + i)), Text: "passport fees"}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	r, err := e.Start(ctx, "ar", s.ResumeToken)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.History) != 20 { // HistoryTurns default: the 20 newest of 40 entries
		t.Errorf("history %d entries", len(r.History))
	}
}

// failingStore is down: every call fails as Redis would.
type failingStore struct{ bot.Store }

func (failingStore) err() error {
	return errors.Join(errors.New("dial tcp: connection refused"), bot.ErrUnavailable)
}
func (f failingStore) Load(context.Context, string) (bot.State, error)      { return bot.State{}, f.err() }
func (f failingStore) Save(context.Context, bot.State, time.Duration) error { return f.err() }
func (f failingStore) Append(context.Context, string, time.Duration, int, ...bot.Entry) error {
	return f.err()
}
func (f failingStore) History(context.Context, string, int) ([]bot.Entry, error) { return nil, f.err() }
func (f failingStore) Lock(context.Context, string, time.Duration, time.Duration) (func(), error) {
	return nil, f.err()
}
func (f failingStore) Ping(context.Context) error { return f.err() }

func TestStoreDownIsUnavailable(t *testing.T) {
	e := newEngine(t, failingStore{})
	ctx := context.Background()
	if _, err := e.Start(ctx, "ar", ""); !errors.Is(err, bot.ErrUnavailable) {
		t.Errorf("Start: %v", err)
	}
	if _, err := e.Handle(ctx, "c_x", bot.Message{ID: "1", Text: "hi"}); !errors.Is(err, bot.ErrUnavailable) {
		t.Errorf("Handle: %v", err)
	}
	if err := e.Ready(ctx); !errors.Is(err, bot.ErrUnavailable) {
		t.Errorf("Ready: %v", err)
	}
	for _, lang := range []string{"ar", "en"} {
		if txt := e.ErrorText(lang, bot.CodeUnavailable); txt == "" || strings.Contains(txt, "refused") {
			t.Errorf("error text %q", txt)
		}
	}
}

func TestEmptyMessageIsBadRequest(t *testing.T) {
	e := newEngine(t, nil)
	s := start(t, e)
	if _, err := e.Handle(context.Background(), s.ConversationID, bot.Message{ID: "1", Text: "  \n "}); !errors.Is(err, bot.ErrBadRequest) {
		t.Errorf("got %v", err)
	}
}

func TestFeedbackIsStored(t *testing.T) {
	store := memstore.New()
	e := newEngine(t, store)
	ctx := context.Background()
	s := start(t, e)
	r, _ := e.Handle(ctx, s.ConversationID, bot.Message{ID: "1", Text: "passport fees"})
	if err := e.Feedback(ctx, s.ConversationID, bot.Feedback{MessageID: r.ID, Helpful: false, Comment: "out of date"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Feedback(ctx, s.ConversationID, bot.Feedback{MessageID: "nope"}); !errors.Is(err, bot.ErrBadRequest) {
		t.Errorf("feedback without reply id: %v", err)
	}
	h, _ := store.History(ctx, s.ConversationID, 10)
	last := h[len(h)-1]
	if last.Role != "feedback" || last.ReplyTo != r.ID || last.Helpful == nil || *last.Helpful || last.Text != "out of date" {
		t.Errorf("feedback entry %+v", last)
	}
}

func TestSetLang(t *testing.T) {
	e := newEngine(t, nil)
	ctx := context.Background()
	s := start(t, e)
	if err := e.SetLang(ctx, s.ConversationID, "en"); err != nil {
		t.Fatal(err)
	}
	r, _ := e.Start(ctx, "ar", s.ResumeToken)
	if r.Lang != "en" {
		t.Errorf("lang %q", r.Lang)
	}
}
