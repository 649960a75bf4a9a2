package intents

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// threeClasses is a small problem: three classes, each with a feature of
// its own and one shared with the next, so the shared ones must not decide.
func threeClasses() (train []example, classes, features int) {
	return []example{
		{class: 0, ids: []int32{0, 3}, xs: []float32{0.8, 0.6}, key: 1},
		{class: 0, ids: []int32{0, 5}, xs: []float32{0.6, 0.8}, key: 2},
		{class: 1, ids: []int32{1, 3}, xs: []float32{0.8, 0.6}, key: 3},
		{class: 1, ids: []int32{1, 4}, xs: []float32{0.6, 0.8}, key: 4},
		{class: 2, ids: []int32{2, 4}, xs: []float32{0.8, 0.6}, key: 5},
		{class: 2, ids: []int32{2, 5}, xs: []float32{0.6, 0.8}, key: 6},
	}, 3, 6
}

// TestLogisticLearnsExamples: on a small problem, every example ranks its
// own class first, and training twice gives the same weights.
func TestLogisticLearnsExamples(t *testing.T) {
	train, classes, features := threeClasses()
	l := trainLogistic(train, classes, features, nil, 0)
	for i, ex := range train {
		scores := make([]float32, classes)
		for k, id := range ex.ids {
			l.addRow(scores, id, ex.xs[k])
		}
		best := 0
		for c, s := range scores {
			if s > scores[best] {
				best = c
			}
		}
		if best != int(ex.class) {
			t.Errorf("example %d (class %d) ranks class %d first: %v", i, ex.class, best, scores)
		}
	}
	again := trainLogistic(train, classes, features, nil, 0)
	if !slices.Equal(l.val, again.val) || !slices.Equal(l.start, again.start) {
		t.Error("two trainings on the same examples gave different weights")
	}
}

// TestDropFeatures: dropout leaves out about its share of an example's
// features, reads the others 1/(1-drop) louder, and draws the same mask
// for the same example and pass (a knowledge base gives one model) but
// another for another pass.
func TestDropFeatures(t *testing.T) {
	ex := example{key: 0x1234, ids: make([]int32, 4000), xs: make([]float32, 4000)}
	for i := range ex.ids {
		ex.ids[i], ex.xs[i] = int32(i), 0.5
	}
	for _, drop := range []float64{0.1, 0.2, 0.5} {
		kept := dropFeatures(nil, ex, 7, drop)
		zeros := 0
		for i, x := range kept {
			switch x {
			case 0:
				zeros++
			case float32(0.5 / (1 - drop)):
			default:
				t.Fatalf("drop %.1f: feature %d is %v, want 0 or %v", drop, i, x, 0.5/(1-drop))
			}
		}
		if share := float64(zeros) / float64(len(kept)); math.Abs(share-drop) > 0.03 {
			t.Errorf("drop %.1f: %.3f of the features left out", drop, share)
		}
		if again := dropFeatures(nil, ex, 7, drop); !slices.Equal(kept, again) {
			t.Errorf("drop %.1f: two draws for the same pass differ", drop)
		}
		if other := dropFeatures(nil, ex, 8, drop); slices.Equal(kept, other) {
			t.Errorf("drop %.1f: two passes drew the same mask", drop)
		}
	}
}

// TestLogisticLearnsWithDropout: with dropout too, every example of the
// small problem ranks its own class first, and training twice gives the
// same weights.
func TestLogisticLearnsWithDropout(t *testing.T) {
	train, classes, features := threeClasses()
	l := trainLogistic(train, classes, features, nil, lgDrop)
	rankOwnClass(t, l, train, classes)
	if again := trainLogistic(train, classes, features, nil, lgDrop); !slices.Equal(l.val, again.val) {
		t.Error("two trainings on the same examples gave different weights")
	}
	if plain := trainLogistic(train, classes, features, nil, 0); slices.Equal(l.val, plain.val) {
		t.Error("dropout did not change the model")
	}
}

// rankOwnClass fails t unless l ranks every training example's own class
// first.
func rankOwnClass(t *testing.T, l *linear, train []example, classes int) {
	t.Helper()
	for i, ex := range train {
		scores := make([]float32, classes)
		for k, id := range ex.ids {
			l.addRow(scores, id, ex.xs[k])
		}
		if best := slices.Index(scores, slices.Max(scores)); best != int(ex.class) {
			t.Errorf("example %d (class %d) ranks class %d first: %v", i, ex.class, best, scores)
		}
	}
}

// TestLogisticBag: the kept model's average of trainings ranks every
// example of the small problem right, is the same twice (its trainings run
// on every core), differs from one training, and takes as many trainings
// as lgMaxWork allows beside the cross-validation's.
func TestLogisticBag(t *testing.T) {
	train, classes, features := threeClasses()
	l := trainLogisticBag(train, classes, features, nil, lgDrop, lgBag)
	rankOwnClass(t, l, train, classes)
	if again := trainLogisticBag(train, classes, features, nil, lgDrop, lgBag); !slices.Equal(l.val, again.val) {
		t.Error("two bags of the same examples gave different weights")
	}
	one := trainLogisticBag(train, classes, features, nil, lgDrop, 1)
	if slices.Equal(l.val, one.val) {
		t.Error("the bag is one training")
	}
	if plain := trainLogistic(train, classes, features, nil, lgDrop); !slices.Equal(one.val, plain.val) {
		t.Error("a bag of one is not trainLogistic")
	}
	for _, c := range []struct {
		classes int
		want    int
	}{
		{classes, lgBag},
		{int(lgMaxWork / (trainWork(train, 1) * lgEpochs) / 4), 2}, // four trainings fit: two beside the cross-validation
		{int(lgMaxWork / (trainWork(train, 1) * lgEpochs)), 1},     // one fits: still one
	} {
		if got := lgBagOf(train, c.classes); got != c.want {
			t.Errorf("lgBagOf(%d classes) = %d, want %d", c.classes, got, c.want)
		}
	}
}

// TestFewShotFusionIsTheProduct: naive Bayes' scorer over the fused rows
// gives the product of the two experts, p_lr^(1-β) · p_nb^β, computed from
// the two models apart.
func TestFewShotFusionIsTheProduct(t *testing.T) {
	train, classes, features := threeClasses()
	questions := []struct {
		ids []int32
		xs  []float32
	}{{[]int32{0}, []float32{1}}, {[]int32{3, 4}, []float32{0.6, 0.8}}, {[]int32{1, 2, 5}, []float32{0.5, 0.5, 0.7}}}
	for _, beta := range []float64{0, 0.3, 0.9} {
		nb, lr := trainBayes(train, classes, features), trainLogistic(train, classes, features, nil, 0)
		bias := slices.Clone(nb.bias)
		rows := nb.rows // fuseFewShot drops nb's
		fused := fuseFewShot(nb, lr, beta, features)
		for _, q := range questions {
			snb, slr, sf := make([]float32, classes), make([]float32, classes), make([]float32, classes)
			sumw := 0.0
			for k, id := range q.ids {
				rows.addRow(snb, id, q.xs[k])
				lr.addRow(slr, id, q.xs[k])
				fused.addRow(sf, id, q.xs[k])
				sumw += float64(q.xs[k])
			}
			want := make([]float64, classes)
			for c := range want {
				want[c] = beta*(float64(snb[c])+sumw*float64(bias[c]))/nbTemp + (1-beta)*float64(slr[c])/lgTemp
			}
			logSoftmax(want)
			got := nb.probs(sf, sumw, 1, make([]float64, classes))
			for c := range want {
				if d := math.Abs(math.Exp(want[c]) - got[c]); d > 1e-4 {
					t.Errorf("β %.1f, question %v: class %d has probability %.6f, the product of experts %.6f", beta, q.ids, c, got[c], math.Exp(want[c]))
				}
			}
		}
	}
}

// TestLogisticJoinsWhereItPays: cross-validation keeps the logistic model
// out of the sample knowledge base cut to five examples a language (naive
// Bayes ranks its examples better, among its near misses), and brings it
// into ArBanking77's ten-example one, where it ranks the dev split better
// than naive Bayes alone (skipped without the shared data folder).
func TestLogisticJoinsWhereItPays(t *testing.T) {
	if m := NewMatcher(fewExamples(t, 5)); m.nb == nil || m.lr != nil {
		t.Errorf("sample with five examples a language: naive Bayes %v, logistic model %v; want only naive Bayes", m.nb != nil, m.lr != nil)
	}
	dir := "../../shared/eval/external/arbanking77/"
	f, err := os.Open(dir + "train10.jsonl")
	if err != nil {
		t.Skipf("no ArBanking77 data: %v", err)
	}
	svcs, err := knowledge.ImportExamples(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.New(svcs)
	if err != nil {
		t.Fatal(err)
	}
	with, without := NewMatcher(kb), NewMatcherWith(kb, Options{NoLogistic: true})
	if with.lr == nil {
		t.Fatal("ArBanking77, ten examples an intent: no logistic model; cross-validation should keep it")
	}
	qs := readLabelled(t, dir+"dev.jsonl")
	top1 := func(m *Matcher) int {
		ok := 0
		for _, q := range qs {
			r, _ := m.Understand(context.Background(), Query{Text: q.text})
			if len(r.Candidates) > 0 && r.Candidates[0].ServiceID == q.service {
				ok++
			}
		}
		return ok
	}
	a, b := top1(with), top1(without)
	t.Logf("ArBanking77 dev, ten examples an intent: %d of %d first with the logistic model, %d without", a, len(qs), b)
	if a <= b {
		t.Errorf("the logistic model should pay on ArBanking77 with ten examples an intent: %d with, %d without", a, b)
	}
	// With its function words and synonym groups read louder and the
	// groups' members quieter (logisticScales), dropout (lgDrop) and
	// half the β chosen (lgBetaShare) it ranks 1,718 first (session 8,
	// with kb8's and few9's word changes; 1,721 before them); 1,714 with
	// all of that β and no dropout, 1,576 without the scales; 1,739 once
	// the cross-validation weighs the kept model, 1,736 with session 9's
	// groups and the accusative's alif.
	if a < 1680 {
		t.Errorf("ArBanking77 dev, ten examples an intent: %d first with the logistic model, want at least 1,680 (are its scales applied?)", a)
	}
}

// TestLogisticScales: function words, synonym groups and the groups'
// members' own words get their scales in the kept logistic model, every
// other feature 1.
func TestLogisticScales(t *testing.T) {
	group := "s|" + synonymKeys[0]
	feats := []struct {
		key  string
		kind byte
		want float32
	}{
		{"w|" + Stem(Normalize("جواز")), 'w', 1},
		{"w|" + Stem(Normalize("بطاقة")), 'w', lgMemberScale}, // cards: بطاقة، كرت …
		{"c|#بط", 'c', 1},
		{"s|كيف", 's', lgFuncScale},
		{group, 's', lgSynScale},
		{"b", 'b', 1}, // a word pair: numbered apart from featID
		{"f", 'f', 1}, // a function-word pair
	}
	kinds := make([]byte, len(feats))
	featID := map[string]int32{}
	for i, f := range feats {
		kinds[i] = f.kind
		if f.kind != 'b' && f.kind != 'f' {
			featID[f.key] = int32(i)
		}
	}
	got := logisticScales(kinds, featID)
	for i, f := range feats {
		if got[i] != f.want {
			t.Errorf("%s (kind %c): scale %v, want %v", f.key, f.kind, got[i], f.want)
		}
	}
}

// TestScaledLogisticScoresAsScaled: a model trained with scales scores a
// question's own weights as the model trained on scaled examples scores
// the scaled question, so the scales reach the questions too.
func TestScaledLogisticScoresAsScaled(t *testing.T) {
	train, classes, features := threeClasses()
	scales := []float32{1, 1, 1, 3, 0.5, 2}
	l := trainLogistic(train, classes, features, scales, 0)
	plain := trainLogistic(scaledExamples(train, scales), classes, features, nil, 0)
	if slices.Equal(l.val, plain.val) {
		t.Fatal("the scales did not reach the rows")
	}
	q := struct {
		ids []int32
		xs  []float32
	}{[]int32{0, 3, 4, 5}, []float32{0.4, 0.5, 0.6, 0.5}}
	got, want := make([]float32, classes), make([]float32, classes)
	for k, id := range q.ids {
		l.addRow(got, id, q.xs[k])
		plain.addRow(want, id, q.xs[k]*scales[id])
	}
	for c := range want {
		if d := math.Abs(float64(got[c] - want[c])); d > 1e-5*max(1, math.Abs(float64(want[c]))) {
			t.Errorf("class %d: %v, want %v", c, got[c], want[c])
		}
	}
}

type labelledQuestion struct{ text, service string }

// readLabelled reads a data set's questions and their labels, as service
// ids (knowledge.LabelID).
func readLabelled(t *testing.T, path string) []labelledQuestion {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledQuestion
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q struct{ Text, Label string }
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		out = append(out, labelledQuestion{q.Text, knowledge.LabelID(q.Label)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFewShotBetaGate: the β weighed against naive Bayes alone is the one
// that ranks the most held-out examples right among the mixtures the
// logistic model leads (β up to lgLead, a tie to the larger), and it is
// kept only if it wins clearly (a sign test at one standard deviation).
// The tallies are ArBanking77's and the sample knowledge base's, from the
// kept model's cross-validation.
func TestFewShotBetaGate(t *testing.T) {
	tests := []struct {
		name                string
		right, wins, losses [len(fewShotBetas)]int
		best                int
		clear               bool
	}{
		{"ArBanking77 --shots 5 --seed 7",
			[11]int{129, 129, 127, 128, 124, 117, 114, 112, 110, 106, 106},
			[11]int{35, 33, 30, 29, 24, 14, 10, 7, 5, 1, 0},
			[11]int{12, 10, 9, 7, 6, 3, 2, 1, 1, 1, 0}, 1, true},
		{"ArBanking77 --shots 3 --seed 4",
			[11]int{62, 59, 58, 55, 54, 53, 53, 51, 52, 48, 48},
			[11]int{21, 17, 16, 13, 12, 10, 9, 7, 6, 1, 0},
			[11]int{7, 6, 6, 6, 6, 5, 4, 4, 2, 1, 0}, 0, true},
		// Naive Bayes is best (β 0.9 ties it by two wins and no loss),
		// and no mixture the logistic model leads comes near it.
		{"sample, three examples a language, seed 2",
			[11]int{60, 64, 73, 81, 87, 92, 93, 95, 98, 100, 99},
			[11]int{5, 5, 5, 6, 5, 5, 4, 2, 2, 2, 0},
			[11]int{44, 40, 31, 24, 17, 12, 10, 6, 3, 1, 0}, 5, false},
		{"one example's luck", [11]int{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2},
			[11]int{2}, [11]int{1}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tally := betaTally{tc.right, tc.wins, tc.losses}
			best := tally.best(lgLead + 1)
			if best != tc.best {
				t.Errorf("best β index %d, want %d", best, tc.best)
			}
			if got := tally.clear(best); got != tc.clear {
				t.Errorf("clear(%d) = %v, want %v", best, got, tc.clear)
			}
		})
	}
}
