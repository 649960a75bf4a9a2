package llm

import (
	"unicode"

	"github.com/dalil-project/dalil/intents"
)

// Route decides when the local matcher is unsure enough to ask the model.
// The defaults were chosen on the development set so that about a fifth of
// turns ask (target: at most a quarter); docs/llm.md has the figures and the
// command that measures them (dalil eval --llm-share).
type Route struct {
	// MinConfidence: a service answer below this confidence asks.
	MinConfidence float64
	// MinMargin: a service answer whose two best candidates score closer
	// than this asks.
	MinMargin float64
	// NearMiss: an out-of-scope decision whose best candidate still scores
	// at least this asks (the matcher often misses dialect and Arabizi
	// wordings of a covered service); below it, out of scope stands.
	NearMiss float64
}

// DefaultRoute is used when Options.Route is zero.
var DefaultRoute = Route{MinConfidence: 0.8, MinMargin: 0.03, NearMiss: 0.10}

// Reasons a turn asks the model (labels of dalil_llm_routed_total).
const (
	RouteClarify       = "clarify"           // the matcher offers a choice
	RouteLowConfidence = "low_confidence"    // a service answer it is not sure of
	RouteSmallMargin   = "small_margin"      // two services almost tied
	RouteNearMiss      = "near_miss"         // out of scope, but a service came close
	RouteFollowUp      = "follow_up"         // a follow-up it could not resolve
	RouteSeveral       = "several_questions" // more than one question in the message
)

// Unsure returns why the local result should be checked by the model, or
// "" when it stands on its own. Greetings, thanks, goodbyes, requests for
// a person and messages with no words never ask.
func (r Route) Unsure(q intents.Query, res intents.Result) string {
	if r == (Route{}) {
		r = DefaultRoute
	}
	top, second := 0.0, 0.0
	if len(res.Candidates) > 0 {
		top = res.Candidates[0].Score
	}
	if len(res.Candidates) > 1 {
		second = res.Candidates[1].Score
	}
	switch res.Intent {
	case intents.IntentClarify:
		return RouteClarify
	case intents.IntentOutOfScope:
		if q.Context.LastService != "" {
			return RouteFollowUp
		}
		if top >= r.NearMiss {
			return RouteNearMiss
		}
		if questions(q.Text) > 1 {
			return RouteSeveral
		}
	case intents.IntentServiceInfo:
		switch {
		case questions(q.Text) > 1:
			return RouteSeveral
		case res.FollowUp:
			// A follow-up the matcher resolved from context stands.
		case res.Confidence < r.MinConfidence:
			return RouteLowConfidence
		case len(res.Candidates) > 1 && top-second < r.MinMargin:
			return RouteSmallMargin
		}
	}
	return ""
}

// questions counts the questions in a message: question marks (Latin or
// Arabic) that close some words; "??" counts once.
func questions(s string) int {
	n, words := 0, false
	for _, r := range s {
		switch {
		case r == '?' || r == '؟':
			if words {
				n++
			}
			words = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			words = true
		}
	}
	return n
}
