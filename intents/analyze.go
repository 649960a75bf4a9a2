package intents

import (
	"strings"
)

// analysis is everything the matcher reads from one text: its views (for
// cue phrases) and its weighted features (for the index).
type analysis struct {
	norm      string
	tokens    []string
	script    Script
	arabicLed bool
	views     []string // " surface ", " stems ", " transliteration " (padded for phrase search)
	feats     map[string]float64
	content   int // content words (not stopwords)
	unknown   int // content words the knowledge base has never seen
}

// Feature kinds. Words weigh most; character n-grams catch typos and
// morphology the stemmer missed; bigrams tell "رخصة بناء" from "رخصة قيادة".
const (
	wWord   = 1.0
	wLex    = 0.7
	wTrans  = 0.8
	wGram   = 0.22
	wBigram = 0.5
)

// analyzer holds what analysis needs from the knowledge base: the
// transliterator (Arabizi to KB words) and the vocabulary (known words).
type analyzer struct {
	tr    *transliterator
	known map[string]bool // stems seen in the knowledge base
}

func lexicon(tok string) []string {
	if r := []rune(tok); len(r) > 0 && isLatin(r[0]) {
		return englishLexicon[tok]
	}
	if xs, ok := dialectLexicon[tok]; ok {
		return xs
	}
	return dialectLexicon[Stem(tok)]
}

func addGrams(feats map[string]float64, stem string, w float64) {
	r := []rune("#" + stem + "#")
	for n := 3; n <= 4; n++ {
		for i := 0; i+n <= len(r); i++ {
			feats["c|"+string(r[i:i+n])] += w
		}
	}
}

// analyze reads a text. a.tr may be nil while the KB vocabulary is built.
func (a *analyzer) analyze(text string, forIndex bool) analysis {
	an := analysis{norm: Normalize(text), feats: map[string]float64{}}
	an.tokens = Tokens(an.norm)
	an.script, an.arabicLed = DetectScript(an.tokens)
	arabizi := an.script == ScriptArabizi || (an.script == ScriptMixed && an.arabicLed)
	stems := make([]string, 0, len(an.tokens))
	var trans []string
	var prev string
	for _, t := range an.tokens {
		st := Stem(t)
		stems = append(stems, st)
		var tr string
		if arabizi && a.tr != nil && isLatin([]rune(t)[0]) && !a.known[st] {
			tr = a.tr.word(t)
			if tr != "" {
				trans = append(trans, tr)
			}
		} else {
			trans = append(trans, t)
		}
		if stopwords[t] || stopwords[st] || aspectWords[t] || aspectWords[st] || (tr != "" && (stopwords[tr] || aspectWords[tr])) {
			prev = ""
			continue
		}
		an.content++
		an.feats["w|"+st] += wWord
		addGrams(an.feats, st, wGram)
		for _, x := range lexicon(t) {
			an.feats["w|"+Stem(x)] += wLex
		}
		if tr != "" {
			ts := Stem(tr)
			an.feats["w|"+ts] += wTrans
			addGrams(an.feats, ts, wGram*0.8)
			for _, x := range lexicon(tr) {
				an.feats["w|"+Stem(x)] += wLex * 0.8
			}
		}
		if !forIndex && a.known != nil && !a.known[st] && (tr == "" || !a.known[Stem(tr)]) && len(lexicon(t)) == 0 {
			an.unknown++
		}
		if prev != "" {
			an.feats["b|"+prev+"_"+st] += wBigram
		}
		prev = st
	}
	an.views = []string{" " + an.norm + " ", " " + strings.Join(stems, " ") + " "}
	if len(trans) > 0 && arabizi {
		an.views = append(an.views, " "+strings.Join(trans, " ")+" ")
	}
	return an
}
