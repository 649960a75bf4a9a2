package llm

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dalil-project/dalil/intents/llm/llmtest"
)

const approvedEN = "Renew a passport\nFees:\n- 50 Jordanian dinars: adults\nProcessing time: 5 working days\nOnline: https://eservices.dalil.example/passport-renewal"

// no999 is a stand-in for bot's grounding rule: the number 999 is not in
// the approved text.
func no999(text string, final bool) error {
	if strings.Contains(text, "999") {
		return errors.New("999 is not in the approved text")
	}
	return nil
}

type deltas struct {
	mu  sync.Mutex
	got []string
}

func (d *deltas) add(s string) {
	d.mu.Lock()
	d.got = append(d.got, s)
	d.mu.Unlock()
}

func (d *deltas) all() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.got...)
}

func fallbackReason(err error) string {
	var fe *FallbackError
	if errors.As(err, &fe) {
		return fe.Reason
	}
	return ""
}

// The answer streams to delta in order, piece by piece, and the pieces
// make the whole answer.
func TestRephraseStreams(t *testing.T) {
	srv := fakeServer(t)
	want := "Sure! Renewing a passport costs 50 Jordanian dinars for adults and takes 5 working days. Apply online at https://eservices.dalil.example/passport-renewal"
	srv.Push(llmtest.Reply{Content: want, Gap: 5 * time.Millisecond})
	c := newTest(t, srv, nil)
	var d deltas
	got, err := c.Rephrase(context.Background(), "c_1", "en", "how much is a passport renewal?", approvedEN, no999, d.add)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got %q", got)
	}
	pieces := d.all()
	if len(pieces) < 5 || strings.Join(pieces, "") != want {
		t.Errorf("%d deltas joined %q", len(pieces), strings.Join(pieces, ""))
	}
	// No piece ends inside a number: "50 " waits for its unit.
	for _, p := range pieces {
		if strings.HasSuffix(strings.TrimSpace(p), "50") || strings.HasSuffix(strings.TrimSpace(p), "5") {
			t.Errorf("piece %q ends on a number", p)
		}
	}
	r := srv.Requests()[0]
	if !r.Chat.Stream || r.Chat.StreamOptions == nil || !r.Chat.StreamOptions.IncludeUsage {
		t.Error("not a streamed request with usage")
	}
	if r.Between("approved") != approvedEN || r.Between("question") != "how much is a passport renewal?" {
		t.Errorf("user message:\n%s", r.Text("user"))
	}
	if !strings.Contains(r.Text("system"), "Reply in English") {
		t.Error("reply language not in the instructions")
	}
	// Cached: the same question costs nothing and arrives as one piece.
	var d2 deltas
	got2, err := c.Rephrase(context.Background(), "c_2", "en", "how much is a passport renewal?", approvedEN, no999, d2.add)
	if err != nil || got2 != want || len(d2.all()) != 1 || srv.Count("rephrase") != 1 {
		t.Errorf("cache: %q %v, %d deltas, %d requests", got2, err, len(d2.all()), srv.Count("rephrase"))
	}
}

func TestRephraseFailures(t *testing.T) {
	long := strings.Repeat("very long answer ", 200)
	for _, tc := range []struct {
		name   string
		reply  llmtest.Reply
		reason string
		within time.Duration // the error comes back within this
	}{
		{"stream cut before finish_reason", llmtest.Reply{Content: "Renewing costs 50 Jordanian dinars and takes 5 working days", Cut: 3}, reasonStreamCut, time.Second},
		{"slow first token", llmtest.Reply{FirstDelay: 2 * time.Second}, reasonFirstToken, 300*time.Millisecond + 150*time.Millisecond},
		{"stalls mid-stream", llmtest.Reply{Content: "Renewing a passport costs 50 Jordanian dinars", Gap: 2 * time.Second}, reasonFirstToken, 300*time.Millisecond + 150*time.Millisecond},
		{"hang", llmtest.Reply{Hang: true}, reasonFirstToken, 300*time.Millisecond + 150*time.Millisecond},
		{"finish length", llmtest.Reply{Content: "Renewing a passport costs", Finish: "length"}, reasonFinish, time.Second},
		{"invented fee", llmtest.Reply{Content: "Renewing costs 999 dinars, payable online at the portal today"}, reasonUngrounded, time.Second},
		{"far too long", llmtest.Reply{Content: long}, reasonTooLong, time.Second},
		{"repeats its instructions", llmtest.Reply{Content: rephraseRules}, reasonLeak, time.Second},
		{"401", llmtest.Reply{Status: 401}, reasonClient, time.Second},
		{"empty", llmtest.Reply{Chunks: []string{}}, reasonInvalid, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeServer(t)
			srv.Push(tc.reply)
			c := newTest(t, srv, nil)
			var d deltas
			start := time.Now()
			got, err := c.Rephrase(context.Background(), "c_1", "en", "how much?", approvedEN, no999, d.add)
			took := time.Since(start)
			if fallbackReason(err) != tc.reason || got != "" {
				t.Fatalf("got %q, %v; want fallback %s", got, err, tc.reason)
			}
			if took > tc.within {
				t.Errorf("took %v, want within %v", took, tc.within)
			}
			if fallbacks(c, "rephrase", tc.reason) != 1 {
				t.Error("fallback not counted")
			}
			for _, p := range d.all() {
				if strings.Contains(p, "999") {
					t.Errorf("ungrounded text streamed: %q", p)
				}
			}
			// Nothing failed is cached: the next call asks again.
			c.Rephrase(context.Background(), "c_1", "en", "how much?", approvedEN, no999, nil)
			if n := srv.Count("rephrase"); n != 2 {
				t.Errorf("%d requests after a failure and a retry, want 2", n)
			}
		})
	}
}

// A 500 before the stream starts is retried.
func TestRephraseRetries(t *testing.T) {
	srv := fakeServer(t)
	srv.Push(llmtest.Reply{Status: 500})
	c := newTest(t, srv, nil)
	got, err := c.Rephrase(context.Background(), "c_1", "en", "how much?", approvedEN, no999, nil)
	if err != nil || got != approvedEN || srv.Count("rephrase") != 2 {
		t.Errorf("got %q %v after %d requests", got, err, srv.Count("rephrase"))
	}
}

func TestBoundary(t *testing.T) {
	for s, want := range map[string]int{
		"":                    0,
		"word":                0,
		"word ":               5,
		"costs 50 ":           6,
		"costs 50 dinars":     6,
		"call +970 2 298 ":    5,
		"line one\nline two ": 18,
		"costs 50  ":          6,
	} {
		if got := boundary(s); got != want {
			t.Errorf("boundary(%q) = %d, want %d", s, got, want)
		}
	}
}
