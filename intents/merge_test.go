package intents

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMergeWords: a query's words merged in one call (in assembly on
// amd64) must give what merging them one by one with mergeGo gives: the
// same features in the same places, the same sums and the same features
// noted for reweighing.
func TestMergeWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for round := range 300 {
		var words []*wordFeats
		total := 0
		for range rng.IntN(14) {
			seen := map[int32]bool{}
			wf := &wordFeats{}
			for range rng.IntN(40) {
				id := int32(rng.IntN(20 + round))
				if !seen[id] { // a word's ids are distinct
					seen[id] = true
					wf.ids = append(wf.ids, id)
					wf.ws = append(wf.ws, rng.Float32())
					pre := rng.Float32()
					if rng.IntN(8) == 0 {
						pre = 0 // a weightless feature
					}
					wf.tfidf = append(wf.tfidf, pre)
				}
			}
			words = append(words, wf)
			total += len(wf.ids)
		}
		var want, got qtable
		want.reset(total)
		got.reset(total)
		wantAccs, gotAccs := make([]qacc, total), make([]qacc, total)
		wn := 0
		for _, wf := range words {
			wn = want.mergeGo(wantAccs, wn, wf.ids, wf.ws, wf.tfidf)
		}
		gn := got.mergeWords(gotAccs, words)
		if gn != wn || !slices.Equal(gotAccs, wantAccs) || !slices.Equal(got.slots, want.slots) ||
			!slices.Equal(got.slow[:got.nslow], want.slow[:want.nslow]) {
			t.Fatalf("round %d: differs from mergeGo word by word", round)
		}
	}
}
