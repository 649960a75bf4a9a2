package intents

import (
	"context"

	"github.com/dalil-project/dalil/knowledge"
)

// Intents a Result can carry (the same names as the chat protocol).
const (
	IntentGreeting    = "greeting"
	IntentThanks      = "thanks"
	IntentGoodbye     = "goodbye"
	IntentServiceInfo = "service_info"
	IntentClarify     = "clarify"
	IntentOutOfScope  = "out_of_scope"
	IntentFallback    = "fallback"
	IntentHandoff     = "handoff"
)

// Turn is one earlier message of the conversation, for classifiers that
// read context (the LLM layer).
type Turn struct {
	Role string // "citizen" or "bot"
	Text string
}

// Context is what the conversation knows before this message.
type Context struct {
	LastService string // service of the previous answer, if any
	LastAspect  string
	Lang        string // language of the previous reply
	Recent      []Turn // last few turns, oldest first
}

// Query is one citizen message to understand.
type Query struct {
	Text    string
	Context Context
}

// Result is what a classifier understood. The local Matcher and an
// LLM-backed classifier return the same shape, so bot does not care which
// one answered.
type Result struct {
	Intent     string
	ServiceID  string      // set for IntentServiceInfo
	Candidates []Candidate // ranked services, best first (clarify suggestions)
	Aspect     knowledge.Aspect
	Confidence float64 // calibrated: 0 (guess) .. 1 (certain)
	Script     Script
	Lang       string // reply language: "ar" or "en"
	FollowUp   bool   // the service came from context, not from this message
	Source     string // "local" or "llm"
}

// Classifier understands citizen messages. The local Matcher is one; an
// LLM-backed classifier that falls back to it is another.
type Classifier interface {
	Understand(ctx context.Context, q Query) (Result, error)
}
