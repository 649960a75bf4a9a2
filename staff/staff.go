package staff

import (
	"context"
	"errors"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// ErrNotFound is returned for a conversation the index does not have
// (never indexed, expired or erased).
var ErrNotFound = errors.New("conversation not found")

// ErrUnavailable wraps failures to reach the store.
var ErrUnavailable = errors.New("staff store unavailable")

// Conversation is the index record of one conversation: what the list
// shows and what the filters match.
type Conversation struct {
	ID          string    `json:"id"`
	Started     time.Time `json:"started"`
	Last        time.Time `json:"last"`     // last activity
	Lang        string    `json:"lang"`     // of the latest step
	Messages    int       `json:"messages"` // citizen messages
	Services    []string  `json:"services"` // answered from, sorted
	Intents     []string  `json:"intents"`  // of the bot's replies, sorted
	Unanswered  int       `json:"unanswered"`
	Negative    int       `json:"negative"` // replies rated unhelpful
	HandedOff   bool      `json:"handed_off"`
	Held        string    `json:"held,omitempty"` // the staff account holding it now
	LeftMessage bool      `json:"left_message"`   // a message left for staff, not yet handled
	Rating      int       `json:"rating,omitempty"`
	Flagged     bool      `json:"flagged"`
	Tags        []string  `json:"tags"`
	Notes       []Note    `json:"notes"`
	Preview     string    `json:"preview"` // the first citizen message (redacted), shortened
}

// Note is a staff member's note on a conversation.
type Note struct {
	By   string    `json:"by"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// Update is what one observed step adds to a conversation's record. The
// counts add up; the flags only turn on (except Held and LeftMessage,
// which say so).
type Update struct {
	ID          string
	At          time.Time // the step's time: the record's last activity
	Lang        string
	Messages    int
	Services    []string
	Intents     []string
	Unanswered  int
	Negative    int
	HandedOff   bool
	Held        string // "": unchanged; HeldNobody: handed back; else the staff account now holding it
	LeftMessage int    // +1: a message was left; -1: handled (a staff member handed the conversation back); 0: unchanged
	Rating      int    // >0: the conversation's rating now
	Preview     string // kept only if the record has none
	Terms       []string
}

// HeldNobody in Update.Held says no one holds the conversation any more.
const HeldNobody = "-"

// Filter selects conversations; zero fields match everything. Every
// condition given must hold.
type Filter struct {
	From, To    time.Time // last activity in [From, To); zero: open
	Lang        string    // a turn in this language (a conversation that switched is in both)
	Service     string    // a turn about this service
	Intent      string
	Tag         string
	Unanswered  bool
	HandedOff   bool
	Negative    bool
	Flagged     bool
	LeftMessage bool
	Held        bool
	Terms       []string // search terms (see Terms): each must occur
	Offset      int
	Limit       int // 0: the store's default (50); capped at MaxLimit
}

// MaxLimit is the largest page Find returns.
const MaxLimit = 5000

// Index is the searchable list of conversations, with staff's flags, tags
// and notes.
type Index interface {
	// Record merges u into the record of u.ID (creating it) and (re)starts
	// the retention period of the record and its index entries.
	Record(ctx context.Context, u Update, ttl time.Duration) error
	// Conversation returns one record, or ErrNotFound.
	Conversation(ctx context.Context, id string) (Conversation, error)
	// Find returns the records matching f, latest activity first, and how
	// many match in all.
	Find(ctx context.Context, f Filter) ([]Conversation, int, error)
	// Review sets a record's flag and tags (ErrNotFound if there is none).
	Review(ctx context.Context, id string, flagged bool, tags []string) (Conversation, error)
	// AddNote appends a note to a record (ErrNotFound if there is none).
	AddNote(ctx context.Context, id string, n Note) (Conversation, error)
	// Erase removes everything stored about a conversation: its record
	// and index entries, notes, place in the queue, and its state and
	// transcript. Erasing an unknown conversation is not an error.
	Erase(ctx context.Context, id string) error
}

// Counters are the daily report counters. Days are "2006-01-02" in the
// reports' time zone.
type Counters interface {
	// Count adds to the counters of a day and (re)starts their expiry.
	Count(ctx context.Context, day string, add map[string]int64, ttl time.Duration) error
	// AddWait records how long one conversation waited for a person.
	AddWait(ctx context.Context, day string, w Wait, ttl time.Duration) error
	// Day returns a day's counters and waits (empty when none).
	Day(ctx context.Context, day string) (map[string]int64, []Wait, error)
}

// Wait is one conversation's time in the queue, with the report
// dimensions it belongs to.
type Wait struct {
	Lang    string  `json:"lang"`
	Service string  `json:"service"`
	Seconds float64 `json:"seconds"`
}

// Resolution is staff's decision on a group of unanswered questions: set
// aside as out of scope on purpose, or attached as an example to a
// service. Questions like it stop appearing.
type Resolution struct {
	Lang      string    `json:"lang"`
	Key       string    `json:"key"` // the question's features (see features), space-separated
	Text      string    `json:"text"`
	Action    string    `json:"action"` // ActionOutOfScope or ActionExample
	ServiceID string    `json:"service_id,omitempty"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// Resolution actions.
const (
	ActionOutOfScope = "out_of_scope"
	ActionExample    = "example"
)

// Decisions keeps staff's resolutions of unanswered questions.
type Decisions interface {
	Resolve(ctx context.Context, r Resolution) error
	Resolutions(ctx context.Context) ([]Resolution, error)
}

// Waiting is one conversation in the queue for a person.
type Waiting struct {
	ConversationID string    `json:"conversation_id"`
	Since          time.Time `json:"since"`
}

// Store is everything staff keep, in one place (memstore, redisstore).
type Store interface {
	Index
	Counters
	Decisions
	// Waiting returns the queue for a person, first first.
	Waiting(ctx context.Context) ([]Waiting, error)
	// Subscribe returns the notices published from now on, on every
	// instance; the channel is closed when ctx is done.
	Subscribe(ctx context.Context) <-chan bot.Notice
}
