package intents

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/dalil-project/dalil/knowledge"
)

// Questions written for this test (not from any evaluation set): what the
// model says alone, the combination with the cues, and its cost.
func TestAspectModel(t *testing.T) {
	start := time.Now()
	m := theAspectModel()
	t.Logf("trained in %v, %d table slots", time.Since(start), len(m.keys))
	_, classes := aspectExamples()
	var per [aspectClasses]int
	for _, c := range classes {
		per[c]++
	}
	t.Logf("examples by class (none, %v): %v", knowledge.Aspects, per)
	tests := []struct {
		text string
		want knowledge.Aspect
	}{
		{"do i have to bring the original or a copy is fine", knowledge.AspectDocuments},
		{"is it free or do i pay", knowledge.AspectFees},
		{"فيه فرع بالزرقاء؟", knowledge.AspectLocation},
		{"مسافر يوم الاحد بيلحق يطلع", knowledge.AspectTime},
		{"بقدر ابعت اخوي يطلعها عني", knowledge.AspectEligibility},
		{"shu lazem a3mel awal shi", knowledge.AspectSteps},
		{"بدي اجدد رخصة السواقة", knowledge.AspectNone},
	}
	for _, tc := range tests {
		toks := Tokens(Normalize(tc.text))
		stems := make([]string, len(toks))
		for i, w := range toks {
			stems[i] = Stem(w)
		}
		s := m.scores(toks, stems)
		best := 0
		for c := range s {
			if s[c] > s[best] {
				best = c
			}
		}
		got := knowledge.AspectNone
		if best > 0 {
			got = knowledge.Aspects[best-1]
		}
		if got != tc.want {
			t.Errorf("%q: model says %q, want %q", tc.text, got, tc.want)
		}
	}
}

// BenchmarkAspectModel: the model's cost for one question as Understand
// pays it (it runs only when no cue or several aspects' cues fire): the
// words' vectors summed, the pairs looked up, the softmax.
func BenchmarkAspectModel(b *testing.B) {
	an := aspectAnalysis("بدي احجز دور بالمركز الاسبوع الجاي كيف")
	am := theAspectModel()
	hits := matchWordCues(an)
	b.ReportAllocs()
	for b.Loop() {
		_ = decideAspect(hits[:], am.scoresOf(an))
	}
}

// aspectAnalysis is what the aspect model and the cues read of an
// analysis, without a matcher.
func aspectAnalysis(text string) analysis {
	an := analysis{norm: Normalize(text)}
	an.tokens = Tokens(an.norm)
	stems := make([]string, len(an.tokens))
	for i, t := range an.tokens {
		stems[i] = Stem(t)
		an.words = append(an.words, &wordFeats{stem: stems[i], cues: [2]uint16{cueKey(t), cueKey(stems[i])}, asp: theAspectModel().word(t, stems[i])})
	}
	an.seqs = [][]string{an.tokens, stems}
	return an
}

// BenchmarkAspectTrain: training, once per process.
func BenchmarkAspectTrain(b *testing.B) {
	for b.Loop() {
		trainAspectModel()
	}
}

// The trigrams of a word are those of "#"+word+"#", by rune.
func TestAspectTrigrams(t *testing.T) {
	fnv := func(s string) uint64 { return nonzero(fnvAdd(fnvBasis^'c', s)) }
	for _, tc := range []struct {
		word  string
		grams []string
	}{
		{"a", []string{"#a#"}},
		{"abc", []string{"#ab", "abc", "bc#"}},
		{"كم", []string{"#كم", "كم#"}},
	} {
		var got []uint64
		for _, f := range aspectWordFeats(tc.word, tc.word, nil)[1:] {
			got = append(got, f.h)
		}
		var want []uint64
		for _, g := range tc.grams {
			want = append(want, fnv(g))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: trigram hashes %v, want %v", tc.word, got, want)
		}
	}
}

// aspectSure is the softmax's probability compared with p (p >= 0.5).
func TestAspectSure(t *testing.T) {
	for _, s := range [][aspectClasses]float64{
		{0, -1, -2, -3, -4, -5, -6},
		{-10, -4, -20, -4.1, -50, -60, -70},
		{-3, -3, -3, -3, -3, -3, -3},
		{-100, -99, -80, -140, -101, -100, -100},
	} {
		mx := slices.Max(s[:])
		var z float64
		for _, v := range s {
			z += math.Exp(v - mx)
		}
		for c := range s {
			prob := math.Exp(s[c]-mx) / z
			for _, p := range []float64{0.5, 0.6, 0.97, 0.995} {
				if got, want := aspectSure(s, c, p), prob >= p; got != want {
					t.Errorf("%v class %d p %v: aspectSure %v, probability %.4f", s, c, p, got, prob)
				}
			}
		}
	}
}

// Where the cues name several aspects, the model picks one whose cues
// weigh less than the heaviest only when it is near certain
// (aspectLighterP); between equal cues, or for none, aspectConflictP.
func TestDecideAspectLighter(t *testing.T) {
	// Scores whose softmax gives class c probability p, the rest shared.
	scores := func(c int, p float64) (s [aspectClasses]float64) {
		for k := range s {
			s[k] = math.Log((1 - p) / (aspectClasses - 1))
		}
		s[c] = math.Log(p)
		return s
	}
	el, docs := 1, 2 // classes (0 is none)
	for _, tc := range []struct {
		hits []float64
		c    int
		p    float64
		want knowledge.Aspect
	}{
		{[]float64{0.8, 1.2, 0, 0, 0, 0}, el, 0.999, knowledge.AspectDocuments},
		{[]float64{0.8, 1.2, 0, 0, 0, 0}, el, 0.99999, knowledge.AspectEligibility},
		{[]float64{1, 1, 0, 0, 0, 0}, docs, 0.98, knowledge.AspectDocuments},
		{[]float64{1, 1, 0, 0, 0, 0}, docs, 0.9, knowledge.AspectEligibility},
		{[]float64{0.8, 1.2, 0, 0, 0, 0}, 0, 0.98, knowledge.AspectNone},
	} {
		if got := decideAspect(tc.hits, scores(tc.c, tc.p)); got != tc.want {
			t.Errorf("hits %v, class %d at %v: %q, want %q", tc.hits, tc.c, tc.p, got, tc.want)
		}
	}
}
