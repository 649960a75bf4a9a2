package intents

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"
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
		featKeys(feat{'c', w, 1}, new(keyBuf), func(b []byte) {
			k := string(b)
			if _, ok := m.featID[k]; !ok {
				m.featID[k] = int32(len(m.featID))
			}
		})
	}
	m.grams = newGramTable(m.featID)
	for _, w := range words {
		var got, want wordFeats
		m.addGrams(&got, w, 0.5, new(idSeen))
		featKeys(feat{'c', w, 0.5}, new(keyBuf), func(b []byte) {
			k := string(b)
			if id, ok := m.featID[k]; ok {
				want.addFeat(id, 0.5)
			}
		})
		if !slices.Equal(got.ids, want.ids) || !slices.Equal(got.ws, want.ws) {
			t.Fatalf("%q: %v %v, want %v %v", w, got.ids, got.ws, want.ids, want.ws)
		}
	}
}

// TestGramHitsMatchesGo: the n-grams' ids found in one call (assembly on
// amd64) are gramHitsGo's, for words short and long (past addGrams' stack
// buffers), grams of up to and over eight bytes, and tables small enough
// that lookups probe past full slots.
func TestGramHitsMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	letters := []string{"ب", "ط", "ا", "ق", "a", "b", "é", "ж", "中", "😀", "\xff", "#"}
	word := func() string {
		w := ""
		for range 1 + rng.IntN(60) {
			w += letters[rng.IntN(len(letters))]
		}
		return w
	}
	for _, size := range []int{5, 50, 2000} {
		featID := map[string]int32{}
		for range size {
			featKeys(feat{'c', word(), 1}, new(keyBuf), func(b []byte) {
				k := string(b)
				if _, ok := featID[k]; !ok && rng.IntN(4) == 0 {
					featID[k] = int32(len(featID))
				}
			})
		}
		tab := newGramTable(featID)
		for range 500 {
			w := "#" + word() + "#"
			var at []int32
			for i := range len(w) {
				if i == 0 || i == len(w)-1 || utf8.RuneStart(w[i]) {
					at = append(at, int32(i))
				}
			}
			at = append(at, int32(len(w)))
			runes := len(at) - 1
			b := append(make([]byte, 0, len(w)+8+rng.IntN(3)), w...)
			got, want := make([]int32, 2*runes), make([]int32, 2*runes)
			ng, nw := gramHits(b, at, runes, &tab, got), gramHitsGo(b, at, runes, &tab, want)
			if !slices.Equal(got[:ng], want[:nw]) {
				t.Fatalf("%d features, %q: %v, want %v", len(featID), w, got[:ng], want[:nw])
			}
		}
	}
}
