package staff

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// Question is a citizen's question the bot did not answer well: it got a
// fallback, out of scope, clarify or a low-confidence answer, or its
// answer was rated unhelpful.
type Question struct {
	ConversationID string    `json:"conversation_id"`
	MessageID      string    `json:"message_id"`
	Text           string    `json:"text"` // as stored: redacted
	Lang           string    `json:"lang"`
	At             time.Time `json:"at"`
	Reasons        []string  `json:"reasons"` // fallback, out_of_scope, clarify, low_confidence, unhelpful
	Intent         string    `json:"intent"`
	ServiceID      string    `json:"service_id,omitempty"`
	Confidence     float64   `json:"confidence"`
}

// Group is similar unanswered questions in one language.
type Group struct {
	Lang          string         `json:"lang"`
	Key           string         `json:"key"`  // the representative's features
	Text          string         `json:"text"` // the most frequent wording
	Count         int            `json:"count"`
	Conversations int            `json:"conversations"`
	Reasons       map[string]int `json:"reasons"`
	Services      []string       `json:"services"` // services answered (or suggested) for them
	Last          time.Time      `json:"last"`
	Examples      []Question     `json:"examples"` // up to five, latest first
}

// Similar is how alike two questions' features must be (Jaccard) to fall
// in one group, or for a resolution to cover a question.
const Similar = 0.5

// questionsIn picks the unanswered questions out of one transcript.
func questionsIn(convID string, es []bot.Entry, low float64) []Question {
	byID := map[string]int{} // citizen message id -> index in es
	replies := map[string]bot.Entry{}
	for i, e := range es {
		switch e.Role {
		case bot.RoleCitizen:
			byID[e.ID] = i
		case bot.RoleBot:
			replies[e.ID] = e
		}
	}
	var out []Question
	seen := map[string]int{} // citizen message id -> index in out
	note := func(reply bot.Entry, reason string) {
		ci, ok := byID[reply.ReplyTo]
		if !ok {
			return
		}
		c := es[ci]
		if i, ok := seen[c.ID]; ok {
			if !slices.Contains(out[i].Reasons, reason) {
				out[i].Reasons = append(out[i].Reasons, reason)
			}
			return
		}
		seen[c.ID] = len(out)
		lang := c.Lang
		if lang == "" {
			lang = reply.Lang
		}
		out = append(out, Question{ConversationID: convID, MessageID: c.ID, Text: c.Text, Lang: lang, At: c.At,
			Reasons: []string{reason}, Intent: reply.Intent, ServiceID: reply.ServiceID, Confidence: reply.Confidence})
	}
	for _, e := range es {
		switch e.Role {
		case bot.RoleBot:
			if why := Unanswered(e, low); why != "" {
				note(e, why)
			}
		case bot.RoleFeedback:
			if e.Helpful != nil && !*e.Helpful {
				if r, ok := replies[e.ReplyTo]; ok {
					note(r, "unhelpful")
				}
			}
		}
	}
	return out
}

// GroupQuestions groups questions by similarity, per language: questions
// with the same features (the same words once normalized, stemmed and
// rid of question words) are one wording; wordings are taken most
// frequent first, and each joins the group whose first wording it is most
// like, if at least Similar, or starts a group. Questions covered by a
// resolution (same language, Similar or closer) are left out. Groups come
// largest first.
func GroupQuestions(qs []Question, resolved []Resolution) []Group {
	type wording struct {
		lang, key string
		feats     []string
		qs        []Question
		texts     map[string]int
	}
	words := map[string]*wording{}
	var order []*wording
	covered := func(lang string, f []string) bool {
		for _, r := range resolved {
			if r.Lang == lang && jaccard(f, strings.Fields(r.Key)) >= Similar {
				return true
			}
		}
		return false
	}
	for _, q := range qs {
		f := features(q.Text)
		if len(f) == 0 {
			continue // nothing to say what it was about ("??", "hi")
		}
		if covered(q.Lang, f) {
			continue
		}
		k := q.Lang + "|" + strings.Join(f, " ")
		w := words[k]
		if w == nil {
			w = &wording{lang: q.Lang, key: strings.Join(f, " "), feats: f, texts: map[string]int{}}
			words[k] = w
			order = append(order, w)
		}
		w.qs = append(w.qs, q)
		w.texts[q.Text]++
	}
	slices.SortStableFunc(order, func(a, b *wording) int {
		return cmp.Or(cmp.Compare(len(b.qs), len(a.qs)), cmp.Compare(a.key, b.key))
	})
	type group struct {
		lang  string
		feats []string
		ws    []*wording
	}
	var groups []*group
	for _, w := range order {
		var best *group
		bestSim := 0.0
		for _, g := range groups {
			if g.lang != w.lang {
				continue
			}
			if s := jaccard(w.feats, g.feats); s >= Similar && s > bestSim {
				best, bestSim = g, s
			}
		}
		if best == nil {
			best = &group{lang: w.lang, feats: w.feats}
			groups = append(groups, best)
		}
		best.ws = append(best.ws, w)
	}
	out := make([]Group, 0, len(groups))
	for _, g := range groups {
		G := Group{Lang: g.lang, Key: strings.Join(g.feats, " "), Reasons: map[string]int{}}
		convs := map[string]bool{}
		services := map[string]bool{}
		var all []Question
		bestText, bestN := "", 0
		for _, w := range g.ws {
			for t, n := range w.texts {
				if n > bestN || (n == bestN && t < bestText) {
					bestText, bestN = t, n
				}
			}
			all = append(all, w.qs...)
		}
		for _, q := range all {
			G.Count++
			convs[q.ConversationID] = true
			for _, r := range q.Reasons {
				G.Reasons[r]++
			}
			if q.ServiceID != "" {
				services[q.ServiceID] = true
			}
			if q.At.After(G.Last) {
				G.Last = q.At
			}
		}
		G.Text, G.Conversations = bestText, len(convs)
		for s := range services {
			G.Services = append(G.Services, s)
		}
		slices.Sort(G.Services)
		slices.SortFunc(all, func(a, b Question) int { return b.At.Compare(a.At) })
		G.Examples = all[:min(5, len(all))]
		out = append(out, G)
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), b.Last.Compare(a.Last), cmp.Compare(a.Key, b.Key))
	})
	return out
}
