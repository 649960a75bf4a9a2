package transport

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/dalil-project/dalil/bot"
)

// fakeChat is a deterministic, in-memory Chat for the tests. It answers in
// Arabic when the message has Arabic letters and in English otherwise, keeps
// each conversation's transcript so resume works, and can be told to fail,
// stream, block or panic.
type fakeChat struct {
	mu       sync.Mutex
	n        int
	convs    map[string]*fakeConv // by conversation id
	tokens   map[string]string    // resume token -> conversation id
	fails    []error              // returned by the next Handle calls, in order
	ready    error
	stream   bool          // send the reply word by word through Message.Delta
	flood    int           // send this many 64 KiB deltas before the reply
	gate     chan struct{} // when set, Handle waits for it to be closed
	entered  chan string   // when set, Handle sends the message id on entry
	feedback []bot.Feedback
	ratings  []int
	startErr error
}

type fakeConv struct {
	lang    string
	history []bot.Entry
}

func newFakeChat() *fakeChat {
	return &fakeChat{convs: map[string]*fakeConv{}, tokens: map[string]string{}}
}

func hasArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}

func (f *fakeChat) Start(ctx context.Context, lang, token string) (bot.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.startErr != nil {
		return bot.Session{}, f.startErr
	}
	if id, ok := f.tokens[token]; ok && token != "" {
		c := f.convs[id]
		return bot.Session{ConversationID: id, ResumeToken: token, Resumed: true, Lang: c.lang,
			Welcome: f.welcome(c.lang, true), History: append([]bot.Entry(nil), c.history...)}, nil
	}
	f.n++
	id := fmt.Sprintf("c_%d", f.n)
	tok := fmt.Sprintf("tok-%d-secret", f.n)
	f.convs[id] = &fakeConv{lang: lang}
	f.tokens[tok] = id
	return bot.Session{ConversationID: id, ResumeToken: tok, Lang: lang, Welcome: f.welcome(lang, false)}, nil
}

func (f *fakeChat) welcome(lang string, back bool) string {
	switch {
	case lang == "en" && back:
		return "Welcome back."
	case lang == "en":
		return "Hello, I am Dalil. Ask me about a government service."
	case back:
		return "أهلاً بعودتك."
	default:
		return "مرحباً، أنا دليل. اسألني عن أي خدمة حكومية."
	}
}

func (f *fakeChat) Handle(ctx context.Context, id string, m bot.Message) (bot.Reply, error) {
	if f.entered != nil {
		f.entered <- m.ID
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return bot.Reply{}, ctx.Err()
		}
	}
	if m.Text == "panic" {
		panic("fake engine bug")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.convs[id]
	if !ok {
		return bot.Reply{}, fmt.Errorf("conversation %s: %w", id, bot.ErrNotFound)
	}
	if len(f.fails) > 0 {
		err := f.fails[0]
		f.fails = f.fails[1:]
		return bot.Reply{}, err
	}
	f.n++
	r := answer(m.Text)
	r.ID = fmt.Sprintf("r_%d", f.n)
	r.ReplyTo = m.ID
	c.lang = r.Lang
	now := time.Date(2026, 11, 28, 10, 0, f.n, 0, time.UTC)
	c.history = append(c.history,
		bot.Entry{ID: m.ID, Role: "citizen", Text: m.Text, At: now},
		bot.Entry{ID: r.ID, Role: "bot", Text: r.Text, Lang: r.Lang, ReplyTo: m.ID, Intent: r.Intent,
			ServiceID: r.ServiceID, At: now},
		bot.Entry{ID: r.ID, Role: "feedback", At: now}, // not a turn: history frames leave it out
	)
	for range f.flood {
		m.Delta(strings.Repeat("x", 64<<10))
	}
	if f.stream && m.Delta != nil {
		for _, w := range strings.SplitAfter(r.Text, " ") {
			m.Delta(w)
		}
	}
	return r, nil
}

// answer is the fake's knowledge: enough to exercise every reply field.
func answer(text string) bot.Reply {
	ar := hasArabic(text)
	switch {
	case ar && strings.Contains(text, "جواز"):
		return bot.Reply{Lang: "ar", Intent: bot.IntentServiceInfo, ServiceID: "passport-renewal", Aspect: "fees",
			Confidence: 0.91,
			Text: "رسوم تجديد جواز السفر:\n- جواز لمدة 5 سنوات: 300 ريال\n- جواز لمدة 10 سنوات: 600 ريال\n" +
				"تُدفع الرسوم إلكترونياً قبل تقديم الطلب.",
			Source: &bot.Source{ServiceID: "passport-renewal", Version: 7, URL: "https://portal.example.gov/services/passport-renewal"}}
	case ar && strings.Contains(text, "رخصة"):
		return bot.Reply{Lang: "ar", Intent: bot.IntentClarify, Confidence: 0.5,
			Text: "أي خدمة تقصد؟",
			Suggestions: []bot.Suggestion{
				{ServiceID: "driving-license-renewal", Title: "تجديد رخصة القيادة"},
				{ServiceID: "business-license", Title: "رخصة تجارية"},
			}}
	case ar:
		return bot.Reply{Lang: "ar", Intent: bot.IntentFallback, Text: "لم أفهم سؤالك: " + text}
	default:
		return bot.Reply{Lang: "en", Intent: bot.IntentServiceInfo, ServiceID: "passport-renewal",
			Confidence: 0.8, Text: "Answer to: " + text,
			Source: &bot.Source{ServiceID: "passport-renewal", Version: 7, URL: "https://portal.example.gov/services/passport-renewal"}}
	}
}

func (f *fakeChat) Feedback(ctx context.Context, id string, fb bot.Feedback) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.feedback = append(f.feedback, fb)
	return nil
}

func (f *fakeChat) Rate(ctx context.Context, id string, score int, comment string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ratings = append(f.ratings, score)
	return nil
}

// Live: the fake has no handoff (transport's live tests use the real engine).
func (f *fakeChat) Live(ctx context.Context, id string, since time.Time) (bot.Live, error) {
	return bot.Live{}, nil
}

func (f *fakeChat) SetLang(ctx context.Context, id, lang string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.convs[id]
	if !ok {
		return bot.ErrNotFound
	}
	c.lang = lang
	return nil
}

func (f *fakeChat) ErrorText(lang, code string) string {
	if lang == "en" {
		return "en:" + code
	}
	return "ar:" + code
}

func (f *fakeChat) Ready(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ready
}

func (f *fakeChat) failNext(errs ...error) {
	f.mu.Lock()
	f.fails = append(f.fails, errs...)
	f.mu.Unlock()
}

func (f *fakeChat) conv(id string) fakeConv {
	f.mu.Lock()
	defer f.mu.Unlock()
	return *f.convs[id]
}
