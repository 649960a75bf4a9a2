package bot

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when a conversation has no state
// (never started, expired, or erased).
var ErrNotFound = errors.New("conversation not found")

// ErrUnavailable wraps store failures (Redis down, timeout): the citizen gets an
// `unavailable` error frame and nothing is kept only in memory.
var ErrUnavailable = errors.New("conversation store unavailable")

// ErrLocked is returned by Store.Lock when another turn of the same
// conversation holds the lock and did not release it in time.
var ErrLocked = errors.New("conversation busy")

// State is what the bot remembers about one conversation between turns.
type State struct {
	ID          string `json:"id"`
	TokenHash   string `json:"token_hash"` // SHA-256 (hex) of the resume secret; the secret itself is never stored
	Lang        string `json:"lang"`       // language of the latest reply: "ar" or "en"
	LastService string `json:"last_service,omitempty"`
	LastAspect  string `json:"last_aspect,omitempty"`
	Fallbacks   int    `json:"fallbacks,omitempty"` // consecutive fallback / out-of-scope replies
	Turns       int    `json:"turns"`
	// LastMessageID and LastReply let a retried message (same client id,
	// e.g. resent after a dropped connection) get the same reply without
	// being handled or written twice.
	LastMessageID string    `json:"last_message_id,omitempty"`
	LastReply     *Reply    `json:"last_reply,omitempty"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	Recent        []Turn    `json:"recent,omitempty"` // the last three exchanges, oldest first

	// Live handoff to a person (handoff.go): where the conversation stands
	// (one of the Handoff* values; empty: the bot answers), the staff
	// account holding it, and when it joined the queue.
	Handoff  string    `json:"handoff,omitempty"`
	Agent    string    `json:"agent,omitempty"`
	QueuedAt time.Time `json:"queued_at,omitzero"`
	// Rating is the citizen's latest rating of the conversation, 1 to 5
	// (0: none yet).
	Rating int `json:"rating,omitempty"`
}

// Turn is one line of State.Recent, for a classifier that reads context
// (the LLM layer): citizen text redacted and shortened, a bot turn as what
// was answered ("service_info passport-renewal fees").
type Turn struct {
	Role string `json:"role"` // "citizen" or "bot"
	Text string `json:"text"`
}

// Roles of transcript entries.
const (
	RoleCitizen  = "citizen"
	RoleBot      = "bot"
	RoleFeedback = "feedback" // the citizen's rating of one reply
	RoleAgent    = "agent"    // a message from the staff member holding the conversation
	RoleEvent    = "event"    // a handoff event (Entry.Event)
	RoleRating   = "rating"   // the citizen's rating of the whole conversation
)

// Handoff events (Entry.Event of RoleEvent entries).
const (
	EventQueued      = "queued"       // the citizen accepted a handoff and waits for a person
	EventQueueLeft   = "queue_left"   // taken out of the queue without a person joining
	EventAgentJoined = "agent_joined" // a staff member took the conversation; the bot is silent
	EventAgentLeft   = "agent_left"   // the staff member handed it back; the bot answers again
	EventMessageLeft = "message_left" // outside working hours, the citizen left a message for staff
)

// Entry is one transcript line: a citizen message, a bot reply, a staff
// member's message, feedback, a rating or a handoff event.
type Entry struct {
	ID             string    `json:"id"`   // citizen: the client's message id; bot: the reply id
	Role           string    `json:"role"` // one of the Role* values
	Text           string    `json:"text"` // citizen text is redacted unless Config.RawTranscripts
	Lang           string    `json:"lang,omitempty"`
	ReplyTo        string    `json:"reply_to,omitempty"` // bot entries: the citizen message id answered
	Intent         string    `json:"intent,omitempty"`
	ServiceID      string    `json:"service_id,omitempty"`
	ServiceVersion int       `json:"service_version,omitempty"`
	Aspect         string    `json:"aspect,omitempty"`
	Confidence     float64   `json:"confidence,omitempty"`
	Helpful        *bool     `json:"helpful,omitempty"`    // feedback entries: the citizen's rating of ReplyTo
	DecidedBy      string    `json:"decided_by,omitempty"` // bot entries: "llm" when the LLM layer chose the intent
	Rephrased      bool      `json:"rephrased,omitempty"`  // bot entries: the text is the model's rephrasing, grounding checked
	Agent          string    `json:"agent,omitempty"`      // agent entries and agent events: the staff account
	Event          string    `json:"event,omitempty"`      // event entries: one of the Event* values
	Score          int       `json:"score,omitempty"`      // rating entries: 1 to 5
	At             time.Time `json:"at"`
}

// Store keeps conversation state and transcripts. Two implementations exist:
// in-process (memstore, the zero-config default) and Redis (redisstore). Both
// pass the contract suite in bot/storetest. Every failure to reach the backend
// is wrapped with ErrUnavailable.
type Store interface {
	// Load returns the state of conversation id, or ErrNotFound.
	Load(ctx context.Context, id string) (State, error)
	// Save writes the state and (re)starts its idle TTL.
	Save(ctx context.Context, s State, ttl time.Duration) error
	// Append adds entries to the transcript, in order. An entry whose (Role, ID)
	// is already in the transcript is skipped, so a retried write does not
	// duplicate it. The transcript is capped at maxLen entries (oldest dropped)
	// and expires ttl after the last append (the retention period).
	Append(ctx context.Context, id string, ttl time.Duration, maxLen int, entries ...Entry) error
	// History returns up to n most recent transcript entries, oldest first.
	History(ctx context.Context, id string, n int) ([]Entry, error)
	// Lock serialises the turns of one conversation, across instances when the
	// store is shared. It waits up to wait for the lock; the lock expires after
	// ttl even if unlock is never called (a crashed instance).
	Lock(ctx context.Context, id string, ttl, wait time.Duration) (unlock func(), err error)
	// Ping reports whether the backend is reachable (for /readyz).
	Ping(ctx context.Context) error
}

// LockLoader is a Store that can take a conversation's lock and read its
// state in one round trip (redisstore). Optional: the engine uses it when
// the store has it. stateErr is ErrNotFound for a conversation without
// state; err is a failure to lock.
type LockLoader interface {
	LockLoad(ctx context.Context, id string, ttl, wait time.Duration) (st State, stateErr error, unlock func(), err error)
}

// TurnWriter is a Store that can append a turn's transcript lines and save
// the state in one round trip (redisstore). Optional.
type TurnWriter interface {
	AppendSave(ctx context.Context, id string, logTTL time.Duration, maxLen int, st State, stateTTL time.Duration, entries ...Entry) error
}
