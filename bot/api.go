package bot

import "time"

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

// Suggestion is a service offered in a clarify reply, or, with an empty
// ServiceID, a quick answer the client may send back as a message (the
// "yes" and "no" of a handoff offer).
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

	// Silent is set when the message went to the staff member holding the
	// conversation: the bot says nothing (only ID and ReplyTo are set) and
	// the client is told the message was delivered.
	Silent bool
	// Queue is set when the reply put the conversation in the queue for a
	// person (or the citizen asked again while waiting).
	Queue *QueueStatus
}

// QueueStatus is a waiting citizen's place in the queue for a person.
type QueueStatus struct {
	Position int           // from 1
	Wait     time.Duration // estimated
	Text     string        // both, in the conversation's language
}

// Live is what a citizen's open chat needs to show what happened outside
// its own turns: a staff member joining, writing or leaving, and its place
// in the queue.
type Live struct {
	Handoff string       // State.Handoff
	Queue   *QueueStatus // while waiting for a person
	Entries []Entry      // agent messages and handoff events, oldest first
}

// Notice tells every instance that something a live screen shows has
// changed: the citizen's chat (a staff member joined, wrote or left), the
// staff console (the citizen wrote) or the queue. It carries no text: the
// transcript is the record, a notice only says where to look.
type Notice struct {
	ConversationID string `json:"conversation_id,omitempty"` // empty for NoticeQueue
	Kind           string `json:"kind"`
}

// Kinds of Notice.
const (
	NoticeQueue   = "queue"   // the queue changed (a citizen joined or left it, or was taken)
	NoticeAgent   = "agent"   // a staff member joined, wrote or left the conversation
	NoticeCitizen = "citizen" // the citizen wrote, rated, or left a message
)

// Feedback is a citizen's rating of one reply.
type Feedback struct {
	MessageID string // the reply id (r_…)
	Helpful   bool
	Comment   string
}
