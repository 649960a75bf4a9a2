package intents

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
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

// servicesUsing counts in ranges on every core what one pass over the
// documents counts.
func TestServicesUsingInRanges(t *testing.T) {
	defer func(n, procs int) {
		minChunk = n
		runtime.GOMAXPROCS(procs)
	}(minChunk, runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(3, 4))
	const features, services, real = 50, 40, 30
	var raws []rawDoc
	for svc := range services {
		for range 1 + rng.IntN(5) {
			r := rawDoc{info: docInfo{svc: int32(svc)}}
			for _, id := range rng.Perm(features)[:1+rng.IntN(8)] {
				r.ids = append(r.ids, int32(id))
			}
			raws = append(raws, r)
		}
	}
	// One pass: session 11's servicesUsing.
	wantSvcs, wantNear := make([]int32, features), make([]int32, features)
	last := make([]int32, features)
	for _, d := range raws {
		count := wantSvcs
		if d.info.svc >= real {
			count = wantNear
		}
		for _, id := range d.ids {
			if last[id] != d.info.svc+1 {
				last[id] = d.info.svc + 1
				count[id]++
			}
		}
	}
	for _, tc := range []struct{ chunk, procs int }{{1 << 30, 1}, {5, 1}, {5, 3}, {17, 2}} {
		minChunk = tc.chunk
		runtime.GOMAXPROCS(tc.procs)
		svcs, near := servicesUsing(raws, features, real)
		if !slices.Equal(svcs, wantSvcs) || !slices.Equal(near, wantNear) {
			t.Errorf("chunks of %d on %d cores: counts differ", tc.chunk, tc.procs)
		}
	}
	if svcs, near := servicesUsing(nil, features, real); len(svcs) != features || len(near) != features {
		t.Errorf("no documents: %d and %d counts, want %d", len(svcs), len(near), features)
	}
}
