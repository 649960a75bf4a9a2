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
