package llm

import (
	"context"
	"testing"
	"time"

	"github.com/dalil-project/dalil/intents"
)

func TestRoute(t *testing.T) {
	cands := func(scores ...float64) []intents.Candidate {
		var out []intents.Candidate
		for i, s := range scores {
			out = append(out, intents.Candidate{ServiceID: string(rune('a' + i)), Score: s})
		}
		return out
	}
	r := DefaultRoute
	for _, tc := range []struct {
		name string
		q    intents.Query
		res  intents.Result
		want string
	}{
		{"sure answer", query("passport fees"), intents.Result{Intent: "service_info", Confidence: 0.9, Candidates: cands(0.4, 0.2)}, ""},
		{"low confidence", query("passport fees"), intents.Result{Intent: "service_info", Confidence: 0.3, Candidates: cands(0.25, 0.1)}, RouteLowConfidence},
		{"almost tied", query("passport fees"), intents.Result{Intent: "service_info", Confidence: 0.85, Candidates: cands(0.4, 0.39)}, RouteSmallMargin},
		{"resolved follow-up stands", query("how much?"), intents.Result{Intent: "service_info", Confidence: 0.5, FollowUp: true, Candidates: cands(0.4, 0.39)}, ""},
		{"clarify", query("passport"), intents.Result{Intent: "clarify", Candidates: cands(0.3, 0.3)}, RouteClarify},
		{"out of scope, nothing close", query("weather today"), intents.Result{Intent: "out_of_scope", Candidates: cands(0.05)}, ""},
		{"out of scope, a near miss", query("bata2a"), intents.Result{Intent: "out_of_scope", Candidates: cands(0.15)}, RouteNearMiss},
		{"unresolved follow-up", intents.Query{Text: "and for my kids?", Context: intents.Context{LastService: "x"}},
			intents.Result{Intent: "out_of_scope", Candidates: cands(0.02)}, RouteFollowUp},
		{"two questions", query("كم الرسوم؟ وكم المدة؟"), intents.Result{Intent: "service_info", Confidence: 0.9, Candidates: cands(0.4, 0.1)}, RouteSeveral},
		{"one question, two marks", query("how much??"), intents.Result{Intent: "service_info", Confidence: 0.9, Candidates: cands(0.4, 0.1)}, ""},
		{"greeting", query("hi"), intents.Result{Intent: "greeting", Confidence: 1}, ""},
		{"handoff", query("a human please?"), intents.Result{Intent: "handoff", Confidence: 1}, ""},
		{"no words", query("???"), intents.Result{Intent: "fallback"}, ""},
	} {
		if got := r.Unsure(tc.q, tc.res); got != tc.want {
			t.Errorf("%s: Unsure = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLRU(t *testing.T) {
	l := NewLRU(2)
	clk := newClock()
	l.now = clk.Now
	ctx := context.Background()
	l.Set(ctx, "a", []byte("1"), 0)
	l.Set(ctx, "b", []byte("2"), time.Minute)
	l.Get(ctx, "a") // a is now the most recent
	l.Set(ctx, "c", []byte("3"), 0)
	if _, ok, _ := l.Get(ctx, "b"); ok {
		t.Error("least recently used entry kept")
	}
	if v, ok, _ := l.Get(ctx, "a"); !ok || string(v) != "1" {
		t.Error("recent entry dropped")
	}
	l.Set(ctx, "d", []byte("4"), time.Second)
	clk.Add(2 * time.Second)
	if _, ok, _ := l.Get(ctx, "d"); ok || l.Len() != 1 {
		t.Errorf("expired entry kept (len %d)", l.Len())
	}
}
