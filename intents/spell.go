package intents

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
func (s *speller) correct(w string) string {
	r := []rune(w)
	if len(r) < minSpellLen {
		return ""
	}
	best, bestN := "", 0
	consider := func(cands []string) {
		for _, c := range cands {
			if c == w || !oneEdit([]rune(c), r) {
				continue
			}
			if n := s.count[c]; n > bestN || (n == bestN && c < best) {
				best, bestN = c, n
			}
		}
	}
	consider(s.byDelete[w]) // w lacks a letter of a KB word
	// w has one letter too many, or a wrong one: each deletion is built in
	// a buffer (from the runes re-encoded, as a []rune conversion makes
	// them) and looked up without becoming a string.
	var eb, db [64]byte
	var ab [33]int32
	e, at := eb[:0], ab[:0] // w re-encoded; where each rune starts, then the end
	for _, c := range r {
		at = append(at, int32(len(e)))
		e = appendRune(e, c)
	}
	at = append(at, int32(len(e)))
	for i := range r {
		d := append(append(db[:0], e[:at[i]]...), e[at[i+1]:]...)
		consider(s.byDelete[string(d)])
	}
	return best
}

// oneEdit reports whether a and b differ by exactly one deletion,
// insertion, substitution or swap of neighbouring letters.
func oneEdit(a, b []rune) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		diff := -1
		for i := range a {
			if a[i] != b[i] {
				if diff >= 0 {
					// a swap of neighbours: exactly two differences, crossed
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
