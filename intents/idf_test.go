package intents

import (
	"math"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// With few examples a service, a word weighs by the services that use it:
// one intent's word in all of its examples weighs as one seen once, and a
// word two intents share weighs less (servicesUsing, fewIDFPow).
func TestFewShotIDFByServices(t *testing.T) {
	few, err := knowledge.New([]*knowledge.Service{
		{ID: "a", Title: knowledge.Text{AR: "ا", EN: "a"}, ExamplesOnly: true, Examples: knowledge.Phrases{AR: []string{
			"بطاقتي مسروقه", "سرقوا بطاقتي امس", "بطاقتي ضاعت", "اين بطاقتي"}}},
		{ID: "b", Title: knowledge.Text{AR: "ب", EN: "b"}, ExamplesOnly: true, Examples: knowledge.Phrases{AR: []string{
			"كم رسوم التحويل", "رسوم تحويل دولي", "التحويل فشل"}}},
		{ID: "c", Title: knowledge.Text{AR: "ج", EN: "c"}, ExamplesOnly: true, Examples: knowledge.Phrases{AR: []string{
			"متي يصل التحويل", "وصل الراتب"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(few)
	idf := func(word string) float64 {
		id, ok := m.featID["w|"+Stem(Normalize(word))]
		if !ok {
			t.Fatalf("no feature for %s", word)
		}
		return float64(m.idf[id])
	}
	want := func(services int) float64 { return math.Pow(math.Log(1+3/float64(services)), fewIDFPow) }
	for _, tc := range []struct {
		word     string
		services int
	}{
		{"بطاقتي", 1}, // in all four of a's examples
		{"امس", 1},    // in one
		{"دولي", 1},
		{"التحويل", 2}, // b's and c's
	} {
		if got := idf(tc.word); math.Abs(got-want(tc.services)) > 1e-5 {
			t.Errorf("%s: idf %.4f, want %.4f (%d services)", tc.word, got, want(tc.services), tc.services)
		}
	}
	// The sample knowledge base (about 80 examples a service) weighs by
	// examples, as before: a word of one example weighs more than any
	// service count gives.
	sample, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	ms := NewMatcher(sample)
	top := 0.0
	for _, w := range ms.idf {
		top = max(top, float64(w))
	}
	if bound := math.Pow(math.Log(1+float64(ms.real)), fewIDFPow); top <= bound+1 {
		t.Errorf("sample knowledge base: top idf %.2f, want document frequency's (over %.2f)", top, bound+1)
	}
}
