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
	feats     []feat
	content   int // content words (not stopwords)
	unknown   int // content words the knowledge base has never seen
}

// feat is one weighted feature occurrence; a text's features may repeat.
type feat struct {
	key string
	w   float64
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

func addGrams(fs []feat, stem string, w float64) []feat {
	r := []rune("#" + stem + "#")
	for n := 3; n <= 4; n++ {
		for i := 0; i+n <= len(r); i++ {
			fs = append(fs, feat{"c|" + string(r[i:i+n]), w})
		}
	}
	return fs
}

// tokInfo is what one word contributes, the same wherever it appears; the
// index computes it once per distinct word.
type tokInfo struct {
	stem  string
	tr    string // Arabizi: the knowledge-base word it stands for, or ""
	skip  bool   // stopword or aspect word: no service features
	known bool   // the knowledge base has seen it (or its transliteration, or a lexicon entry)
	feats []feat
}

func (a *analyzer) tokenInfo(t string, arabizi bool) tokInfo {
	ti := tokInfo{stem: Stem(t)}
	st := ti.stem
	if arabizi && a.tr != nil && isLatin([]rune(t)[0]) && !a.known[st] {
		ti.tr = a.tr.word(t)
	}
	tr := ti.tr
	if stopwords[t] || stopwords[st] || aspectWords[t] || aspectWords[st] || (tr != "" && (stopwords[tr] || aspectWords[tr])) {
		ti.skip = true
		return ti
	}
	lex := lexicon(t)
	ti.known = a.known == nil || a.known[st] || (tr != "" && a.known[Stem(tr)]) || len(lex) > 0
	fs := make([]feat, 0, 24)
	fs = append(fs, feat{"w|" + st, wWord})
	fs = addGrams(fs, st, wGram)
	for _, x := range lex {
		fs = append(fs, feat{"w|" + Stem(x), wLex})
	}
	if tr != "" {
		ts := Stem(tr)
		fs = append(fs, feat{"w|" + ts, wTrans})
		fs = addGrams(fs, ts, wGram*0.8)
		for _, x := range lexicon(tr) {
			fs = append(fs, feat{"w|" + Stem(x), wLex * 0.8})
		}
	}
	ti.feats = fs
	return ti
}

// analyze reads a text. info gives each word's contribution (the index
// passes a caching one); nil computes it directly.
func (a *analyzer) analyze(text string, info func(t string, arabizi bool) *tokInfo) analysis {
	an := analysis{norm: Normalize(text)}
	an.tokens = Tokens(an.norm)
	an.script, an.arabicLed = DetectScript(an.tokens)
	arabizi := an.script == ScriptArabizi || (an.script == ScriptMixed && an.arabicLed)
	stems := make([]string, 0, len(an.tokens))
	var trans []string
	var prev string
	for _, t := range an.tokens {
		var ti *tokInfo
		if info != nil {
			ti = info(t, arabizi)
		} else {
			v := a.tokenInfo(t, arabizi)
			ti = &v
		}
		stems = append(stems, ti.stem)
		if ti.tr != "" {
			trans = append(trans, ti.tr)
		} else {
			trans = append(trans, t)
		}
		if ti.skip {
			prev = ""
			continue
		}
		an.content++
		if !ti.known {
			an.unknown++
		}
		an.feats = append(an.feats, ti.feats...)
		if prev != "" {
			an.feats = append(an.feats, feat{"b|" + prev + "_" + ti.stem, wBigram})
		}
		prev = ti.stem
	}
	an.views = []string{" " + an.norm + " ", " " + strings.Join(stems, " ") + " "}
	if arabizi && len(trans) > 0 {
		an.views = append(an.views, " "+strings.Join(trans, " ")+" ")
	}
	return an
}
