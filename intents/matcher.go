package intents

import (
	"context"
	"crypto/sha256"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/dalil-project/dalil/knowledge"
)

// Thresholds of the decision, on the calibrated confidence (the probability
// that the question is about a service the KB has) and the fused score's
// margin. Chosen on the development questions; see docs/quality.md.
type Thresholds struct {
	Answer  float64 // confidence below this: out of scope (or a follow-up of the last service)
	Sure    float64 // at or above: answer even if a second service is close
	Margin  float64 // fused top minus second below this (and not Sure): clarify
	Context float64 // fused-score bonus for the conversation's current service
}

// followSure: a short aspect question in a conversation ("طيب لازم يكون
// باسمي؟") with one word besides its aspect follows up the conversation's
// service unless another service is this sure. Above Sure: the confidence
// refitted for the larger sample (session 9) puts one-word matches higher.
const followSure = 0.95

// DefaultThresholds are used when a Matcher's Thresholds are zero.
var DefaultThresholds = Thresholds{Answer: 0.45, Sure: 0.85, Margin: 0.02, Context: 0.08}

// calibration: a logistic model of "this question is about a service the
// KB has". Its inputs: the fused score's margin between the best two
// services, the share of words the KB has never seen, the share of words
// the best service's own texts use (coverage), how many content words the
// question has (a long question rarely matches by accident), and whether it
// is Arabizi (whose words reach the KB through transliteration). Fitted on
// the development questions plus intents/testdata/calibration.jsonl (443
// questions, 85 of them out of scope, weighted 2.5x), by
// internal tooling described in docs/intents.md. Session 7 added whether
// the question names a provider the best service does not (elsewhere.go);
// its weight was chosen on the team's question sets with the others kept
// (the largest that declines no covered question there). Session 9 added
// whether it names another body the best service does not (a private one,
// a foreign state's embassy: otherBodies), at the same weight: from -3 to
// -6 it declines the same questions of the team's sets, and no covered one.
// A knowledge base without near misses (ArBanking77 imported from
// examples) keeps these coefficients; the sample's uses calibrationNearMiss.
var calibration = calibModel{bias: -5.94, margin: 5.08, unknown: -6.14, coverage: 3.66, length: 3.0, arabizi: 0.81, elsewhere: -3, body: -3}

// calibrationNearMiss is the confidence of a knowledge base with near
// misses (the sample's), refitted in session 9 when the sample grew by
// 1,119 example questions and 600 near misses: every question, covered or
// not, then matched its best service better, and the coefficients above
// answered a quarter of the near misses. Same inputs, the margin capped at
// 0.3, refitted by weighted logistic regression (IRLS, ridge 0.1) on seven
// of the team's question sets scored against the larger knowledge base
// (dev, calibration, heldout, heldout2, dialect4, nearmiss, nearmiss2:
// 1,253 questions a near miss does not already decline, out of scope
// weighted 2.5x), plus the same sets against the knowledge base cut to 5,
// 10 and 20 examples a service (3,218 more, weighted 0.3x, so that an
// editor's new service with few examples keeps its answers); its bias then
// raised (+0.86) as far as it goes with none of the seven sets answering
// fewer covered questions than with the coefficients above. The margin
// weighs about twice as much: a near miss's words are a service's, and only
// how far the best service is ahead of the rest (near misses included)
// tells them apart. Beyond 0.3 it says no more (a question of mostly
// unknown words can still be far ahead: "a permit for camping in the
// desert"). nearmiss4 and dialect5 were kept out of the fit to check it
// (docs/intents.md, "Session 9: calibration for the larger knowledge
// base"). Session 10 added the share of the question's words that lean to
// the near misses (near, see Matcher.nearLeaning) with the others kept:
// leave-one-set-out over the nine tuning sets chose -6 (once -7) with the
// bias unmoved, but on three sets written later and not tuned on (en6,
// aspect6, arz6) -6 answered 8 fewer of 600 covered questions for 3 more
// of 50 declined, -4 3 fewer for 2 more: -4 (docs/intents.md, "Session
// 10"). Helper oos13 added whether the runner-up is the best service's
// own near misses (ownNear, faded by nearTrust), at -1 with the others
// kept: over the twelve tuning sets it declines 8 more near misses and
// answers 2 fewer covered questions; -1.5 costs 7, and weighing the
// runner-up's score or a near miss of any service cost more for fewer
// (docs/intents.md, "helper oos13"). Helper oos15 added the share of the
// question's words that are themes of the best service's own near misses
// (ownWords, see Matcher.ownTheme), at -2 with the others kept: chosen on
// dev, calibration, dialect4, nearmiss and nearmiss2 (from -1.5 to -3 the
// same: one more declined, no covered question lost), it declines 3 more
// of the other sets' near misses and answers the same covered questions
// (docs/intents.md, "Session 12: oos15").
var calibrationNearMiss = calibModel{bias: -5.542, margin: 10.985, marginCap: 0.3, unknown: -4.522, coverage: 5.206, length: 2.001,
	arabizi: 0.330, elsewhere: -3.546, body: -3.260, near: -4, ownNear: -1, ownWords: -2}

// calibModel is the calibration's coefficients (see calibration).
type calibModel struct {
	bias, margin, unknown, coverage, length, arabizi, elsewhere, body float64
	marginCap                                                         float64 // the margin counts up to this (0: no cap)
	near                                                              float64 // times calibInputs.nearShare
	ownNear                                                           float64 // times calibInputs.ownNear
	ownWords                                                          float64 // times calibInputs.ownShare
}

// calibInputs are what the confidence weighs for a question and its best
// service.
type calibInputs struct {
	margin, unknownShare, coverage float64
	nearShare                      float64 // share of content words that lean to the near misses (Matcher.nearLeaning)
	content                        int
	arabizi, elsewhere, body       bool
	ownNear                        float64 // nearTrust when the runner-up is the best service's own near-miss class, else 0
	ownShare                       float64 // share of content words that are themes of the best service's own near misses (Matcher.ownTheme), times nearTrust
}

func calibrate(c calibModel, in calibInputs) float64 {
	margin := in.margin
	if c.marginCap > 0 {
		margin = min(margin, c.marginCap)
	}
	z := c.bias + c.margin*margin + c.unknown*in.unknownShare + c.coverage*in.coverage + c.length*math.Log(float64(in.content)+1) +
		c.near*in.nearShare + c.ownNear*in.ownNear + c.ownWords*in.ownShare
	if in.arabizi {
		z += c.arabizi
	}
	if in.elsewhere {
		z += c.elsewhere
	}
	if in.body {
		z += c.body
	}
	return math.Round(1/(1+math.Exp(-z))*1000) / 1000
}

type posting struct {
	doc int32
	w   float32
}

// docPosting is one document of a neighbour-index feature. It carries
// where the document's score is aggregated (its service, or its service
// plus the number of services for a profile), so ranking reads nothing
// else about the document.
type docPosting struct {
	doc, slot int32
	w         float32
}

// rowTable is a row of postings per feature (the centroids) as
// one array and offsets: the GC marks two pointers instead of one a row,
// and the tables are read the same way.
type rowTable struct {
	start []int32 // row f is posts[start[f]:start[f+1]]
	posts []posting
}

// row is feature f's postings.
func (t *rowTable) row(f int32) []posting { return t.posts[t.start[f]:t.start[f+1]] }

// lists is a list of int32 per id as one array and offsets: the GC marks
// two pointers instead of one a list.
type lists struct {
	start []int32 // list id is vals[start[id]:start[id+1]]
	vals  []int32
}

// at is list id.
func (l *lists) at(id int32) []int32 { return l.vals[l.start[id]:l.start[id+1]:l.start[id+1]] }

type docInfo struct {
	svc     int32
	profile bool // the service's title+keywords+summary document
}

// Matcher is the local understanding: an in-memory TF-IDF index over every
// service's example questions (one document each) and its profile (title,
// keywords, summary), searched as a nearest-neighbour classifier. It is
// immutable once built; a new knowledge base gets a new Matcher, unless it
// gives the same inputs (SameInputs).
type Matcher struct {
	services   []*knowledge.Service
	svcIndex   map[string]int32
	real       int               // services[:real] are the knowledge base's; the rest their near misses
	nearTexts  map[string]bool   // the listed near misses, normalized: always declined
	inputs     [sha256.Size]byte // inputsOf the knowledge base it was built from
	an         analyzer
	featID     map[string]int32
	grams      gramTable // the short "c|" features of featID, by the gram's bytes
	idf        []float32
	postings   []docPosting // the neighbour index: feature id's are postings[postStart[id]:postStart[id+1]]
	postStart  []int32
	slotEnds   []int32 // per slot (see docPosting): one past its last document, its documents being consecutive
	ndocs      int
	wordTab    wordTable // every word of the knowledge base, for the questions' lookups
	keys       keyTable  // the ids of stems and of word and set features, for the questions' new words
	bigrams    pairTable // pair of stem ids (pairKey) -> feature id, for the questions' lookups
	fbigrams   pairTable // pair with a function word -> feature id (learned model only), the same
	gram       []bool    // feature id -> is a character n-gram (not in the neighbour index)
	isWord     []bool    // feature id -> is a word feature
	wordSvcs   lists     // word feature id -> services whose texts use it, ascending
	providers  [][]int32 // provider group (elsewhereGroups) -> services whose texts name it; nil: no near miss names one
	nearLean   float64   // a word leans to the near misses when the near-miss classes using it outnumber its services this many times (nearLeaning)
	nearTrust  float64   // how much the near-leaning words count in the confidence, 0 to 1 (nearLeanOf); 0 without near misses
	ownNearOf  []int32   // service -> its near-miss class, -1 for none; nil without near misses
	centroids  rowTable  // feature id -> (service, weight) of the services' unit centroids
	pool       sync.Pool // *scratch
	seen       wordCache // features of words outside the knowledge base
	lin        *linear   // nil when the knowledge base is too large for it
	nb         *bayes
	nbMix      float64
	lr         *linear // naive Bayes' rows fused with the logistic model's, when it pays (logistic.go)
	synID      []int32 // synonym group -> its feature's id, -1 when the index lacks it
	opt        Options
	Thresholds Thresholds
}

// Options switch parts of the matcher off, to measure what each part is
// worth (dalil bench intents --ablate). The zero value is the product.
type Options struct {
	NoLinear          bool // no learned model: the neighbour index alone ranks
	NoNeighbours      bool // no nearest-neighbour score in the ranking (the linear model and centroids alone)
	NoLexicon         bool // no dialect and synonym lexicon
	NoTransliteration bool // Arabizi read only as Latin text
	NoSpelling        bool // no spelling correction
	NoGrams           bool // no character n-grams
	NoFunctionWords   bool // function and aspect words give the learned model no feature
	NoBayes           bool // no naive Bayes scorer
	NoLogistic        bool // no logistic model beside naive Bayes (few examples a service)
	NoNearMisses      bool // the services' near misses (not_for) are not learned
	NoSystemModel     bool // system intents from the cue lists alone (no systemmodel.go)
}

// NewMatcher indexes a knowledge base.
func NewMatcher(base *knowledge.Base) *Matcher { return NewMatcherWith(base, Options{}) }

// NewMatcherWith indexes a knowledge base with some parts switched off.
func NewMatcherWith(base *knowledge.Base, opt Options) *Matcher {
	m := &Matcher{services: base.Services(), featID: map[string]int32{}, opt: opt}
	// The inputs' hash needs nothing else: it is taken meanwhile, on a
	// core the build leaves idle now and then.
	inputs := make(chan [sha256.Size]byte, 1)
	go func() { inputs <- inputsOf(base.Services()) }()
	if !opt.NoSystemModel {
		// The system model is the same for every knowledge base: trained
		// once per process (systemmodel.go), meanwhile too.
		go theSystemModel()
	}
	if !opt.NoNearMisses {
		m.services = withNearMisses(m.services)
		m.nearTexts = map[string]bool{} // filled as the texts are read
	}
	m.real = len(base.Services())
	m.svcIndex = make(map[string]int32, len(m.services))
	for i, s := range m.services {
		m.svcIndex[s.ID] = int32(i)
	}
	if m.real < len(m.services) {
		m.ownNearOf = make([]int32, m.real)
		for i, s := range m.services[:m.real] {
			m.ownNearOf[i] = -1
			if j, ok := m.svcIndex[s.ID+nearMissSuffix]; ok {
				m.ownNearOf[i] = j
			}
		}
	}
	// Pass 1: every text tokenized once; the vocabulary for the
	// transliterator and for telling unknown words.
	ntexts := 0
	for _, s := range m.services {
		ntexts += len(s.Examples.AR) + len(s.Examples.EN) + 1
	}
	texts := make([]buildText, 0, ntexts)
	raw := make([]string, 0, ntexts)
	for i, s := range m.services {
		for _, t := range s.Examples.AR {
			texts, raw = append(texts, buildText{svc: int32(i)}), append(raw, t)
		}
		for _, t := range s.Examples.EN {
			texts, raw = append(texts, buildText{svc: int32(i)}), append(raw, t)
		}
		if !isNearMiss(s.ID) { // near misses have only their phrases
			// Its text is joined in pass 1, on every core.
			texts, raw = append(texts, buildText{svc: int32(i), profile: true}), append(raw, "")
		}
	}
	// Texts are read on every core, in chunks of consecutive texts (see
	// forChunks). Each chunk numbers its words in order of first sight;
	// merged chunk by chunk, in order, those give every word the id one
	// pass over the texts would.
	chunks := chunksOf(len(texts), 8*runtime.GOMAXPROCS(0))
	type readChunk struct {
		vocab []string // its words, in order of first sight
		occ   []int32  // their occurrences in the services' own texts
		ids   []int32  // its texts' words (local ids, then global), one text after another
		remap []int32  // local word id -> global
	}
	reads := make([]readChunk, len(chunks))
	ids := make([][]int32, len(texts))
	// nearTexts is every near miss the editors listed, normalized. The
	// learned classes generalize from them; the set makes sure that one of
	// them, asked as written, is declined even when a service's examples
	// are nearly as close ("private health insurance" beside "health
	// insurance"). The near-miss classes' texts are those phrases
	// (withNearMisses), so the set takes them as they are normalized here.
	var nearNorm []string
	if m.nearTexts != nil {
		nearNorm = make([]string, len(texts))
	}
	forChunks(len(chunks), func(_, c int) {
		rc := &reads[c]
		var local wordIndex
		var toks []string
		var class []uint8 // by local word id: its tokenScript
		lo, hi := chunks[c].lo, chunks[c].hi
		ends := make([]int, hi-lo)
		words := 0 // about as many as the texts' words: grown slices cost four times their size
		for k := lo; k < hi; k++ {
			if texts[k].profile {
				raw[k] = profileText(m.services[texts[k].svc])
			}
			words += strings.Count(raw[k], " ") + 1
		}
		rc.ids = make([]int32, 0, words)
		for k := lo; k < hi; k++ {
			norm := Normalize(raw[k])
			if nearNorm != nil && texts[k].svc >= int32(m.real) {
				nearNorm[k] = norm
			}
			toks = appendTokens(toks[:0], norm)
			// DetectScript's tally, from each distinct word's class
			// (tokenScript), looked at once a chunk.
			var sc scriptCounts
			for _, w := range toks {
				id, added := local.add(w, int32(len(rc.vocab)))
				if added {
					rc.vocab = append(rc.vocab, w)
					rc.occ = append(rc.occ, 0)
					class = append(class, tokenScript(w))
				}
				sc.add(class[id])
				if texts[k].svc < int32(m.real) {
					// Near misses' words are not the knowledge base's: they stay
					// unknown, which is evidence against a service.
					rc.occ[id]++
				}
				rc.ids = append(rc.ids, id)
			}
			script, led := sc.script()
			texts[k].arabizi = script == ScriptArabizi || (script == ScriptMixed && led)
			ends[k-lo] = len(rc.ids)
		}
		start := 0
		for k := lo; k < hi; k++ {
			end := ends[k-lo]
			ids[k] = rc.ids[start:end:end]
			start = end
		}
	})
	for k, norm := range nearNorm {
		if texts[k].svc >= int32(m.real) {
			m.nearTexts[norm] = true
		}
	}
	nearNorm = nil
	// The near misses a class left out (withNearMisses) still decline as
	// written.
	for _, sv := range base.Services() {
		if m.nearTexts == nil {
			break
		}
		for _, l := range [2][2][]string{{sv.NotFor.AR, sv.Examples.AR}, {sv.NotFor.EN, sv.Examples.EN}} {
			for _, p := range l[0][len(firstOf(l[0], len(l[1]))):] {
				m.nearTexts[Normalize(p)] = true
			}
		}
	}
	wordID := map[string]int32{}
	var vocab []string
	var occ []int
	for c := range reads {
		rc := &reads[c]
		rc.remap = make([]int32, len(rc.vocab))
		for j, w := range rc.vocab {
			id, ok := wordID[w]
			if !ok {
				id = int32(len(vocab))
				wordID[w] = id
				vocab = append(vocab, w)
				occ = append(occ, 0)
			}
			occ[id] += int(rc.occ[j])
			rc.remap[j] = id
		}
	}
	forChunks(len(chunks), func(_, c int) {
		rc := reads[c]
		for i, l := range rc.ids {
			rc.ids[i] = rc.remap[l]
		}
	})
	reads = nil
	freq := map[string]int{}
	written := map[string]bool{} // written forms other than their stems
	wfreq := map[string]int{}    // those that are not stems too (transliterator.written)
	known := map[string]bool{}
	stemCount := map[string]int{}
	near := map[string]bool{} // stems only near misses use
	for id, w := range vocab {
		if occ[id] == 0 {
			near[Stem(w)] = true
			continue
		}
		st := Stem(w)
		known[st] = true
		stemCount[st] += occ[id]
		if isArabic([]rune(w)[0]) && !stopwords[w] {
			freq[st] += occ[id]
			if w != st {
				written[w] = true
			}
		}
	}
	for st := range known {
		delete(near, st)
	}
	m.an = analyzer{known: known, near: near, opt: opt, syn: synonymUse(known, near)}
	// With few examples a service (naive Bayes on), dialect question and
	// function words read as their written forms too (dialectFunction).
	ownEx := 0
	for _, s := range m.services[:m.real] {
		ownEx += len(s.Examples.AR) + len(s.Examples.EN)
	}
	fewEx := m.real > 0 && float64(ownEx)/float64(m.real) < nbFade
	m.an.fewShot = !opt.NoBayes && !opt.NoLexicon && fewEx
	if !opt.NoTransliteration {
		m.an.tr = newTransliteratorWith(freq, spokenWords(known))
		// A question's word no stem fits may fit a written form: Arabizi
		// spells the word whole (tasree7 is تصريح, whose stem is صريح).
		// Set once the index is built, so the knowledge base's own texts
		// read as before (their words are known; only their cue readings
		// would change, and what the models learn with them).
		for w := range written {
			if _, ok := freq[w]; !ok {
				wfreq[w] = 1
			}
		}
		// The Latin words of the services' Arabizi texts, for the other
		// spellings of them (transliterator.variant).
		latin := map[string]int{}
		// The examples' words by script, for which words lean to which
		// (arabiziLean, englishLike); profiles mix the two.
		exAr, exEn := map[string]bool{}, map[string]bool{}
		for k := range texts {
			if texts[k].svc >= int32(m.real) {
				continue
			}
			for _, id := range ids[k] {
				w := vocab[id]
				switch {
				case !hasLatin(w) || stopwords[w]:
				case texts[k].arabizi:
					latin[Stem(w)]++
					if !texts[k].profile {
						exAr[Stem(w)] = true
					}
				case !texts[k].profile:
					exEn[Stem(w)] = true
				}
			}
		}
		m.an.tr.addLatin(latin)
		m.an.latinAr, m.an.latinEn = map[string]bool{}, map[string]bool{}
		for st := range exAr {
			if !exEn[st] {
				m.an.latinAr[st] = true
			}
		}
		english := exEn
		for st := range english {
			if !exAr[st] {
				m.an.latinEn[st] = true
			}
		}
	}
	if !opt.NoSpelling {
		m.an.spell = newSpeller(known, stemCount)
	}

	// Pass 2: one document per example and one profile per service. A word
	// contributes the same features wherever it appears (tokenInfo, shared
	// with the query side), so each distinct word is analysed once and its
	// feature ids kept; bigrams are keyed by the pair of stem ids.
	stemID := map[string]int32{}
	var kinds []byte // feature id -> its kind, its key's first byte ('w', 'c', 's'; 'b', 'f' for pairs)
	intern := func(key []byte) int32 {
		id, ok := m.featID[string(key)] // no string made for a key the index has
		if !ok {
			id = int32(len(kinds))
			m.featID[string(key)] = id
			kinds = append(kinds, key[0])
		}
		return id
	}
	newPair := func(pairs *pairIndex, key uint64, kind byte) int32 {
		id, ok := pairs.get(key)
		if !ok {
			id = int32(len(kinds))
			pairs.put(key, id)
			kinds = append(kinds, kind)
		}
		return id
	}
	// Words are analysed in order of first sight, which numbers their
	// stems; their features are numbered in the merge below, in the order
	// one pass over the texts meets them among the pairs'.
	nv := len(vocab)
	byID := make([]*wordFeats, 2*nv) // az*nv + word id (az: read as Arabizi)
	wordFs := make([][]feat, 2*nv)   // their tokenInfo features
	var fs []feat                    // tokenInfo's buffer
	var wfSlab slab                  // the words' wordFeats
	// A word the services use reads as the services read it: its lexicon
	// forms that only near misses use would give the services' texts
	// features that exist only because near misses were written
	// (امتحان -> اختبار), so they are left out until the services' texts
	// are read. A word only near misses or questions use keeps them
	// ("German" -> "foreign").
	nearWords := m.an.near
	m.an.near = nil
	for k, tx := range texts {
		if tx.svc >= int32(m.real) {
			m.an.near = nearWords
		}
		az := 0
		if tx.arabizi {
			az = nv
		}
		for _, wid := range ids[k] {
			if byID[az+int(wid)] != nil {
				continue
			}
			t := vocab[wid]
			ti := m.an.tokenInfo(t, tx.arabizi, fs[:0])
			fs = ti.feats
			wf := wfSlab.wordFeats()
			*wf = wordFeats{skip: ti.skip, known: occ[wid] > 0 || ti.known, plain: plainAdjectives[t], system: systemWords.at(t), away: elsewhereOf(t), stem: ti.stem, stemID: -1, tr: ti.tr, cueTr: ti.cueTr,
				cues: [2]uint16{cueKey(t), cueKey(ti.stem)}, phrases: m.phrasesAt(ti.stem), asp: theAspectModel().word(t, ti.stem)}
			id, ok := stemID[ti.stem]
			if !ok {
				id = int32(len(stemID))
				stemID[ti.stem] = id
			}
			wf.stemID = id
			byID[az+int(wid)] = wf
			wordFs[az+int(wid)] = slices.Clone(ti.feats)
		}
	}
	m.an.near = nearWords
	// The texts' features, in chunks again: what each chunk meets first
	// (words, word pairs, synonym phrases), then those numbered chunk by
	// chunk, then the documents built with the numbers.
	d := &docTexts{texts: texts, ids: ids, words: byID, nv: nv, real: int32(m.real), noFunc: opt.NoFunctionWords}
	builds := make([]docChunk, len(chunks))
	forChunks(len(chunks), func(_, c int) {
		builds[c].chunk = chunks[c]
		builds[c].read(d)
	})
	// Pairs are numbered here, by the pair of stem ids (their key strings
	// are not in featID: a query finds them in bigrams and fbigrams). A
	// token never has "_" (Normalize makes it a space), so no two pairs
	// would share a key string either.
	nb, nf := 0, 0 // at least as many as the pairs of each kind
	for _, b := range builds {
		for _, key := range b.pairKeys {
			if key&funcPair != 0 {
				nf++
			} else if key&synonymPair == 0 {
				nb++
			}
		}
	}
	// Pair of stem ids (pairKey) -> feature id; pair with a function word
	// -> feature id (learned model only). Open addressing, sized for every
	// pair: each chunk's pairs are looked up (a 5,000-service build, a
	// third of a million pairs), where a generic map's lookups missed the
	// cache.
	var bigram, fbigram pairIndex
	bigram.reset(max(16, 1<<bits.Len(uint(2*nb))))
	fbigram.reset(max(16, 1<<bits.Len(uint(2*nf))))
	interned := make([]bool, 2*nv)
	var keys keyBuf
	synFeat := make([]int32, len(synonymKeys))
	for g := range synFeat {
		synFeat[g] = -1
	}
	for c := range builds {
		b := &builds[c]
		b.pairIDs = make([]int32, len(b.pairKeys))
		for _, e := range b.sights {
			if e.word {
				if interned[e.v] {
					continue
				}
				interned[e.v] = true
				wf := byID[e.v]
				for _, f := range wordFs[e.v] {
					featKeys(f, &keys, func(key []byte) { wf.addFeat(intern(key), float32(f.w)) })
				}
				continue
			}
			key := b.pairKeys[e.v]
			var id int32
			switch {
			case key&synonymPair != 0:
				g := key &^ synonymPair
				if synFeat[g] < 0 {
					synFeat[g] = intern([]byte("s|" + synonymKeys[g]))
				}
				id = synFeat[g]
			case key&funcPair != 0:
				id = newPair(&fbigram, key&^funcPair, 'f')
			default:
				id = newPair(&bigram, key, 'b')
			}
			b.pairIDs[e.v] = id
		}
	}
	wordFs = nil
	scratches := make([]*docScratch, len(chunks)) // by worker: never more than chunks
	raws := make([]rawDoc, len(texts))
	forChunks(len(chunks), func(w, c int) {
		if scratches[w] == nil {
			scratches[w] = newDocScratch(len(kinds))
		}
		builds[c].build(d, kinds, raws, scratches[w])
	})
	raws = slices.DeleteFunc(raws, func(r rawDoc) bool { return r.ids == nil })
	df, dfNear := make([]int32, len(kinds)), make([]int32, len(kinds))
	for _, s := range scratches {
		if s == nil {
			continue
		}
		for id := range df {
			df[id] += s.df[id]
			dfNear[id] += s.dfNear[id]
		}
	}
	scratches = nil
	// Weights are the services' own: near misses do not change them, and
	// their words the services lack weigh as if in as many documents.
	n := 0.0
	for _, d := range raws {
		if d.info.svc < int32(m.real) {
			n++
		}
	}
	m.idf = make([]float32, len(kinds))
	// With few examples a service (under nbFade, 70), a feature weighs by
	// the services that use it, not the examples: ten examples an intent
	// repeat its own words (a word in all ten of one intent's examples is
	// what tells it apart, and by examples it weighs as little as one in
	// ten intents'), and a misspelling seen once weighs most. The power
	// under one flattens the weights further (0.6–0.8 as good, 1 worse).
	// A word only near misses use weighs as if that many services did.
	// Session 10 (pal13): ArBanking77 dev +182 on the eight runs, +107 on
	// the unseen samples, train10 +28; full train and the sample knowledge
	// base (about 80 a service) are untouched.
	var svcDF, nearDF []int32
	if fewEx {
		svcDF, nearDF = servicesUsing(raws, len(kinds), m.real)
	}
	for id := range m.idf {
		if id >= len(df) {
			continue
		}
		switch {
		case svcDF != nil && (df[id] > 0 || dfNear[id] > 0):
			d := svcDF[id]
			if d == 0 {
				d = nearDF[id]
			}
			m.idf[id] = float32(math.Pow(math.Log(1+float64(m.real)/float64(max(d, 1))), fewIDFPow))
		case df[id] > 0:
			m.idf[id] = float32(math.Log(1 + n/float64(df[id])))
		case dfNear[id] > 0:
			m.idf[id] = float32(math.Log(1 + n/float64(dfNear[id])))
		}
	}
	// The neighbour index holds word and bigram features only: character
	// n-grams are shared by thousands of examples, so their posting lists
	// would dominate every query. The linear model reads all features.
	// Words in a large share of the examples ("card", "بطاقة" in a banking
	// KB) are left out of it too: they say little about which example is
	// nearest and make every query walk thousands of postings.
	m.gram = make([]bool, len(m.idf))
	m.isWord = make([]bool, len(m.idf))
	counts := make([]int32, len(m.idf)) // documents with each feature of the index
	maxDF := int32(max(200, len(raws)/50))
	for id, kind := range kinds {
		m.gram[id] = kind == 'c' || kind == 's' || kind == 'f' || df[id] > maxDF
		m.isWord[id] = kind == 'w'
		if !m.gram[id] {
			counts[id] = df[id] + dfNear[id] // a document has a feature once
		}
	}
	// Which services use each word (for coverage: how much of a question
	// the best service's own words explain), ascending: the chunks list
	// them in order, each once but where a service spans two chunks.
	m.wordSvcs = lists{start: make([]int32, len(m.idf)+1)}
	uses := m.wordSvcs.start[1:]      // per word: its services, then its next slot in vals (at last its end)
	last := make([]int32, len(m.idf)) // per word: the last service counted, plus one
	for c := range builds {
		use := builds[c].wordUse
		for j := 0; j < len(use); j += 2 {
			if id, svc := use[j], use[j+1]; last[id] != svc+1 {
				last[id] = svc + 1
				uses[id]++
			}
		}
	}
	total := int32(0)
	for id, u := range uses {
		uses[id] = total
		total += u
	}
	m.wordSvcs.vals = make([]int32, total)
	clear(last)
	for c := range builds {
		use := builds[c].wordUse
		for j := 0; j < len(use); j += 2 {
			if id, svc := use[j], use[j+1]; last[id] != svc+1 {
				last[id] = svc + 1
				m.wordSvcs.vals[uses[id]] = svc
				uses[id]++
			}
		}
	}
	builds = nil
	wfs := make([]*wordFeats, 0, len(byID)) // the words, whichever way read
	for _, wf := range byID {
		if wf != nil {
			wfs = append(wfs, wf)
		}
	}
	if providers, taught := m.providerServices(wfs); taught {
		m.providers = providers
	}
	// One array for every list: a query reads a few lists of a large
	// index, and their offsets are more likely cached than slice headers.
	// Training orders need the examples' text keys; a knowledge base too
	// large for the learned model does without them.
	learn := !opt.NoLinear && linearFits(len(m.services), len(m.idf))
	// Naive Bayes joins the ranking when services have few examples, and
	// fades out as they get more (see bayes.go).
	// Examples a service: the services' own (near misses are a few each).
	own := 0
	for _, r := range raws {
		if r.info.svc < int32(m.real) {
			own++
		}
	}
	m.nearLean, m.nearTrust = nearLeanOf(own, len(raws)-own, m.real)
	per := float64(own) / float64(m.real)
	// (Its rows name a service in 16 bits, as the learned models' do.)
	bayes := !opt.NoBayes && per < nbFade && len(m.services) <= 1<<16
	// The examples are for the learned models; a knowledge base with none
	// (a large one) skips them (nil key). Naive Bayes is trained as they
	// are weighed.
	var key func(rawDoc) uint64
	if learn {
		key = func(r rawDoc) uint64 { return textKey(m.services[r.info.svc].ID, raw[r.text]) }
	}
	// (Nothing to learn, as trainBayes: no model.)
	train, nbModel := m.weighDocs(raws, counts, key, bayes && len(m.services) >= 2 && len(raws) > 0)
	if !opt.NoLinear {
		m.lin = trainLinear(train, len(m.services), len(m.idf))
	}
	if bayes {
		m.nb = nbModel
		m.nbMix = nbMix * (1 - per/nbFade)
		// The logistic model joins naive Bayes where cross-validation on
		// the knowledge base's own examples says it ranks them better
		// (logistic.go). Only beside the learned model (then its weights
		// fit the budget and the examples have their text keys) and within
		// its training's work bound. The kept model reads function words
		// and synonym groups louder (logisticScales), learns with dropout
		// (lgDrop) and takes lgBetaShare of the β chosen; the
		// cross-validation weighs that model, as kept (session 9: the
		// plain one told it from naive Bayes by a handful of examples at
		// five examples a service, and one of them switched it off).
		if m.nb != nil && m.lin != nil && !opt.NoLogistic && logisticFits(train, len(m.services)) {
			profile := make([]bool, len(raws))
			for i, r := range raws {
				profile[i] = r.info.profile
			}
			scales := logisticScales(kinds, m.featID)
			beta := fixedBeta
			if beta < 0 {
				beta = fewShotBeta(train, profile, len(m.services), len(m.idf), m.real, scales)
			}
			if beta < 1 {
				lr := trainLogisticBag(train, len(m.services), len(m.idf), scales, lgDrop, lgBagOf(train, len(m.services)))
				m.lr = fuseFewShot(m.nb, lr, beta, len(m.idf))
			}
		}
	}
	// Each word's score vector, when they fit the budget. Words are
	// independent, so they are weighed on every core.
	vl := 0
	if len(wfs)*len(m.services)*m.blocks() <= maxWordVecFloats {
		vl = m.vecLen()
	}
	wordInts, wordFloats := m.packWords(wfs, vl)
	parts := chunksOf(len(wfs), 4*runtime.GOMAXPROCS(0))
	forChunks(len(parts), func(_, c int) {
		for _, wf := range wfs[parts[c].lo:parts[c].hi] {
			m.weighWordIn(wf, wf.tfidf, wf.vec, nil)
		}
	})
	// The synonym groups' feature ids, for the phrases of a query.
	m.synID = make([]int32, len(synonymKeys))
	for g, key := range synonymKeys {
		m.synID[g] = -1
		if id, ok := m.featID["s|"+key]; ok {
			m.synID[g] = id
		}
	}
	m.grams = newGramTable(m.featID)
	m.keys = newKeyTable(stemID, m.featID)
	if !opt.NoSystemModel {
		// The words' features in the system model (sysWord), once the
		// model trained meanwhile is ready; on every core.
		sm := theSystemModel()
		parts := chunksOf(len(byID), 4*runtime.GOMAXPROCS(0))
		forChunks(len(parts), func(_, c int) {
			var buf [64]aspectFeat
			rows := make([]int32, 0, 8*(parts[c].hi-parts[c].lo))
			for w, wf := range byID[parts[c].lo:parts[c].hi] {
				if wf != nil {
					t := vocab[(parts[c].lo+w)%len(vocab)]
					wf.asp.sys, rows = sm.word(aspectWordFeats(t, wf.stem, buf[:0]), aspectUnits(t, wf.stem), rows)
				}
			}
		})
	}
	m.wordTab = newWordTable(vocab, byID)
	m.bigrams, m.fbigrams = newPairTable(&bigram), newPairTable(&fbigram)
	// The tables on huge pages; a catalogue of thousands of services (no
	// score vectors) is left as it is (see hugeTables).
	if vl > 0 {
		m.hugeTables(wordInts, wordFloats)
	}
	if m.Thresholds == (Thresholds{}) {
		m.Thresholds = DefaultThresholds
	}
	m.inputs = <-inputs
	if m.an.tr != nil {
		m.an.tr.written = newTransliterator(wfreq)
	}
	return m
}

// hugeTables asks for huge pages under the tables a question reads (see
// hugePages; words and floats are the words' packed ids, weights and score
// vectors), the most read first, up to hugeBudget bytes. Collapsing
// copies each block (1 to 10 ms on the development machine, where the
// kernel must often compact memory for a huge page): ArBanking77's
// matchers take 11-14 ms more to build. A knowledge base too large for
// the words' score vectors (thousands of services) is not collapsed: its
// tables are tens of megabytes, and the 5,000-service build took 0.2-0.8 s
// longer (of 1.2-1.7 s). The same decisions either way: only the pages
// change.
func (m *Matcher) hugeTables(words []int32, floats []float32) {
	left := uintptr(hugeBudget)
	huge := func(used uintptr) { left -= used }
	huge(hugePages(floats, left))
	for _, l := range []*linear{m.lr, m.lin} {
		if l != nil {
			huge(hugePages(l.val, left))
			huge(hugePages(l.start, left))
		}
	}
	huge(hugePages(words, left))
	huge(hugePages(m.wordTab.slots, left))
	huge(hugePages(m.keys.slots, left))
	huge(hugePages(m.grams.slots, left))
	huge(hugePages(m.bigrams.slots, left))
	huge(hugePages(m.fbigrams.slots, left))
	if m.lin != nil {
		huge(hugePages(m.lin.cls, left)) // a dense row's are not read
	}
	huge(hugePages(m.idf, left))
	huge(hugePages(m.postings, left))
	huge(hugePages(m.postStart, left))
	huge(hugePages(m.centroids.posts, left))
	huge(hugePages(m.centroids.start, left))
	if m.nb != nil {
		huge(hugePages(m.nb.rows.val, left))
		huge(hugePages(m.nb.rows.start, left))
		huge(hugePages(m.nb.rows.cls, left))
	}
	huge(hugePages(m.wordSvcs.vals, left))
	if sp := m.an.spell; sp != nil {
		huge(hugePages(sp.slots, left))
		huge(hugePages(sp.lists, left))
	}
}

// hugeBudget bounds the memory hugeTables collapses (ArBanking77's tables
// take 24 MiB with 10 examples an intent, 36 MiB with all of them).
var hugeBudget = 48 << 20

// SameInputs reports whether base gives a matcher exactly what m was built
// from (see inputsOf): then m decides every question as a new matcher of
// base would, and a publish that changed only facts (a fee, a document, a
// step) need not rebuild it.
func (m *Matcher) SameInputs(base *knowledge.Base) bool {
	return m.opt == (Options{}) && m.inputs == inputsOf(base.Services())
}

// inputsOf hashes what a matcher learns from a knowledge base: each
// service's id, title, summary, keywords, examples and near misses, in
// order. Facts are not among them.
func inputsOf(svcs []*knowledge.Service) [sha256.Size]byte {
	h := sha256.New()
	// The bytes fmt's "%d:%s" and "[%d]" give, appended to a buffer
	// written in blocks: fmt's call a string made a 5,000-service build
	// allocate 670,000 times.
	var buf []byte
	put := func(s string) { // length-prefixed: no two inputs run together
		buf = append(append(strconv.AppendInt(buf, int64(len(s)), 10), ':'), s...)
		if len(buf) >= 32<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	for _, s := range svcs {
		for _, x := range []string{s.ID, s.Title.AR, s.Title.EN, s.Summary.AR, s.Summary.EN} {
			put(x)
		}
		for _, list := range [][]string{s.Keywords.AR, s.Keywords.EN, s.Examples.AR, s.Examples.EN, s.NotFor.AR, s.NotFor.EN} {
			buf = append(strconv.AppendInt(append(buf, '['), int64(len(list)), 10), ']')
			for _, x := range list {
				put(x)
			}
		}
	}
	h.Write(buf)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// emojiIntent is the intent of a message without words: thanks when it
// is only emoji that thank or approve ("👍", "🙏🙏"), a wave greets at the
// start and says goodbye later, else fallback (session 12, sys15).
func emojiIntent(q Query) string {
	thanks, wave := false, false
	for _, r := range q.Text {
		switch {
		case strings.ContainsRune(thanksEmoji, r):
			thanks = true
		case r == '👋':
			wave = true
		case unicode.IsSpace(r) || r == 0xFE0F || r >= 0x1F3FB && r <= 0x1F3FF || unicode.IsPunct(r):
			// variation selector, skin tone, punctuation
		default:
			return IntentFallback
		}
	}
	switch {
	case thanks:
		return IntentThanks
	case wave && len(q.Context.Recent) == 0 && q.Context.LastService == "":
		return IntentGreeting
	case wave:
		return IntentGoodbye
	}
	return IntentFallback
}

// thanksEmoji thank or approve: folded hands, thumbs up, OK hand, hearts,
// flowers, a smile, a handshake.
const thanksEmoji = "🙏👍👌❤💙💚🌹💐😊🙂🤝☺😍🥰"

// closing reports whether a thanks with words of its own closes the
// conversation rather than asks: no question mark, no aspect, no "I want",
// and a few words ("thanks, I'll book an appointment then", "شكرا، بروح
// بكرا عالاحوال المدنية"): those words often name a service, which
// matches well now that the sample's examples are many.
func closing(text string, tokens []string, aspect knowledge.Aspect, rest int) bool {
	return rest <= 4 && aspect == knowledge.AspectNone && !asks(text, tokens)
}

// withoutCourtesy asks q again without the courtesy around its request
// (cues.go withoutCourtesy) and reports the answer when a service takes
// it, in the language of the whole message. Each time fewer words: no
// loop.
func (m *Matcher) withoutCourtesy(ctx context.Context, q Query, an *analysis, res Result) (Result, bool) {
	text, cut := withoutCourtesy(*an)
	if !cut {
		return Result{}, false
	}
	r2, err := m.Understand(ctx, Query{Text: text, Context: q.Context})
	if err != nil || r2.Intent != IntentServiceInfo && r2.Intent != IntentClarify {
		return Result{}, false
	}
	r2.Lang, r2.Script = res.Lang, res.Script
	return r2, true
}

// asks reports whether a message asks: a question mark or a word of
// wanting. An aspect word alone does not ("شكرا، بروح بكرا" closes).
func asks(text string, tokens []string) bool {
	return strings.ContainsAny(text, "?؟") || wants(tokens)
}

// wants reports whether a message has a word of wanting (wantWords) that
// no negation or "all" comes shortly before: "ما بدي شي تاني", "I don't
// need anything else", "هاد كل شي كنت بدي ياه" close a conversation.
func wants(tokens []string) bool {
	for i, t := range tokens {
		if !wantWords[t] {
			continue
		}
		want := true
		for j := max(0, i-3); j < i; j++ {
			if notWanting[tokens[j]] && (j >= i-2 || allWords[tokens[j]]) {
				want = false
			}
		}
		if want {
			return true
		}
	}
	return false
}

// notWanting are the words that, up to two words before a word of wanting
// (three for "all"), make it no request: negations ("don't" is "don t")
// and "all" ("that's all I need").
var notWanting = toSet("ما", "مش", "مو", "لا", "مب", "مابي", "not", "dont", "don", "t", "no", "never", "doesn",
	"ma", "mesh", "msh", "mish", "mush", "mo", "mu", "mob", "la", "كل", "all", "kol", "kul", "koll")

// allWords are notWanting's "all".
var allWords = toSet("كل", "all", "kol", "kul", "koll")

// wantWords ask for something: a thanks with one is a new request.
var wantWords = toSet("بدي", "بدنا", "ابي", "ابغي", "ابغا", "ودي", "عايز", "عايزه", "عاوز", "اريد", "نريد", "محتاج", "محتاجه",
	"want", "need", "like", "bade", "baddi", "badi", "bdi", "abi", "abgha", "3ayez", "3ayza", "3awez", "mi7tag", "m7tag")

// nearlyTiedWith reports whether svc is one of the two best candidates.
func nearlyTiedWith(cands []Candidate, svc string) bool {
	return svc != "" && len(cands) > 1 && (cands[0].ServiceID == svc || cands[1].ServiceID == svc)
}

// nearMissSuffix marks the class of a service's near misses (its NotFor
// phrases). Record ids are letters, digits and dashes, so it cannot clash.
const nearMissSuffix = "#not"

func isNearMiss(id string) bool { return strings.HasSuffix(id, nearMissSuffix) }

// isNearMissOf reports whether id is svc's near misses (svc+nearMissSuffix),
// without making that string.
func isNearMissOf(id, svc string) bool {
	return len(id) == len(svc)+len(nearMissSuffix) && strings.HasPrefix(id, svc) && strings.HasSuffix(id, nearMissSuffix)
}

// firstOf is the first max(n, 2) of l.
func firstOf(l []string, n int) []string { return l[:min(len(l), max(n, 2))] }

// withNearMisses adds a class for each service's near misses: one per
// service, so "renew my American passport" is weighed against "renew my
// passport" on the words that tell them apart.
func withNearMisses(svcs []*knowledge.Service) []*knowledge.Service {
	out := svcs
	for _, s := range svcs {
		if len(s.NotFor.AR)+len(s.NotFor.EN) == 0 {
			continue
		}
		if len(out) == len(svcs) {
			out = slices.Clone(svcs)
		}
		// A near-miss class speaks no louder than its service: with fewer
		// texts than near misses (an editor's new service, five examples
		// beside twenty near misses) it would outweigh the service on the
		// service's own words. The first ones are kept; every near miss
		// still declines as written (nearTexts).
		nf := knowledge.Phrases{AR: firstOf(s.NotFor.AR, len(s.Examples.AR)), EN: firstOf(s.NotFor.EN, len(s.Examples.EN))}
		out = append(out, &knowledge.Service{ID: s.ID + nearMissSuffix, Examples: nf, ExamplesOnly: true})
	}
	return out
}

// nearMissShare renormalizes the services' probabilities among the
// services alone, so near-miss classes leave their ranking and calibration
// as they were; the near misses keep their share of the whole, which is
// what they are compared by (see Understand).
func (m *Matcher) nearMissShare(p []float64) []float64 {
	if m.real == len(p) {
		return p
	}
	sum := 0.0
	for _, x := range p[:m.real] {
		sum += x
	}
	if sum > 0 {
		for i := range p[:m.real] {
			p[i] /= sum
		}
	}
	return p
}

// profileText is the service's own words: title, keywords and summary in
// both languages. Titles and keywords are repeated to weigh more.
func profileText(s *knowledge.Service) string {
	parts := []string{s.Title.AR, s.Title.EN, s.Title.AR, s.Title.EN}
	parts = append(parts, s.Keywords.AR...)
	parts = append(parts, s.Keywords.EN...)
	parts = append(parts, s.Summary.AR, s.Summary.EN)
	return strings.Join(parts, " . ")
}

// sublinear is the TF-IDF weight of a feature a text has tf of.
func sublinear(tf, idf float32) float32 {
	return float32((1 + math.Log(1+float64(tf))) * float64(idf))
}

// logMemo remembers 1+log(1+tf) of the term frequencies a question's
// features had: they come from a few values (a word feature, n-grams at
// two weights, their sums), and the logarithm costs more than the rest of
// a feature's weighing. The same values, so the same weights.
type logMemo [256]struct {
	tf  float32
	set bool
	log float64
}

// sublinear is sublinear(tf, idf) by the memo.
func (c *logMemo) sublinear(tf, idf float32) float32 {
	e := &c[(math.Float32bits(tf)*0x9E3779B1)>>24]
	if !e.set || e.tf != tf {
		e.tf, e.set, e.log = tf, true, 1+math.Log(1+float64(tf))
	}
	return float32(e.log * float64(idf))
}

// maxWordVecFloats bounds the words' score vectors (64 MiB): a knowledge
// base of a few hundred services keeps them; a larger one scores every
// feature's sparse rows instead (the same result, slower). A variable so a
// test can compare the two ways.
var maxWordVecFloats = 16 << 20

// packWords moves the words' ids and weights into two arrays, one of
// int32 and one of float32, with room for their word ids, TF-IDF weights
// and score vectors (vl floats a word, none when 0), set for weighWordIn:
// the GC then marks two large objects instead of five small ones a word.
// The vectors come first, each a multiple of 8 floats, so they keep the
// alignment of vectors of their own. It returns the two arrays.
func (m *Matcher) packWords(wfs []*wordFeats, vl int) ([]int32, []float32) {
	ni, nf := 0, len(wfs)*vl
	for _, wf := range wfs {
		ni += len(wf.ids) + m.wordCount(wf.ids)
		nf += 2 * len(wf.ids)
	}
	is, fs := make([]int32, ni), make([]float32, nf)
	allIs, allFs := is, fs
	vecs, fs := fs[:len(wfs)*vl], fs[len(wfs)*vl:]
	for _, wf := range wfs {
		n, words := len(wf.ids), m.wordCount(wf.ids)
		copy(is, wf.ids)
		copy(fs, wf.ws)
		wf.ids, wf.ws, wf.tfidf = is[:n:n], fs[:n:n], fs[n:2*n:2*n]
		if words > 0 {
			wf.wordIDs = is[n : n : n+words]
		}
		if vl > 0 {
			wf.vec, vecs = vecs[:vl:vl], vecs[vl:]
		}
		is, fs = is[n+words:], fs[2*n:]
	}
	return allIs, allFs
}

// wordCount is how many of ids are word features.
func (m *Matcher) wordCount(ids []int32) int {
	words := 0
	for _, id := range ids {
		if m.isWord[id] {
			words++
		}
	}
	return words
}

// weighWordIn is weighWord in the caller's memory: tfidf as long as wf.ids,
// the vector vec zero (nil: none); the word ids are appended to wf.wordIDs.
// The logarithms come from logs when there is one.
func (m *Matcher) weighWordIn(wf *wordFeats, tfidf, vec []float32, logs *logMemo) {
	wf.tfidf = tfidf
	if vec != nil {
		m.prefetchRows(wf.ids)
	}
	for k, id := range wf.ids {
		if logs != nil {
			wf.tfidf[k] = logs.sublinear(wf.ws[k], m.idf[id])
		} else {
			wf.tfidf[k] = sublinear(wf.ws[k], m.idf[id])
		}
		if m.isWord[id] {
			wf.wordIDs = append(wf.wordIDs, id)
		}
	}
	if vec == nil {
		return
	}
	wf.vec = vec
	m.addRowsList(wf.vec, wf.ids, wf.tfidf)
}

// blocks is how many per-service score blocks a score vector has:
// centroid, learned, and naive Bayes (fused with the logistic model when
// it has that) when the matcher has it.
func (m *Matcher) blocks() int {
	if m.nb != nil {
		return 3
	}
	return 2
}

// vecLen is a score vector's length: its blocks, then zeros up to a
// multiple of 8, so addVecs sums it in vector steps alone (the zeros add
// nothing anywhere). No more: every question reads a vector a word, and
// a cold one allocates one for each word the knowledge base lacks.
func (m *Matcher) vecLen() int {
	return (m.blocks()*len(m.services) + 7) &^ 7
}

// addRowsList adds, for each k in order, ws[k] times feature ids[k]'s
// centroid, learned and naive Bayes rows to a score vector. The blocks are
// apart, so each sum takes the features in the same order as feature by
// feature, with one call per block for the centroid and naive Bayes rows.
// A dense learned row takes vector instructions; both ways round the
// product before the add, so they agree exactly.
func (m *Matcher) addRowsList(vec []float32, ids []int32, ws []float32) {
	n := len(m.services)
	ws = ws[:len(ids)]
	addRowList(vec[:n], m.centroids.posts, m.centroids.start, ids, ws)
	if m.lin != nil {
		addLinList(vec[n:2*n], m.lin, ids, ws)
	}
	switch {
	case m.lr != nil: // naive Bayes fused with the logistic model
		addLinList(vec[2*n:3*n], m.lr, ids, ws)
	case m.nb != nil:
		addLinList(vec[2*n:3*n], &m.nb.rows, ids, ws)
	}
}

// prefetchRows asks the CPU for the rows addRowsList will read for ids,
// all at once: a word's features' rows lie apart in tables of megabytes,
// and one after another each would wait for memory.
func (m *Matcher) prefetchRows(ids []int32) {
	prefetchRows8(m.centroids.start, m.centroids.posts, ids)
	if m.lin != nil {
		prefetchRows4(m.lin.start, m.lin.val, ids)
	}
	switch {
	case m.lr != nil:
		prefetchRows4(m.lr.start, m.lr.val, ids)
	case m.nb != nil:
		prefetchRows4(m.nb.rows.start, m.nb.rows.val, ids)
	}
}

// addLinListGo adds, for each k in order, ws[k] times feature ids[k]'s
// learned row to dst: a dense row (as long as dst) with addScaled's
// arithmetic, a sparse one (its services in l.cls) with addSparse's.
// addLinList without assembly, and its reference in the tests.
func addLinListGo(dst []float32, l *linear, ids []int32, ws []float32) {
	for k, id := range ids {
		lo, hi := l.start[id], l.start[id+1]
		if int(hi-lo) == len(dst) {
			addScaledGo(dst, l.val[lo:hi], ws[k])
		} else {
			addSparseGo(dst, l.cls[lo:hi], l.val[lo:hi], ws[k])
		}
	}
}

// addRowListGo is addRowList without assembly, and its reference in the
// tests.
func addRowListGo(dst []float32, posts []posting, start []int32, ids []int32, ws []float32) {
	for k, id := range ids {
		addRowGo(dst, posts[start[id]:start[id+1]], ws[k])
	}
}

// addRow adds w times feature id's row to a score block. A dense row takes
// vector instructions; both ways round the product before the add, so
// they agree exactly.
func (l *linear) addRow(block []float32, id int32, w float32) {
	lo, hi := l.start[id], l.start[id+1]
	if int(hi-lo) == len(block) {
		addScaled(block, l.val[lo:hi], w)
	} else {
		addSparse(block, l.cls[lo:hi], l.val[lo:hi], w)
	}
}

// weigh merges a query's features into sublinear TF-IDF weights and scores
// the centroids and the learned model (sc.cent, sc.lin, not yet divided by
// the norm). It returns how many features the query has (those of the
// neighbour index, weighted, in sc.near) and the L2 norms of the whole
// vector and of its word part (the neighbour index's view). Word features
// the index lacks still count in both, at a high weight, so a question made
// mostly of words the KB has never seen scores low.
//
// A word of the knowledge base brings its score vector, which assumes its
// features' weights are its own; a feature that several of the query's
// words share gets one merged weight instead, so only the difference goes
// through the feature's sparse rows. The result is the same as scoring
// every feature's rows, for a fraction of the cost.
func (m *Matcher) weigh(an analysis, sc *scratch) (n int, norm, wordNorm float64) {
	size := len(an.pairs)
	vecs := sc.vecs[:0]
	whole := true // every word has a vector, and weights as long as its ids
	for _, wf := range an.words {
		size += len(wf.ids)
		if wf.vec != nil {
			vecs = append(vecs, wf.vec)
		}
		whole = whole && wf.vec != nil && len(wf.ws) >= len(wf.ids) && len(wf.tfidf) >= len(wf.ids)
	}
	if cap(sc.accs) < size {
		sc.accs = make([]qacc, size)
	}
	// Filled by index: at most size features, each new one at n, its
	// first occurrence stored as it is (x+0 is x for these weights).
	accs := sc.accs[:size]
	tab := sc.tab.reset(size)
	if whole {
		n = tab.mergeWords(accs, an.words) // in one call
	} else {
		for _, wf := range an.words {
			pre := wf.tfidf
			if wf.vec == nil {
				pre = nil
			}
			n = tab.merge(accs, n, wf.ids, wf.ws, pre)
		}
	}
	// The vectors summed in one pass: nothing above reads the scores.
	addVecs(sc.scores, vecs)
	clear(vecs) // the pool keeps no word alive
	sc.vecs = vecs[:0]
	for _, p := range an.pairs {
		i := tab.index(p.id, n)
		if i == n {
			accs[n] = qacc{id: p.id}
			n++
		}
		f := &accs[i]
		if f.cnt == 0 || f.cnt == 1 && math.Float32bits(f.pre) != 0 { // new, or one word's own weight until now
			tab.slow[tab.nslow] = int32(i)
			tab.nslow++
		}
		f.cnt += 2 // never read as one word's own
		f.acc += p.w
	}
	sum, words := m.weighMerged(accs[:n], sc)
	if an.unk > 0 {
		w := (1 + math.Log(1+an.unk)) * 3.0
		sum += w * w
		words += w * w
	}
	if sum == 0 {
		sum = 1
	}
	if words == 0 {
		words = 1
	}
	return n, math.Sqrt(sum), math.Sqrt(words)
}

// weighMerged gives each merged feature its weight, scores the difference
// from what the words' vectors assumed, and keeps those of the neighbour
// index in sc.near. It returns the sums of the squared weights of all the
// features and of the index's. The features whose weight is not the one a
// word's vector gave them (sc.tab.slow: merged from several words, pairs,
// words without vectors) are reweighed first, in a loop of their own (its
// calls would make the sums' loop keep its values on the stack); after it,
// every feature's pre is its weight.
func (m *Matcher) weighMerged(accs []qacc, sc *scratch) (sum, words float64) {
	// Every other feature is one word's own, weighted by its vector, or
	// weightless (an idf of 0), which reweighing would leave as it is. In
	// order of place: the rows' sums depend on it.
	slow := sc.tab.slow[:sc.tab.nslow]
	for k := 1; k < len(slow); k++ {
		for j := k; j > 0 && slow[j] < slow[j-1]; j-- {
			slow[j], slow[j-1] = slow[j-1], slow[j]
		}
	}
	ids, ds := sc.rowIDs[:0], sc.rowWs[:0]
	for _, i := range slow {
		f := &accs[i]
		w := sc.logs.sublinear(f.acc, m.idf[f.id])
		if d := w - f.pre; d != 0 {
			ids, ds = append(ids, f.id), append(ds, d)
		}
		f.pre = w
	}
	m.addRowsList(sc.scores, ids, ds)
	sc.rowIDs, sc.rowWs = ids, ds
	if cap(sc.near) < len(accs) {
		sc.near = make([]qfeat, 0, len(accs))
	}
	sums := [3]float64{sc.sumw}
	n := weighSums(accs, m.gram, sc.near[:len(accs)], &sums)
	sc.near, sc.sumw = sc.near[:n], sums[0]
	return sums[1], sums[2]
}

// weighSumsGo adds the features' weights (their pre) to sums[0], their
// squares to sums[1] and, for those of the neighbour index (not gram),
// to sums[2], each in order; it puts those in near and returns how many.
// weighSums without assembly, and its reference in the tests.
func weighSumsGo(accs []qacc, gram []bool, near []qfeat, sums *[3]float64) int {
	sumw, sum, words := sums[0], sums[1], sums[2]
	n := 0
	for i := range accs {
		id, w := accs[i].id, accs[i].pre
		sumw += float64(w)
		w2 := float64(w) * float64(w)
		sum += w2
		if !gram[id] {
			words += w2
			near[n] = qfeat{id, w}
			n++
		}
	}
	*sums = [3]float64{sumw, sum, words}
	return n
}

// maxCandidates is how many ranked services a Result carries.
const maxCandidates = 5

// Candidate is one service with its fused score.
type Candidate struct {
	ServiceID string
	Score     float64 // fused: what ranks the services
	Evidence  float64 `json:"-"` // nearest-neighbour score alone: how close the question is to what the KB knows
	Learned   float64 `json:"-"` // the linear model's probability
}

// scratch is per-query working memory, pooled: a query touches few of the
// documents, and allocating an array the size of the index per question
// would dominate the cost.
type scratch struct {
	docs   []float32 // by document
	per    []agg     // by service, then by service's profile
	scores []float32 // by service: centroid scores, then the learned model's margins
	prob   []float64 // by service: the learned model's probabilities
	ev     []float64 // by service: the evidence (see Candidate)
	fused  []float64 // by service: the fused score
	marks  []uint64  // by service, a bit each: those rank's selection looks at
	nbprob []float64 // by service: naive Bayes probabilities
	sumw   float64   // the query's total feature weight (naive Bayes' smoothing term)
	tab    qtable
	accs   []qacc    // the query's features while they are merged
	near   []qfeat   // those of them in the neighbour index, weighted, in the same order
	rowIDs []int32   // the features whose rows weighMerged adds
	rowWs  []float32 // and their weights
	logs   logMemo   // the logarithms of the features' weights
	// The score vectors of the query's words, while weigh sums them.
	vecs [][]float32
	// The analysis's slices (see analyze).
	strs  []string
	words []*wordFeats
	seqs  [3][]string
	pairs []qfeat
	trans []string
	// A word's features while it is analysed (Matcher.word), and the
	// memory it keeps in the cache.
	feats []feat
	ids   []int32
	ws    []float32
	rows  []int32 // its system-model slots (sysWord)
	slab  slab
}

// qacc is what a query has of one feature: its id, its term frequency, the
// weight already in the words' score vectors, and how many words brought it.
type qacc struct {
	id       int32
	acc, pre float32
	cnt      int32
}

// qtable finds a query's features while they are merged: a small
// open-addressing table from feature id to its place in the query, which
// stays in the first-level cache, where an array over every feature of a
// large index would miss it on each lookup.
type qtable struct {
	slots []qslot
	mask  uint32
	// The places of the features whose weight is not the one a word's
	// vector gave them (see weighMerged), each once, as they are found.
	slow  []int32
	nslow int
}

type qslot struct{ id, at int32 } // id+1 (0: empty), place

// reset empties the table for up to n features.
func (t *qtable) reset(n int) *qtable {
	size := 64
	for size < 2*n {
		size *= 2
	}
	if cap(t.slots) < size {
		t.slots = make([]qslot, size)
	} else {
		t.slots = t.slots[:size]
		clear(t.slots)
	}
	t.mask = uint32(size - 1)
	if cap(t.slow) < n {
		t.slow = make([]int32, n)
	}
	t.slow, t.nslow = t.slow[:cap(t.slow)], 0
	return t
}

// merge adds a word's features (ids, their term frequencies ws and the
// weights pre its score vector gave them, nil when it has none) to the
// query's accs[:n], and returns their new count: mergeGo, in assembly on
// amd64 for the words with vectors (every word of a knowledge base of a few
// hundred services).
func (t *qtable) merge(accs []qacc, n int, ids []int32, ws, pre []float32) int {
	if len(pre) < len(ids) {
		return t.mergeGo(accs, n, ids, ws, pre)
	}
	// The assembly reads what these bounds allow, no more.
	ws, pre = ws[:len(ids)], pre[:len(ids)]
	_ = accs[:n+len(ids)]
	return mergeAsm(t.slots, t.mask, accs, n, ids, ws, pre, t.slow, &t.nslow)
}

// mergeGo is merge's loop: a feature new to the query gets the next place,
// one it has adds to its place. Its reference in the tests.
func (t *qtable) mergeGo(accs []qacc, n int, ids []int32, ws, pre []float32) int {
	slots, mask := t.slots, t.mask // in registers: the stores to accs would reload them from t
	ws = ws[:len(ids)]
	for k, id := range ids {
		var p float32
		if k < len(pre) {
			p = pre[k]
		}
		for i := qhash(id) & mask; ; i = (i + 1) & mask {
			s := &slots[i]
			if s.id == 0 {
				*s = qslot{id + 1, int32(n)}
				accs[n] = qacc{id, ws[k], p, 1}
				if pre == nil { // no vector gave it a weight
					t.slow[t.nslow] = int32(n)
					t.nslow++
				}
				n++
				break
			}
			if s.id == id+1 {
				f := &accs[s.at]
				if f.cnt == 1 && math.Float32bits(f.pre) != 0 { // one word's own weight until now
					t.slow[t.nslow] = s.at
					t.nslow++
				}
				f.cnt++
				f.acc += ws[k]
				f.pre += p
				break
			}
		}
	}
	return n
}

// qhash is a feature id's first slot in a qtable, before the mask.
func qhash(id int32) uint32 { return (uint32(id) * 0x9E3779B1) >> 7 }

// index returns id's place, giving it next when it is new.
func (t *qtable) index(id int32, next int) int {
	i := qhash(id) & t.mask
	for {
		s := &t.slots[i]
		if s.id == 0 {
			s.id, s.at = id+1, int32(next)
			return next
		}
		if s.id == id+1 {
			return int(s.at)
		}
		i = (i + 1) & t.mask
	}
}

// addVecsGo adds each of srcs to dst in turn: addVecs without AVX, and its
// reference in the tests.
func addVecsGo(dst []float32, srcs [][]float32) {
	for _, src := range srcs {
		addVecGo(dst, src)
	}
}

// addVecGo adds src to dst, four at a time: addVecsGo's step, and the
// tail of addVecs past the assembly's blocks.
func addVecGo(dst, src []float32) {
	dst = dst[:len(src)]
	i := 0
	for ; i+4 <= len(src); i += 4 {
		d, s := dst[i:i+4:i+4], src[i:i+4:i+4]
		d[0] += s[0]
		d[1] += s[1]
		d[2] += s[2]
		d[3] += s[3]
	}
	for ; i < len(src); i++ {
		dst[i] += src[i]
	}
}

// addScaledGo adds w times src to dst: addScaled without AVX, and its
// reference in the tests. The conversion keeps the product rounded (as
// the assembly does): the compiler may otherwise fuse it with the add.
func addScaledGo(dst, src []float32, w float32) {
	dst = dst[:len(src)]
	for i, x := range src {
		dst[i] += float32(w * x)
	}
}

// addRowGo adds w times a centroid or naive Bayes row (its services in
// range of dst) to a score vector: addRow without assembly, and its
// reference in the tests.
func addRowGo(dst []float32, row []posting, w float32) {
	for _, p := range row {
		dst[p.doc] += w * p.w
	}
}

// addSparseGo adds w times a sparse learned row (its services and their
// weights) to a score vector: addSparse without assembly, and its reference
// in the tests. The product is rounded before the add, as addScaledGo's.
func addSparseGo(dst []float32, cls []uint16, val []float32, w float32) {
	val = val[:len(cls)]
	for k, c := range cls {
		dst[c] += float32(w * val[k])
	}
}

// addScoresGo adds w times a posting list's weights to the documents'
// scores: addScoresAll's step for one feature.
func addScoresGo(docs []float32, row []docPosting, w float32) {
	for _, p := range row {
		docs[p.doc] += w * p.w
	}
}

// addScoresAllGo adds, for each feature of near in order, its weight times
// scale times its posting list (postings[starts[id]:starts[id+1]]) to the
// documents' scores: addScoresAll without assembly, and its reference in
// the tests.
func addScoresAllGo(docs []float32, postings []docPosting, starts []int32, near []qfeat, scale float32) {
	for _, f := range near {
		addScoresGo(docs, postings[starts[f.id]:starts[f.id+1]], f.w*scale)
	}
}

// keepBestAllGo is keepBestGo on each of near's features' posting lists,
// in order: keepBestAll without assembly, and its reference in the tests.
func keepBestAllGo(per []agg, docs []float32, postings []docPosting, starts []int32, near []qfeat) {
	for _, f := range near {
		keepBestGo(per, docs, postings[starts[f.id]:starts[f.id+1]])
	}
}

// keepBestGo moves a posting list's documents' scores into their slots'
// best and second best, and clears them: keepBestAll's step for one
// feature. A document in two lists is read twice: the second visit reads
// the zero the first left, which changes nothing, and that is cheaper than
// a branch per posting. Not inlined: inside a loop with many live values,
// it would keep its state on the stack.
//
//go:noinline
func keepBestGo(per []agg, docs []float32, row []docPosting) {
	if len(row) == 0 {
		return
	}
	// A list's documents come in order, so their slots in runs (seven
	// long on ArBanking77): a run's best two are kept in registers.
	slot := row[0].slot
	a := per[slot]
	for _, p := range row {
		v := math.Float32bits(docs[p.doc])
		docs[p.doc] = 0
		if p.slot != slot {
			per[slot] = a
			slot = p.slot
			a = per[slot]
		}
		// Scores are positive, so their bits order like them: the best and
		// second best are kept by integer min and max, without branches. A
		// profile's best is its score.
		lo := min(a.best, v)
		a.best = max(a.best, v)
		a.second = max(a.second, lo)
	}
	per[slot] = a
}

// fuseGo fills evs and fused, the evidence and fused score, for the
// services from index from on: from the neighbours' best two and profile
// (per, by service then by profile), the centroid scores (cents, divided by
// the norm here, inv being 1/norm), and the learned model's and naive Bayes'
// probabilities when there are. Without neighbours the evidence is the
// centroid score alone. fuseLinear does the common cases' first services
// the same way (TestFuseAsm checks they agree).
func fuseGo(evs, fused []float64, per []agg, cents []float32, lin, nbp []float64, inv float32, neighbours bool, nbMix float64, from int) {
	f32 := func(b uint32) float64 { return float64(math.Float32frombits(b)) }
	ns := len(fused)
	for i := from; i < ns; i++ {
		a, profile := per[i], per[ns+i].best
		cent := float64(cents[i] * inv)
		ev := 0.45*f32(a.best) + 0.1*f32(a.second) + 0.15*f32(profile) + 0.3*cent
		if !neighbours {
			ev = cent
		}
		score := ev
		if lin != nil {
			score = (1-linMix)*ev + linMix*lin[i]
		}
		if nbp != nil {
			score = (1-nbMix)*score + nbMix*nbp[i]
		}
		evs[i], fused[i] = ev, score
	}
}

// agg is a service's best and second best example scores, as float32 bits.
type agg struct{ best, second uint32 }

func (m *Matcher) getScratch() *scratch {
	if sc, ok := m.pool.Get().(*scratch); ok {
		return sc
	}
	ns := len(m.services)
	return &scratch{docs: make([]float32, m.ndocs), per: make([]agg, 2*ns), scores: make([]float32, m.vecLen()), nbprob: make([]float64, ns),
		prob: make([]float64, ns), ev: make([]float64, ns), fused: make([]float64, ns), marks: make([]uint64, (ns+63)/64),
		feats: make([]feat, 0, 16)}
}

// rank scores every service for an analysed query, best first, and
// returns the first one's index too. Three views are fused: the nearest
// example (word features), the service's centroid (all features) and the
// linear model.
func (m *Matcher) rank(an analysis, ctxService string, sc *scratch) ([]Candidate, int32) {
	nfeat, norm, wordNorm := m.weigh(an, sc)
	if nfeat == 0 {
		return nil, -1
	}
	winv := float32(1 / wordNorm)
	neighbours := !m.opt.NoNeighbours
	if neighbours {
		addScoresAll(sc.docs, m.postings, m.postStart, sc.near, winv)
	}
	inv := float32(1 / norm)
	var lin []float64
	ns := len(m.services)
	if m.lin != nil {
		lin = m.nearMissShare(m.lin.probs(sc.scores[ns:2*ns], inv, sc.prob))
	}
	var nbp []float64
	if m.nb != nil {
		nbp = m.nearMissShare(m.nb.probs(sc.scores[2*ns:3*ns], sc.sumw, inv, sc.nbprob))
	}
	sc.sumw = 0
	if neighbours {
		// The same postings again, each document's score now complete.
		keepBestAll(sc.per, sc.docs, m.postings, m.postStart, sc.near, m.slotEnds)
	}
	// Every service's scores first, in a loop of arithmetic alone; then
	// the best few, in order, without sorting every service.
	evs, fused := sc.ev[:ns], sc.fused[:ns]
	per, cents := sc.per[:2*ns], sc.scores[:ns]
	from := 0
	if neighbours && lin != nil {
		from = fuseLinear(evs, fused, per, cents, lin, nbp, inv, m.nbMix)
	}
	fuseGo(evs, fused, per, cents, lin, nbp, inv, neighbours, m.nbMix, from)
	clear(per)
	clear(cents)
	ctx := int32(-1)
	if ctxService != "" {
		if i, ok := m.svcIndex[ctxService]; ok {
			ctx = i
		}
	}
	// The best few by index: a Candidate is built only for them.
	var top [maxCandidates]int32
	var topScore [maxCandidates]float64
	n := m.bestFew(fused, ctx, sc.marks, &top, &topScore)
	out := make([]Candidate, n)
	for k, i := range top[:n] {
		ev, learned := evs[i], 0.0
		if i == ctx {
			ev += m.Thresholds.Context
		}
		if lin != nil {
			learned = lin[i]
		}
		out[k] = Candidate{m.services[i].ID, topScore[k], ev, learned}
	}
	if n == 0 {
		return out, -1
	}
	return out, top[0]
}

// bestFew puts the best services of fused (by score, then ID; the
// context's service ctx, -1 for none, with its bonus) in top and topScore,
// best first, and returns how many (at most maxCandidates: those scoring
// above zero). marks is room for a bit a service.
func (m *Matcher) bestFew(fused []float64, ctx int32, marks []uint64, top *[maxCandidates]int32, topScore *[maxCandidates]float64) int {
	n := 0
	better := func(i int32, si float64, j int32, sj float64) bool {
		return si > sj || (si == sj && m.services[i].ID < m.services[j].ID)
	}
	// The services to look at, as bits: those above zero and not under a
	// floor the best few cannot be under (then the last's score once there
	// are enough), found in vector steps; the selection's loop, whose
	// values spill, runs for a few services instead of most of them.
	floor := selectFloor(fused, ctx)
	marks = marks[:(len(fused)+63)/64]
	candMask(fused, floor, marks)
	if ctx >= 0 {
		marks[ctx>>6] |= 1 << (ctx & 63) // its bonus may lift it
	}
	for w, set := range marks {
		for ; set != 0; set &= set - 1 {
			i := w<<6 + bits.TrailingZeros64(set)
			score := fused[i]
			if score <= 0 {
				continue
			}
			if int32(i) == ctx {
				score += m.Thresholds.Context
			}
			if score < floor || n == maxCandidates && !better(int32(i), score, top[n-1], topScore[n-1]) {
				continue
			}
			j := min(n, maxCandidates-1)
			for j > 0 && better(int32(i), score, top[j-1], topScore[j-1]) {
				top[j], topScore[j] = top[j-1], topScore[j-1]
				j--
			}
			top[j], topScore[j] = int32(i), score
			if n < maxCandidates {
				n++
			}
			if n == maxCandidates {
				floor = topScore[n-1]
			}
		}
	}
	return n
}

// selectFloor is a floor for rank's selection from the start: a score at
// or below the maxCandidates-th best of fused, leaving out the context's
// service. It is the maxCandidates-th largest of the maxima of eight
// groups of services (every eighth), when above zero: those are as many
// services of their own, none the context's, each scoring at least as
// much, so a service below it is never among the best few, and the
// selection looks at a few services instead of every one that beats the
// few it holds so far.
func selectFloor(fused []float64, ctx int32) float64 {
	if ctx >= 0 && int(ctx) < len(fused) {
		keep := fused[ctx]
		fused[ctx] = math.Inf(-1)
		floor := selectFloor(fused, -1)
		fused[ctx] = keep
		return floor
	}
	var m [8]float64
	laneMax(fused, &m)
	for k := 1; k < len(m); k++ { // descending
		for j := k; j > 0 && m[j] > m[j-1]; j-- {
			m[j], m[j-1] = m[j-1], m[j]
		}
	}
	if f := m[maxCandidates-1]; f > 0 { // those groups' best are all above zero, as a selected score must be
		return f
	}
	return math.Inf(-1)
}

// laneMaxGo is laneMax without assembly, and its reference in the tests.
func laneMaxGo(xs []float64, out *[8]float64) {
	for k := range out {
		out[k] = math.Inf(-1)
	}
	for j, x := range xs[:len(xs)&^7] {
		if x > out[j&7] {
			out[j&7] = x
		}
	}
}

// candMaskGo sets bit i of mask, for i from from on, when !(xs[i] <= 0 ||
// xs[i] < floor): the services bestFew looks at, but for the context's.
// candMask's tail, and its reference in the tests.
func candMaskGo(xs []float64, floor float64, mask []uint64, from int) {
	for i := from; i < len(xs); i++ {
		if s := xs[i]; !(s <= 0 || s < floor) {
			mask[i>>6] |= 1 << (i & 63)
		}
	}
}

// Understand classifies one citizen message in its conversation context.
func (m *Matcher) Understand(ctx context.Context, q Query) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	// One scratch for the whole question: the analysis's slices live in
	// it, so a question allocates little beyond its result.
	sc := m.getScratch()
	defer m.pool.Put(sc)
	an := m.analyze(q.Text, sc)
	res := Result{Script: an.script, Lang: an.script.ReplyLang(an.arabicLed), Source: "local"}
	if res.Lang == "" {
		res.Lang = q.Context.Lang
	}
	if res.Lang == "" {
		res.Lang = "ar"
	}
	if an.script == ScriptNone || len(an.tokens) == 0 {
		res.Intent = emojiIntent(q)
		return res, nil
	}
	hits := matchWordCues(an)
	res.Aspect = combineAspect(an, hits[:]) // the cues, and the aspect model where they are silent or disagree
	cands, best := m.rank(an, q.Context.LastService, sc)
	// Near misses rank with the services: one ranked first declines the
	// question, one close behind the best service narrows its margin, and
	// none is ever offered. The fused score's margin, with what the
	// question's words say (see calibrate), gives the confidence that the
	// question is about the best service at all.
	nearMiss := len(cands) > 0 && isNearMiss(cands[0].ServiceID) || m.nearTexts[an.norm]
	// In a conversation, another service's near miss ranked first does not
	// stop a short aspect question from following up ("is there an office
	// near me?" beside a near miss "… photos printed near me"); the
	// conversation's own near misses, and a near miss's very words, do.
	otherNear := nearMiss && !m.nearTexts[an.norm] && q.Context.LastService != "" &&
		strings.TrimSuffix(cands[0].ServiceID, nearMissSuffix) != q.Context.LastService
	margin := 1.0
	if len(cands) > 0 {
		margin = cands[0].Score
	}
	if len(cands) > 1 {
		margin = cands[0].Score - cands[1].Score
	}
	// The runner-up is the best service's own near misses: what is left
	// between them is the service against what the editors said it is not
	// (calibInputs.ownNear).
	ownNear := len(cands) > 1 && isNearMissOf(cands[1].ServiceID, cands[0].ServiceID)
	if m.real < len(m.services) { // only then can a candidate be a near miss
		cands = slices.DeleteFunc(cands, func(c Candidate) bool { return isNearMiss(c.ServiceID) })
	}
	res.Candidates = cands
	th := m.Thresholds
	// Words the knowledge base has never seen are evidence that the question
	// is about something it does not cover ("permit for a wedding tent").
	unknownShare := 0.0
	if an.content > 0 {
		unknownShare = float64(an.unknown) / float64(an.content)
	}
	top := 0.0 // nothing matched at all: no confidence
	if len(cands) > 0 {
		if m.real < len(m.services) { // the first may have been a near miss
			best = m.svcIndex[cands[0].ServiceID]
		}
		top = m.confidence(an, best, margin, unknownShare, ownNear)
	}
	if nearMiss {
		// Sure it is none of ours: decline, unless it is a follow-up or a
		// system message.
		top = 0
	}
	res.Confidence = top

	// System intents: a request for a person wins unless the message is
	// clearly about a service; greetings and thanks only when nothing else
	// is said (or nothing else is understood).
	aspect := res.Aspect
	res.Aspect = knowledge.AspectNone // only a service answer has an aspect
	// A request for a person and one word more at most ("ممكن احكي مع
	// موظف لو سمحت") is a handoff however well a service's examples match
	// it: complaints about an employee share its words.
	// "مرحبا، في حدا؟", "hi, is anyone there?": greeting words and nothing
	// else greet, though "anyone" is a person.
	// Not with thanks or a goodbye: "merci ktir ya dalil" thanks (merci is
	// a stopword, dalil a greeting), "yalla salam" leaves.
	if hits[listGreeting] > 0 && hits[listHandoffExplicit] == 0 && hits[listThanks] == 0 && hits[listGoodbye] == 0 && residual(an, listGreeting) == 0 {
		res.Intent = IntentGreeting
		res.Confidence = 1
		return res, nil
	}
	// A person and nothing else ("agent please", "ممكن موظف؟") asks for one too.
	if hits[listHandoffExplicit] > 0 || (isHandoff(hits[:]) &&
		(top < th.Sure || residual(an, listHandoffVerb, listHandoffPerson) <= 1)) ||
		hits[listHandoffPerson] > 0 && residual(an, listHandoffPerson, listGreeting, listThanks) == 0 {
		res.Intent = IntentHandoff
		res.Confidence = 1
		return res, nil
	}
	// Thanks first: "thank you, bye" closes with thanks. The residue leaves
	// out every system phrase, so one never counts as the other's request.
	for _, sys := range systemIntents {
		name := sys.intent
		if hits[sys.list] == 0 {
			continue
		}
		// "شكرا، وكم الرسوم؟", "thanks, and what papers?": after a service
		// was answered, courtesy with an aspect asks about it.
		if q.Context.LastService != "" && aspect != knowledge.AspectNone {
			continue
		}
		rest := residual(an, listGreeting, listThanks, listGoodbye)
		// A greeting word with a request of two or more words the knowledge
		// base cannot place is that request ("translate hello into French";
		// Levantine هلا is also "now": "…لتوقيف بطاقتي هلا"). Thanks are
		// more often followed by words of their own ("that answered my
		// question").
		if rest >= 2 && (wants(an.tokens) || !m.opt.NoSystemModel && sysOverrules(sysProbsOf(an), sys.class)) {
			// Words of their own that read as a request, not a closing:
			// "how do I say thank you in French", "a goodbye card for a
			// colleague", "شكرا، بس ما زلت لا أعرف كيف أسجل عقاري",
			// "يعطيك العافية، بدي اسجل ابني"; or as an objection, which the
			// model may read as a handoff ("thanks, but that's wrong"). The
			// system model weighs the whole message (session 12, sys15).
			continue
		}
		// Thanks or a goodbye before a question of its own ("شكرا يا
		// باشا، طب ورخصة السواقة بتتجدد ازاي؟", "thanks, and where do I
		// renew my licence?"): the courtesy dilutes the question's match
		// below the answer threshold, so the question is asked again
		// without it; a service that takes it is the answer, else the
		// thanks stands (session 12).
		if name != IntentGreeting && rest >= 2 && top < th.Answer && asks(q.Text, an.tokens) {
			if r2, ok := m.withoutCourtesy(ctx, q, &an, res); ok {
				return r2, nil
			}
		}
		if rest == 0 || (top < th.Answer && (name != IntentGreeting || rest < 2)) ||
			name == IntentThanks && closing(q.Text, an.tokens, aspect, rest) {
			res.Intent = name
			res.Confidence = 1
			return res, nil
		}
	}
	// What the lists missed: the system model (systemmodel.go), for a
	// message that may be a system message; it asks more of one that a
	// service matches with confidence ("hi, how do I renew my passport"
	// stays a question), and of a long one: a request for a person is
	// short, a long message that names someone is most often a question
	// ("does someone like me need …"). Courtesy with an aspect after an
	// answer asks about it, as above.
	if !m.opt.NoSystemModel && !(q.Context.LastService != "" && aspect != knowledge.AspectNone) && systemGate(an, hits[:], top >= th.Sure) {
		sm, sure := theSystemModel(), top >= th.Sure || len(an.tokens) > sysGateWords
		name := ""
		if len(an.seqs) > 2 { // Arabizi: the model reads it as Arabic too
			name = sm.decide(an.tokens, an.seqs[1], true, sure)
		} else {
			name = sm.decideOf(an.words, sure)
		}
		// Thanks or a goodbye with a request or a question beside it is
		// that ("يعطيك العافية، بدي اسجل ابني بالمدرسة", "تسلم يا غالي،
		// طيب الضمان الاجتماعي مين يستحقه؟"), as with the lists.
		if (name == IntentThanks || name == IntentGoodbye) && residual(an, listGreeting, listThanks, listGoodbye) >= 2 &&
			asks(q.Text, an.tokens) {
			name = ""
		}
		if name != "" {
			res.Intent = name
			res.Confidence = 1
			return res, nil
		}
	}
	// Courtesy before a request that no service answers as it is: its
	// words dilute the match ("الله يعطيك العافية، بدي اسجل ابني
	// بالمدرسة" ranks school enrolment at 0.27, without them 0.48). The
	// request is asked again without them, and a service it finds is the
	// answer (session 12, sys15). Each time fewer words: no loop.
	if top < th.Answer && hits[listGreeting]+hits[listThanks]+hits[listGoodbye] > 0 &&
		residual(an, listGreeting, listThanks, listGoodbye) >= 2 {
		if r2, ok := m.withoutCourtesy(ctx, q, &an, res); ok {
			return r2, nil
		}
	}

	res.Aspect = aspect
	// A follow-up: an aspect asked with no new service ("and how much?",
	// "which papers?"): nothing but aspect words, or nothing that matches.
	if q.Context.LastService != "" && res.Aspect != knowledge.AspectNone &&
		(!nearMiss || otherNear && residual(an, aspectLists...) <= 3) &&
		(top < th.Answer || len(cands) == 0 || cands[0].ServiceID == q.Context.LastService ||
			residual(an, aspectLists...) <= 1 && (residual(an, aspectLists...) == 0 || top < followSure)) {
		res.Intent = IntentServiceInfo
		res.ServiceID = q.Context.LastService
		res.FollowUp = true
		if res.Confidence < 0.5 {
			res.Confidence = 0.5
		}
		return res, nil
	}
	switch {
	case top < th.Answer:
		res.Intent = IntentOutOfScope
		res.Aspect = knowledge.AspectNone
	case margin < th.Margin && top < th.Sure && !nearlyTiedWith(cands, q.Context.LastService):
		res.Intent = IntentClarify
	case margin < th.Margin && top < th.Sure:
		// Nearly tied with the service the conversation is about ("and
		// must I own the land?" after a building permit): stay with it.
		res.Intent = IntentServiceInfo
		res.ServiceID = q.Context.LastService
	default:
		res.Intent = IntentServiceInfo
		res.ServiceID = cands[0].ServiceID
	}
	return res, nil
}

// A service's centroid is the sum of its unit example vectors (and its
// profile's), normalized: its "average question", as postings by feature.
// Only each centroid's strongest features are kept (the rest carry little
// of its length and would make every query walk long posting lists). The
// sums are made while the examples are weighed (weighDocs), each service's
// by one worker, in document order.

// fw is a centroid's feature and weight.
type fw struct {
	id int32
	w  float32
}

// centroidSum is a worker's running sum of one service's vectors: acc by
// feature id, touched its features in order of first sight.
type centroidSum struct {
	acc     []float32
	touched []int32
	buf     []fw
}

// centroid returns the service's unit centroid from the sum and clears
// the sum for the next service; nil for a service without features. The
// sums are naive Bayes' counts too, written to nb (nil: none).
func (cs *centroidSum) centroid(nb *nbWriter) []fw {
	acc := cs.acc
	n := float32(0)
	fs := cs.buf[:0]
	for _, id := range cs.touched {
		n += acc[id] * acc[id]
		fs = append(fs, fw{id, acc[id]})
		if nb != nil && acc[id] != 0 { // 0: listed again after a weight of 0
			nb.put(id, acc[id])
		}
		acc[id] = 0
	}
	cs.touched = cs.touched[:0]
	if n == 0 {
		return nil
	}
	if len(fs) > maxCentroidFeatures {
		// keep the strongest: a partial selection, no full sort
		k := maxCentroidFeatures
		lo, hi := 0, len(fs)-1
		for lo < hi {
			p := fs[(lo+hi)/2].w
			i, j := lo, hi
			for i <= j {
				for fs[i].w > p {
					i++
				}
				for fs[j].w < p {
					j--
				}
				if i <= j {
					fs[i], fs[j] = fs[j], fs[i]
					i++
					j--
				}
			}
			switch {
			case k <= j:
				hi = j
			case k >= i:
				lo = i
			default:
				lo = hi
			}
		}
		fs = fs[:k]
	}
	cs.buf = fs
	fs = slices.Clone(fs) // the buffer's is reused
	inv := float32(1 / math.Sqrt(float64(n)))
	for i := range fs {
		fs[i].w *= inv
	}
	return fs
}

// centroidTable packs the services' centroids as rows by feature, each in
// service order.
func centroidTable(kept [][]fw, features int) rowTable {
	counts := make([]int32, features)
	for _, fs := range kept {
		for _, f := range fs {
			counts[f.id]++
		}
	}
	t := rowTable{start: make([]int32, features+1)}
	for id, c := range counts {
		t.start[id+1] = t.start[id] + c
	}
	t.posts = make([]posting, t.start[features])
	next := counts // per feature: its next posting
	copy(next, t.start[:features])
	for svc, fs := range kept {
		for _, f := range fs {
			t.posts[next[f.id]] = posting{int32(svc), f.w}
			next[f.id]++
		}
	}
	return t
}

// maxCentroidFeatures bounds a centroid (chosen on ArBanking77's dev
// split: 400 loses nothing against the whole centroid).
const maxCentroidFeatures = 400

// coverage is the share of the question's content words that the service's
// own texts use (directly, through transliteration, spelling or the
// lexicon): "license to open a private kindergarten" shares "license" with
// a trade licence and little else. nearShare is the share that the
// service's texts do not use and that leans to the near misses
// (nearLeaning), times nearTrust.
func (m *Matcher) coverage(an analysis, idx int32) (covered, nearShare, ownShare float64) {
	if an.content == 0 {
		return 0, 0, 0
	}
	own := int32(-1) // the service's near-miss class
	if m.ownNearOf != nil {
		own = m.ownNearOf[idx]
	}
	n, near, owns := 0, 0, 0
	for i, wf := range an.words {
		if wf.skip || wf.system {
			continue
		}
		in := false
		for _, id := range wf.wordIDs {
			if hasService(m.wordSvcs.at(id), idx) {
				in = true
				break
			}
		}
		if in {
			n++
			continue
		}
		if m.nearTrust == 0 || asker(an.tokens, i) {
			continue
		}
		if m.nearLeaning(wf.wordIDs) {
			near++
		}
		if own >= 0 && m.ownTheme(wf.wordIDs, own) {
			owns++
		}
	}
	c := float64(an.content)
	return float64(n) / c, m.nearTrust * float64(near) / c, m.nearTrust * float64(owns) / c
}

// ownTheme reports whether a word (its word features' ids) is one of the
// near misses of the service whose class is own, and one that another
// service's near misses use too: a theme of what the portal does not do
// (a visa, a foreign country, an advertisement, a bank), not a word one
// editor happened to write. The caller has checked that the service's own
// texts never use it. It is evidence against that service alone, read
// from the texts: the near-miss classes the learned models train on are
// untouched, so no other question's score moves (more near-miss text as
// classes moves every score a little, docs/intents.md "oos14").
func (m *Matcher) ownTheme(ids []int32, own int32) bool {
	in, nears := false, 0
	for _, id := range ids {
		l := m.wordSvcs.at(id)
		in = in || hasService(l, own)
		real, _ := slices.BinarySearch(l, int32(m.real))
		nears = max(nears, len(l)-real)
	}
	return in && nears >= ownThemeClasses
}

// ownThemeClasses is how many near-miss classes must use a word of the
// best service's near misses for it to count (ownTheme). With one (any
// word of its near misses) the tuning sets answered 3 or 4 fewer covered
// questions for 5 more declines (weights -1.5 to -3): a dialect "day",
// "paying it" or a "PhD" written once in a near miss.
const ownThemeClasses = 2

// nearLeaning reports whether a word (its word features' ids) is one that
// the editors' near misses use more than the services' texts do: more
// near-miss classes have it, in any of its forms, than nearLean times the
// services that do. Near misses are written about what the portal does not
// do (a university's card, a landlord's deposit, a bank's account, another
// country's papers), so a word of theirs that the best service's texts
// never use is evidence that the question is one of them, an object that
// no service names ("a permit for a wedding tent", "my university ID"),
// however well the rest of the question matches. The question's other
// words still decide which service it is; this only lowers the confidence
// (calibInputs.nearShare).
func (m *Matcher) nearLeaning(ids []int32) bool {
	svcs, nears := 0, 0
	for _, id := range ids {
		l := m.wordSvcs.at(id)
		real, _ := slices.BinarySearch(l, int32(m.real))
		svcs, nears = max(svcs, real), max(nears, len(l)-real)
	}
	return float64(nears) > m.nearLean*float64(svcs)
}

// nearLeanOf gives nearLean and nearTrust from the number of the services'
// texts (own, profiles included) and of the near-miss classes' (near). A
// word leans to the near misses when it is four times as common among
// their classes as among the services, for the texts each has: near-miss
// classes have fewer texts than services (the sample: 935 against 3,319),
// so a word in as many of each is already more common among the near
// misses; four times is a clear lean (at the sample's ratio, 1.13 near-miss
// classes a service). The share counts in full from nearFull examples a
// service, in proportion below: a service with few examples lacks most of
// its own words, and its near misses (as many texts as it has at most, see
// withNearMisses) then seem to own them. dev.jsonl --shots 5 / 10 / 20
// answered 3 / 4 / 7 fewer covered questions with the classes merely
// outnumbering the services and the share in full; 0 / 0 / 1 fewer so.
func nearLeanOf(own, near, services int) (lean, trust float64) {
	if own == 0 || near == 0 || services == 0 {
		return 0, 0
	}
	return 4 * float64(near) / float64(own), min(1, float64(own)/float64(services)/nearFull)
}

// nearFull is the services' examples a service (profiles included) from
// which the near-leaning words count in full (the sample has 83).
const nearFull = 80

// hasService reports whether the ascending list svcs has svc: a binary
// search, inlined where slices.BinarySearch's generic one is a call.
func hasService(svcs []int32, svc int32) bool {
	lo, hi := 0, len(svcs)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if svcs[h] < svc {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo < len(svcs) && svcs[lo] == svc
}

// confidence is the calibrated confidence that the question is about
// service best (see calibration and calibrationNearMiss).
func (m *Matcher) confidence(an analysis, best int32, margin, unknownShare float64, ownNear bool) float64 {
	in := calibInputs{margin: margin, unknownShare: unknownShare, content: an.content, arabizi: an.script == ScriptArabizi}
	in.coverage, in.nearShare, in.ownShare = m.coverage(an, best)
	in.elsewhere, in.body = m.away(an, best)
	if ownNear {
		// Faded with few examples, as the near-leaning words are: a
		// service with few examples is less far ahead of its near misses
		// (nearLeanOf).
		in.ownNear = m.nearTrust
	}
	if m.real == len(m.services) {
		return calibrate(calibration, in)
	}
	return calibrate(calibrationNearMiss, in)
}

// fewIDFPow is the power of the service-frequency weights with few
// examples a service (see build).
const fewIDFPow = 0.75

// servicesUsing counts, for each feature, the services with a document
// that has it, and the near misses (raws come service by service). On
// every core, in ranges of whole services: a 5,000-service build's
// documents have 28 million features.
func servicesUsing(raws []rawDoc, features, real int) (svcs, near []int32) {
	type counts struct{ svcs, near, last []int32 } // last: per feature, the last service counted, plus one
	ranges := classAligned(chunksOf(len(raws), 2*runtime.GOMAXPROCS(0)), raws)
	by := make([]*counts, runtime.GOMAXPROCS(0)) // per worker: its services are its own
	forChunks(len(ranges), func(w, c int) {
		if by[w] == nil {
			by[w] = &counts{make([]int32, features), make([]int32, features), make([]int32, features)}
		}
		cw := by[w]
		for _, d := range raws[ranges[c].lo:ranges[c].hi] {
			count := cw.svcs
			if d.info.svc >= int32(real) {
				count = cw.near
			}
			for _, id := range d.ids {
				if cw.last[id] != d.info.svc+1 {
					cw.last[id] = d.info.svc + 1
					count[id]++
				}
			}
		}
	})
	for _, cw := range by {
		if cw == nil {
			continue
		}
		if svcs == nil {
			svcs, near = cw.svcs, cw.near
			continue
		}
		for id := range svcs {
			svcs[id] += cw.svcs[id]
			near[id] += cw.near[id]
		}
	}
	if svcs == nil { // no documents
		svcs, near = make([]int32, features), make([]int32, features)
	}
	return svcs, near
}
