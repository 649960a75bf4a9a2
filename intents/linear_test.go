package intents_test

import (
	"context"
	"slices"
	"testing"

	"github.com/dalil-project/dalil/evaluate"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
)

// The learned model's training orders follow the examples' texts, not
// their places: the same knowledge base with every service's examples in
// reverse order decides every question the same way (with a position-based
// shuffle some borderline decisions move), so an editor's change to one
// service leaves the rest where they were.
func TestTrainingOrderFollowsTexts(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	var rev []*knowledge.Service
	for _, s := range kb.Services() {
		c := *s
		c.Examples.AR = slices.Clone(s.Examples.AR)
		c.Examples.EN = slices.Clone(s.Examples.EN)
		slices.Reverse(c.Examples.AR)
		slices.Reverse(c.Examples.EN)
		rev = append(rev, &c)
	}
	kb2, err := knowledge.New(rev)
	if err != nil {
		t.Fatal(err)
	}
	a, b := intents.NewMatcher(kb), intents.NewMatcher(kb2)
	n, moved := 0, 0
	for _, file := range []string{"testdata/calibration.jsonl", "testdata/heldout.jsonl", "testdata/nearmiss2.jsonl"} {
		qs, err := evaluate.ReadJSONL[evaluate.Turn](file)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			ra, _ := a.Understand(context.Background(), intents.Query{Text: q.Text})
			rb, _ := b.Understand(context.Background(), intents.Query{Text: q.Text})
			n++
			if ra.Intent != rb.Intent || ra.ServiceID != rb.ServiceID {
				moved++
				t.Errorf("%q: %s %s, reordered %s %s", q.Text, ra.Intent, ra.ServiceID, rb.Intent, rb.ServiceID)
			}
		}
	}
	t.Logf("%d questions, %d decisions moved", n, moved)
}

// A knowledge base whose facts changed but whose titles, summaries,
// keywords, examples and near misses did not gives the matcher the same
// inputs: a publish can keep it. Any of those changed, it cannot.
func TestSameInputs(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	m := intents.NewMatcher(kb)
	edit := func(f func(s *knowledge.Service)) *knowledge.Base {
		var svcs []*knowledge.Service
		for _, s := range kb.Services() {
			c := *s
			c.Examples.AR = slices.Clone(s.Examples.AR)
			c.Fees = slices.Clone(s.Fees)
			if c.ID == "passport-renewal" {
				f(&c)
			}
			svcs = append(svcs, &c)
		}
		kb2, err := knowledge.New(svcs)
		if err != nil {
			t.Fatal(err)
		}
		return kb2
	}
	for _, tc := range []struct {
		name string
		f    func(s *knowledge.Service)
		same bool
	}{
		{"fee", func(s *knowledge.Service) { s.Fees[0].Amount++ }, true},
		{"processing time", func(s *knowledge.Service) { s.ProcessingTime.EN += " (updated)" }, true},
		{"example added", func(s *knowledge.Service) {
			s.Examples.AR = append(s.Examples.AR, "كيف اجدد جواز سفري المنتهي")
		}, false},
		{"example edited", func(s *knowledge.Service) { s.Examples.AR[0] += " الان" }, false},
		{"title", func(s *knowledge.Service) { s.Title.EN += " service" }, false},
	} {
		if got := m.SameInputs(edit(tc.f)); got != tc.same {
			t.Errorf("%s changed: SameInputs = %v, want %v", tc.name, got, tc.same)
		}
	}
	if !m.SameInputs(kb) {
		t.Error("the same knowledge base: SameInputs = false")
	}
}
