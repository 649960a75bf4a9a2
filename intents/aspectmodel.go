package intents

import (
	"embed"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/dalil-project/dalil/knowledge"
)

// The aspect model: a small multinomial naive Bayes over a question's
// words, stems, stem pairs and character trigrams that tells which aspect
// (or none) a question asks, beside the cue lists (cues.go). The cues are
// exact and were tuned to the questions we have seen; on sets written
// blind they miss aspects asked in words they do not list ("is there a
// branch in Irbid?", "I'm travelling on Thursday") and fire on words that
// only mention an aspect's noun. The model is learned from a corpus of
// generic, service-independent aspect questions (aspects/*.txt, written by
// hand for it, with {s} standing for a service name so that service words
// weigh the same in every class), the same for every knowledge base: it is
// trained once per process.
//
// combineAspect decides with both (see there).

// Thresholds of combineAspect on the model's probability, chosen on the
// tuning sets (docs/intents.md, "Session 9: a learned aspect model"). The
// model is overconfident (naive Bayes), so only a near-certain answer
// counts.
const (
	aspectNoCueP    = 0.995 // an aspect no cue names
	aspectConflictP = 0.97  // one of several aspects the cues name
	// An aspect whose cues weigh less than the heaviest's: the lighter
	// cue is often a mention in the story ("my son is 16", "online",
	// "next week") beside what is asked, and the model, trained on
	// questions that ask, takes a mention for the question.
	aspectLighterP = 0.9999
	// A cue phrase weighed to outweigh the others ("where do I start" is
	// steps, not location) is not second-guessed.
	aspectCueSure = 2.5
	// A lone cue this heavy is trusted; a lighter one is a bare question
	// word ("كم", "can i") that the model may overrule.
	aspectCueLone = 0.6
)

// combineAspect is the aspect of a question: the cues' (detectAspect)
// when exactly one aspect's cues fire at aspectCueLone or more (most
// questions; the model is not run), or one outweighs all
// (aspectCueSure). Otherwise the model is asked: when no cue fires, its
// best aspect if it is near certain ("is there a branch in Irbid?"), else
// none; when several fire ("how do I book at the center?": steps and
// location) or only a weak one (a bare "how much"), its choice among those
// aspects and none if it is sure, else the cues'. Letting the model
// overrule a single cue of weight 0.6 or more lost more aspects than it
// won nones; letting it pick an aspect no cue named when some did changed
// nothing.
func combineAspect(an analysis, hits []float64) knowledge.Aspect {
	fired, top, second := 0, 0.0, 0.0
	for _, h := range hits[:numAspects] {
		if h >= 0.5 {
			fired++
		}
		if h > top {
			top, second = h, top
		} else if h > second {
			second = h
		}
	}
	// A half cue beside a full one (لازم alone, "a copy of") only leans:
	// the cues decide when one aspect weighs three times any other.
	if fired == 1 && top >= aspectCueLone || top >= aspectCueSure || top >= 1 && second*3 <= top {
		cue, _ := detectAspect(hits)
		return cue
	}
	return decideAspect(hits, theAspectModel().scoresOf(an))
}

// decideAspect is combineAspect's choice once the model is asked, with its
// class scores s (log-likelihoods).
func decideAspect(hits []float64, s [aspectClasses]float64) knowledge.Aspect {
	cue, _ := detectAspect(hits)
	if cue == knowledge.AspectNone {
		best := 1
		for c := 2; c < aspectClasses; c++ {
			if s[c] > s[best] {
				best = c
			}
		}
		if aspectSure(s, best, aspectNoCueP) {
			return knowledge.Aspects[best-1]
		}
		return knowledge.AspectNone
	}
	best := 0 // none, or an aspect whose cues fired
	for c := 1; c < aspectClasses; c++ {
		if hits[c-1] >= 0.5 && s[c] > s[best] {
			best = c
		}
	}
	p := aspectConflictP
	if best > 0 && hits[best-1] < slices.Max(hits[:numAspects])-1e-9 {
		p = aspectLighterP
	}
	if !aspectSure(s, best, p) {
		return cue
	}
	if best == 0 {
		return knowledge.AspectNone
	}
	return knowledge.Aspects[best-1]
}

// aspectSure reports whether class c's probability (the softmax of s) is
// at least p (p >= 0.5): whether the other classes' exp(s - s[c]) sum to
// at most 1/p - 1. A class above c already makes it at most one half.
func aspectSure(s [aspectClasses]float64, c int, p float64) bool {
	var ds [aspectClasses - 1]float64
	n := 0
	for k, v := range s {
		if k == c {
			continue
		}
		if ds[n] = v - s[c]; ds[n] > 0 {
			return false
		}
		n++
	}
	return expNegsGo(ds[:n], 0) <= 1/p-1 // six values: the assembly would cost an allocation
}

//go:embed aspects/*.txt
var aspectFiles embed.FS

// aspectClasses: 0 is none, 1.. the aspects in knowledge.Aspects order.
const aspectClasses = numAspects + 1

// Services the corpus's {s} stands for, by script: each line with {s} is
// learned with two of them (in turn) and once without.
var (
	aspectSvcAR = []string{"جواز السفر", "رخصة السواقة", "الهوية", "شهادة الميلاد", "السجل التجاري", "رخصة البناء", "فاتورة الكهربا",
		"المخالفات", "الاقرار الضريبي", "التأمين الصحي", "عقد الزواج", "البطاقة الذكية", "تسجيل المدرسة", "المعونة", "شهادة عدم محكومية",
		"ترخيص السيارة", "نقل ملكية السيارة", "التخليص الجمركي", "المنحة", "بيان عائلي", "الباسبور", "رخصة القيادة", "رخصة المحل", "عداد الكهرباء", "موعد"}
	aspectSvcLatin = []string{"passport renewal", "driving licence", "national id", "birth certificate", "trade license", "building permit",
		"the water bill", "traffic fines", "tax return", "health insurance", "marriage certificate", "school enrollment", "a scholarship",
		"el basbor", "rokhset el swa2a", "el hawiye", "shahadet el milad", "el sijel el tijari", "rokhset bina2", "fatoret el kahraba",
		"el mokhalafat", "el dareebe", "el ta2meen", "3a2d el zawaj", "tajdeed el jawaz", "el estemara", "ma3oune", "ID card", "car registration"}
)

// aspectModel is the trained model: per feature hash, the log-probability
// of the feature in each class (features the corpus lacks weigh nothing).
type aspectModel struct {
	keys  []uint64 // open addressing by hash; 0 is empty
	rows  [][aspectClasses]float32
	mask  uint64
	prior [aspectClasses]float32
}

var (
	aspectOnce sync.Once
	aspectM    *aspectModel
)

// theAspectModel trains the model on first use.
func theAspectModel() *aspectModel {
	aspectOnce.Do(func() { aspectM = trainAspectModel() })
	return aspectM
}

// Chosen with the model alone on the tuning sets' aspects, on a first
// version of the corpus: 74 % (trigrams at 0.15 or 0.6: 73 %, without:
// 70 %; smoothing 0.1: 74 %, 1: 70 %).
const (
	aspectAlpha = 0.3 // additive smoothing of the counts
	aspectGramW = 0.3 // a character trigram's count weight against a word's
)

// aspectExamples reads the corpus: texts and their classes.
func aspectExamples() (texts []string, classes []int) {
	names := append([]knowledge.Aspect{"none"}, knowledge.Aspects...)
	turn := 0
	for c, name := range names {
		data, err := aspectFiles.ReadFile("aspects/" + string(name) + ".txt")
		if err != nil {
			panic("intents: aspect corpus: " + err.Error())
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			if !strings.Contains(line, "{s}") {
				texts, classes = append(texts, line), append(classes, c)
				continue
			}
			pool := aspectSvcLatin
			for _, r := range line {
				if isArabic(r) {
					pool = aspectSvcAR
					break
				}
			}
			for k := 0; k < 2; k++ {
				turn++
				texts = append(texts, strings.ReplaceAll(line, "{s}", pool[turn%len(pool)]))
				classes = append(classes, c)
			}
			texts = append(texts, strings.ReplaceAll(line, "{s}", ""))
			classes = append(classes, c)
		}
	}
	return texts, classes
}

func trainAspectModel() *aspectModel {
	texts, classes := aspectExamples()
	counts := map[uint64]*[aspectClasses]float64{}
	var total [aspectClasses]float64
	var docs [aspectClasses]float64
	var buf []aspectFeat
	for i, text := range texts {
		toks := Tokens(Normalize(text))
		stems := make([]string, len(toks))
		for j, t := range toks {
			stems[j] = Stem(t)
		}
		buf = aspectFeats(toks, stems, buf[:0])
		c := classes[i]
		docs[c]++
		for _, f := range buf {
			row := counts[f.h]
			if row == nil {
				row = new([aspectClasses]float64)
				counts[f.h] = row
			}
			row[c] += float64(f.w)
			total[c] += float64(f.w)
		}
	}
	size := 1
	for size < 2*len(counts) {
		size *= 2
	}
	m := &aspectModel{keys: make([]uint64, size), rows: make([][aspectClasses]float32, size), mask: uint64(size - 1)}
	v := float64(len(counts))
	var nd float64
	for _, d := range docs {
		nd += d
	}
	for c := range m.prior {
		m.prior[c] = float32(math.Log(docs[c] / nd))
	}
	for h, row := range counts {
		i := h & m.mask
		for m.keys[i] != 0 {
			i = (i + 1) & m.mask
		}
		m.keys[i] = h
		for c := range row {
			m.rows[i][c] = float32(math.Log((row[c] + aspectAlpha) / (total[c] + aspectAlpha*v)))
		}
	}
	hugePages(m.keys, 4<<20) // read at every new word of a question (see hugePages)
	hugePages(m.rows, 4<<20)
	return m
}

// aspectFeat is one feature occurrence: its hash and count weight.
type aspectFeat struct {
	h uint64
	w float32
}

// FNV-1a, seeded by the feature's kind.
func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

const fnvBasis = 14695981039346656037

// aspectFeats appends the features of a question's words: each word's
// (aspectWordFeats) and each pair of neighbouring stems. Hashes are never
// 0 (the table's empty key).
func aspectFeats(toks, stems []string, fs []aspectFeat) []aspectFeat {
	for i, t := range toks {
		fs = aspectWordFeats(t, stems[i], fs)
		if i > 0 {
			fs = append(fs, aspectFeat{aspectPair(stems[i-1], stems[i]), 1})
		}
	}
	return fs
}

// aspectPair is the hash of two neighbouring stems.
func aspectPair(a, b string) uint64 { return aspectPairOf(aspectStemHash(a), aspectStemHash(b)) }

// aspectStemHash is a stem's hash for aspectPairOf: the matcher keeps it
// with the word (aspectWord), so a question hashes no pair's bytes.
func aspectStemHash(stem string) uint64 { return fnvAdd(fnvBasis^'b', stem) }

// aspectPairOf mixes two stems' hashes, in order, into a pair's.
func aspectPairOf(a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ b
	x = (x ^ x>>31) * 0xBF58476D1CE4E5B9
	return nonzero(x ^ x>>29)
}

func nonzero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// aspectWordFeats appends one word's features: the word, its stem, and
// the character trigrams of "#word#" (so an unseen spelling or Arabizi
// variant shares most of them).
func aspectWordFeats(t, stem string, fs []aspectFeat) []aspectFeat {
	fs = append(fs, aspectFeat{nonzero(fnvAdd(fnvBasis^'w', t)), 1})
	if stem != t {
		fs = append(fs, aspectFeat{nonzero(fnvAdd(fnvBasis^'s', stem)), 1})
	}
	// Trigrams by rune: the hash of '#', the word's runes, '#', three
	// runes at a time.
	starts := [3]int{-1, -1, -1} // byte offsets in t of the window's runes; -1 is the first '#'
	n := 1                       // runes seen so far ('#')
	gram := func(from, to int) { // runes from..to of "#"+t+"#", to past t for the last '#'
		h := uint64(fnvBasis ^ 'c')
		if from < 0 {
			h = fnvAdd(h, "#")
			from = 0
		}
		h = fnvAdd(h, t[from:min(to, len(t))])
		if to > len(t) {
			h = fnvAdd(h, "#")
		}
		fs = append(fs, aspectFeat{nonzero(h), aspectGramW})
	}
	for j := 0; j <= len(t); {
		size := 1
		if j < len(t) {
			_, size = decodeRune(t[j:])
		}
		starts[0], starts[1], starts[2] = starts[1], starts[2], j
		n++
		j += size
		if n >= 3 {
			gram(starts[0], min(j, len(t)+1))
		}
	}
	return fs
}

// decodeRune is the length of the UTF-8 rune s starts with (the text is
// normalized: valid UTF-8).
func decodeRune(s string) (rune, int) {
	switch c := s[0]; {
	case c < 0x80:
		return rune(c), 1
	case c < 0xE0:
		return 0, 2
	case c < 0xF0:
		return 0, 3
	default:
		return 0, 4
	}
}

// add adds the rows of features fs to acc.
func (m *aspectModel) add(acc *[aspectClasses]float32, fs []aspectFeat) {
	for _, f := range fs {
		if row := m.row(f.h); row != nil {
			for c := range acc {
				acc[c] += f.w * row[c]
			}
		}
	}
}

// row is feature h's log-probabilities, nil when the corpus lacks it.
func (m *aspectModel) row(h uint64) *[aspectClasses]float32 {
	for i := h & m.mask; ; i = (i + 1) & m.mask {
		switch m.keys[i] {
		case h:
			return &m.rows[i]
		case 0:
			return nil
		}
	}
}

// aspectWord is what the model needs of one word: what it adds to every
// class's score and its stem's hash. The matcher keeps it with the word's
// features (wordFeats.asp), so a question costs a sum per word and a
// lookup per pair of words.
type aspectWord struct {
	vec  [aspectClasses]float32
	stem uint64  // aspectStemHash
	sys  sysWord // the same features' in the system model (systemmodel.go)
}

// word is t's aspectWord (stem its stem), without sys.
func (m *aspectModel) word(t, stem string) aspectWord {
	var buf [64]aspectFeat
	return m.wordOf(aspectWordFeats(t, stem, buf[:0]), stem)
}

// wordOf is the aspectWord of a word of stem stem whose features are fs.
func (m *aspectModel) wordOf(fs []aspectFeat, stem string) aspectWord {
	w := aspectWord{stem: aspectStemHash(stem)}
	m.add(&w.vec, fs)
	return w
}

// aspectUnits is how many of aspectWordFeats' features have weight 1:
// the word's, and its stem's when that differs.
func aspectUnits(t, stem string) int {
	if stem != t {
		return 2
	}
	return 1
}

// scores returns the class log-likelihoods (with priors) of a question.
func (m *aspectModel) scores(toks, stems []string) [aspectClasses]float64 {
	var buf [256]aspectFeat
	acc := m.prior
	m.add(&acc, aspectFeats(toks, stems, buf[:0]))
	return widen(acc)
}

// scoresOf is scores of an analysed question, from its words' vectors
// (summed in seven locals: a loop over an array kept it in memory, at
// twice the instructions).
func (m *aspectModel) scoresOf(an analysis) [aspectClasses]float64 {
	a0, a1, a2, a3, a4, a5, a6 := m.prior[0], m.prior[1], m.prior[2], m.prior[3], m.prior[4], m.prior[5], m.prior[6]
	add := func(v *[aspectClasses]float32) {
		a0, a1, a2, a3, a4, a5, a6 = a0+v[0], a1+v[1], a2+v[2], a3+v[3], a4+v[4], a5+v[5], a6+v[6]
	}
	prev := uint64(0)
	for i, wf := range an.words {
		add(&wf.asp.vec)
		if i > 0 {
			if row := m.row(aspectPairOf(prev, wf.asp.stem)); row != nil {
				add(row)
			}
		}
		prev = wf.asp.stem
	}
	return [aspectClasses]float64{float64(a0), float64(a1), float64(a2), float64(a3), float64(a4), float64(a5), float64(a6)}
}

func widen(acc [aspectClasses]float32) (out [aspectClasses]float64) {
	for c := range out {
		out[c] = float64(acc[c])
	}
	return out
}
