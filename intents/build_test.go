package intents

import (
	"crypto/sha256"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// TestBuildIsTheSameInChunks builds the sample knowledge base's matcher
// read in one chunk and in many (cut inside services, on one core and on
// several): every number and weight of the index must be the same.
func TestBuildIsTheSameInChunks(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	defer func(n, procs int) {
		minChunk = n
		runtime.GOMAXPROCS(procs)
	}(minChunk, runtime.GOMAXPROCS(0))
	build := func(chunk, procs int, opt Options) *Matcher {
		minChunk = chunk
		runtime.GOMAXPROCS(procs)
		return NewMatcherWith(kb, opt)
	}
	// Without the learned model, which learns from what is compared here.
	for _, opt := range []Options{{NoLinear: true}, {NoLinear: true, NoFunctionWords: true, NoLexicon: true}} {
		want := build(1<<30, 1, opt)
		for _, tc := range []struct{ chunk, procs int }{{7, 1}, {7, 4}, {100, 2}, {1000, 3}} {
			got := build(tc.chunk, tc.procs, opt)
			for _, f := range []struct {
				name        string
				got, wanted any
			}{
				{"featID", got.featID, want.featID},
				{"keys", keysOf(got.keys), keysOf(want.keys)},
				{"idf", got.idf, want.idf},
				{"gram", got.gram, want.gram},
				{"isWord", got.isWord, want.isWord},
				{"postings", got.postings, want.postings},
				{"postStart", got.postStart, want.postStart},
				{"slotEnds", got.slotEnds, want.slotEnds},
				{"wordSvcs", got.wordSvcs, want.wordSvcs},
				{"centroids", got.centroids, want.centroids},
				{"bigrams", pairsOf(got.bigrams), pairsOf(want.bigrams)},
				{"fbigrams", pairsOf(got.fbigrams), pairsOf(want.fbigrams)},
				{"nb", got.nb, want.nb},
				{"words", wordsOf(got), wordsOf(want)},
				{"inputs", got.inputs, want.inputs},
			} {
				if !reflect.DeepEqual(f.got, f.wanted) {
					t.Errorf("%+v, chunks of %d on %d cores: %s differs", opt, tc.chunk, tc.procs, f.name)
				}
			}
		}
	}
}

// pairsOf is a pair table's pairs (its layout follows a map's order).
func pairsOf(t pairTable) map[uint64]int32 {
	out := map[uint64]int32{}
	for _, s := range t.slots {
		if s.id != 0 {
			out[s.key] = s.id - 1
		}
	}
	return out
}

// keysOf is a key table's strings and ids (its layout follows a map's
// order).
func keysOf(t keyTable) map[string]keyIDs {
	out := map[string]keyIDs{}
	for _, s := range t.slots {
		if s.used {
			out[s.key] = s.v
		}
	}
	return out
}

// TestKeyTable: the key table gives each string's word and set feature ids
// as featID has them, the stem ids of the index's words, and nothing for
// strings the index lacks.
func TestKeyTable(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcherWith(kb, Options{})
	keys := keysOf(m.keys)
	for key, id := range m.featID {
		e := m.keys.get(key[2:])
		switch {
		case key[0] != 'w' && key[0] != 's':
		case e == nil:
			t.Errorf("%q: none, featID %d", key, id)
		case key[0] == 'w' && e.word != id, key[0] == 's' && e.set != id:
			t.Errorf("%q: %+v, featID %d", key, *e, id)
		}
	}
	stems := map[int32]bool{}
	for _, s := range m.wordTab.slots {
		if s.wf == nil {
			continue
		}
		if e := m.keys.get(s.wf.stem); e == nil || e.stem != s.wf.stemID {
			t.Errorf("stem %q of %q: %v, want stem id %d", s.wf.stem, s.key, e, s.wf.stemID)
		}
		stems[s.wf.stemID] = true
	}
	for s, e := range keys {
		if e.stem >= 0 && !stems[e.stem] {
			t.Errorf("%q: stem id %d of no word", s, e.stem)
		}
		if e.stem < 0 && e.word < 0 && e.set < 0 {
			t.Errorf("%q: no id", s)
		}
		if id, ok := m.featID["w|"+s]; e.word >= 0 && (!ok || id != e.word) {
			t.Errorf("%q: word id %d, featID %d", s, e.word, id)
		}
		if id, ok := m.featID["s|"+s]; e.set >= 0 && (!ok || id != e.set) {
			t.Errorf("%q: set id %d, featID %d", s, e.set, id)
		}
	}
	for _, s := range []string{"", "zzqx", "جوازات سفر", "\x00"} {
		if e := m.keys.get(s); e != nil {
			t.Errorf("%q: %+v, want none", s, *e)
		}
	}
}

// wordsOf is what a matcher keeps of each word of its knowledge base.
func wordsOf(m *Matcher) map[string]string {
	out := map[string]string{}
	for _, s := range m.wordTab.slots {
		if s.wf == nil {
			continue
		}
		key, wf := s.key, s.wf
		if s.arabizi {
			key = "\x00" + key
		}
		out[key] = fmt.Sprint(wf.stemID, wf.stem, wf.skip, wf.known, wf.ids, wf.ws, wf.wordIDs, wf.tfidf, wf.vec)
	}
	return out
}

// TestInputsOfIsFmt: inputsOf hashes the bytes it was defined with, "%d:%s"
// for each text and "[%d]" for each list's length.
func TestInputsOfIsFmt(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	svcs := append(kb.Services(), &knowledge.Service{ID: "x", Examples: knowledge.Phrases{EN: []string{"", "12:ab", "[3]"}}})
	h := sha256.New()
	put := func(s string) { fmt.Fprintf(h, "%d:%s", len(s), s) }
	for _, s := range svcs {
		for _, x := range []string{s.ID, s.Title.AR, s.Title.EN, s.Summary.AR, s.Summary.EN} {
			put(x)
		}
		for _, list := range [][]string{s.Keywords.AR, s.Keywords.EN, s.Examples.AR, s.Examples.EN, s.NotFor.AR, s.NotFor.EN} {
			fmt.Fprintf(h, "[%d]", len(list))
			for _, x := range list {
				put(x)
			}
		}
	}
	var want [sha256.Size]byte
	h.Sum(want[:0])
	if got := inputsOf(svcs); got != want {
		t.Errorf("inputsOf = %x, want %x", got, want)
	}
}

// TestPairIndex checks the chunks' pair index against a map, across its
// growth, with keys a multiplicative hash sends to the same slots.
func TestPairIndex(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  func(i int) uint64
	}{
		{"pairs", func(i int) uint64 { return pairKey(int32(i%97), int32(i/97)) }},
		{"flags", func(i int) uint64 { return uint64(i) | funcPair }},
		{"zero first", func(i int) uint64 { return uint64(i) * 0x10000 }},
	} {
		var idx pairIndex
		idx.reset(4)
		want := map[uint64]int32{}
		for i := range 5000 {
			k := tc.key(i % 3000) // repeats after 3000
			j, ok := idx.get(k)
			w, wok := want[k]
			if ok != wok || j != w {
				t.Fatalf("%s: key %#x: got %d %v, want %d %v", tc.name, k, j, ok, w, wok)
			}
			if !ok {
				want[k] = int32(len(want))
				idx.put(k, want[k])
			}
		}
		if idx.n != len(want) {
			t.Errorf("%s: %d keys, want %d", tc.name, idx.n, len(want))
		}
	}
}

// TestWordIndex: the texts' first pass numbers words as a map would, in
// order of first sight, across the table's growth; keys that share a
// hash's bytes (cueHash reads a long word's ends) stay apart.
func TestWordIndex(t *testing.T) {
	for _, tc := range []struct {
		name string
		word func(i int) string
	}{
		{"short", func(i int) string { return fmt.Sprint(i) }},
		{"same ends", func(i int) string { return fmt.Sprintf("ال%09dمعاملة", i) }},
		{"empty first", func(i int) string { return strings.Repeat("x", i%40) }},
	} {
		var idx wordIndex
		want := map[string]int32{}
		for i := range 5000 {
			w := tc.word(i % 3000) // repeats after 3000
			id, added := idx.add(w, int32(len(want)))
			wid, ok := want[w]
			if !ok {
				wid = int32(len(want))
				want[w] = wid
			}
			if added == ok || id != wid {
				t.Fatalf("%s: word %q: got %d %v, want %d %v", tc.name, w, id, added, wid, !ok)
			}
		}
		if idx.n != len(want) {
			t.Errorf("%s: %d words, want %d", tc.name, idx.n, len(want))
		}
	}
}

// TestFeatKeysAreRuneGrams: featKeys' keys, made in a reused buffer, are
// the n-grams of the word's runes as strings, invalid bytes as U+FFFD.
func TestFeatKeysAreRuneGrams(t *testing.T) {
	var k keyBuf
	for _, w := range []string{"جواز", "pasport", "ab", "", "a\xffb\xc3", "بطاقتي", "x1234q"} {
		var want []string
		r := []rune("#" + w + "#")
		for n := gramMin; n <= gramMax; n++ {
			for i := 0; i+n <= len(r); i++ {
				want = append(want, "c|"+string(r[i:i+n]))
			}
		}
		var got []string
		featKeys(feat{'c', w, 1}, &k, func(key []byte) { got = append(got, string(key)) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", w, got, want)
		}
		got = got[:0]
		featKeys(feat{'w', w, 1}, &k, func(key []byte) { got = append(got, string(key)) })
		if len(got) != 1 || got[0] != "w|"+w {
			t.Errorf("%q: got %q, want [w|%s]", w, got, w)
		}
	}
}
