package intents

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
)

// The index build reads its texts on every core, in chunks of consecutive
// texts. What must be numbered in order of first sight (words, features)
// is numbered per chunk, then merged chunk by chunk in order, which gives
// every item the number one pass over all the texts would: an item's first
// sight is in the first chunk that has it, and within a chunk new items
// keep their order. So the index is the same whatever the number of cores
// and whichever core reads which chunk.

// buildText is one text of the index: an example or a service's profile.
type buildText struct {
	svc     int32
	profile bool
	arabizi bool // read as Arabizi (DetectScript)
}

// rawDoc is a text's features before weighting.
type rawDoc struct {
	info docInfo
	ids  []int32
	tf   []float32
	text int32 // its text's index
}

type chunk struct{ lo, hi int }

// minChunk is the fewest texts (or documents) a chunk has, but the last: a
// variable so a test can cut a small knowledge base in many chunks.
var minChunk = 256

// chunksOf splits n texts (or documents) into about parts chunks, of at
// least minChunk (parts: a few per core, so that cores that finish early
// take more), and at most 32: each chunk adds its distinct words and pairs
// to a merge one core does, and each core a scratch as large as the index.
func chunksOf(n, parts int) []chunk {
	parts = min(parts, 32)
	size := max(minChunk, (n+parts-1)/parts)
	var out []chunk
	for lo := 0; lo < n; lo += size {
		out = append(out, chunk{lo, min(lo+size, n)})
	}
	return out
}

// forChunks calls fn for chunks 0 to n-1 on every core; w is the worker
// (for its scratch), below n, which does not change what a chunk gives.
func forChunks(n int, fn func(w, c int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := int(next.Add(1)) - 1; c < n; c = int(next.Add(1)) - 1 {
				fn(w, c)
			}
		}()
	}
	wg.Wait()
}

// docTexts is what the documents are built from, read-only meanwhile.
type docTexts struct {
	texts  []buildText
	ids    [][]int32    // each text's word ids
	words  []*wordFeats // by word id, then by word id again for words read as Arabizi
	nv     int          // the vocabulary's size
	real   int32        // services below this are the knowledge base's
	noFunc bool         // Options.NoFunctionWords
}

// Pair and synonym keys: a pair of stems (pairKey), with funcPair set for
// a pair with a function word; a synonym group, synonymPair plus the
// group. Stem ids are far below 1<<30, so they do not clash.
const (
	funcPair    = 1 << 63
	synonymPair = 1 << 62
)

// pairWeight is the weight a text's pair or synonym group adds.
func pairWeight(key uint64) float32 {
	switch {
	case key&funcPair != 0:
		return wFuncBigram
	case key&synonymPair != 0:
		return wSyn
	}
	return wBigram
}

// sight is a chunk's first sight of a word or of a pair (or synonym group).
type sight struct {
	word bool
	v    int32 // the word's index in docTexts.words, or the pair's in pairKeys
}

// docChunk is a chunk's part of the index build.
type docChunk struct {
	chunk
	sights   []sight  // its first sights, in order
	pairKeys []uint64 // its pairs, in order of first sight
	pairIDs  []int32  // their feature ids, once merged
	// Its texts' features in the order they are added: a word's index in
	// docTexts.words, or ^ a pair's index in pairKeys; text lo+k's end at
	// ends[k].
	codes   []int32
	ends    []int32
	wordUse []int32 // (word feature, service) pairs of its documents, in order
}

// read lists what the chunk's texts add, and what they meet first, in the
// order one pass over them would: for each word, its pair with the word
// before when either is a function word, its own features, then its pair
// with the content word before; after the words, the synonym phrases'
// groups, as a query gets them (analyze).
func (c *docChunk) read(d *docTexts) {
	seen := make([]bool, len(d.words))
	var pairs pairIndex
	pairs.reset(1 << 12)
	pair := func(key uint64) {
		j, ok := pairs.get(key)
		if !ok {
			j = int32(len(c.pairKeys))
			pairs.put(key, j)
			c.sights = append(c.sights, sight{false, j})
			c.pairKeys = append(c.pairKeys, key)
		}
		c.codes = append(c.codes, ^j)
	}
	var wfs []*wordFeats
	var gs []int32
	words := 0
	for k := c.lo; k < c.hi; k++ {
		words += len(d.ids[k])
	}
	c.codes = make([]int32, 0, 2*words+words/4) // a word and its pairs: rarely more
	c.ends = make([]int32, 0, c.hi-c.lo)
	for k := c.lo; k < c.hi; k++ {
		az := 0
		if d.texts[k].arabizi {
			az = d.nv
		}
		prev, prevAll, prevSkip := int32(-1), int32(-1), false
		phrase := false
		for _, wid := range d.ids[k] {
			i := az + int(wid)
			wf := d.words[i]
			if !seen[i] {
				seen[i] = true
				c.sights = append(c.sights, sight{true, int32(i)})
			}
			if prevAll >= 0 && (wf.skip || prevSkip) && !d.noFunc {
				pair(pairKey(prevAll, wf.stemID) | funcPair)
			}
			prevAll, prevSkip = wf.stemID, wf.skip
			c.codes = append(c.codes, int32(i))
			if wf.skip {
				prev = -1
				continue
			}
			if prev >= 0 {
				pair(pairKey(prev, wf.stemID))
			}
			prev = wf.stemID
			phrase = phrase || wf.phrases != nil
		}
		if phrase {
			wfs = wfs[:0]
			for _, wid := range d.ids[k] {
				wfs = append(wfs, d.words[az+int(wid)])
			}
			gs = phraseGroups(wfs, gs[:0])
			for _, g := range gs {
				pair(synonymPair | uint64(g))
			}
		}
		c.ends = append(c.ends, int32(len(c.codes)))
	}
}

// pairIndex maps a chunk's pair keys to their indexes in pairKeys, with
// open addressing: a chunk looks up each pair of each of its texts (a
// 5,000-service build, tens of millions of lookups), and a generic map's
// lookups and growth cost several times this one's.
type pairIndex struct {
	keys  []uint64
	vals  []int32 // index+1; 0: an empty slot
	shift uint8   // 64 - log2(len(keys))
	n     int
}

func (t *pairIndex) reset(size int) {
	t.keys, t.vals, t.n = make([]uint64, size), make([]int32, size), 0
	t.shift = uint8(64 - bits.TrailingZeros(uint(size)))
}

func (t *pairIndex) slot(key uint64) int {
	return int((key * 0x9E3779B97F4A7C15) >> t.shift)
}

func (t *pairIndex) get(key uint64) (int32, bool) {
	mask := len(t.keys) - 1
	for i := t.slot(key); ; i = (i + 1) & mask {
		v := t.vals[i]
		if v == 0 {
			return 0, false
		}
		if t.keys[i] == key {
			return v - 1, true
		}
	}
}

// put adds a key get did not find.
func (t *pairIndex) put(key uint64, v int32) {
	if 2*(t.n+1) > len(t.keys) {
		keys, vals := t.keys, t.vals
		t.reset(2 * len(keys))
		for i, x := range vals {
			if x != 0 {
				t.insert(keys[i], x)
			}
		}
	}
	t.insert(key, v+1)
}

func (t *pairIndex) insert(key uint64, v1 int32) {
	mask := len(t.keys) - 1
	i := t.slot(key)
	for t.vals[i] != 0 {
		i = (i + 1) & mask
	}
	t.keys[i], t.vals[i] = key, v1
	t.n++
}

// wordIndex maps a chunk's words to their ids in order of first sight,
// with open addressing by cueHash: the texts' first pass looks up every
// word of every text (5.8 million in a 5,000-service build), and a
// generic map's lookups cost twice this one's.
type wordIndex struct {
	slots []wordIndexSlot
	shift uint // a hash's top bits are its slot
	n     int
}

type wordIndexSlot struct {
	key string
	tag uint32 // the hash's low bits: most other keys differ in them
	id  int32  // the word's id plus one; 0: an empty slot
}

// add returns w's id, giving it n (the next) when the index lacks it.
func (t *wordIndex) add(w string, n int32) (id int32, added bool) {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	h := cueHash(w)
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.id == 0 {
			*s = wordIndexSlot{w, uint32(h), n + 1}
			t.n++
			return n, true
		}
		if s.tag == uint32(h) && s.key == w {
			return s.id - 1, false
		}
	}
}

func (t *wordIndex) grow() {
	old := t.slots
	size, shift := 1<<10, uint(54)
	if len(old) > 0 {
		size, shift = 2*len(old), t.shift-1
	}
	t.slots, t.shift = make([]wordIndexSlot, size), shift
	mask := uint64(size - 1)
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		i := cueHash(s.key) >> shift
		for t.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// docScratch is a worker's buffers for building documents.
type docScratch struct {
	acc        []float32 // dense accumulator, indexed by feature id
	touched    []int32
	df, dfNear []int32 // documents of the services, of the near misses, with each feature
	lastSvc    []int32 // per word feature: the last service wordUse has it for, plus one
	idSlab     []int32
	tfSlab     []float32
	pairW      []float32
}

func newDocScratch(features int) *docScratch {
	return &docScratch{acc: make([]float32, features), df: make([]int32, features), dfNear: make([]int32, features),
		lastSvc: make([]int32, features)}
}

// build makes the chunk's documents once its pairs have feature ids, each
// at its text's index in docs (a text without features has none); kinds is
// every feature's kind.
func (c *docChunk) build(d *docTexts, kinds []byte, docs []rawDoc, s *docScratch) {
	s.pairW = s.pairW[:0]
	for _, key := range c.pairKeys {
		s.pairW = append(s.pairW, pairWeight(key))
	}
	// Each chunk lists its first use of a word by a service (about three a
	// text in a 5,000-service build).
	clear(s.lastSvc)
	c.wordUse = make([]int32, 0, 6*(c.hi-c.lo))
	acc := s.acc
	start := int32(0)
	for k := c.lo; k < c.hi; k++ {
		end := c.ends[k-c.lo]
		codes := c.codes[start:end]
		start = end
		touched := s.touched[:0]
		for _, x := range codes {
			if x < 0 {
				id := c.pairIDs[^x]
				if acc[id] == 0 {
					touched = append(touched, id)
				}
				acc[id] += s.pairW[^x]
				continue
			}
			wf := d.words[x]
			ws := wf.ws[:len(wf.ids)]
			for j, id := range wf.ids {
				if acc[id] == 0 {
					touched = append(touched, id)
				}
				acc[id] += ws[j]
			}
		}
		s.touched = touched
		if len(touched) == 0 {
			continue
		}
		// Each text's features are cut from shared slabs: two allocations a
		// text made a 5,000-service build spend a sixth of it collecting.
		n := len(touched)
		if len(s.idSlab) < n {
			s.idSlab, s.tfSlab = make([]int32, max(n, 1<<14)), make([]float32, max(n, 1<<14))
		}
		tx := d.texts[k]
		r := rawDoc{info: docInfo{tx.svc, tx.profile}, ids: s.idSlab[:n:n], tf: s.tfSlab[:n:n], text: int32(k)}
		s.idSlab, s.tfSlab = s.idSlab[n:], s.tfSlab[n:]
		df := s.df
		if tx.svc >= d.real {
			df = s.dfNear
		}
		ids, tf := r.ids[:n], r.tf[:n]
		for j, id := range touched {
			ids[j], tf[j] = id, acc[id]
			acc[id] = 0
			df[id]++
			if kinds[id] == 'w' && s.lastSvc[id] != tx.svc+1 {
				s.lastSvc[id] = tx.svc + 1
				c.wordUse = append(c.wordUse, id, tx.svc)
			}
		}
		docs[k] = r
	}
	c.codes, c.ends = nil, nil
}

// weighDocs turns the documents' term frequencies into unit TF-IDF vectors
// (in place: they become the training examples, key giving each its text
// key; none without a key) and fills the neighbour index, counts being
// each feature's documents there, and the services' centroids. Documents
// are weighed on every core, in ranges of consecutive documents; each
// range counts its own postings of each feature first, so that each then
// writes them at their places, in document order. With withBayes it
// also trains naive Bayes (nbWriter), from the centroids' sums.
func (m *Matcher) weighDocs(raws []rawDoc, counts []int32, key func(rawDoc) uint64, withBayes bool) ([]example, *bayes) {
	features := len(m.idf)
	m.postStart = make([]int32, features+1)
	for id, c := range counts {
		m.postStart[id+1] = m.postStart[id] + c
	}
	// One array for every list: a query reads a few lists of a large
	// index, and their offsets are more likely cached than slice headers.
	m.postings = make([]docPosting, m.postStart[features])
	m.ndocs = len(raws)
	// A service's documents come together, its profile last, so each
	// slot's documents are consecutive (keepBest relies on it).
	m.slotEnds = make([]int32, 2*len(m.services))
	slots := make([]int32, len(raws))
	for di, r := range raws {
		slot := r.info.svc
		if r.info.profile {
			slot += int32(len(m.services))
		}
		if e := m.slotEnds[slot]; e != 0 && e != int32(di) {
			panic("intents: a slot's documents are not consecutive")
		}
		m.slotEnds[slot] = int32(di) + 1
		slots[di] = slot
	}
	// Ranges start with a service's first document, so that one worker
	// sums each service's centroid, in document order (below).
	ranges := chunksOf(len(raws), 2*runtime.GOMAXPROCS(0))
	ranges = classAligned(ranges, raws)
	next := make([][]int32, len(ranges)) // per range: its postings of each feature, then where the next goes
	inv := make([][2]float32, len(raws)) // per document: 1/norm of its word features (0: none), of all
	// Naive Bayes' rows (withBayes) are made from the centroids' sums
	// (nbWriter), each range counting its postings of each feature first,
	// as the neighbour index's: a service's, one a feature it has.
	var nb *bayes
	var nbNext, nbLast [][]int32 // per range: as next, naive Bayes'; per worker: a feature's last service counted, plus one
	if withBayes {
		nb = newBayes(len(m.services), features)
		nbNext, nbLast = make([][]int32, len(ranges)), make([][]int32, runtime.GOMAXPROCS(0))
	}
	forChunks(len(ranges), func(wk, c int) {
		// A document's term weights come from a handful of values (one word
		// feature, a few n-grams, sums of those), so their logarithms are
		// remembered in a small direct-mapped table. It is indexed by a
		// multiplicative hash of the bits: by the mantissa's top bits alone,
		// 1, 2 and 0.5 shared a slot, and a 5,000-service build missed 4.6
		// million times in 27.9 million (834 times now).
		var logs [1 << 12]struct {
			tf  float32 // NaN in an empty slot: equal to no tf
			log float64
		}
		for i := range logs {
			logs[i].tf = float32(math.NaN())
		}
		sublinear := func(tf float32) float64 {
			e := &logs[(math.Float32bits(tf)*0x9E3779B1)>>20]
			if e.tf != tf {
				e.tf, e.log = tf, 1+math.Log(1+float64(tf))
			}
			return e.log
		}
		cnt := make([]int32, features)
		var nbCnt, last []int32
		if nb != nil {
			nbCnt = make([]int32, features)
			if nbLast[wk] == nil {
				nbLast[wk] = make([]int32, features)
			}
			last = nbLast[wk] // services are in one range each: no clearing
		}
		idf, gram := m.idf, m.gram // in registers: the stores below could alias m's fields
		for di := ranges[c].lo; di < ranges[c].hi; di++ {
			ids := raws[di].ids
			tf := raws[di].tf[:len(ids)]
			sum, words := 0.0, 0.0
			svc := raws[di].info.svc + 1
			for k, id := range ids {
				w := sublinear(tf[k]) * float64(idf[id])
				tf[k] = float32(w) // reuse: now the TF-IDF weight
				if nbCnt != nil && tf[k] > 0 && last[id] != svc {
					last[id] = svc
					nbCnt[id]++
				}
				sum += w * w
				if !gram[id] {
					words += w * w
					cnt[id]++
				}
			}
			inv[di][1] = float32(1 / math.Sqrt(sum))
			if words > 0 {
				inv[di][0] = float32(1 / math.Sqrt(words))
			} else {
				for _, id := range ids { // no postings after all
					if !gram[id] {
						cnt[id]--
					}
				}
			}
		}
		next[c] = cnt
		if nb != nil {
			nbNext[c] = nbCnt
		}
	})
	nbLast = nil
	if nb != nil {
		nb.rows = nbRows(nbNext, len(m.services), features)
	}
	for id := range features {
		at := m.postStart[id]
		for _, cnt := range next {
			at, cnt[id] = at+cnt[id], at
		}
	}
	var train []example
	if key != nil {
		train = make([]example, len(raws))
	}
	// The centroids are summed here, from the unit vectors just made,
	// while they are in cache: a pass of their own read every example
	// again (a seventh of a 5,000-service build).
	kept := make([][]fw, len(m.services))
	nbWrote := make([]int, len(ranges)) // per range: naive Bayes' postings written
	sums := make([]*centroidSum, runtime.GOMAXPROCS(0))
	forChunks(len(ranges), func(w, c int) {
		next := next[c]
		if sums[w] == nil {
			sums[w] = &centroidSum{acc: make([]float32, features)}
		}
		cs := sums[w]
		gram, postings, acc := m.gram, m.postings, cs.acc
		var nbw *nbWriter
		if nb != nil {
			nbw = &nbWriter{b: nb, next: nbNext[c], features: features}
			defer func() { nbWrote[c] = nbw.wrote }()
		}
		done := func(svc int32, total float64) {
			if nbw != nil {
				nbw.svc = svc
				nbw.done(total)
			}
			kept[svc] = cs.centroid(nbw)
		}
		total := 0.0 // the service's weights, in float64 (naive Bayes' total)
		for di := ranges[c].lo; di < ranges[c].hi; di++ {
			r := raws[di]
			if di > ranges[c].lo && r.info.svc != raws[di-1].info.svc {
				done(raws[di-1].info.svc, total)
				total = 0
			}
			ids := r.ids
			tf := r.tf[:len(ids)]
			// One loop: each feature's posting (a document without word
			// features has none: winv 0), then its unit weight, added to
			// the centroid's sum.
			winv, uinv, slot := inv[di][0], inv[di][1], slots[di]
			touched := cs.touched
			for k, id := range ids {
				t := tf[k]
				if !gram[id] && winv != 0 {
					postings[next[id]] = docPosting{int32(di), slot, t * winv}
					next[id]++
				}
				x := t * uinv
				tf[k] = x
				if acc[id] == 0 {
					touched = append(touched, id)
				}
				acc[id] += x
				total += float64(x)
			}
			cs.touched = touched
			if train != nil {
				train[di] = example{class: r.info.svc, ids: r.ids, xs: r.tf, key: key(r)}
			}
		}
		if hi := ranges[c].hi; hi > ranges[c].lo {
			done(raws[hi-1].info.svc, total)
		}
	})
	m.centroids = centroidTable(kept, features)
	if nb != nil {
		// The postings counted are the postings written (a feature of a
		// positive weight is in its service's sums).
		n := 0
		for _, w := range nbWrote {
			n += w
		}
		if n != len(nb.rows.val) {
			panic("intents: naive Bayes' postings are not the ones counted")
		}
	}
	return train, nb
}

// classAligned moves each range's start (but the first's) forward to the
// first document of a service, a service's documents being consecutive,
// and drops ranges left empty.
func classAligned(ranges []chunk, raws []rawDoc) []chunk {
	out := ranges[:0]
	lo := 0
	for _, r := range ranges {
		hi := r.hi
		for hi < len(raws) && hi > 0 && raws[hi].info.svc == raws[hi-1].info.svc {
			hi++
		}
		if hi > lo {
			out = append(out, chunk{lo, hi})
			lo = hi
		}
	}
	return out
}
