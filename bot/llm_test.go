package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/memstore"
)

// fakeRephraser returns what rewrite makes of the approved text, streamed
// word by word. Like a model, it does not have to respect check.
type fakeRephraser struct {
	rewrite func(approved string) string
	err     error
	calls   []string // questions received
	mu      sync.Mutex
}

func (f *fakeRephraser) Rephrase(ctx context.Context, conv, lang, question, approved string,
	check func(string, bool) error, delta func(string)) (string, error) {
	f.mu.Lock()
	f.calls = append(f.calls, question)
	f.mu.Unlock()
	if f.err != nil {
		return "", f.err
	}
	text := f.rewrite(approved)
	for _, w := range strings.SplitAfter(text, " ") {
		if delta != nil {
			delta(w)
		}
	}
	return text, nil
}

func engineWith(t *testing.T, c bot.Classifier, cfg bot.Config) (*bot.Engine, bot.Store) {
	t.Helper()
	setup(t)
	if c == nil {
		c = match
	}
	store := memstore.New()
	return bot.New(store, kb, c, cat, cfg), store
}

func TestRephrase(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		rp        *fakeRephraser
		rephrased bool
	}{
		{"grounded", &fakeRephraser{rewrite: func(a string) string { return "Sure! " + strings.ReplaceAll(a, "\n", " ") }}, true},
		{"hallucinated fee", &fakeRephraser{rewrite: func(a string) string {
			return "Sure! " + strings.Replace(strings.ReplaceAll(a, "\n", " "), "50", "45", 1)
		}}, false},
		{"extra fee", &fakeRephraser{rewrite: func(a string) string { return a + " There is also a 10 dinar stamp." }}, false},
		{"model failed", &fakeRephraser{err: errors.New("llm: not used: timeout")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, store := engineWith(t, nil, bot.Config{Rephraser: tc.rp})
			verbatim, _ := engineWith(t, nil, bot.Config{})
			s := start(t, e)
			var pieces []string
			r, err := e.Handle(ctx, s.ConversationID, bot.Message{ID: "m1", Text: "how much does passport renewal cost? my id is 407595966",
				Delta: func(p string) { pieces = append(pieces, p) }})
			if err != nil {
				t.Fatal(err)
			}
			vs := start(t, verbatim)
			want, _ := verbatim.Handle(ctx, vs.ConversationID, bot.Message{ID: "m1", Text: "how much does passport renewal cost? my id is 407595966"})
			if r.Intent != "service_info" || r.ServiceID != "passport-renewal" || !strings.Contains(want.Text, "50") {
				t.Fatalf("setup: %+v / %q", r, want.Text)
			}
			if tc.rephrased {
				if !strings.HasPrefix(r.Text, "Sure! ") || strings.Join(pieces, "") != r.Text {
					t.Errorf("rephrased text not used: %q (streamed %q)", r.Text, strings.Join(pieces, ""))
				}
			} else if r.Text != want.Text {
				t.Errorf("got %q, want the verbatim %q", r.Text, want.Text)
			}
			if q := tc.rp.calls[0]; strings.Contains(q, "407595966") || !strings.Contains(q, "[ID]") {
				t.Errorf("question given to the rephraser: %q", q)
			}
			h, _ := store.History(ctx, s.ConversationID, 10)
			if len(h) != 2 || h[1].Rephrased != tc.rephrased || h[1].Text != r.Text {
				t.Errorf("transcript %+v", h)
			}
		})
	}

	// Greetings, clarifications and the like are never rephrased.
	rp := &fakeRephraser{rewrite: func(a string) string { return a }}
	e, _ := engineWith(t, nil, bot.Config{Rephraser: rp})
	s := start(t, e)
	for i, text := range []string{"مرحبا", "شكرا", "what is the capital of australia"} {
		e.Handle(ctx, s.ConversationID, bot.Message{ID: string(rune('a' + i)), Text: text})
	}
	if len(rp.calls) != 0 {
		t.Errorf("rephraser called for %v", rp.calls)
	}
}

// In Arabic, phones and links of a rephrased answer are isolated as in
// the approved text.
func TestRephraseArabicIsolatesNumbers(t *testing.T) {
	rp := &fakeRephraser{rewrite: func(a string) string { return strings.NewReplacer("\u2066", "", "\u2069", "").Replace(a) }}
	e, _ := engineWith(t, nil, bot.Config{Rephraser: rp})
	s := start(t, e)
	r, err := e.Handle(context.Background(), s.ConversationID, bot.Message{ID: "m1", Text: "وين بقدم على تجديد جواز السفر؟"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Aspect != "location" || !strings.Contains(r.Text, "\u2066https://") {
		t.Errorf("%s: %q", r.Aspect, r.Text)
	}
}

func TestTranscriptsRedacted(t *testing.T) {
	ctx := context.Background()
	text := "هويتي ٤٠٧٥٩٥٩٦٦ وجوالي 0599123456، بدي أجدد جواز السفر"
	for _, raw := range []bool{false, true} {
		e, store := engineWith(t, nil, bot.Config{RawTranscripts: raw})
		s := start(t, e)
		r, err := e.Handle(ctx, s.ConversationID, bot.Message{ID: "m1", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Feedback(ctx, s.ConversationID, bot.Feedback{MessageID: r.ID, Comment: "call me on 0599123456"}); err != nil {
			t.Fatal(err)
		}
		h, _ := store.History(ctx, s.ConversationID, 10)
		if len(h) != 3 {
			t.Fatalf("history %+v", h)
		}
		citizen, fb := h[0].Text, h[2].Text
		if raw {
			if citizen != text || !strings.Contains(fb, "0599123456") {
				t.Errorf("raw transcripts: %q / %q", citizen, fb)
			}
			continue
		}
		if strings.Contains(citizen, "407595966") || strings.Contains(citizen, "٤٠٧٥٩٥٩٦٦") || strings.Contains(citizen, "0599123456") ||
			!strings.Contains(citizen, "[ID]") || !strings.Contains(citizen, "[PHONE]") || !strings.Contains(citizen, "جواز السفر") {
			t.Errorf("citizen entry %q", citizen)
		}
		if strings.Contains(fb, "0599123456") {
			t.Errorf("feedback comment %q", fb)
		}
	}
}

// recorder is a classifier that keeps what it was asked, and says which
// conversation asked when it can know.
type recorder struct {
	mu    sync.Mutex
	qs    []intents.Query
	convs []string
}

func (r *recorder) Understand(ctx context.Context, q intents.Query) (intents.Result, error) {
	return r.UnderstandIn(ctx, "", q)
}

func (r *recorder) UnderstandIn(ctx context.Context, conv string, q intents.Query) (intents.Result, error) {
	r.mu.Lock()
	r.qs = append(r.qs, q)
	r.convs = append(r.convs, conv)
	r.mu.Unlock()
	return match.Understand(ctx, q)
}

// The classifier gets the last three exchanges, redacted, and the
// conversation id.
func TestRecentTurns(t *testing.T) {
	setup(t)
	rec := &recorder{}
	e, store := engineWith(t, rec, bot.Config{})
	s := start(t, e)
	texts := []string{"مرحبا", "كم رسوم تجديد جواز السفر؟ رقمي 0599123456", "and what documents?", "شكرا", "bye"}
	for i, text := range texts {
		if _, err := e.Handle(context.Background(), s.ConversationID, bot.Message{ID: string(rune('a' + i)), Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if rec.convs[0] != s.ConversationID {
		t.Errorf("conversation id %q", rec.convs[0])
	}
	if len(rec.qs[0].Context.Recent) != 0 {
		t.Errorf("first turn has history %v", rec.qs[0].Context.Recent)
	}
	third := rec.qs[2].Context.Recent
	if len(third) != 4 || third[2].Role != "citizen" || !strings.Contains(third[2].Text, "[PHONE]") || strings.Contains(third[2].Text, "0599") ||
		third[3].Text != "service_info passport-renewal fees" {
		t.Errorf("recent before turn 3: %+v", third)
	}
	last := rec.qs[4].Context.Recent
	if len(last) != 6 || last[0].Text != texts[1][:len(last[0].Text)-len("[PHONE]")]+"[PHONE]" {
		t.Errorf("recent before turn 5: %+v", last)
	}
	st, _ := store.Load(context.Background(), s.ConversationID)
	if len(st.Recent) != 6 || st.Recent[4].Text != "bye" {
		t.Errorf("stored recent %+v", st.Recent)
	}
}
