package intents

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// analysis is everything the matcher reads from one text: its views (for
// cue phrases) and its features (for the index): each word's features as
// the index keeps them, and the word pairs.
type analysis struct {
	norm      string
	tokens    []string
	script    Script
	arabicLed bool
	seqs      [][]string   // surface words, stems, Arabizi transliteration: where cue phrases are looked for
	words     []*wordFeats // one per token, function words included
	pairs     []qfeat      // bigram and function-word pair features
	unk       float64      // weight of word features the index does not have
	content   int          // content words (not stopwords)
	unknown   int          // content words the knowledge base has never seen
}

// qfeat is one weighted feature occurrence of a query, by index id.
type qfeat struct {
	id int32
	w  float32
}

// feat is one weighted feature occurrence of a word, by kind: the word
// ("w|"+s), a function word or a synonym group ("s|"+s, s a group's key
// starting with "~"), or every character n-gram of s
// ("c|"+gram each). Keys are built only where the index is: a query looks
// their ids up without building them.
type feat struct {
	kind byte // 'w', 's' or 'c'
	s    string
	w    float64
}

// Feature kinds. Words weigh most; character n-grams catch typos and
// morphology the stemmer missed; bigrams tell "رخصة بناء" from "رخصة قيادة".
const (
	wWord   = 1.0
	wLex    = 0.7
	wTrans  = 0.8
	wGram   = 0.22
	wBigram = 0.5
	wSyn    = 0.7 // a synonym group's feature (synonyms.go)
)

var wFunc = 0.5

const wFuncBigram = 0.3

// analyzer holds what analysis needs from the knowledge base: the
// transliterator (Arabizi to KB words) and the vocabulary (known words).
type analyzer struct {
	tr    *transliterator
	known map[string]bool // stems seen in the knowledge base
	near  map[string]bool // stems only its near misses use
	spell *speller
	opt   Options
	// The stems of the Latin words of the services' Arabizi texts that
	// their English texts do not use, and the other way round (codeswitch.go).
	latinAr, latinEn map[string]bool
	syn              []bool // per synonym group: whether the knowledge base uses it (nil: every group)
	// fewShot: services have few examples (naive Bayes is on); dialect
	// function words then add their written form's feature (dialectFunction).
	fewShot bool
}

// lexiconStem is the lexicon's words for a token (none when the lexicon is
// switched off); stem is the token's stem when the caller has it ("" when
// not): stemming an Arabic word allocates.
func (a *analyzer) lexiconStem(tok, stem string) []string {
	if a.opt.NoLexicon {
		return nil
	}
	return lexiconStem(tok, stem)
}

// knownLexicon is the lexicon's words for tok (whose stem the caller may
// have, see lexiconStem) that the knowledge base uses, in its services or
// its near misses ("German" reads as "foreign", which an editor's near miss
// "renew my foreign passport" uses): a word it lacks would add nothing but
// weight it cannot match. inKB reports whether one of them is a word of the
// services: only that makes tok known.
func (a *analyzer) knownLexicon(tok, stem string) (lex []string, inKB bool) {
	all := a.lexiconStem(tok, stem)
	if a.known == nil {
		return all, len(all) > 0
	}
	for i, x := range all {
		st := Stem(x)
		switch {
		case a.known[st]:
			inKB = true
		case a.near[st]:
		default:
			// Rare: copy the usable ones (the lexicon is shared).
			lex = append(lex, all[:i]...)
			for _, y := range all[i+1:] {
				if st := Stem(y); a.known[st] || a.near[st] {
					lex = append(lex, y)
					inKB = inKB || a.known[st]
				}
			}
			return lex, inKB
		}
	}
	return all, inKB
}

// lexiconStem looks a token up in the dialect or English lexicon, by the
// word and then by its stem.
func lexiconStem(tok, stem string) []string {
	if r, _ := utf8.DecodeRuneInString(tok); isLatin(r) {
		return englishWords.at(tok)
	}
	if xs := dialectWords.get(tok); xs != nil {
		return *xs
	}
	if stem == "" {
		stem = Stem(tok)
	}
	return dialectWords.at(stem)
}

// dialectWords and englishWords are the lexicons for the lookups of new
// words.
var dialectWords, englishWords = newStrTable(dialectLexicon), newStrTable(englishLexicon)

// Character n-grams: 3 and 4 letters, of the stem and of the surface word
// (chosen on ArBanking77's dev split: 2..5 and stems only did worse).
const gramMin, gramMax = 3, 4

// addGrams adds the character n-grams of a stem (or surface word).
func (a *analyzer) addGrams(fs []feat, stem string, w float64) []feat {
	if a.opt.NoGrams {
		return fs
	}
	return append(fs, feat{'c', stem, w})
}

// featKeys calls fn with the index key of each feature f stands for, in
// order: the n-grams of "#"+s+"#", 3 letters then 4. A key is made in
// k's buffers and valid during its call only (the index build looks most
// keys up and keeps few).
func featKeys(f feat, k *keyBuf, fn func(key []byte)) {
	if f.kind != 'c' {
		k.b = append(append(append(k.b[:0], f.kind), '|'), f.s...)
		fn(k.b)
		return
	}
	r := append(k.r[:0], '#')
	for _, c := range f.s { // as []rune: an invalid byte is U+FFFD
		r = append(r, c)
	}
	r = append(r, '#')
	k.r = r
	for n := gramMin; n <= gramMax; n++ {
		for i := 0; i+n <= len(r); i++ {
			k.b = append(k.b[:0], 'c', '|')
			for _, c := range r[i : i+n] {
				k.b = utf8.AppendRune(k.b, c)
			}
			fn(k.b)
		}
	}
}

// keyBuf is featKeys' reused memory.
type keyBuf struct {
	b []byte
	r []rune
}

// skipWords is stopwords and aspectWords in one set: a word of a question
// the knowledge base lacks is looked up in it twice instead of four times.
var skipWords = newStrTable(func() map[string]bool {
	set := make(map[string]bool, len(stopwords)+len(aspectWords))
	for _, words := range []map[string]bool{stopwords, aspectWords} {
		for w, in := range words {
			if in {
				set[w] = true
			}
		}
	}
	return set
}())

// tokInfo is what one word contributes, the same wherever it appears; the
// index computes it once per distinct word.
type tokInfo struct {
	stem  string
	tr    string // Arabizi: the knowledge-base word it stands for, or ""
	cueTr string // Arabizi the knowledge base has too: the Arabic word, for cues alone
	skip  bool   // stopword or aspect word: no service features
	known bool   // the knowledge base has seen it (or its transliteration, or a lexicon entry)
	feats []feat
}

// tokenInfo analyses one word; its features are appended to fs (a buffer
// of the caller's, so a query allocates none).
func (a *analyzer) tokenInfo(t string, arabizi bool, fs []feat) tokInfo {
	// Levantine and Egyptian write the pronoun "his/its" as و (صفحاتو،
	// بدالو): read it as ه when only that form is a word of the knowledge
	// base (never for the knowledge base's own words).
	if a.known != nil && strings.HasSuffix(t, "و") && len(t) >= 8 && !a.known[Stem(t)] {
		if alt := strings.TrimSuffix(t, "و") + "ه"; a.known[Stem(alt)] {
			t = alt
		}
	}
	// Egyptian negation wraps the verb in م(ا)…ش (متسجلش "was not
	// registered", مجددتش "I did not renew"): read the verb when only it
	// is a word of the knowledge base.
	if a.known != nil && len(t) >= 10 && strings.HasPrefix(t, "م") && strings.HasSuffix(t, "ش") && !a.known[Stem(t)] {
		core := strings.TrimPrefix(strings.TrimSuffix(strings.TrimPrefix(t, "م"), "ش"), "ا")
		if a.known[Stem(core)] {
			t = core
		}
	}
	if f := foreignWords.get(t); f != nil {
		t = *f
	}
	ti := tokInfo{stem: Stem(t)}
	st := ti.stem
	// English inside Arabizi is English (codeswitch.go).
	english := arabizi && a.englishLike(t, st)
	if arabizi && a.tr != nil && hasLatin(t) && !a.known[st] && !english {
		ti.tr = a.tr.word(t)
	}
	tr := ti.tr
	if arabizi && a.tr != nil && tr == "" && hasLatin(t) && !english && !oneWordCue(t) && !oneWordCue(st) {
		// A word the knowledge base's Arabizi examples have is not read
		// as Arabic (its features are its own), but the aspect and system
		// cues are written mostly in Arabic: "wain" and "awraq" ask where
		// and for the papers as وين and اوراق do. Not for a word that is a
		// one-word cue as it is written ("kam", "a2dar"): it would count
		// twice.
		ti.cueTr = a.tr.word(t)
	}
	if skipWords.at(t) || skipWords.at(st) || (tr != "" && skipWords.at(tr)) {
		// Function and aspect words name no service, but the learned model
		// may still find them telling ("why" vs "how" in a banking KB): a
		// light feature it alone reads (with naive Bayes), and so are their
		// synonym groups (رسوم، عمولة، تكلفة).
		ti.skip = true
		if wFunc > 0 && !a.opt.NoFunctionWords {
			fs = append(fs, feat{'s', st, wFunc})
			fs = a.addFunction(fs, t)
			ti.feats = a.addSynonyms(fs, t, st, wFunc)
		}
		return ti
	}
	lex, lexKnown := a.knownLexicon(t, st)
	var trLex []string // what the lexicon reads the transliteration as
	if tr != "" {
		var trKnown bool
		trLex, trKnown = a.knownLexicon(tr, "")
		lexKnown = lexKnown || trKnown // a dialect word the knowledge base says otherwise (spokenWords)
	}
	ti.known = a.known == nil || a.known[st] || (tr != "" && a.known[Stem(tr)]) || lexKnown
	// Spelling tolerance: an unknown word one edit away from a word of the
	// knowledge base is read as that word too ("pasport", "الجوزا").
	var fix string
	if !ti.known && tr == "" && a.spell != nil {
		// The word still counts as unknown for the out-of-scope decision:
		// near-misses ("kindergarten" for "garden") should not pass as known.
		fix = a.spell.correct(st)
	}
	fs = append(fs, feat{'w', st, wWord})
	fs = a.addGrams(fs, st, wGram)
	if t != st {
		fs = a.addGrams(fs, t, wGram*0.5)
	}
	for _, x := range lex {
		fs = append(fs, feat{'w', Stem(x), wLex})
	}
	fs = a.addSynonyms(fs, t, st, wSyn)
	if wFunc > 0 && !a.opt.NoFunctionWords {
		fs = a.addFunction(fs, t)
	}
	if fix != "" {
		fs = append(fs, feat{'w', fix, wTrans})
		fs = a.addGrams(fs, fix, wGram*0.8)
		lex, _ := a.knownLexicon(fix, "")
		for _, x := range lex {
			fs = append(fs, feat{'w', Stem(x), wLex * 0.8})
		}
	}
	if arabizi && a.tr != nil && hasLatin(t) && !a.known[st] && !english {
		// Another spelling of an Arabizi word of the knowledge base: its
		// features too, as a spelling fix's.
		v := a.tr.variant(st)
		if b := constructBase(t); v == "" && b != "" && a.latinAr[b] {
			v = b // in construct state: natijet, of the knowledge base's natije
		}
		if v != "" {
			fs = append(fs, feat{'w', v, wTrans})
			fs = a.addGrams(fs, v, wGram*0.8)
		}
	}
	if tr != "" {
		ts := Stem(tr)
		fs = append(fs, feat{'w', ts, wTrans})
		fs = a.addGrams(fs, ts, wGram*0.8)
		for _, x := range trLex {
			fs = append(fs, feat{'w', Stem(x), wLex * 0.8})
		}
	}
	ti.feats = fs
	return ti
}

// addFunction adds, with few examples a service, the function-word
// feature of the written word a dialect function word stands for
// (dialectFunction): ليش asks what لماذا asks.
func (a *analyzer) addFunction(fs []feat, t string) []feat {
	if a.fewShot {
		if w := dialectFunctionStems.get(t); w != nil {
			fs = append(fs, feat{'s', *w, wFunc})
		}
	}
	return fs
}

// oneWordCue reports whether t is a cue on its own (not only the first
// word of a phrase: "wesh" starts "wesh yboon" but is read as وش).
func oneWordCue(t string) bool {
	for _, c := range cuesAt(t) {
		if len(c.toks) == 1 {
			return true
		}
	}
	return false
}

// addSynonyms adds the features of the synonym groups of word t (stem st)
// that the knowledge base uses (synonyms.go), of weight w.
func (a *analyzer) addSynonyms(fs []feat, t, st string, w float64) []feat {
	if a.opt.NoLexicon {
		return fs
	}
	for _, g := range synonymsOf(t, st) {
		if a.syn == nil || a.syn[g] {
			fs = append(fs, feat{'s', synonymKeys[g], w})
		}
	}
	return fs
}

// wordFeats is a word's contribution as index feature ids. The index keeps
// one per distinct word of the knowledge base; a query computes the others.
type wordFeats struct {
	skip    bool
	known   bool
	plain   bool            // one of plainAdjectives (asPlain)
	system  bool            // a one-word greeting, thanks or goodbye (systemWords)
	away    uint16          // the provider it names (elsewhereWords), 0 for none
	cues    [2]uint16       // cueKey of the word and of its stem
	asp     aspectWord      // what the word adds to the aspect model's scores
	phrases []synonymPhrase // the synonym phrases its stem starts (synonymPhrases)
	stem    string
	stemID  int32 // -1 when the stem is not in the index
	tr      string
	cueTr   string    // tokInfo.cueTr
	ids     []int32   // distinct feature ids
	ws      []float32 // their term frequencies in this word
	wordIDs []int32   // those of ids that are word features ("w|"), in order
	unk     float32   // weight of the word features the index does not have
	// For words of the knowledge base, what the word alone adds to the
	// centroid and learned scores of every service (cent then lin, before
	// the query's length normalization), so a question costs one vector
	// sum per word instead of a sparse row per feature (see rank).
	tfidf []float32 // per id: the sublinear TF-IDF weight the word alone gives it
	vec   []float32 // nil when the knowledge base is too large to keep them
}

// addFeat adds a feature occurrence to a word, merging a repeated id (the
// stem's and the surface word's n-grams overlap).
func (wf *wordFeats) addFeat(id int32, w float32) {
	for k, x := range wf.ids {
		if x == id {
			wf.ws[k] += w
			return
		}
	}
	wf.ids = append(wf.ids, id)
	wf.ws = append(wf.ws, w)
}

// idSeen is a word's feature ids as bits of a hash of them, while they are
// gathered: a clear bit proves an id new, so addFeat's scan of the ids
// (quadratic in a cold word's 30-odd grams) is left for the few ids whose
// bit another has set.
type idSeen [4]uint64

// addFeat is wf.addFeat, with the scan only when an id may be there.
func (s *idSeen) addFeat(wf *wordFeats, id int32, w float32) {
	h := uint32(id) * 0x9E3779B1 >> 24
	bit, word := uint64(1)<<(h&63), &s[h>>6]
	if *word&bit != 0 {
		wf.addFeat(id, w)
		return
	}
	*word |= bit
	wf.ids = append(wf.ids, id)
	wf.ws = append(wf.ws, w)
}

// analyze reads a query: its views (for cue phrases) and its features as
// index ids, with the weight of word features the index lacks. Its slices
// are sc's, valid until sc goes back to the pool.
func (m *Matcher) analyze(text string, sc *scratch) analysis {
	an := analysis{norm: normalize(text, false)}
	// Tokens and stems share one slice.
	n := tokenCount(an.norm)
	if c := max(n, 32); cap(sc.strs) < 2*n {
		sc.strs = make([]string, 2*c)
		sc.words = make([]*wordFeats, 0, c)
		sc.pairs = make([]qfeat, 0, 2*c) // at most a bigram and a function-word pair per word
		sc.trans = make([]string, 0, c)
	}
	strs := sc.strs
	an.words = sc.words[:0]
	an.seqs = sc.seqs[:2]
	an.pairs = sc.pairs[:0]
	an.tokens = appendTokens(strs[:0:n], an.norm)
	an.script, an.arabicLed = DetectScript(an.tokens)
	if an.script == ScriptEnglish && m.an.arabiziLean(an.tokens) {
		// No Arabizi marker, but Arabizi words ("natijet el tawjihi plz").
		an.script, an.arabicLed = ScriptArabizi, true
	}
	arabizi := an.script == ScriptArabizi || (an.script == ScriptMixed && an.arabicLed)
	stems := strs[n : n : 2*n]
	trans := sc.trans[:0]
	// The words first, in a loop of their own: the call would make the
	// next loop keep its many values on the stack.
	for _, t := range an.tokens {
		wf := m.word(t, arabizi, sc)
		if wf.plain && !wf.skip {
			wf = asPlain(wf, sc)
		}
		// weigh sums the words' score vectors: each is asked of memory now,
		// while the next words are analysed.
		prefetchFloats(wf.vec)
		an.words = append(an.words, wf)
	}
	prev, prevAll, prevSkip := int32(-1), int32(-1), false
	phrase := false // a word starts a synonym phrase
	for i, wf := range an.words {
		stems = append(stems, wf.stem)
		phrase = phrase || wf.phrases != nil
		// A pair with a function word ("why declined", "لماذا رفضت"): a
		// feature of the learned model alone, like the function word itself.
		if prevAll >= 0 && wf.stemID >= 0 && (wf.skip || prevSkip) {
			if fid, ok := m.fbigrams.get(pairKey(prevAll, wf.stemID)); ok {
				an.pairs = append(an.pairs, qfeat{fid, wFuncBigram})
			}
		}
		prevAll, prevSkip = wf.stemID, wf.skip
		if arabizi {
			if wf.tr != "" {
				trans = append(trans, wf.tr)
			} else if wf.cueTr != "" {
				trans = append(trans, wf.cueTr)
			} else {
				trans = append(trans, an.tokens[i])
			}
		}
		if wf.skip {
			prev = -1
			continue
		}
		// A greeting says nothing of whether the question is in scope:
		// it is not counted among the words the confidence weighs
		// ("مرحبا بدي مساعدة مالية"), though the ranking still reads it.
		if !wf.system {
			an.content++
			if !wf.known {
				an.unknown++
			}
		}
		an.unk += float64(wf.unk)
		if prev >= 0 && wf.stemID >= 0 {
			if bid, ok := m.bigrams.get(pairKey(prev, wf.stemID)); ok {
				an.pairs = append(an.pairs, qfeat{bid, wBigram})
			}
		}
		prev = wf.stemID
	}
	if phrase {
		var buf [8]int32
		for _, g := range phraseGroups(an.words, buf[:0]) {
			if id := m.synID[g]; id >= 0 {
				an.pairs = append(an.pairs, qfeat{id, float32(wSyn)})
			}
		}
	}
	// The pairs' rows are read whole in weigh (weighMerged): asked of
	// memory now, they come while the cues and the words' features are
	// merged.
	var pairIDs [16]int32
	np := min(len(an.pairs), len(pairIDs))
	for k, p := range an.pairs[:np] {
		pairIDs[k] = p.id
	}
	m.prefetchRows(pairIDs[:np])
	an.seqs[0], an.seqs[1] = an.tokens, stems
	if arabizi && len(trans) > 0 {
		an.seqs = append(an.seqs, trans)
	}
	return an
}

// phrasesAt is the synonym phrases a stem starts.
func (m *Matcher) phrasesAt(stem string) []synonymPhrase {
	return m.phrasesAtHashed(stem, cueHash(stem))
}

// phrasesAtHashed is phrasesAt of a stem whose cueHash is h.
func (m *Matcher) phrasesAtHashed(stem string, h uint64) []synonymPhrase {
	if m.opt.NoLexicon {
		return nil
	}
	return synonymPhraseTab.atHashed(stem, h)
}

// pairKey is the map key of a pair of stem ids.
func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// pairTable is a map from pairKey to feature id as an open-addressing
// table: a question looks up each pair of its words, and a generic map's
// lookup costs several times this one's.
type pairTable struct {
	slots []pairSlot
	shift uint // a hash's top bits are its slot
}

type pairSlot struct {
	key uint64
	id  int32 // the feature id plus one; 0: an empty slot
}

func newPairTable(pairs *pairIndex) pairTable {
	size, shift := 16, uint(60)
	for size < 2*pairs.n {
		size, shift = 2*size, shift-1
	}
	t := pairTable{slots: make([]pairSlot, size), shift: shift}
	for j, v := range pairs.vals {
		if v == 0 {
			continue
		}
		k, id := pairs.keys[j], v-1
		i := (k * 0x9E3779B97F4A7C15) >> shift
		for t.slots[i].id != 0 {
			i = (i + 1) & uint64(size-1)
		}
		t.slots[i] = pairSlot{k, id + 1}
	}
	return t
}

// get returns the feature id of pair k, if t has it.
func (t *pairTable) get(k uint64) (int32, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := (k * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.id == 0 || s.key == k {
			return s.id - 1, s.id != 0
		}
	}
}

// word returns a word's features: from the index's table for words of the
// knowledge base, computed for the others (never stored: the matcher is
// read-only and shared), with sc's buffers.
func (m *Matcher) word(t string, arabizi bool, sc *scratch) *wordFeats {
	h := cueHash(t) // both tables' hash of the word
	if wf := m.wordTab.get(t, h, arabizi); wf != nil {
		return wf
	}
	if wf := m.seen.get(t, h, arabizi); wf != nil {
		return wf
	}
	// The features' buffer is the scratch's: a local array would escape,
	// as tokenInfo's result holds it.
	ti := m.an.tokenInfo(t, arabizi, sc.feats[:0])
	wf := sc.slab.wordFeats()
	// The word and its stem are each hashed once for the tables below.
	hs := cueHash(ti.stem)
	*wf = wordFeats{skip: ti.skip, known: ti.known, plain: plainTab.atHashed(t, h), system: systemWords.atHashed(t, h), away: elsewhereWords.atHashed(t, h), stem: ti.stem, stemID: -1, tr: ti.tr, cueTr: ti.cueTr,
		cues: [2]uint16{cueKeyHashed(t, h), cueKeyHashed(ti.stem, hs)}, phrases: m.phrasesAtHashed(ti.stem, hs)}
	// The aspect and system models read the same features of the word:
	// hashed once, here.
	var abuf [64]aspectFeat
	afs := aspectWordFeats(t, ti.stem, abuf[:0])
	wf.asp = theAspectModel().wordOf(afs, ti.stem)
	if !m.opt.NoSystemModel {
		var rows []int32
		wf.asp.sys, rows = theSystemModel().word(afs, aspectUnits(t, ti.stem), sc.rows[:0])
		sc.rows = rows
		wf.asp.sys.rows = nil // not the scratch's
		if len(rows) > 0 {
			wf.asp.sys.rows = sc.slab.ints(len(rows))
			copy(wf.asp.sys.rows, rows)
		}
	}
	if e := m.keys.getHashed(ti.stem, hs); e != nil {
		wf.stemID = e.stem
	}
	// The ids are gathered in the scratch, with room for every key (a text
	// of k runes, no more than its bytes, has 2k-1 n-grams), then copied to
	// memory of their size.
	size := 0
	for _, f := range ti.feats {
		size++
		if f.kind == 'c' {
			size += 2 * len(f.s)
		}
	}
	if cap(sc.ids) < size {
		sc.ids, sc.ws = make([]int32, 0, 2*size), make([]float32, 0, 2*size)
	}
	wf.ids, wf.ws = sc.ids[:0], sc.ws[:0]
	var seen idSeen
	for _, f := range ti.feats {
		w := float32(f.w)
		if f.kind == 'c' {
			m.addGrams(wf, f.s, w, &seen)
			continue
		}
		id := int32(-1)
		if e := m.keys.get(f.s); e != nil {
			id = e.word
			if f.kind == 's' {
				id = e.set
			}
		}
		if id >= 0 {
			seen.addFeat(wf, id, w)
		} else if f.kind == 'w' {
			wf.unk += w
		}
	}
	// Citizens repeat the words the knowledge base lacks too, so they get
	// score vectors when the cache of them stays small (bounded by
	// maxSeenWords).
	vl := 0
	if 2*len(m.services)*maxSeenWords <= maxWordVecFloats {
		vl = m.vecLen()
	}
	// One piece of the scratch's slab for the ids and the word ids among
	// them, one for the score vector, the term frequencies and the weights.
	n, words := len(wf.ids), m.wordCount(wf.ids)
	ids, fl := sc.slab.ints(n+words), sc.slab.floats(vl+2*n)
	copy(ids, wf.ids)
	copy(fl[vl:], wf.ws)
	wf.ids, wf.ws = ids[:n:n], fl[vl:vl+n:vl+n]
	if words > 0 {
		wf.wordIDs = ids[n:n]
	}
	var vec []float32
	if vl > 0 {
		vec = fl[:vl:vl]
	}
	m.weighWordIn(wf, fl[vl+n:], vec, &sc.logs)
	m.seen.put(t, h, arabizi, wf)
	return wf
}

// slab hands out the memory of words from arrays of many words: for the
// words a question meets outside the knowledge base (kept in the matcher's
// cache), fewer allocations; for every word kept, fewer objects for the GC
// to mark.
type slab struct {
	wfs []wordFeats
	is  []int32
	fs  []float32
}

// The slabs' sizes: large enough that a word takes a small share, small
// enough that a few words keep little else alive.
const (
	slabWords  = 64
	slabInts   = 4 << 10
	slabFloats = 16 << 10
)

// wordFeats is a zero wordFeats.
func (s *slab) wordFeats() *wordFeats {
	if len(s.wfs) == 0 {
		s.wfs = make([]wordFeats, slabWords)
	}
	wf := &s.wfs[0]
	s.wfs = s.wfs[1:]
	return wf
}

// ints is n zero int32s.
func (s *slab) ints(n int) []int32 {
	if n > slabInts/4 {
		return make([]int32, n)
	}
	if n > len(s.is) {
		s.is = make([]int32, slabInts)
	}
	out := s.is[:n:n]
	s.is = s.is[n:]
	return out
}

// floats is n zero float32s, starting on a multiple of 8 floats of the
// slab (a score vector's vector steps stay aligned as in memory of its
// own).
func (s *slab) floats(n int) []float32 {
	if n > slabFloats/4 {
		return make([]float32, n)
	}
	taken := (n + 7) &^ 7
	if taken > len(s.fs) {
		s.fs = make([]float32, slabFloats)
	}
	out := s.fs[:n:n]
	s.fs = s.fs[taken:]
	return out
}

// wordTable is the words of the knowledge base as an open-addressing
// table: each word of a question is looked up in it, and a generic map's
// lookup costs several times this one's. Words read as Arabizi are kept
// under the word, marked, so a lookup never builds another key.
type wordTable struct {
	slots []wordSlot
	shift uint // a hash's top bits are its slot
}

type wordSlot struct {
	key     string
	wf      *wordFeats // nil: an empty slot
	tag     uint32     // the key's hash's low bits: most other keys differ in them
	arabizi bool
}

// newWordTable makes the table of the words byID has: byID[w] is word
// vocab[w]'s features, byID[len(vocab)+w] those of it read as Arabizi,
// nil for a way the texts never read it.
func newWordTable(vocab []string, byID []*wordFeats) wordTable {
	n := 0
	for _, wf := range byID {
		if wf != nil {
			n++
		}
	}
	size, shift := 16, uint(60)
	for size < 2*n {
		size, shift = 2*size, shift-1
	}
	t := wordTable{slots: make([]wordSlot, size), shift: shift}
	for w, wf := range byID {
		if wf == nil {
			continue
		}
		k, az := vocab[w%len(vocab)], w >= len(vocab)
		h := cueHash(k)
		i := h >> shift
		for t.slots[i].wf != nil {
			i = (i + 1) & uint64(size-1)
		}
		t.slots[i] = wordSlot{k, wf, uint32(h), az}
	}
	return t
}

// get returns the features of word k (read as Arabizi or not; h is
// cueHash(k)), nil when t does not have it.
func (t *wordTable) get(k string, h uint64, arabizi bool) *wordFeats {
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.wf == nil || s.tag == uint32(h) && s.arabizi == arabizi && s.key == k {
			return s.wf
		}
	}
}

// strTable is a read-only map from strings as an open-addressing table: a
// new word of a question is looked up in several such sets (stopwords,
// synonyms, stems of the index), and a generic map's lookup costs several
// times this one's.
type strTable[V any] struct {
	slots []strSlot[V]
	shift uint // a hash's top bits (cueHash) are its slot
}

type strSlot[V any] struct {
	key  string
	tag  uint32 // the key's hash's low bits: most other keys differ in them
	used bool
	v    V
}

func newStrTable[V any](m map[string]V) strTable[V] {
	size, shift := 16, uint(60)
	for size < 2*len(m) {
		size, shift = 2*size, shift-1
	}
	t := strTable[V]{slots: make([]strSlot[V], size), shift: shift}
	for k, v := range m {
		h := cueHash(k)
		i := h >> shift
		for t.slots[i].used {
			i = (i + 1) & uint64(size-1)
		}
		t.slots[i] = strSlot[V]{k, uint32(h), true, v}
	}
	return t
}

// get returns where t keeps the value of k, nil when t does not have it.
func (t *strTable[V]) get(k string) *V { return t.getHashed(k, cueHash(k)) }

// getHashed is get of k whose cueHash is h: a new word is looked up in
// several tables, hashed once.
func (t *strTable[V]) getHashed(k string, h uint64) *V {
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if !s.used {
			return nil
		}
		if s.tag == uint32(h) && s.key == k {
			return &s.v
		}
	}
}

// at returns the value of k, the zero value when t does not have it (as
// a map's index expression does).
func (t *strTable[V]) at(k string) V { return t.atHashed(k, cueHash(k)) }

// atHashed is at of k whose cueHash is h.
func (t *strTable[V]) atHashed(k string, h uint64) V {
	if v := t.getHashed(k, h); v != nil {
		return *v
	}
	var zero V
	return zero
}

// keyTable finds, by a string s, the ids the index has for it: of the stem
// s, of the features "w|"+s and "s|"+s. A new word of a question looks its
// stem and each of its features up.
type keyTable = strTable[keyIDs]

// keyIDs are the ids of a string, -1 for each the index lacks.
type keyIDs struct {
	stem int32 // its stem id
	word int32 // the feature id of "w|"+s
	set  int32 // of "s|"+s (a function word or a synonym group)
}

// newKeyTable makes the table of an index's stems and its word and set
// features.
func newKeyTable(stemID, featID map[string]int32) keyTable {
	ids := make(map[string]keyIDs, len(stemID))
	at := func(s string) keyIDs {
		if e, ok := ids[s]; ok {
			return e
		}
		return keyIDs{-1, -1, -1}
	}
	for s, id := range stemID {
		e := at(s)
		e.stem = id
		ids[s] = e
	}
	for key, id := range featID {
		if len(key) < 2 || key[1] != '|' || key[0] != 'w' && key[0] != 's' {
			continue
		}
		e := at(key[2:])
		if key[0] == 'w' {
			e.word = id
		} else {
			e.set = id
		}
		ids[key[2:]] = e
	}
	return newStrTable(ids)
}

// wordCache remembers the features of words the knowledge base lacks, as
// citizens repeat them (names of places, misspellings): the transliteration
// and spelling lookups they need cost more than the rest of a question.
// Bounded: when full it starts over. Every question looks its new words
// up here, from many goroutines at once, so a lookup takes no lock: it
// probes an open-addressing table (like wordTable, by the same hash) that
// is published through an atomic pointer and whose slots are set once,
// atomically, each to an entry already complete. Writers (a few words a
// cold question) take turns on mu; a table that fills is replaced by a
// copy twice its size.
type wordCache struct {
	tab atomic.Pointer[seenTable]
	mu  sync.Mutex // held by writers
	// Entries are handed out from chunks (under mu): fewer allocations.
	chunk []seenEntry
}

type seenTable struct {
	slots []atomic.Pointer[seenEntry] // nil: an empty slot
	shift uint                        // a hash's top bits are its slot
	n     int                         // entries (written under mu)
}

type seenEntry struct {
	key     string
	h       uint64
	arabizi bool
	wf      *wordFeats
}

const (
	maxSeenWords = 1 << 15
	seenSlots    = 1 << 11 // a new table's slots
	seenChunk    = 64
)

// get returns the features of word k (read as Arabizi or not; h is
// cueHash(k)), nil when the cache does not have them.
func (c *wordCache) get(k string, h uint64, arabizi bool) *wordFeats {
	t := c.tab.Load()
	if t == nil {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		e := t.slots[i].Load()
		if e == nil {
			return nil
		}
		if e.h == h && e.arabizi == arabizi && e.key == k {
			return e.wf
		}
	}
}

// put remembers the features of word k (hash h, read as Arabizi or not).
// A word two goroutines computed at once is kept once, the first's: both
// are the same.
func (c *wordCache) put(k string, h uint64, arabizi bool, wf *wordFeats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.tab.Load()
	switch {
	case t == nil || t.n >= maxSeenWords:
		t, c.chunk = newSeenTable(seenSlots), nil // the old chunk holds forgotten words
		c.tab.Store(t)
	case 2*(t.n+1) > len(t.slots):
		// Readers still probing the old table find what it has.
		big := newSeenTable(2 * len(t.slots))
		for i := range t.slots {
			if e := t.slots[i].Load(); e != nil {
				big.insert(e)
			}
		}
		t = big
		c.tab.Store(t)
	}
	if len(c.chunk) == 0 {
		c.chunk = make([]seenEntry, seenChunk)
	}
	e := &c.chunk[0]
	c.chunk = c.chunk[1:]
	*e = seenEntry{k, h, arabizi, wf}
	t.insert(e)
}

func newSeenTable(size int) *seenTable {
	shift := uint(64)
	for s := size; s > 1; s >>= 1 {
		shift--
	}
	return &seenTable{slots: make([]atomic.Pointer[seenEntry], size), shift: shift}
}

// insert adds e unless the table has its word (under mu).
func (t *seenTable) insert(e *seenEntry) {
	mask := uint64(len(t.slots) - 1)
	for i := e.h >> t.shift; ; i = (i + 1) & mask {
		x := t.slots[i].Load()
		if x == nil {
			t.slots[i].Store(e)
			t.n++
			return
		}
		if x.h == e.h && x.arabizi == e.arabizi && x.key == e.key {
			return
		}
	}
}

// ForgetWords empties the cache of words outside the knowledge base.
// Benchmarks call it so each timed pass starts as cold as the peer's.
func (m *Matcher) ForgetWords() {
	m.seen.mu.Lock()
	m.seen.tab.Store(nil)
	m.seen.chunk = nil
	m.seen.mu.Unlock()
}

// hasLatin reports whether a token has a Latin letter ("2awmy" does).
func hasLatin(t string) bool {
	for i := 0; i < len(t); i++ {
		if c := t[i]; (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') {
			return true
		}
	}
	return false
}
