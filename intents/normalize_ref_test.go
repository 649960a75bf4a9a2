package intents

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// normalizeRef is Normalize as first written, in two passes (fold and
// collapse spaces, then collapse elongation): the definition the one-pass
// Normalize must keep to.
func normalizeRef(s string) string {
	if strings.ContainsAny(s, "$'’") {
		s = arabiziSigns(s)
	}
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		r = foldRune(r)
		if r == 0 || (r == ' ' && (len(rs) == 0 || rs[len(rs)-1] == ' ')) {
			continue
		}
		rs = append(rs, r)
	}
	for len(rs) > 0 && rs[len(rs)-1] == ' ' {
		rs = rs[:len(rs)-1]
	}
	out := rs[:0]
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		if n >= 3 && rs[i] != ' ' && !(rs[i] >= '0' && rs[i] <= '9') {
			if isArabic(rs[i]) {
				n = 1
			} else {
				n = 2
			}
		}
		for k := 0; k < n; k++ {
			out = append(out, rs[i])
		}
		i = j
	}
	return string(out)
}

// TestNormalizeMatchesDefinition compares the one-pass normalizer and its
// tokenizer with the two-pass definition and strings.Fields on random text
// made of the runes that matter: letters that fold, marks that drop,
// spaces of several kinds, digits, Arabizi signs, repeats.
func TestNormalizeMatchesDefinition(t *testing.T) {
	alphabet := []rune("ااأإآبةهيىئؤوكکیگ\u064e\u0651\u0640\u200f\u200b ــ\t\n\u00a0\u2003،؟!.,-aAbBeEzZ3'’$٣۵09")
	rng := rand.New(rand.NewPCG(7, 11))
	var b strings.Builder
	for i := 0; i < 200000; i++ {
		b.Reset()
		n := rng.IntN(14)
		for k := 0; k < n; k++ {
			r := alphabet[rng.IntN(len(alphabet))]
			for rep := rng.IntN(5); rep >= 0; rep-- { // repeats make elongation runs
				b.WriteRune(r)
				if rng.IntN(3) > 0 {
					break
				}
			}
		}
		in := b.String()
		got, want := Normalize(in), normalizeRef(in)
		if got != want {
			t.Fatalf("Normalize(%q) = %q, the definition gives %q", in, got, want)
		}
		if toks, fields := Tokens(got), strings.Fields(got); !slices.Equal(toks, fields) {
			t.Fatalf("Tokens(%q) = %q, strings.Fields gives %q", got, toks, fields)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	in := "السلام عليكم، بدي أجدد جواز السفر تبعي... كم الرسوم؟؟ pleeease"
	for i := 0; i < b.N; i++ {
		Tokens(Normalize(in))
	}
}

func BenchmarkNormalizeRef(b *testing.B) {
	in := "السلام عليكم، بدي أجدد جواز السفر تبعي... كم الرسوم؟؟ pleeease"
	for i := 0; i < b.N; i++ {
		strings.Fields(normalizeRef(in))
	}
}

// TestSpacesAt: the spaces found sixteen bytes at a time (assembly on
// amd64) are the byte loop's, for texts of every length up to a few
// blocks, spaces sparse and dense, and room for all of them, some or none;
// and the words between them are strings.Fields', past the spaces
// appendTokens has room for too.
func TestSpacesAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	parts := []string{" ", "  ", "ب", "a", "é", "ж", "中", "\x00", "\xff"}
	for round := range 20000 {
		var b strings.Builder
		size := rng.IntN(70)
		if round%100 == 0 {
			size = 600
		}
		for b.Len() < size {
			if rng.IntN(4) == 0 {
				b.WriteString(parts[rng.IntN(2)])
			} else {
				b.WriteString(parts[2+rng.IntN(len(parts)-2)])
			}
		}
		s := b.String()
		room := rng.IntN(40)
		got, want := make([]int32, room), make([]int32, room)
		if k, kw := spacesAt(s, got), spacesAtGo(s, want); k != kw || !slices.Equal(got, want) {
			t.Fatalf("spacesAt(%q) = %d %v, want %d %v", s, k, got, kw, want)
		}
		if toks, fields := appendTokens(nil, s), strings.Fields(s); !slices.Equal(toks, fields) {
			t.Fatalf("appendTokens(%q) = %q, strings.Fields gives %q", s, toks, fields)
		}
	}
}
