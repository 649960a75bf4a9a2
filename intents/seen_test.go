package intents

import (
	"fmt"
	"slices"
	"testing"
)

// TestWordCache: the cache of words outside the knowledge base finds what
// it was given, by word and reading (Arabizi or not), across its growth,
// and starts over when full and after ForgetWords.
func TestWordCache(t *testing.T) {
	var m Matcher
	c := &m.seen
	wfs := make([]wordFeats, maxSeenWords)
	key := func(i int) string { return fmt.Sprintf("w%d", i) }
	for i := range wfs {
		k := key(i)
		if c.get(k, cueHash(k), false) != nil {
			t.Fatalf("%s found before it was put", k)
		}
		c.put(k, cueHash(k), false, &wfs[i])
		if i < 100 {
			c.put(k, cueHash(k), false, &wfs[0]) // kept once, the first
		}
	}
	tests := []struct {
		k       string
		arabizi bool
		want    *wordFeats
	}{
		{key(0), false, &wfs[0]},
		{key(1), false, &wfs[1]},
		{key(1), true, nil},
		{key(maxSeenWords - 1), false, &wfs[maxSeenWords-1]},
		{key(maxSeenWords), false, nil},
	}
	for _, tt := range tests {
		if got := c.get(tt.k, cueHash(tt.k), tt.arabizi); got != tt.want {
			t.Errorf("get(%q, %v) = %p, want %p", tt.k, tt.arabizi, got, tt.want)
		}
	}
	// Full: the next word starts a new table.
	k := key(maxSeenWords)
	c.put(k, cueHash(k), true, &wfs[5])
	if c.get(key(1), cueHash(key(1)), false) != nil || c.get(k, cueHash(k), true) != &wfs[5] {
		t.Error("a full cache did not start over with the new word")
	}
	m.ForgetWords()
	if c.get(k, cueHash(k), true) != nil {
		t.Error("ForgetWords kept a word")
	}
}

// TestStrTable: a string table answers as the map it was made from, for
// its keys (the empty one among them) and for others, and so do the sets
// made into tables.
func TestStrTable(t *testing.T) {
	m := map[string]uint16{"": 1, "a": 2, "ab": 0, "جواز": 4}
	for i := range 300 {
		m[fmt.Sprintf("k%d", i)] = uint16(i)
	}
	tab := newStrTable(m)
	for _, k := range []string{"", "a", "ab", "abc", "جواز", "جوا", "k0", "k299", "k300", "K1"} {
		want, ok := m[k]
		if got := tab.get(k); (got != nil) != ok || ok && *got != want {
			t.Errorf("get(%q) = %v, want %d, %v", k, got, want, ok)
		}
		if got := tab.at(k); got != want {
			t.Errorf("at(%q) = %d, want %d", k, got, want)
		}
	}
	for k, v := range synonymStems {
		if gs := synonymStemTab.get(k); gs == nil || !slices.Equal(*gs, v) {
			t.Errorf("synonymStemTab lacks %q", k)
		}
	}
	for _, l := range []struct {
		m   map[string][]string
		tab *strTable[[]string]
	}{{dialectLexicon, &dialectWords}, {englishLexicon, &englishWords}} {
		for k, v := range l.m {
			if xs := l.tab.get(k); xs == nil || !slices.Equal(*xs, v) {
				t.Errorf("lexicon table lacks %q", k)
			}
		}
	}
	for k, v := range synonymPhrases {
		if ps := synonymPhraseTab.get(k); ps == nil || len(*ps) != len(v) {
			t.Errorf("synonymPhraseTab lacks %q", k)
		}
	}
	if empty := newStrTable(map[string]bool{}); empty.at("x") || empty.get("") != nil {
		t.Error("an empty table")
	}
}
