package intents

import (
	"hash/maphash"
	"strings"
	"unicode/utf8"
)

// speller corrects a word one edit (deletion, insertion, substitution,
// transposition of neighbours) away from a knowledge-base word, with a
// deletion index (the symmetric-delete idea of SymSpell): every KB word is
// stored under itself and each of its one-letter deletions, so a lookup is a
// few table reads instead of a scan of the vocabulary. Its tables hold no
// pointers but two strings' (words and keys), so the GC marks it at once.
type speller struct {
	words  string  // the KB words, one after another
	wordAt []int32 // word i is words[wordAt[i]:wordAt[i+1]]
	count  []int32 // per word: its occurrences
	keys   string  // the deletion variants, one after another
	slots  []spellSlot
	lists  []int32 // slot k's words are lists[slots[k].lo:slots[k].hi]
	seed   maphash.Seed
}

// spellSlot is a deletion variant (or a word) and its words; hi 0: an
// empty slot.
type spellSlot struct {
	at, end int32 // the variant is keys[at:end]
	lo, hi  int32
}

// minSpellLen: shorter words have too many neighbours to correct safely.
const minSpellLen = 4

func newSpeller(known map[string]bool, count map[string]int) *speller {
	byDelete := map[string][]int32{} // deletion variant (or the word) -> its words
	var words strings.Builder
	s := &speller{wordAt: []int32{0}, seed: maphash.MakeSeed()}
	for w := range known {
		r := []rune(w)
		if len(r) < minSpellLen || stopwords[w] {
			continue
		}
		id := int32(len(s.count))
		words.WriteString(w)
		s.wordAt = append(s.wordAt, int32(words.Len()))
		s.count = append(s.count, int32(count[w]))
		byDelete[w] = append(byDelete[w], id)
		for i := range r {
			d := string(r[:i]) + string(r[i+1:])
			byDelete[d] = append(byDelete[d], id)
		}
	}
	s.words = words.String()
	s.index(byDelete)
	return s
}

// index lays byDelete out in s's table.
func (s *speller) index(byDelete map[string][]int32) {
	size := 16
	for size < 2*len(byDelete) {
		size *= 2
	}
	s.slots = make([]spellSlot, size)
	var keys strings.Builder
	for d, ws := range byDelete {
		i := maphash.String(s.seed, d) & uint64(size-1)
		for s.slots[i].hi != 0 {
			i = (i + 1) & uint64(size-1)
		}
		at := int32(keys.Len())
		keys.WriteString(d)
		lo := int32(len(s.lists))
		s.lists = append(s.lists, ws...)
		s.slots[i] = spellSlot{at, int32(keys.Len()), lo, int32(len(s.lists))}
	}
	s.keys = keys.String()
}

// lookup is the words stored under variant d (none: nil).
func (s *speller) lookup(d []byte) []int32 {
	mask := uint64(len(s.slots) - 1)
	for i := maphash.Bytes(s.seed, d) & mask; ; i = (i + 1) & mask {
		sl := &s.slots[i]
		if sl.hi == 0 {
			return nil
		}
		if string(d) == s.keys[sl.at:sl.end] {
			return s.lists[sl.lo:sl.hi]
		}
	}
}

// word is KB word i.
func (s *speller) word(i int32) string { return s.words[s.wordAt[i]:s.wordAt[i+1]] }

// correct returns the most frequent KB word within one edit of w, or "".
// Words here are normalized text, valid UTF-8, so runes compare as their
// bytes do: the edits are found on the bytes, without rune slices.
func (s *speller) correct(w string) string {
	if utf8.RuneCountInString(w) < minSpellLen {
		return ""
	}
	best, bestN := "", int32(0)
	// A deletion variant's words are the variant itself and words one
	// letter longer. Under w itself, those are w and w plus a letter: one
	// edit. Under w less a letter, the variant itself is one edit too;
	// only a word one letter longer than the variant, as many runes as w,
	// may be two edits away (w and it lost different letters): tested.
	consider := func(cands []int32, d []byte) {
		for _, i := range cands {
			c := s.word(i)
			if c == w || len(d) < len(w) && len(c) != len(d) && !oneEdit(c, w) {
				continue
			}
			if n := s.count[i]; n > bestN || (n == bestN && c < best) {
				best, bestN = c, n
			}
		}
	}
	// w lacks a letter of a KB word; then w has one letter too many, or a
	// wrong one: each deletion is built in a buffer and looked up without
	// becoming a string. A letter ends where the next starts, found
	// without decoding it.
	var db [64]byte
	d := append(db[:0], w...)
	consider(s.lookup(d), d)
	for i := 0; i < len(w); {
		n := 1
		for i+n < len(w) && !utf8.RuneStart(w[i+n]) {
			n++
		}
		d := append(append(db[:0], w[:i]...), w[i+n:]...)
		consider(s.lookup(d), d)
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
