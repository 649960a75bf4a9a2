package intents

import "unicode/utf8"

// speller corrects a word one edit (deletion, insertion, substitution,
// transposition of neighbours) away from a knowledge-base word, with a
// deletion index (the symmetric-delete idea of SymSpell): every KB word is
// stored under itself and each of its one-letter deletions, so a lookup is a
// few map reads instead of a scan of the vocabulary.
type speller struct {
	byDelete map[string][]string // deletion variant (or the word) -> KB words
	count    map[string]int
}

// minSpellLen: shorter words have too many neighbours to correct safely.
const minSpellLen = 4

func newSpeller(known map[string]bool, count map[string]int) *speller {
	s := &speller{byDelete: map[string][]string{}, count: count}
	for w := range known {
		r := []rune(w)
		if len(r) < minSpellLen || stopwords[w] {
			continue
		}
		s.byDelete[w] = append(s.byDelete[w], w)
		for i := range r {
			d := string(r[:i]) + string(r[i+1:])
			s.byDelete[d] = append(s.byDelete[d], w)
		}
	}
	return s
}

// correct returns the most frequent KB word within one edit of w, or "".
// Words here are normalized text, valid UTF-8, so runes compare as their
// bytes do: the edits are found on the bytes, without rune slices.
func (s *speller) correct(w string) string {
	if utf8.RuneCountInString(w) < minSpellLen {
		return ""
	}
	best, bestN := "", 0
	consider := func(cands []string) {
		for _, c := range cands {
			if c == w || !oneEdit(c, w) {
				continue
			}
			if n := s.count[c]; n > bestN || (n == bestN && c < best) {
				best, bestN = c, n
			}
		}
	}
	consider(s.byDelete[w]) // w lacks a letter of a KB word
	// w has one letter too many, or a wrong one: each deletion is built in
	// a buffer and looked up without becoming a string. A letter ends
	// where the next starts, found without decoding it.
	var db [64]byte
	for i := 0; i < len(w); {
		n := 1
		for i+n < len(w) && !utf8.RuneStart(w[i+n]) {
			n++
		}
		d := append(append(db[:0], w[:i]...), w[i+n:]...)
		consider(s.byDelete[string(d)])
		i += n
	}
	return best
}

// oneEdit reports whether a and b (valid UTF-8) differ by exactly one
// deletion, insertion, substitution or swap of neighbouring letters. Each
// edit is tried at their first differing rune; only one can fit, as each
// implies how their lengths in runes compare.
func oneEdit(a, b string) bool {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i-- // back to the start of the rune the bytes first differ in
	}
	a, b = a[i:], b[i:]
	if a == b {
		return false
	}
	ra, na := utf8.DecodeRuneInString(a)
	rb, nb := utf8.DecodeRuneInString(b)
	switch {
	case len(a) > 0 && a[na:] == b, len(b) > 0 && a == b[nb:], a[na:] == b[nb:]:
		return true // a deletion, an insertion, a substitution
	}
	ra2, na2 := utf8.DecodeRuneInString(a[na:])
	rb2, nb2 := utf8.DecodeRuneInString(b[nb:])
	return na < len(a) && nb < len(b) && ra == rb2 && rb == ra2 && a[na+na2:] == b[nb+nb2:]
}
