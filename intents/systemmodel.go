package intents

import (
	"embed"
	"math"
	"strings"
	"sync"
)

// The system-intent model: a small softmax regression over a message's
// words, stems, stem pairs and character trigrams (the aspect model's
// features, aspectFeats) that tells whether a whole message greets,
// thanks, says goodbye or asks for a person, or none of these. The cue
// lists (cues.go) are exact and were tuned to the messages we had seen;
// on messages written blind they missed a third of the greetings and
// requests for a person, worded in ways no list had ("is this thing on",
// "وصلني مع حدا بيفهم", "enta mesh fahemni"). The model is learned from a
// corpus written by hand for it (system/*.txt: every variety, and hard
// "none" lines: a person mentioned in a question about a service,
// complaints about an office, courtesy beside a question), with every
// line of the aspect corpus (aspects/*.txt, service questions) as none
// too. Like the aspect model it is the same for every knowledge base and
// trained once per process.
//
// Understand asks it only where the lists decided nothing and a cheap gate
// says the message may be a system message (systemGate), and takes its
// answer at a probability that depends on the class and on whether a
// service matches the message with confidence (decide).

// System-model classes.
const (
	sysNone = iota
	sysGreeting
	sysThanks
	sysGoodbye
	sysHandoff
	sysClasses
)

// sysIntents names the classes (none is "").
var sysIntents = [sysClasses]string{"", IntentGreeting, IntentThanks, IntentGoodbye, IntentHandoff}

//go:embed system/*.txt
var systemFiles embed.FS

// The Arabizi reading (sysTransFeats): its features' weight beside the
// message's own, and the dearest reading taken. Chosen by five-fold
// cross-validation over the corpus (docs, sys14): out-of-fold errors 282
// without the reading, 252 at 0.8, 237 at 1.2; a cost of 1.0 or 2.0 no
// better than 1.5.
const (
	sysTransW    float32 = 1.2
	sysTransCost         = 1.5
)

// Training: passes over the corpus, the step size (falling as 1/(1+t/n)),
// the share of a none example's gradient (none outnumbers the other
// classes five to one), and the probability above which an example is
// learned already and skipped. Chosen by cross-validation over the corpus
// (docs, sys13, sys14: 12 passes at 5 make 6 % fewer out-of-fold errors
// than 8 at 3).
const (
	sysEpochs         = 12
	sysRate           = 5.0
	sysNoneW  float32 = 0.5
	sysEasy   float32 = 0.98
)

// systemModel: per feature (an exact open-addressing table of feature
// hashes, as the aspect model's), a weight per class, and the biases.
type systemModel struct {
	keys []uint64
	rows [][sysClasses]float32
	mask uint64
	bias [sysClasses]float32
	tr   *transliterator // Arabizi read as the corpus's Arabic words (sysTransFeats)
}

var (
	systemOnce sync.Once
	systemM    *systemModel
)

// theSystemModel trains the model on first use.
func theSystemModel() *systemModel {
	systemOnce.Do(func() { systemM = trainSystemModel() })
	return systemM
}

// systemExamples reads the corpus: texts and classes. The aspect corpus's
// lines are service questions: none.
func systemExamples() (texts []string, classes []int) {
	for c, name := range []string{"none", "greeting", "thanks", "goodbye", "handoff"} {
		for _, line := range corpusLines(systemFiles, "system/"+name+".txt") {
			texts, classes = appendExpanded(texts, classes, line, c)
		}
	}
	aspTexts, _ := aspectExamples()
	for _, t := range aspTexts {
		texts, classes = append(texts, t), append(classes, sysNone)
	}
	return texts, classes
}

// corpusLines are a corpus file's lines, less blanks and comments.
func corpusLines(fs embed.FS, name string) []string {
	data, err := fs.ReadFile(name)
	if err != nil {
		panic("intents: corpus: " + err.Error())
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			out = append(out, line)
		}
	}
	return out
}

// appendExpanded adds a line of class c, a {s} in it replaced by a
// service name of its script, and once by nothing (as the aspect corpus).
func appendExpanded(texts []string, classes []int, line string, c int) ([]string, []int) {
	if !strings.Contains(line, "{s}") {
		return append(texts, line), append(classes, c)
	}
	pool := aspectSvcLatin
	if strings.IndexFunc(line, isArabic) >= 0 {
		pool = aspectSvcAR
	}
	h := len(line) + len(texts)
	texts = append(texts, strings.ReplaceAll(line, "{s}", pool[h%len(pool)]), strings.ReplaceAll(line, "{s}", ""))
	return texts, append(classes, c, c)
}

// sysDoc is a training example: feature indices, unit-length values.
type sysDoc struct {
	idx   []int32
	val   []float32
	class int
}

// systemFeats are a message's features (aspectFeats), scaled to unit
// length so that a greeting word weighs less in a long message than
// alone. A repeated feature is kept twice (its weight adds up in the
// scores, not in the length): the same in training and use, and no search
// for repeats.
func systemFeats(toks, stems []string, arabizi bool, tr *transliterator, memo map[string]string, buf []aspectFeat) []aspectFeat {
	fs := aspectFeats(toks, stems, buf)
	if arabizi {
		fs = sysTransFeats(toks, tr, memo, fs)
	}
	var ss float32
	for _, f := range fs {
		ss += f.w * f.w
	}
	if ss > 0 {
		inv := float32(1 / math.Sqrt(float64(ss)))
		for k := range fs {
			fs[k].w *= inv
		}
	}
	return fs
}

// sysTransFeats adds, for a message in Arabizi, the features of its words
// read as the corpus's Arabic (at sysTransW; arabiziWords first, so
// salam, shokran and bdi read as the phrase lists and the Arabic corpus
// have them): "bidi a7ki ma3 mwazzaf" meets بدي احكي مع موظف, whatever its
// spelling. Loanwords (plz, sorry, agent) keep their own reading; a word
// whose nearest reading costs more than sysTransCost gets none. memo
// (training's; nil in use) keeps the readings found.
func sysTransFeats(toks []string, tr *transliterator, memo map[string]string, fs []aspectFeat) []aspectFeat {
	prev := ""
	for _, t := range toks {
		a, ok := memo[t]
		if !ok && hasLatin(t) && !loanWords[t] {
			if w, cost := tr.wordCost(t); cost <= sysTransCost && !strings.Contains(w, " ") {
				a = w
			}
		}
		if memo != nil {
			memo[t] = a
		}
		if a == "" {
			prev = ""
			continue
		}
		st := Stem(a)
		n := len(fs)
		fs = aspectWordFeats(a, st, fs)
		if prev != "" {
			fs = append(fs, aspectFeat{aspectPair(prev, st), 1})
		}
		for k := n; k < len(fs); k++ {
			fs[k].w *= sysTransW
		}
		prev = st
	}
	return fs
}

func trainSystemModel() *systemModel {
	texts, classes := systemExamples()
	return trainSystemOn(texts, classes)
}

// systemTransliterator reads Arabizi as the Arabic of the texts (the
// corpus's): their stems, by frequency, then their written forms, as the
// matcher's transliterator reads the knowledge base's; the same for every
// knowledge base.
func systemTransliterator(toks [][]string) *transliterator {
	freq, written := map[string]int{}, map[string]int{}
	for _, ts := range toks {
		for _, t := range ts {
			if strings.IndexFunc(t, isArabic) >= 0 {
				freq[Stem(t)]++
				written[strings.TrimPrefix(t, "ال")]++ // Arabizi's article is a word of its own (el)
			}
		}
	}
	tr := newTransliterator(freq)
	tr.written = newTransliterator(written)
	return tr
}

// trainSystemOn trains the model on texts of the given classes.
func trainSystemOn(texts []string, classes []int) *systemModel {
	index := map[uint64]int32{}
	var hashes []uint64
	docs := make([]sysDoc, len(texts))
	var buf []aspectFeat
	all := make([][]string, len(texts))
	for i, text := range texts {
		all[i] = Tokens(Normalize(text))
	}
	tr := systemTransliterator(all)
	memo := map[string]string{}
	for i, toks := range all {
		stems := make([]string, len(toks))
		for j, t := range toks {
			stems[j] = Stem(t)
		}
		script, led := DetectScript(toks)
		arabizi := script == ScriptArabizi || script == ScriptMixed && led
		buf = systemFeats(toks, stems, arabizi, tr, memo, buf[:0])
		d := sysDoc{idx: make([]int32, len(buf)), val: make([]float32, len(buf)), class: classes[i]}
		for k, f := range buf {
			id, ok := index[f.h]
			if !ok {
				id = int32(len(hashes))
				index[f.h] = id
				hashes = append(hashes, f.h)
			}
			d.idx[k], d.val[k] = id, f.w
		}
		docs[i] = d
	}
	// Tail-averaged SGD: the model is the average of the weights after
	// every step of the second half of the passes (steadier than the last
	// weights, which depend on the order; the first half's are far from
	// fit), kept as w - u/n where u sums each change of the tail times its
	// step number in the tail.
	w := make([][sysClasses]float32, len(hashes))
	u := make([][sysClasses]float32, len(hashes))
	var bias, ub [sysClasses]float32
	// A fixed order, shuffled by a small generator: the same model in every
	// process.
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	rng := uint64(0x9E3779B97F4A7C15)
	step, tail := 0, 0
	for epoch := range sysEpochs {
		averaging := epoch >= sysEpochs/2
		for i := len(order) - 1; i > 0; i-- {
			rng ^= rng << 13
			rng ^= rng >> 7
			rng ^= rng << 17
			j := int(rng % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, di := range order {
			d := &docs[di]
			lr := float32(sysRate / (1 + float64(step)/float64(len(docs))))
			step++
			ts := float32(tail)
			if averaging {
				tail++
			}
			z := bias
			for k, id := range d.idx {
				for c := range z {
					z[c] += d.val[k] * w[id][c]
				}
			}
			p := softmax(z)
			if p[d.class] >= sysEasy {
				continue // learned already: its gradient is near nothing
			}
			var g [sysClasses]float32
			for c := range p {
				g[c] = lr * p[c]
				if c == d.class {
					g[c] -= lr
				}
				if d.class == sysNone {
					g[c] *= sysNoneW
				}
				bias[c] -= g[c]
				if averaging {
					ub[c] -= ts * g[c]
				}
			}
			for k, id := range d.idx {
				x, row, urow := d.val[k], &w[id], &u[id]
				for c := range row {
					row[c] -= g[c] * x
				}
				if averaging {
					for c := range urow {
						urow[c] -= ts * g[c] * x
					}
				}
			}
		}
	}
	if tail > 0 {
		inv := 1 / float32(tail)
		for id := range w {
			for c := range w[id] {
				w[id][c] -= u[id][c] * inv
			}
		}
		for c := range bias {
			bias[c] -= ub[c] * inv
		}
	}
	size := 1
	for size < 2*len(hashes) {
		size *= 2
	}
	m := &systemModel{keys: make([]uint64, size), rows: make([][sysClasses]float32, size), mask: uint64(size - 1), bias: bias, tr: tr}
	for id, h := range hashes {
		i := h & m.mask
		for m.keys[i] != 0 {
			i = (i + 1) & m.mask
		}
		m.keys[i], m.rows[i] = h, w[id]
	}
	return m
}

// softmax of class scores.
func softmax(z [sysClasses]float32) (p [sysClasses]float32) {
	top := z[0]
	for _, v := range z[1:] {
		top = max(top, v)
	}
	var sum float32
	for c, v := range z {
		p[c] = float32(math.Exp(float64(v - top)))
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
	return p
}

// probs are the class probabilities of a message (its tokens and stems).
func (m *systemModel) probs(toks, stems []string, arabizi bool) [sysClasses]float32 {
	var buf [256]aspectFeat
	z := m.bias
	for _, f := range systemFeats(toks, stems, arabizi, m.tr, nil, buf[:0]) {
		for i := f.h & m.mask; m.keys[i] != 0; i = (i + 1) & m.mask {
			if m.keys[i] == f.h {
				for c := range z {
					z[c] += f.w * m.rows[i][c]
				}
				break
			}
		}
	}
	return softmax(z)
}

// sysWord is what one word gives the model's features (systemFeats),
// found once per word (for the knowledge base's words when the index is
// built, for others when a question first meets them), so that a message
// hashes none of its words' features: the table slots of the features the
// model has, in order, and how many features the word has of each weight.
// probsOf replays systemFeats' sums in its order from them, so the
// probabilities are probs' to the bit.
type sysWord struct {
	rows     []int32 // slots of the word's features the model has, in order
	grams    int32   // its trigram features (weight aspectGramW)
	units    uint8   // its word and stem features (weight 1): 1 or 2
	unitRows uint8   // how many of rows are those (they come first)
}

// word is the sysWord of a word whose aspect features (aspectWordFeats,
// of the word and its stem) are fs, with units of weight 1; its rows are
// appended to rows.
func (m *systemModel) word(fs []aspectFeat, units int, rows []int32) (sysWord, []int32) {
	start := len(rows)
	w := sysWord{grams: int32(len(fs) - units), units: uint8(units)}
	for k, f := range fs {
		if i := m.slot(f.h); i >= 0 {
			rows = append(rows, i)
			if k < units {
				w.unitRows++
			}
		}
	}
	w.rows = rows[start:len(rows):len(rows)]
	return w, rows
}

// slot is where the table keeps feature h, -1 when the model lacks it.
func (m *systemModel) slot(h uint64) int32 {
	for i := h & m.mask; m.keys[i] != 0; i = (i + 1) & m.mask {
		if m.keys[i] == h {
			return int32(i)
		}
	}
	return -1
}

// probsOf is probs of an analysed message, from its words' sysWords: the
// same features, weights and sums in the same order.
func (m *systemModel) probsOf(words []*wordFeats) [sysClasses]float32 {
	// systemFeats' squared length: each word's features, then the pair
	// with the word before.
	var ss float32
	g := float32(aspectGramW)
	for i, wf := range words {
		sw := &wf.asp.sys
		for range sw.units {
			ss += 1
		}
		for range sw.grams {
			ss += g * g
		}
		if i > 0 {
			ss++
		}
	}
	if ss == 0 {
		return softmax(m.bias)
	}
	inv := float32(1 / math.Sqrt(float64(ss)))
	gInv := g * inv
	// The classes' sums in registers, not in an array in memory: the same
	// float32 products and sums, a third of the instructions.
	z0, z1, z2, z3, z4 := m.bias[0], m.bias[1], m.bias[2], m.bias[3], m.bias[4]
	add := func(slot int32, w float32) {
		row := &m.rows[slot]
		z0 += w * row[0]
		z1 += w * row[1]
		z2 += w * row[2]
		z3 += w * row[3]
		z4 += w * row[4]
	}
	prev := uint64(0)
	for i, wf := range words {
		sw := &wf.asp.sys
		for k, slot := range sw.rows {
			w := gInv
			if k < int(sw.unitRows) {
				w = 1 * inv
			}
			add(slot, w)
		}
		if i > 0 {
			if slot := m.slot(aspectPairOf(prev, wf.asp.stem)); slot >= 0 {
				add(slot, 1*inv)
			}
		}
		prev = wf.asp.stem
	}
	return softmax([sysClasses]float32{z0, z1, z2, z3, z4})
}

// probsOf's five sums: a compile error when the classes are not five.
const _ = uint(5-sysClasses) + uint(sysClasses-5)

// classify is the model's system intent for a message ("" for none) and
// its probability.
func (m *systemModel) classify(toks, stems []string, arabizi bool) (string, float32) {
	return m.pick(m.probs(toks, stems, arabizi))
}

// pick is the class of p with the highest probability, and that.
func (m *systemModel) pick(p [sysClasses]float32) (string, float32) {
	best := 0
	for c := range p {
		if p[c] > p[best] {
			best = c
		}
	}
	return sysIntents[best], p[best]
}

// Thresholds of the fusion on the model's probability. Cross-validation
// over the corpus with system.jsonl (TestSystemCV) wants them as low as
// they go (out-of-fold errors 305 at 0.5, 292 at 0.4, 289 at 0.3, the
// greeting at 0.8); the lowest that turn no service, out-of-scope or
// near-miss line of the team's sets into a system intent were kept (0.4
// made a near miss, "admission to a private university", a handoff; docs,
// sys14). A greeting asks more: out-of-scope chat mentions its words ("the
// latest news", "translate hello"; at 0.6 and 0.7 calibration's are
// greetings). A message some service matches with confidence, or a long
// one, asks more of every class.
const (
	sysMinP         = 0.5
	sysMinGreetingP = 0.8
	sysMinSureP     = 0.8
	sysGateWords    = 10
)

// sysProbsOf is the system model's probabilities for an analysed message
// (an Arabizi one with its reading).
func sysProbsOf(an analysis) [sysClasses]float32 {
	sm := theSystemModel()
	if len(an.seqs) > 2 {
		return sm.probs(an.tokens, an.seqs[1], true)
	}
	return sm.probsOf(an.words)
}

// sysOverrules reports whether the model reads a message the lists take
// as class c (thanks, a goodbye, a greeting) as none or a handoff rather:
// more probable than c.
func sysOverrules(p [sysClasses]float32, c int) bool {
	return p[sysNone] > p[c] || p[sysHandoff] > p[c]
}

// decide is the model's system intent for a message ("" for none);
// arabizi adds the message's Arabizi reading (sysTransFeats); sure asks
// more of it (a service matches it with confidence, or it is long).
func (m *systemModel) decide(toks, stems []string, arabizi, sure bool) string {
	name, p := m.classify(toks, stems, arabizi)
	return decideAt(name, p, sure)
}

// decideOf is decide of an analysed message that is not Arabizi
// (probsOf: the words carry their table slots); an Arabizi one goes
// through decide, for its reading.
func (m *systemModel) decideOf(words []*wordFeats, sure bool) string {
	name, p := m.pick(m.probsOf(words))
	return decideAt(name, p, sure)
}

// decideAt is decide's test of class name at probability p.
func decideAt(name string, p float32, sure bool) string {
	min := float32(sysMinP)
	if name == IntentGreeting {
		min = sysMinGreetingP
	}
	if sure {
		min = max(min, sysMinSureP)
	}
	if p < min {
		return ""
	}
	return name
}

// systemGate reports whether a message may be a system message, so that
// the model is asked: one where a system cue fired (a word of a greeting,
// thanks or goodbye, a person, a verb of reaching one), or a short one
// that no service matches with confidence (sure). Most service questions
// are neither (1,766 of the 1,968 covered questions of the team's sets),
// so they skip the model's two microseconds.
func systemGate(an analysis, hits []float64, sure bool) bool {
	for l := listGreeting; l < numLists; l++ {
		if hits[l] > 0 {
			return true
		}
	}
	return !sure && len(an.tokens) <= sysGateWords
}
