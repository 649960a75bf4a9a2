package intents

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// oneEditRunes is oneEdit on rune slices, as it was first written: the
// reference the byte version must agree with.
func oneEditRunes(a, b []rune) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		diff := -1
		for i := range a {
			if a[i] != b[i] {
				if diff >= 0 {
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && string(a[i+1:]) == string(b[i+1:])
				}
				diff = i
			}
		}
		return diff >= 0
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return string(a[i+1:]) == string(b[i:])
	}
	return false
}

// TestOneEdit: oneEdit on bytes agrees with the rune version on words of
// one-, two- and three-byte letters and on every kind of edit of them.
func TestOneEdit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	word := func(n int) []rune { return randWord(rng, n) }
	for range 200000 {
		a := word(rng.IntN(7))
		b := append([]rune(nil), a...)
		for range 1 + rng.IntN(2) {
			i := rng.IntN(len(b) + 1)
			switch rng.IntN(4) {
			case 0:
				b = append(b[:i:i], append([]rune{letters[rng.IntN(len(letters))]}, b[i:]...)...)
			case 1:
				if i < len(b) {
					b = append(b[:i:i], b[i+1:]...)
				}
			case 2:
				if i < len(b) {
					b[i] = letters[rng.IntN(len(letters))]
				}
			case 3:
				if i+1 < len(b) {
					b[i], b[i+1] = b[i+1], b[i]
				}
			}
		}
		if got, want := oneEdit(string(a), string(b)), oneEditRunes(a, b); got != want {
			t.Fatalf("oneEdit(%q, %q) = %v, want %v", string(a), string(b), got, want)
		}
	}
}

// TestCorrectMatchesScan: correct, which tests only some of its
// candidates with oneEdit, gives what a scan of the whole vocabulary with
// oneEdit does, on words of one-, two- and three-byte letters near the
// vocabulary's (one or two edits away) and far from it.
func TestCorrectMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	word := func(n int) []rune { return randWord(rng, n) }
	known, count := map[string]bool{}, map[string]int{}
	for range 400 {
		w := string(word(3 + rng.IntN(4)))
		known[w] = true
		count[w] = rng.IntN(4)
	}
	s := newSpeller(known, count)
	scan := func(w string) string {
		best, bestN := "", int32(0)
		if utf8.RuneCountInString(w) < minSpellLen {
			return ""
		}
		for i := range s.count {
			c := s.word(int32(i))
			if c == w || !oneEdit(c, w) {
				continue
			}
			if n := s.count[i]; n > bestN || (n == bestN && c < best) {
				best, bestN = c, n
			}
		}
		return best
	}
	var vocab []string
	for w := range known {
		vocab = append(vocab, w)
	}
	corrected := 0
	for range 20000 {
		var w []rune
		if rng.IntN(3) == 0 {
			w = word(3 + rng.IntN(5))
		} else {
			w = []rune(vocab[rng.IntN(len(vocab))])
			for range 1 + rng.IntN(2) {
				i := rng.IntN(len(w) + 1)
				r := letters[rng.IntN(len(letters))]
				switch rng.IntN(3) {
				case 0:
					w = append(w[:i:i], append([]rune{r}, w[i:]...)...)
				case 1:
					if i < len(w) {
						w = append(w[:i:i], w[i+1:]...)
					}
				default:
					if i < len(w) {
						w[i] = r
					}
				}
			}
		}
		got, want := s.correct(string(w)), scan(string(w))
		if got != want {
			t.Fatalf("correct(%q) = %q, a scan gives %q", string(w), got, want)
		}
		if got != "" {
			corrected++
		}
	}
	if corrected < 4000 {
		t.Fatalf("%d words of 20000 corrected: too few to test correct", corrected)
	}
}

// letters are of one, two and three bytes, some repeated.
var letters = []rune("abاببتةجڤ€ن")

// randWord is n of letters.
func randWord(rng *rand.Rand, n int) []rune {
	w := make([]rune, n)
	for i := range w {
		w[i] = letters[rng.IntN(len(letters))]
	}
	return w
}
