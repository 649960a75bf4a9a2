package intents

import (
	"context"
	"math"
	"sort"
	"strings"

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
var DefaultThresholds = Thresholds{Answer: 0.20, Margin: 0.01, Sure: 0.35, Context: 0.08, Unknown: 0.6}

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
	Thresholds Thresholds
}

// NewMatcher indexes a knowledge base.
func NewMatcher(base *knowledge.Base) *Matcher {
	m := &Matcher{base: base, services: base.Services(), featID: map[string]int32{}}
	// Pass 1: vocabulary for the transliterator and the unknown-word count.
	freq := map[string]int{}
	known := map[string]bool{}
	stemOf := map[string]string{}
	texts := make([][]string, len(m.services))
	for i, s := range m.services {
		ts := make([]string, 0, len(s.Examples.AR)+len(s.Examples.EN)+1)
		ts = append(ts, s.Examples.AR...)
		ts = append(ts, s.Examples.EN...)
		ts = append(ts, profileText(s))
		texts[i] = ts
		for _, t := range ts {
			for _, w := range Tokens(Normalize(t)) {
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
	}
	m.an = analyzer{tr: newTransliterator(freq), known: known}

	// Pass 2: one document per example and one profile per service. A word
	// contributes the same features wherever it appears, so each distinct
	// word is analysed once and its feature ids are kept.
	type cached struct {
		info tokInfo
		ids  []int32
	}
	cache := map[string]*cached{}
	info := func(t string, arabizi bool) *tokInfo {
		key := t
		if arabizi {
			key = "\x00" + t
		}
		c, ok := cache[key]
		if !ok {
			c = &cached{info: m.an.tokenInfo(t, arabizi)}
			c.ids = make([]int32, len(c.info.feats))
			for i, f := range c.info.feats {
				c.ids[i] = m.intern(f.key)
			}
			cache[key] = c
		}
		return &c.info
	}
	type rawDoc struct {
		info docInfo
		ids  []int32
		tf   []float32
	}
	var raws []rawDoc
	var df []int32
	acc := map[int32]float64{}
	for i := range m.services {
		for j, t := range texts[i] {
			clear(acc)
			an := m.an.analyze(t, info)
			for _, f := range an.feats {
				acc[m.intern(f.key)] += f.w
			}
			if len(acc) == 0 {
				continue
			}
			d := rawDoc{info: docInfo{int32(i), j == len(texts[i])-1}, ids: make([]int32, 0, len(acc)), tf: make([]float32, 0, len(acc))}
			for id, w := range acc {
				d.ids = append(d.ids, id)
				d.tf = append(d.tf, float32(w))
				for int(id) >= len(df) {
					df = append(df, 0)
				}
				df[id]++
			}
			raws = append(raws, d)
		}
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
	for di, r := range raws {
		m.docs[di] = r.info
		sum := 0.0
		ws := make([]float64, len(r.ids))
		for k, id := range r.ids {
			w := (1 + math.Log(1+float64(r.tf[k]))) * float64(m.idf[id])
			ws[k] = w
			sum += w * w
		}
		norm := math.Sqrt(sum)
		for k, id := range r.ids {
			m.postings[id] = append(m.postings[id], posting{int32(di), float32(ws[k] / norm)})
		}
	}
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

// weigh turns a query's features into sublinear TF-IDF weights over known
// features, returning the vector and its L2 norm. Unknown words still count
// in the norm, at a high weight, so a question made mostly of words the KB
// has never seen scores low.
func (m *Matcher) weigh(feats []feat) (map[int32]float64, float64) {
	tf := make(map[int32]float64, len(feats))
	unknown := map[string]float64{}
	for _, f := range feats {
		if id, ok := m.featID[f.key]; ok {
			tf[id] += f.w
		} else if strings.HasPrefix(f.key, "w|") {
			unknown[f.key] += f.w
		}
	}
	sum := 0.0
	for id, v := range tf {
		w := (1 + math.Log(1+v)) * float64(m.idf[id])
		tf[id] = w
		sum += w * w
	}
	for _, v := range unknown {
		w := (1 + math.Log(1+v)) * 3.0
		sum += w * w
	}
	if sum == 0 {
		return tf, 1
	}
	return tf, math.Sqrt(sum)
}

// Candidate is one service with its fused score.
type Candidate struct {
	ServiceID string
	Score     float64
}

// rank scores every service for an analysed query, best first.
func (m *Matcher) rank(an analysis, ctxService string) []Candidate {
	vec, norm := m.weigh(an.feats)
	if len(vec) == 0 {
		return nil
	}
	scores := make([]float32, len(m.docs))
	for id, w := range vec {
		qw := float32(w / norm)
		for _, p := range m.postings[id] {
			scores[p.doc] += qw * p.w
		}
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
		sc := 0.6*a.best + 0.15*a.second + 0.25*a.profile
		if sc <= 0 {
			continue
		}
		if ctxService != "" && m.services[i].ID == ctxService {
			sc += m.Thresholds.Context
		}
		out = append(out, Candidate{m.services[i].ID, sc})
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
	an := m.an.analyze(q.Text, nil)
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
	top, second := 0.0, 0.0
	if len(cands) > 0 {
		top = cands[0].Score
	}
	if len(cands) > 1 {
		second = cands[1].Score
	}
	th := m.Thresholds
	// Words the knowledge base has never seen are evidence that the question
	// is about something it does not cover ("permit for a wedding tent").
	if an.content > 0 && an.unknown > 0 {
		f := 1 - th.Unknown*float64(an.unknown)/float64(an.content)
		top, second = top*f, second*f
	}
	res.Confidence = confidence(top, second, th)

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
	case top-second < th.Margin && top < th.Sure:
		res.Intent = IntentClarify
	default:
		res.Intent = IntentServiceInfo
		res.ServiceID = cands[0].ServiceID
	}
	return res, nil
}

// confidence maps the fused score and the margin to [0,1]: a logistic of
// how far the top score clears the answer threshold, damped by a small margin.
func confidence(top, second float64, th Thresholds) float64 {
	if top <= 0 {
		return 0
	}
	x := (top-th.Answer)/(th.Sure-th.Answer)*4 - 1 + (top-second)*8
	return math.Round(1/(1+math.Exp(-x))*1000) / 1000
}
