package intents

import (
	"context"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/dalil-project/dalil/knowledge"
)

// Thresholds of the decision, on the fused score (a cosine-like value in
// [0,1]). Chosen on the development questions; see docs/quality.md.
type Thresholds struct {
	Answer  float64 // below: out of scope (or a follow-up of the last service)
	Margin  float64 // top minus second below this (and top below Sure): clarify
	Sure    float64 // at or above: answer even if a second service is close
	Context float64 // bonus for the conversation's current service
	Unknown float64 // share of the score lost when every content word is unknown to the KB
}

// DefaultThresholds are used when a Matcher's Thresholds are zero.
var DefaultThresholds = Thresholds{Answer: 0.18, Margin: 0.02, Sure: 0.35, Context: 0.08, Unknown: 0.6}

type posting struct {
	doc int32
	w   float32
}

type docInfo struct {
	svc     int32
	profile bool // the service's title+keywords+summary document
}

// Matcher is the local understanding: an in-memory TF-IDF index over every
// service's example questions (one document each) and its profile (title,
// keywords, summary), searched as a nearest-neighbour classifier. It is
// immutable once built; a new knowledge base gets a new Matcher.
type Matcher struct {
	base       *knowledge.Base
	services   []*knowledge.Service
	an         analyzer
	featID     map[string]int32
	idf        []float32
	postings   [][]posting
	docs       []docInfo
	words      map[string]*wordFeats // every word of the knowledge base ("\x00"+word: read as Arabizi)
	stemID     map[string]int32
	bigram     map[[2]int32]int32 // pair of stem ids -> feature id
	lin        *linear            // nil when the knowledge base is too large for it
	Thresholds Thresholds
}

// NewMatcher indexes a knowledge base.
func NewMatcher(base *knowledge.Base) *Matcher {
	m := &Matcher{base: base, services: base.Services(), featID: map[string]int32{}}
	// Pass 1: every text tokenized once; the vocabulary for the
	// transliterator and for telling unknown words.
	type text struct {
		svc     int32
		profile bool
		toks    []string
	}
	var texts []text
	var raw []string
	for i, s := range m.services {
		for _, t := range s.Examples.AR {
			texts, raw = append(texts, text{svc: int32(i)}), append(raw, t)
		}
		for _, t := range s.Examples.EN {
			texts, raw = append(texts, text{svc: int32(i)}), append(raw, t)
		}
		texts, raw = append(texts, text{svc: int32(i), profile: true}), append(raw, profileText(s))
	}
	// Normalizing is the costly part of reading text; it needs no shared
	// state, so it runs on every core.
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := w; k < len(texts); k += workers {
				texts[k].toks = Tokens(Normalize(raw[k]))
			}
		}(w)
	}
	wg.Wait()
	freq := map[string]int{}
	known := map[string]bool{}
	stemOf := map[string]string{}
	for _, tx := range texts {
		for _, w := range tx.toks {
			st, ok := stemOf[w]
			if !ok {
				st = Stem(w)
				stemOf[w] = st
			}
			known[st] = true
			if isArabic([]rune(w)[0]) && !stopwords[w] {
				freq[st]++
			}
		}
	}
	m.an = analyzer{tr: newTransliterator(freq), known: known}

	// Pass 2: one document per example and one profile per service. A word
	// contributes the same features wherever it appears (tokenInfo, shared
	// with the query side), so each distinct word is analysed once and its
	// feature ids kept; bigrams are keyed by the pair of stem ids.
	m.words = map[string]*wordFeats{}
	m.stemID = map[string]int32{}
	m.bigram = map[[2]int32]int32{}
	var stems []string
	word := func(t string, arabizi bool) *wordFeats {
		key := t
		if arabizi {
			key = "\x00" + t
		}
		if wf, ok := m.words[key]; ok {
			return wf
		}
		ti := m.an.tokenInfo(t, arabizi)
		wf := &wordFeats{skip: ti.skip, known: true, stem: ti.stem, stemID: -1, tr: ti.tr}
		if !ti.skip {
			id, ok := m.stemID[ti.stem]
			if !ok {
				id = int32(len(stems))
				m.stemID[ti.stem] = id
				stems = append(stems, ti.stem)
			}
			wf.stemID = id
			for _, f := range ti.feats {
				wf.ids = append(wf.ids, m.intern(f.key))
				wf.ws = append(wf.ws, float32(f.w))
			}
		}
		m.words[key] = wf
		return wf
	}
	type rawDoc struct {
		info docInfo
		ids  []int32
		tf   []float32
	}
	raws := make([]rawDoc, 0, len(texts))
	var df []int32
	var scratch []float32 // dense accumulator, indexed by feature id
	var touched []int32
	add := func(id int32, w float32) {
		for int(id) >= len(scratch) {
			scratch = append(scratch, 0)
			df = append(df, 0)
		}
		if scratch[id] == 0 {
			touched = append(touched, id)
		}
		scratch[id] += w
	}
	for _, tx := range texts {
		script, led := DetectScript(tx.toks)
		arabizi := script == ScriptArabizi || (script == ScriptMixed && led)
		touched = touched[:0]
		prev := int32(-1)
		for _, t := range tx.toks {
			wf := word(t, arabizi)
			if wf.skip {
				prev = -1
				continue
			}
			for k, id := range wf.ids {
				add(id, wf.ws[k])
			}
			if prev >= 0 {
				pair := [2]int32{prev, wf.stemID}
				bid, ok := m.bigram[pair]
				if !ok {
					bid = m.intern("b|" + stems[prev] + "_" + stems[wf.stemID])
					m.bigram[pair] = bid
				}
				add(bid, wBigram)
			}
			prev = wf.stemID
		}
		if len(touched) == 0 {
			continue
		}
		d := rawDoc{info: docInfo{tx.svc, tx.profile}, ids: make([]int32, len(touched)), tf: make([]float32, len(touched))}
		for k, id := range touched {
			d.ids[k], d.tf[k] = id, scratch[id]
			scratch[id] = 0
			df[id]++
		}
		raws = append(raws, d)
	}
	n := float64(len(raws))
	m.idf = make([]float32, len(m.featID))
	for id := range m.idf {
		if id < len(df) && df[id] > 0 {
			m.idf[id] = float32(math.Log(1 + n/float64(df[id])))
		}
	}
	counts := make([]int32, len(m.idf))
	for _, r := range raws {
		for _, id := range r.ids {
			counts[id]++
		}
	}
	m.postings = make([][]posting, len(m.idf))
	for id, c := range counts {
		m.postings[id] = make([]posting, 0, c)
	}
	m.docs = make([]docInfo, len(raws))
	train := make([]example, 0, len(raws))
	for di, r := range raws {
		m.docs[di] = r.info
		sum := 0.0
		for k, id := range r.ids {
			w := (1 + math.Log(1+float64(r.tf[k]))) * float64(m.idf[id])
			r.tf[k] = float32(w) // reuse: now the TF-IDF weight
			sum += w * w
		}
		inv := float32(1 / math.Sqrt(sum))
		for k, id := range r.ids {
			r.tf[k] *= inv
			m.postings[id] = append(m.postings[id], posting{int32(di), r.tf[k]})
		}
		train = append(train, example{class: r.info.svc, ids: r.ids, xs: r.tf})
	}
	m.lin = trainLinear(train, len(m.services), len(m.idf))
	if m.Thresholds == (Thresholds{}) {
		m.Thresholds = DefaultThresholds
	}
	return m
}

// intern returns the id of a feature, adding it while the index is built.
func (m *Matcher) intern(key string) int32 {
	id, ok := m.featID[key]
	if !ok {
		id = int32(len(m.featID))
		m.featID[key] = id
	}
	return id
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

// weigh turns a query's features into sublinear TF-IDF weights, returning
// the vector (ids ascending, merged) and its L2 norm. Word features the
// index lacks still count in the norm, at a high weight, so a question made
// mostly of words the KB has never seen scores low.
func (m *Matcher) weigh(an analysis) ([]qfeat, float64) {
	fs := an.feats
	sort.Slice(fs, func(i, j int) bool { return fs[i].id < fs[j].id })
	out := fs[:0]
	for _, f := range fs {
		if n := len(out); n > 0 && out[n-1].id == f.id {
			out[n-1].w += f.w
		} else {
			out = append(out, f)
		}
	}
	sum := 0.0
	for i, f := range out {
		w := (1 + math.Log(1+float64(f.w))) * float64(m.idf[f.id])
		out[i].w = float32(w)
		sum += w * w
	}
	if an.unk > 0 {
		w := (1 + math.Log(1+an.unk)) * 3.0
		sum += w * w
	}
	if sum == 0 {
		return out, 1
	}
	return out, math.Sqrt(sum)
}

// Candidate is one service with its fused score.
type Candidate struct {
	ServiceID string
	Score     float64 // fused: what ranks the services
	Evidence  float64 `json:"-"` // nearest-neighbour score alone: how close the question is to what the KB knows
}

// rank scores every service for an analysed query, best first.
func (m *Matcher) rank(an analysis, ctxService string) []Candidate {
	vec, norm := m.weigh(an)
	if len(vec) == 0 {
		return nil
	}
	inv := float32(1 / norm)
	for i := range vec {
		vec[i].w *= inv
	}
	scores := make([]float32, len(m.docs))
	for _, f := range vec {
		for _, p := range m.postings[f.id] {
			scores[p.doc] += f.w * p.w
		}
	}
	var lin []float64
	if m.lin != nil {
		lin = m.lin.probs(vec)
	}
	type agg struct{ best, second, profile float64 }
	per := make([]agg, len(m.services))
	for di, s := range scores {
		if s == 0 {
			continue
		}
		d := m.docs[di]
		a := &per[d.svc]
		v := float64(s)
		if d.profile {
			a.profile = v
			continue
		}
		if v > a.best {
			a.best, a.second = v, a.best
		} else if v > a.second {
			a.second = v
		}
	}
	out := make([]Candidate, 0, 8)
	for i, a := range per {
		ev := 0.6*a.best + 0.15*a.second + 0.25*a.profile
		sc := ev
		if lin != nil {
			sc = (1-linMix)*ev + linMix*lin[i]
		}
		if sc <= 0 {
			continue
		}
		if ctxService != "" && m.services[i].ID == ctxService {
			sc += m.Thresholds.Context
			ev += m.Thresholds.Context
		}
		out = append(out, Candidate{m.services[i].ID, sc, ev})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ServiceID < out[j].ServiceID
	})
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}

// Understand classifies one citizen message in its conversation context.
func (m *Matcher) Understand(ctx context.Context, q Query) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	an := m.analyze(q.Text)
	res := Result{Script: an.script, Lang: an.script.ReplyLang(an.arabicLed), Source: "local"}
	if res.Lang == "" {
		res.Lang = q.Context.Lang
	}
	if res.Lang == "" {
		res.Lang = "ar"
	}
	if an.script == ScriptNone || len(an.tokens) == 0 {
		res.Intent = IntentFallback
		return res, nil
	}
	res.Aspect, _ = detectAspect(an.views)
	cands := m.rank(an, q.Context.LastService)
	res.Candidates = cands
	// Two signals: the fused score ranks the services and tells a clear
	// winner from a close call (margin); the nearest-neighbour evidence says
	// whether the question is near anything the KB covers at all (top).
	top, second, margin := 0.0, 0.0, 1.0
	if len(cands) > 0 {
		top = cands[0].Evidence
	}
	if len(cands) > 1 {
		second = cands[1].Evidence
		margin = cands[0].Score - cands[1].Score
	}
	th := m.Thresholds
	// Words the knowledge base has never seen are evidence that the question
	// is about something it does not cover ("permit for a wedding tent").
	if an.content > 0 && an.unknown > 0 {
		f := 1 - th.Unknown*float64(an.unknown)/float64(an.content)
		top, second = top*f, second*f
	}
	res.Confidence = confidence(top, margin, th)

	// System intents: a request for a person wins unless the message is
	// clearly about a service; greetings and thanks only when nothing else
	// is said (or nothing else is understood).
	aspect := res.Aspect
	res.Aspect = knowledge.AspectNone // only a service answer has an aspect
	if isHandoff(an.views) && top < th.Sure {
		res.Intent = IntentHandoff
		res.Confidence = 1
		return res, nil
	}
	for _, name := range []string{IntentGoodbye, IntentThanks, IntentGreeting} {
		if cueScore(systemCues[name], an.views) > 0 && (top < th.Answer || residual(an.tokens, systemCues[name]) == 0) {
			res.Intent = name
			res.Confidence = 1
			return res, nil
		}
	}

	res.Aspect = aspect
	// A follow-up: an aspect asked with no new service ("and how much?",
	// "which papers?"): nothing but aspect words, or nothing that matches.
	if q.Context.LastService != "" && res.Aspect != knowledge.AspectNone &&
		(top < th.Answer || cands[0].ServiceID == q.Context.LastService ||
			residual(an.tokens, allAspectCues) == 0 || (residual(an.tokens, allAspectCues) == 1 && top < th.Sure)) {
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
	case margin < th.Margin && top < th.Sure:
		res.Intent = IntentClarify
	default:
		res.Intent = IntentServiceInfo
		res.ServiceID = cands[0].ServiceID
	}
	return res, nil
}

// confidence maps the fused score and the margin to [0,1]: a logistic of
// how far the top score clears the answer threshold, damped by a small margin.
func confidence(top, margin float64, th Thresholds) float64 {
	if top <= 0 {
		return 0
	}
	x := (top-th.Answer)/(th.Sure-th.Answer)*4 - 1 + margin*4
	return math.Round(1/(1+math.Exp(-x))*1000) / 1000
}
