package intents

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// stemRef is Stem as first written: on a rune slice, every prefix and
// suffix tried in list order, the stem a new string. The faster Stem must
// give the same stems.
func stemRef(w string) string {
	if w == "" {
		return w
	}
	r := []rune(w)
	if isArabic(r[0]) {
		return stemARRef(r)
	}
	if isLatin(r[0]) {
		return stemEN(w)
	}
	return w
}

func stemARRef(r []rune) string {
	if len(r) >= 5 && r[0] == 'م' && r[1] == 'ا' && r[len(r)-1] == 'ش' {
		r = r[2 : len(r)-1]
	}
	if len(r) >= 4 && r[0] == 'و' {
		r = r[1:]
	}
	for _, p := range arPrefixes {
		if hasPrefix(r, p) && len(r)-len(p) >= 2 {
			r = r[len(p):]
			break
		}
	}
	if len(r) >= 5 && (r[0] == 'ب' || r[0] == 'ح' || r[0] == 'ه') && strings.ContainsRune("يتنا", r[1]) {
		r = r[2:]
	} else if len(r) >= 5 && strings.ContainsRune("يتن", r[0]) && r[1] != 'ا' {
		r = r[1:]
	}
	if len(r) >= 5 && strings.HasSuffix(string(r), "يا") && r[len(r)-3] != 'ا' {
		r = r[:len(r)-1]
	}
	pronoun := false
	for pass := 0; pass < 2; pass++ {
		for _, s := range arSuffixes {
			if hasSuffix(r, s) && len(r)-len(s) >= 3 {
				r = r[:len(r)-len(s)]
				if pass == 0 && isPronoun(s) {
					pronoun = true
				}
				break
			}
		}
	}
	if pronoun && len(r) >= 4 && r[len(r)-1] == 'ت' && r[len(r)-2] != 'ا' {
		r = r[:len(r)-1]
	}
	return string(r)
}

// TestStemMatchesRef: Stem gives stemRef's stem for the sample knowledge
// base's words and for 300,000 made-up ones: affixes around random
// letters, letters outside the Arabic block, words of more than 64
// letters, text that is not valid UTF-8.
func TestStemMatchesRef(t *testing.T) {
	var words []string
	base, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range base.Services() {
		for _, x := range append(append([]string{s.Title.AR, s.Summary.AR}, s.Examples.AR...), s.Keywords.AR...) {
			words = append(words, Tokens(Normalize(x))...)
		}
	}
	rng := rand.New(rand.NewPCG(13, 14))
	letters := []rune("ابتثجحخدذرسشصضطظعغفقكلمنهويةىءأإآؤئ")
	odd := []rune{'a', 'Z', '3', 0x5ff, 0x700, 0xfb50, 0xfffd, 'ـ'}
	affixes := append(append([][]rune{[]rune("م"), []rune("ما"), []rune("ش"), []rune("و"), []rune("ب"), []rune("ح"), []rune("ي"), []rune("ت")}, arPrefixes...), arSuffixes...)
	for range 300000 {
		var b []rune
		for range rng.IntN(3) {
			b = append(b, affixes[rng.IntN(len(affixes))]...)
		}
		for range rng.IntN(7) {
			if rng.IntN(20) == 0 {
				b = append(b, odd[rng.IntN(len(odd))])
			} else {
				b = append(b, letters[rng.IntN(len(letters))])
			}
		}
		for range rng.IntN(4) {
			b = append(b, affixes[rng.IntN(len(affixes))]...)
		}
		if rng.IntN(500) == 0 {
			b = append(b, []rune(strings.Repeat("بطاقة", 14))...)
		}
		w := string(b)
		if rng.IntN(200) == 0 && len(w) > 1 {
			w = w[:len(w)-1] // a rune cut short
		}
		words = append(words, w)
	}
	words = append(words, "", "\xd8", "ب\xff\xfeتها", "بطاقتي", strings.Repeat("ي", 70)+"ها")
	for _, w := range words {
		if got, want := Stem(w), stemRef(w); got != want {
			t.Fatalf("Stem(%q) = %q, want %q", w, got, want)
		}
	}
}
