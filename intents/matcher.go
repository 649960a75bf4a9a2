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
	texts := make([][]string, len(m.services))
	for i, s := range m.services {
		var ts []string
		ts = append(ts, s.Examples.AR...)
		ts = append(ts, s.Examples.EN...)
		texts[i] = ts
		prof := profileText(s)
		for _, t := range append(ts, prof) {
			for _, w := range Tokens(Normalize(t)) {
				st := Stem(w)
				known[st] = true
				if isArabic([]rune(w)[0]) && !stopwords[w] {
					freq[st]++
				}
			}
		}
	}
	m.an = analyzer{tr: newTransliterator(freq), known: known}

	// Pass 2: documents.
	type rawDoc struct {
		info  docInfo
		feats map[string]float64
	}
	var raws []rawDoc
	df := map[string]int{}
	for i, s := range m.services {
		add := func(text string, profile bool) {
			an := m.an.analyze(text, true)
			if len(an.feats) == 0 {
				return
			}
			raws = append(raws, rawDoc{docInfo{int32(i), profile}, an.feats})
			for f := range an.feats {
				df[f]++
			}
		}
		for _, t := range texts[i] {
			add(t, false)
		}
		add(profileText(s), true)
	}
	n := float64(len(raws))
	for f, d := range df {
		id := int32(len(m.idf))
		m.featID[f] = id
		m.idf = append(m.idf, float32(math.Log(1+n/float64(d))))
	}
	m.postings = make([][]posting, len(m.idf))
	m.docs = make([]docInfo, len(raws))
	for di, r := range raws {
		m.docs[di] = r.info
		vec, norm := m.weigh(r.feats)
		for id, w := range vec {
			m.postings[id] = append(m.postings[id], posting{int32(di), float32(w / norm)})
		}
	}
	if m.Thresholds == (Thresholds{}) {
		m.Thresholds = DefaultThresholds
	}
	return m
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

// weigh turns raw feature counts into sublinear TF-IDF weights over known
// features, returning the vector and its L2 norm.
func (m *Matcher) weigh(feats map[string]float64) (map[int32]float64, float64) {
	vec := make(map[int32]float64, len(feats))
	sum := 0.0
	for f, tf := range feats {
		id, ok := m.featID[f]
		if !ok {
			continue
		}
		w := (1 + math.Log(1+tf)) * float64(m.idf[id])
		vec[id] = w
		sum += w * w
	}
	if sum == 0 {
		return vec, 1
	}
	return vec, math.Sqrt(sum)
}

// Candidate is one service with its fused score.
type Candidate struct {
	ServiceID string
	Score     float64
}

// rank scores every service for an analysed query, best first.
func (m *Matcher) rank(an analysis, ctxService string) []Candidate {
	vec, norm := m.weigh(an.feats)
	// Unknown features still count in the query norm, at the mean idf, so a
	// question made mostly of words the KB has never seen scores low.
	unknownMass := 0.0
	for f, tf := range an.feats {
		if _, ok := m.featID[f]; !ok && strings.HasPrefix(f, "w|") {
			w := (1 + math.Log(1+tf)) * 3.0
			unknownMass += w * w
		}
	}
	norm = math.Sqrt(norm*norm + unknownMass)
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
	an := m.an.analyze(q.Text, false)
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
