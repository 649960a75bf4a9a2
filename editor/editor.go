package editor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dalil-project/dalil/knowledge"
)

// Draft statuses.
const (
	StatusEditing  = "editing"
	StatusInReview = "in_review"
	StatusRejected = "rejected"
)

// Version actions.
const (
	ActionSeed    = "seed"    // first load of a store from YAML
	ActionPublish = "publish" // a reviewed draft
	ActionRetire  = "retire"  // a reviewed retirement: the service leaves the answers
	ActionRevert  = "revert"  // an earlier version published again
	ActionImport  = "import"  // dalil kb import DIR
)

// Version is one published state of a service. It is immutable: a change
// is a new Version with the next Number. Service.Version equals Number, so
// a reply's source version names exactly the text the citizen was given.
type Version struct {
	ServiceID string             `json:"service_id"`
	Number    int                `json:"number"`
	Action    string             `json:"action"`
	Retired   bool               `json:"retired,omitempty"`
	Service   *knowledge.Service `json:"service,omitempty"`
	Author    string             `json:"author"`              // who wrote (submitted) the change
	Publisher string             `json:"publisher"`           // who approved it
	At        time.Time          `json:"at"`                  // when it was published
	Reason    string             `json:"reason,omitempty"`    // why
	Changes   []Change           `json:"changes,omitempty"`   // what changed since the previous version
	RevertOf  int                `json:"revert_of,omitempty"` // revert: the version restored
}

// Draft is a proposed change to one service, worked on by editors until a
// reviewer publishes, rejects or an editor discards it.
type Draft struct {
	ServiceID string `json:"service_id"`
	// Rev counts saves; a save or a review names the Rev it was made
	// against, and a stale one is refused (ErrConflict).
	Rev int `json:"rev"`
	// Base is the published version the draft started from (0: a new service).
	Base        int                `json:"base"`
	Status      string             `json:"status"`
	Retire      bool               `json:"retire,omitempty"` // the change is to retire the service
	Service     *knowledge.Service `json:"service"`
	NeedsReview []string           `json:"needs_review,omitempty"` // field paths to edit or confirm
	Created     time.Time          `json:"created"`
	CreatedBy   string             `json:"created_by"`
	Updated     time.Time          `json:"updated"`
	UpdatedBy   string             `json:"updated_by"`
	SubmittedBy string             `json:"submitted_by,omitempty"`
	SubmittedAt *time.Time         `json:"submitted_at,omitempty"`
	Reason      string             `json:"reason,omitempty"` // the editor's why, carried into the Version
	ReviewedBy  string             `json:"reviewed_by,omitempty"`
	Comment     string             `json:"comment,omitempty"` // the reviewer's comment on a rejection
}

// LogEntry is one publish in the knowledge base's change log.
type LogEntry struct {
	Revision  int64     `json:"revision"`
	ServiceID string    `json:"service_id"`
	Number    int       `json:"number"`
	Action    string    `json:"action"`
	Author    string    `json:"author"`
	Publisher string    `json:"publisher"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason,omitempty"`
}

// Publication is one version to write in Store.Publish, with what the
// store must still hold for it to be written.
type Publication struct {
	Version    Version
	ExpectHead int // the service's current head version (0: none yet)
	DraftRev   int // > 0: the service's draft must be at this Rev; it is removed
}

// Errors of a Store and of the Workflow (wrapped).
var (
	ErrNotFound    = errors.New("not found")
	ErrConflict    = errors.New("changed by someone else")
	ErrUnavailable = errors.New("knowledge store unavailable")
)

// Store keeps the published versions, the drafts and the change log, and
// tells instances when a publish happened. Implementations: memstore.KB (one
// instance) and redisstore.KB (shared; the source of truth when Redis is
// configured). Failures to reach the backend wrap ErrUnavailable.
type Store interface {
	// Heads returns the knowledge-base revision (0 before anything is
	// published; every Publish bumps it) and each service's latest version
	// number, read together.
	Heads(ctx context.Context) (rev int64, heads map[string]int, err error)
	// Version returns version n of service id, or ErrNotFound.
	Version(ctx context.Context, id string, n int) (Version, error)
	// Versions returns the versions named by refs (id -> number) in one go;
	// missing ones are left out.
	Versions(ctx context.Context, refs map[string]int) (map[string]Version, error)
	// History returns every version of service id, oldest first.
	History(ctx context.Context, id string) ([]Version, error)

	// Draft returns the draft of service id, or ErrNotFound.
	Draft(ctx context.Context, id string) (Draft, error)
	// Drafts returns every draft, by service id.
	Drafts(ctx context.Context) (map[string]Draft, error)
	// SaveDraft stores d if the stored draft of d.ServiceID has Rev
	// expectRev (0: there is none), else returns ErrConflict.
	SaveDraft(ctx context.Context, d Draft, expectRev int) error
	// DeleteDraft removes the draft of id if it has Rev expectRev (else
	// ErrConflict; ErrNotFound when there is none).
	DeleteDraft(ctx context.Context, id string, expectRev int) error

	// Publish writes versions atomically: all of them if the revision is
	// expectRev (or expectRev < 0) and every Publication's expectations
	// hold, none otherwise (ErrConflict). It bumps the revision once, logs
	// each version, removes the consumed drafts, signals every watcher and
	// returns the new revision.
	Publish(ctx context.Context, expectRev int64, ps ...Publication) (int64, error)
	// Log returns up to n change-log entries, newest first.
	Log(ctx context.Context, n int) ([]LogEntry, error)
	// Watch returns a channel that receives after a Publish on any instance
	// sharing the store, until ctx ends. Signals can be lost (a network
	// blip): Live also polls Heads.
	Watch(ctx context.Context) <-chan struct{}
}

// FieldError is one problem of a record, at a field path such as
// fees[0].amount or summary.en (empty for the record as a whole).
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// InvalidError is returned when a change breaks the rules; it lists every
// problem.
type InvalidError struct {
	Errors []FieldError
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "editor: %d problem(s):", len(e.Errors))
	for _, fe := range e.Errors {
		b.WriteString(" ")
		if fe.Path != "" {
			b.WriteString(fe.Path + ": ")
		}
		b.WriteString(fe.Message + ";")
	}
	return b.String()
}

// ConflictError is a stale save or review: Current is the draft as it is
// now (nil if there is none any more) and Head the published version.
type ConflictError struct {
	Msg     string
	Current *Draft
	Head    int
}

func (e *ConflictError) Error() string { return "editor: " + e.Msg }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// StateError is an action that the draft's state does not allow (publishing
// a draft nobody submitted, approving one's own change, …).
type StateError struct{ Msg string }

func (e *StateError) Error() string { return "editor: " + e.Msg }

// ForbiddenError is an action the caller may not take whatever the state
// (the four-eyes rule).
type ForbiddenError struct{ Msg string }

func (e *ForbiddenError) Error() string { return "editor: " + e.Msg }
