package intents

import (
	"math/rand/v2"
	"testing"
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
	letters := []rune("abاببتةجڤ€ن")
	word := func(n int) []rune {
		w := make([]rune, n)
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		return w
	}
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
