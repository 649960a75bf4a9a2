package intents

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAddGramsIsFeatKeys: the n-grams a query's word gets by their bytes
// (addGrams) are the features of the keys the index builds (featKeys), in
// the same order and with the same weights, for Arabic, Latin and other
// letters, grams longer than eight bytes, and text that is not valid UTF-8.
func TestAddGramsIsFeatKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	letters := []string{"ب", "ط", "ا", "ق", "ة", "a", "b", "é", "ж", "中", "😀", "\xff", "\x80", "\xd8", "#"}
	var words []string
	for range 3000 {
		w := ""
		for range 1 + rng.IntN(8) {
			w += letters[rng.IntN(len(letters))]
		}
		words = append(words, w)
	}
	m := &Matcher{featID: map[string]int32{}}
	for _, w := range words[:1500] { // the index has the grams of half the words
		featKeys(feat{'c', w, 1}, func(k string) {
			if _, ok := m.featID[k]; !ok {
				m.featID[k] = int32(len(m.featID))
			}
		})
	}
	m.grams = newGramTable(m.featID)
	for _, w := range words {
		var got, want wordFeats
		m.addGrams(&got, w, 0.5)
		featKeys(feat{'c', w, 0.5}, func(k string) {
			if id, ok := m.featID[k]; ok {
				want.addFeat(id, 0.5)
			}
		})
		if !slices.Equal(got.ids, want.ids) || !slices.Equal(got.ws, want.ws) {
			t.Fatalf("%q: %v %v, want %v %v", w, got.ids, got.ws, want.ids, want.ws)
		}
	}
}
