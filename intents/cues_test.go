package intents

import (
	"slices"
	"testing"
)

// cuesAt is cueIndex as an open-addressing table: the same cues for every
// word that starts one, none for the others.
func TestCuesAtIsCueIndex(t *testing.T) {
	same := func(a, b []cueRef) bool {
		return slices.EqualFunc(a, b, func(x, y cueRef) bool { return x.id == y.id && x.list == y.list && x.idx == y.idx })
	}
	for k, refs := range cueIndex {
		if got := cuesAt(k); !same(got, refs) {
			t.Errorf("cuesAt(%q) = %d cues, want %d", k, len(got), len(refs))
		}
	}
	for _, w := range []string{"", "a", "passpor", "passports", "جواز", "الجواز", "renewal", "x1234567890abcdef", "رسومات"} {
		if got := cuesAt(w); !same(got, cueIndex[w]) {
			t.Errorf("cuesAt(%q) = %d cues, want %d", w, len(got), len(cueIndex[w]))
		}
	}
}
