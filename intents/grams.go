package intents

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode/utf8"
)

// gramTable finds the feature ids of character n-grams by the gram's bytes,
// so a query looks its n-grams up without building a key string for each,
// in an open-addressing table of 16-byte slots: a cold question reads a
// few dozen n-grams, and the index's map of every feature key misses the
// cache on most of them. Grams of up to 8 bytes (Arabic and Latin ones:
// runes of one or two bytes) are packed in a word and compared exactly;
// longer ones are looked up in that map.
type gramTable struct {
	slots []gramSlot
	shift uint // a hash's top bits are its slot
}

type gramSlot struct {
	key uint64 // the gram's bytes, zero-padded
	n   int32  // its length in bytes; 0: an empty slot
	id  int32
}

// newGramTable indexes the short "c|" features of an index.
func newGramTable(featID map[string]int32) gramTable {
	n := 0
	for key := range featID {
		if strings.HasPrefix(key, "c|") && len(key)-2 <= 8 {
			n++
		}
	}
	size, shift := 16, uint(60)
	for size < 2*n {
		size, shift = 2*size, shift-1
	}
	t := gramTable{slots: make([]gramSlot, size), shift: shift}
	mask := uint64(size - 1)
	for key, id := range featID {
		g := key[2:]
		if !strings.HasPrefix(key, "c|") || len(g) > 8 {
			continue
		}
		k := packGram(g)
		i := gramHash(k, len(g)) >> t.shift
		for t.slots[i].n != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = gramSlot{k, int32(len(g)), id}
	}
	return t
}

// packGram packs up to 8 bytes into a word, zero-padded.
func packGram[S string | []byte](g S) uint64 {
	var b [8]byte
	copy(b[:], g)
	return binary.LittleEndian.Uint64(b[:])
}

// gramHash mixes a packed gram and its length; its top bits are used.
func gramHash(k uint64, n int) uint64 {
	h := (k ^ uint64(n)<<59) * 0x9E3779B97F4A7C15
	return h ^ h>>29
}

// addGrams adds the n-grams of "#"+s+"#" the index has to a word, in the
// order featKeys gives their keys; seen holds the ids wf has. The text is
// re-encoded rune by rune, as the []rune conversion behind the keys does.
func (m *Matcher) addGrams(wf *wordFeats, s string, w float32, seen *idSeen) {
	var bb [96]byte
	var ab [48]int32
	b := append(bb[:0], '#')
	at := append(ab[:0], 0) // where each rune starts, then the end
	for i := 0; i < len(s); {
		at = append(at, int32(len(b)))
		// ASCII and two-byte runes (Arabic, accented Latin) are their own
		// encoding; the rest (and bytes that are no rune) are re-encoded.
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			b = append(b, c, s[i+1])
			i += 2
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			b = appendRune(b, r)
			i += n
		}
	}
	at = append(at, int32(len(b)))
	b = append(b, '#')
	at = append(at, int32(len(b)))
	runes := len(at) - 1
	// The grams' ids first (gramHits: assembly where it has it), in the
	// order of the keys, then added to the word.
	if cap(b)-len(b) < 8 {
		b = slices.Grow(b, 8) // gramHits reads eight bytes from a gram's start
	}
	var ob [96]int32
	out := ob[:]
	if 2*runes > len(out) {
		out = make([]int32, 2*runes)
	}
	for _, id := range out[:gramHits(b, at, runes, &m.grams, out)] {
		if id >= 0 {
			seen.addFeat(wf, id, w)
			continue
		}
		// A gram of more than 8 bytes: the key looked up without building
		// it (the lookup of a converted byte slice does not allocate).
		i, n := int(^id>>3), int(^id&7)
		var kb [2 + gramMax*utf8.UTFMax]byte
		if id, ok := m.featID[string(append(append(kb[:0], 'c', '|'), b[at[i]:at[i+n]]...))]; ok {
			seen.addFeat(wf, id, w)
		}
	}
}

// gramHitsGo puts in out, for each n-gram of b (n from gramMin to gramMax,
// then by start; at[i] is where rune i starts, at[runes] the end) in turn,
// its feature id when t has it, and ^(i<<3|n) when it is longer than 8
// bytes (for the caller to look up), and returns how many it put. out has
// room for every gram. gramHits without assembly, and its reference in
// the tests.
func gramHitsGo(b []byte, at []int32, runes int, t *gramTable, out []int32) int {
	k := 0
	mask := uint64(len(t.slots) - 1)
	for n := gramMin; n <= gramMax; n++ {
	grams:
		for i := 0; i+n <= runes; i++ {
			g := b[at[i]:at[i+n]]
			if len(g) > 8 {
				out[k] = ^int32(i<<3 | n)
				k++
				continue
			}
			key := packGram(g)
			for j := gramHash(key, len(g)) >> t.shift; ; j = (j + 1) & mask {
				s := &t.slots[j]
				if s.n == 0 {
					continue grams
				}
				if s.key == key && s.n == int32(len(g)) {
					out[k] = s.id
					k++
					continue grams
				}
			}
		}
	}
	return k
}

// gramMasks[n] keeps the first n bytes of a little-endian word.
var gramMasks = func() (m [9]uint64) {
	for n := 1; n <= 8; n++ {
		m[n] = ^uint64(0) >> (64 - 8*n)
	}
	return m
}()
