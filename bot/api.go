package bot

// The types in this file are what transport (and any other front end) sees of a
// conversation. They mirror ../shared/PROTOCOL.md v1 but carry no JSON wire
// concerns: transport maps them to frames.

// Intents a reply can carry (PROTOCOL.md).
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

// Error codes for error frames (PROTOCOL.md).
const (
	CodeBadRequest  = "bad_request"
	CodeTooLarge    = "too_large"
	CodeRateLimited = "rate_limited"
	CodeUnavailable = "unavailable"
	CodeInternal    = "internal"
)

// Session is the result of opening a chat: a new conversation or a resumed one.
type Session struct {
	ConversationID string
	ResumeToken    string  // random, unguessable, bound to ConversationID
	Resumed        bool    // false when no token was given or it was unknown/expired
	Lang           string  // "ar" or "en"
	Welcome        string  // welcome text in Lang
	History        []Entry // recent turns (citizen and bot), oldest first; only when Resumed
}

// Message is one citizen message.
type Message struct {
	ID   string // chosen by the client, echoed as Reply.ReplyTo
	Text string
	// Delta, when set, receives streamed pieces of the reply text before
	// Handle returns (rephrase mode of the LLM layer). May be nil.
	Delta func(text string) `json:"-"`
}

// Suggestion is a service offered in a clarify reply.
type Suggestion struct {
	ServiceID string
	Title     string
}

// Source says where an answer came from.
type Source struct {
	ServiceID string
	Version   int
	URL       string
}

// Reply is the bot's final answer to one Message.
type Reply struct {
	ID          string
	ReplyTo     string
	Lang        string
	Intent      string
	ServiceID   string
	Aspect      string
	Confidence  float64
	Text        string
	Suggestions []Suggestion
	Source      *Source
}

// Feedback is a citizen's rating of one reply.
type Feedback struct {
	MessageID string // the reply id (r_…)
	Helpful   bool
	Comment   string
}
