package editor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dalil-project/dalil/knowledge"
)

// Limits on free text of the workflow itself.
const (
	MaxReasonLen  = 1000 // why a change is made, a rejection comment
	maxPublishTry = 5
)

// Config tunes a Workflow. The zero value works.
type Config struct {
	Logger *slog.Logger
	Now    func() time.Time
}

// Workflow is the knowledge-base workflow over a Store: drafts, review,
// publishing, history. Role checks are the HTTP layer's; the Workflow
// enforces what holds whoever calls (states, revisions, four eyes).
type Workflow struct {
	store Store
	log   *slog.Logger
	now   func() time.Time
}

// New returns a Workflow over store.
func New(store Store, cfg Config) *Workflow {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Workflow{store: store, log: cfg.Logger, now: func() time.Time { return cfg.Now().UTC() }}
}

// Store returns the store the workflow writes to.
func (w *Workflow) Store() Store { return w.store }

func clone(s *knowledge.Service) *knowledge.Service {
	if s == nil {
		return nil
	}
	c := *s
	c.Eligibility = slices.Clone(s.Eligibility)
	c.Documents = slices.Clone(s.Documents)
	c.Fees = slices.Clone(s.Fees)
	c.Steps = slices.Clone(s.Steps)
	c.Channels.Offices = slices.Clone(s.Channels.Offices)
	if s.Notes != nil {
		c.Notes = make(map[knowledge.Aspect]knowledge.Text, len(s.Notes))
		for k, v := range s.Notes {
			c.Notes[k] = v
		}
	}
	c.Examples = knowledge.Phrases{AR: slices.Clone(s.Examples.AR), EN: slices.Clone(s.Examples.EN)}
	c.Keywords = knowledge.Phrases{AR: slices.Clone(s.Keywords.AR), EN: slices.Clone(s.Keywords.EN)}
	c.NotFor = knowledge.Phrases{AR: slices.Clone(s.NotFor.AR), EN: slices.Clone(s.NotFor.EN)}
	return &c
}

func checkText(what, s string, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return &InvalidError{Errors: []FieldError{{Path: what, Message: "missing: say why"}}}
	}
	if utf8.RuneCountInString(s) > MaxReasonLen {
		return &InvalidError{Errors: []FieldError{{Path: what, Message: fmt.Sprintf("too long (max %d characters)", MaxReasonLen)}}}
	}
	return nil
}

// Seed publishes services as the first versions of an empty store and
// reports whether it did; a store that has ever been published to is left
// alone (another instance may have seeded it a moment earlier).
func (w *Workflow) Seed(ctx context.Context, services []*knowledge.Service) (bool, error) {
	rev, _, err := w.store.Heads(ctx)
	if err != nil {
		return false, fmt.Errorf("editor: seed: %w", err)
	}
	if rev != 0 {
		return false, nil
	}
	now := w.now()
	ps := make([]Publication, 0, len(services))
	for _, s := range services {
		c := clone(s)
		c.Version = max(c.Version, 1)
		if c.Updated.IsZero() {
			c.Updated = now
		}
		ps = append(ps, Publication{Version: Version{ServiceID: c.ID, Number: c.Version, Action: ActionSeed, Service: c,
			Author: "seed", Publisher: "seed", At: now, Reason: "initial knowledge base", Changes: Diff(nil, c)}})
	}
	if _, err := w.store.Publish(ctx, 0, ps...); err != nil {
		if errors.Is(err, ErrConflict) {
			return false, nil
		}
		return false, fmt.Errorf("editor: seed: %w", err)
	}
	return true, nil
}

// Summary is one service in a list.
type Summary struct {
	ID       string         `json:"id"`
	Category string         `json:"category"`
	Title    knowledge.Text `json:"title"`
	Version  int            `json:"version"` // 0: never published
	Retired  bool           `json:"retired,omitempty"`
	Updated  time.Time      `json:"updated"`
	Draft    *DraftSummary  `json:"draft,omitempty"`
}

// DraftSummary is what a list shows of a draft.
type DraftSummary struct {
	Rev         int       `json:"rev"`
	Status      string    `json:"status"`
	Retire      bool      `json:"retire,omitempty"`
	NeedsReview int       `json:"needs_review"`
	UpdatedBy   string    `json:"updated_by"`
	Updated     time.Time `json:"updated"`
	SubmittedBy string    `json:"submitted_by,omitempty"`
}

// List returns the services matching q (every word of q in the id, the
// title, the category or the keywords, either language; empty q: all),
// drafts included, sorted by id. status filters on the draft status ("" for
// any, "published" for services without a draft).
func (w *Workflow) List(ctx context.Context, q, status string) ([]Summary, error) {
	_, heads, err := w.store.Heads(ctx)
	if err != nil {
		return nil, fmt.Errorf("editor: list: %w", err)
	}
	vs, err := w.store.Versions(ctx, heads)
	if err != nil {
		return nil, fmt.Errorf("editor: list: %w", err)
	}
	drafts, err := w.store.Drafts(ctx)
	if err != nil {
		return nil, fmt.Errorf("editor: list: %w", err)
	}
	words := strings.Fields(fold(q))
	var out []Summary
	add := func(s *knowledge.Service, v *Version, d *Draft) {
		if !matches(s, words) {
			return
		}
		sum := Summary{ID: s.ID, Category: s.Category, Title: s.Title}
		if v != nil {
			sum.Version, sum.Retired, sum.Updated = v.Number, v.Retired, v.At
		}
		if d != nil {
			sum.Draft = &DraftSummary{Rev: d.Rev, Status: d.Status, Retire: d.Retire, NeedsReview: len(d.NeedsReview),
				UpdatedBy: d.UpdatedBy, Updated: d.Updated, SubmittedBy: d.SubmittedBy}
			if sum.Updated.Before(d.Updated) {
				sum.Updated = d.Updated
			}
		}
		switch {
		case status == "":
		case status == "published" && d == nil:
		case d != nil && d.Status == status:
		default:
			return
		}
		out = append(out, sum)
	}
	for id, v := range vs {
		var dp *Draft
		if d, ok := drafts[id]; ok {
			dp = &d
		}
		s := v.Service
		if dp != nil && dp.Service != nil {
			s = dp.Service // search what is being worked on too
		}
		add(s, &v, dp)
	}
	for id, d := range drafts {
		if _, ok := vs[id]; !ok && d.Service != nil {
			add(d.Service, nil, &d)
		}
	}
	slices.SortFunc(out, func(a, b Summary) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func matches(s *knowledge.Service, words []string) bool {
	if len(words) == 0 {
		return true
	}
	hay := fold(strings.Join(append([]string{s.ID, s.Category, s.Title.AR, s.Title.EN},
		append(s.Keywords.AR, s.Keywords.EN...)...), " "))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// fold makes search forgiving: case, Arabic diacritics and tatweel, and the
// letters people write interchangeably (أ إ آ ا, ة ه, ى ي).
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 0x064B && r <= 0x0652, r == 0x0640, r == 0x0670:
			continue
		case r == 'أ' || r == 'إ' || r == 'آ':
			r = 'ا'
		case r == 'ة':
			r = 'ه'
		case r == 'ى':
			r = 'ي'
		case unicode.IsPunct(r):
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Item is one service as the console shows it: the published head and the
// open draft, either of which may be missing.
type Item struct {
	ID        string   `json:"id"`
	Published *Version `json:"published,omitempty"`
	Draft     *Draft   `json:"draft,omitempty"`
	// Problems of the draft as it stands (what Submit and Publish would refuse).
	Problems []FieldError `json:"problems,omitempty"`
}

// Get returns service id with its draft, or ErrNotFound.
func (w *Workflow) Get(ctx context.Context, id string) (Item, error) {
	it := Item{ID: id}
	head, err := w.head(ctx, id)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return it, err
	}
	if err == nil {
		it.Published = &head
	}
	d, err := w.store.Draft(ctx, id)
	switch {
	case err == nil:
		it.Draft = &d
		if !d.Retire {
			it.Problems = Check(d.Service, d.NeedsReview)
		}
	case !errors.Is(err, ErrNotFound):
		return it, fmt.Errorf("editor: get %s: %w", id, err)
	}
	if it.Published == nil && it.Draft == nil {
		return it, fmt.Errorf("editor: service %s: %w", id, ErrNotFound)
	}
	return it, nil
}

// head returns the latest version of id, or ErrNotFound.
func (w *Workflow) head(ctx context.Context, id string) (Version, error) {
	_, heads, err := w.store.Heads(ctx)
	if err != nil {
		return Version{}, fmt.Errorf("editor: %s: %w", id, err)
	}
	n, ok := heads[id]
	if !ok {
		return Version{}, fmt.Errorf("editor: service %s: %w", id, ErrNotFound)
	}
	v, err := w.store.Version(ctx, id, n)
	if err != nil {
		return Version{}, fmt.Errorf("editor: %s version %d: %w", id, n, err)
	}
	return v, nil
}

// conflict builds the ErrConflict answer with the current state of id.
func (w *Workflow) conflict(ctx context.Context, id, msg string) error {
	ce := &ConflictError{Msg: msg}
	if d, err := w.store.Draft(ctx, id); err == nil {
		ce.Current = &d
	}
	if _, heads, err := w.store.Heads(ctx); err == nil {
		ce.Head = heads[id]
	}
	return ce
}

// Create opens a draft for a new service.
func (w *Workflow) Create(ctx context.Context, who string, s *knowledge.Service) (Draft, error) {
	if s == nil || !validID(s.ID) {
		return Draft{}, &InvalidError{Errors: []FieldError{{Path: "id", Message: "lowercase kebab-case id required (a-z, 0-9, single dashes)"}}}
	}
	_, heads, err := w.store.Heads(ctx)
	if err != nil {
		return Draft{}, fmt.Errorf("editor: create %s: %w", s.ID, err)
	}
	if _, ok := heads[s.ID]; ok {
		return Draft{}, w.conflict(ctx, s.ID, "a service with this id exists (a retired one comes back by reverting it)")
	}
	now := w.now()
	c := clone(s)
	c.Version, c.Updated = 0, time.Time{}
	d := Draft{ServiceID: s.ID, Rev: 1, Status: StatusEditing, Service: c, Created: now, CreatedBy: who, Updated: now, UpdatedBy: who}
	if err := w.store.SaveDraft(ctx, d, 0); err != nil {
		if errors.Is(err, ErrConflict) {
			return Draft{}, w.conflict(ctx, s.ID, "a draft for this id exists")
		}
		return Draft{}, fmt.Errorf("editor: create %s: %w", s.ID, err)
	}
	return d, nil
}

// SaveInput is a save of a draft.
type SaveInput struct {
	// Rev is the draft revision the edit was made on; 0 when there was no
	// draft and the edit started from the published version Base.
	Rev     int
	Base    int
	Service *knowledge.Service
	// Confirm lists needs-review paths the editor checked and keeps.
	Confirm []string
}

// Save stores an edit of service id's draft, opening the draft if there is
// none. A stale Rev or Base gets a *ConflictError with the current draft,
// never an overwrite. Saving a draft that was in review or rejected puts it
// back in editing: it must be submitted again.
func (w *Workflow) Save(ctx context.Context, who, id string, in SaveInput) (Draft, error) {
	if in.Service == nil {
		return Draft{}, &InvalidError{Errors: []FieldError{{Path: "service", Message: "missing"}}}
	}
	if in.Service.ID != id {
		return Draft{}, &InvalidError{Errors: []FieldError{{Path: "id", Message: fmt.Sprintf("the id is %q, not %q; add a new service to change an id", id, in.Service.ID)}}}
	}
	head, err := w.head(ctx, id)
	hasHead := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Draft{}, err
	}
	now := w.now()
	d, err := w.store.Draft(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		if in.Rev != 0 {
			return Draft{}, w.conflict(ctx, id, "the draft was published or discarded meanwhile")
		}
		if !hasHead {
			return Draft{}, fmt.Errorf("editor: service %s: %w", id, ErrNotFound)
		}
		if head.Retired {
			return Draft{}, &StateError{Msg: "the service is retired: revert it to an earlier version to bring it back"}
		}
		if in.Base != head.Number {
			return Draft{}, w.conflict(ctx, id, fmt.Sprintf("version %d was published meanwhile (you edited version %d)", head.Number, in.Base))
		}
		d = Draft{ServiceID: id, Base: head.Number, Status: StatusEditing, Service: clone(head.Service), Created: now, CreatedBy: who}
	case err != nil:
		return Draft{}, fmt.Errorf("editor: save %s: %w", id, err)
	default:
		if in.Rev != d.Rev {
			return Draft{}, &ConflictError{Msg: fmt.Sprintf("the draft is at revision %d (you edited revision %d)", d.Rev, in.Rev), Current: &d, Head: head.Number}
		}
		if d.Retire {
			return Draft{}, &StateError{Msg: "this draft retires the service; discard it to edit the service"}
		}
		// Re-basing on a newer published version (after a revert) is an
		// explicit choice of the editor, who saw it.
		if in.Base != d.Base && !(hasHead && in.Base == head.Number) {
			return Draft{}, &ConflictError{Msg: fmt.Sprintf("the draft is based on version %d (you sent %d)", d.Base, in.Base), Current: &d, Head: head.Number}
		}
		d.Base = in.Base
	}
	prevRev := d.Rev
	next := clone(in.Service)
	next.Version, next.Updated = d.Service.Version, d.Service.Updated
	d.NeedsReview = reviewFlags(d.Service, next, d.NeedsReview, in.Confirm)
	d.Service = next
	d.Rev++
	d.Status = StatusEditing
	d.SubmittedBy, d.SubmittedAt = "", nil
	d.Updated, d.UpdatedBy = now, who
	if err := w.store.SaveDraft(ctx, d, prevRev); err != nil {
		if errors.Is(err, ErrConflict) {
			return Draft{}, w.conflict(ctx, id, "the draft changed meanwhile")
		}
		return Draft{}, fmt.Errorf("editor: save %s: %w", id, err)
	}
	return d, nil
}

// Discard removes service id's draft at revision rev.
func (w *Workflow) Discard(ctx context.Context, who, id string, rev int) error {
	if err := w.store.DeleteDraft(ctx, id, rev); err != nil {
		if errors.Is(err, ErrConflict) {
			return w.conflict(ctx, id, "the draft changed meanwhile")
		}
		return fmt.Errorf("editor: discard %s: %w", id, err)
	}
	w.log.Info("draft discarded", "service_id", id, "by", who)
	return nil
}

// draftAt returns the draft of id if it is at rev.
func (w *Workflow) draftAt(ctx context.Context, id string, rev int) (Draft, error) {
	d, err := w.store.Draft(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Draft{}, w.conflict(ctx, id, "there is no draft (published or discarded meanwhile?)")
	}
	if err != nil {
		return Draft{}, fmt.Errorf("editor: %s: %w", id, err)
	}
	if d.Rev != rev {
		return Draft{}, &ConflictError{Msg: fmt.Sprintf("the draft is at revision %d (you saw revision %d)", d.Rev, rev), Current: &d}
	}
	return d, nil
}

// Submit sends service id's draft for review, with the reason for the
// change. A draft with problems is refused (*InvalidError).
func (w *Workflow) Submit(ctx context.Context, who, id string, rev int, reason string) (Draft, error) {
	if err := checkText("reason", reason, true); err != nil {
		return Draft{}, err
	}
	d, err := w.draftAt(ctx, id, rev)
	if err != nil {
		return Draft{}, err
	}
	if d.Status == StatusInReview {
		return Draft{}, &StateError{Msg: "already in review"}
	}
	if problems := Check(d.Service, d.NeedsReview); len(problems) > 0 {
		return Draft{}, &InvalidError{Errors: problems}
	}
	if d.Base > 0 {
		base, err := w.store.Version(ctx, id, d.Base)
		if err != nil {
			return Draft{}, fmt.Errorf("editor: submit %s: %w", id, err)
		}
		if len(Diff(base.Service, d.Service)) == 0 {
			return Draft{}, &StateError{Msg: "nothing changed since version " + fmt.Sprint(d.Base)}
		}
	}
	now := w.now()
	d.Status, d.SubmittedBy, d.SubmittedAt, d.Reason = StatusInReview, who, &now, strings.TrimSpace(reason)
	d.Comment, d.ReviewedBy = "", ""
	return w.saveState(ctx, d)
}

// saveState stores a status change of d (a new revision, same content).
func (w *Workflow) saveState(ctx context.Context, d Draft) (Draft, error) {
	prev := d.Rev
	d.Rev++
	if err := w.store.SaveDraft(ctx, d, prev); err != nil {
		if errors.Is(err, ErrConflict) {
			return Draft{}, w.conflict(ctx, d.ServiceID, "the draft changed meanwhile")
		}
		return Draft{}, fmt.Errorf("editor: %s: %w", d.ServiceID, err)
	}
	return d, nil
}

// Reject sends a draft in review back to its editors with a comment.
func (w *Workflow) Reject(ctx context.Context, who, id string, rev int, comment string) (Draft, error) {
	if err := checkText("comment", comment, true); err != nil {
		return Draft{}, err
	}
	d, err := w.draftAt(ctx, id, rev)
	if err != nil {
		return Draft{}, err
	}
	if d.Status != StatusInReview {
		return Draft{}, &StateError{Msg: "only a draft in review can be rejected"}
	}
	d.Status, d.ReviewedBy, d.Comment = StatusRejected, who, strings.TrimSpace(comment)
	return w.saveState(ctx, d)
}

// Publish approves service id's draft in review at revision rev and
// publishes it as the next version. The reviewer must not be the one who
// submitted it (*ForbiddenError); the draft must still pass Check.
func (w *Workflow) Publish(ctx context.Context, who, id string, rev int) (Version, error) {
	d, err := w.draftAt(ctx, id, rev)
	if err != nil {
		return Version{}, err
	}
	if d.Status != StatusInReview {
		return Version{}, &StateError{Msg: "only a draft in review can be published: submit it first"}
	}
	if d.SubmittedBy == who {
		return Version{}, &ForbiddenError{Msg: "you submitted this change; another reviewer must approve it (four eyes)"}
	}
	if !d.Retire {
		if problems := Check(d.Service, d.NeedsReview); len(problems) > 0 {
			return Version{}, &InvalidError{Errors: problems}
		}
	}
	var prev *knowledge.Service
	if d.Base > 0 {
		pv, err := w.store.Version(ctx, id, d.Base)
		if err != nil {
			return Version{}, fmt.Errorf("editor: publish %s: %w", id, err)
		}
		prev = pv.Service
	}
	v := w.newVersion(d.Base, d.Service, prev)
	v.Action, v.Retired, v.Author, v.Publisher, v.Reason = ActionPublish, d.Retire, d.SubmittedBy, who, d.Reason
	if d.Retire {
		v.Action = ActionRetire
	}
	if _, err := w.store.Publish(ctx, -1, Publication{Version: v, ExpectHead: d.Base, DraftRev: d.Rev}); err != nil {
		if errors.Is(err, ErrConflict) {
			return Version{}, w.conflict(ctx, id, "the published version or the draft changed meanwhile; reload and check the draft against the new version")
		}
		return Version{}, fmt.Errorf("editor: publish %s: %w", id, err)
	}
	w.log.Info("published", "service_id", id, "version", v.Number, "action", v.Action, "by", who)
	return v, nil
}

// newVersion makes the version after base with the content of s.
func (w *Workflow) newVersion(base int, s, prev *knowledge.Service) Version {
	now := w.now()
	c := clone(s)
	c.Version, c.Updated = base+1, now
	return Version{ServiceID: c.ID, Number: base + 1, Service: c, At: now, Changes: Diff(prev, c)}
}

// Retire opens a draft, already in review, that takes service id out of the
// answers once a reviewer publishes it.
func (w *Workflow) Retire(ctx context.Context, who, id, reason string) (Draft, error) {
	if err := checkText("reason", reason, true); err != nil {
		return Draft{}, err
	}
	head, err := w.head(ctx, id)
	if err != nil {
		return Draft{}, err
	}
	if head.Retired {
		return Draft{}, &StateError{Msg: "already retired"}
	}
	now := w.now()
	d := Draft{ServiceID: id, Rev: 1, Base: head.Number, Status: StatusInReview, Retire: true, Service: clone(head.Service),
		Created: now, CreatedBy: who, Updated: now, UpdatedBy: who, SubmittedBy: who, SubmittedAt: &now, Reason: strings.TrimSpace(reason)}
	if err := w.store.SaveDraft(ctx, d, 0); err != nil {
		if errors.Is(err, ErrConflict) {
			return Draft{}, w.conflict(ctx, id, "a draft is open for this service: publish or discard it first")
		}
		return Draft{}, fmt.Errorf("editor: retire %s: %w", id, err)
	}
	return d, nil
}

// Revert publishes the content of an earlier version of id as the next
// version (a retired service comes back this way).
func (w *Workflow) Revert(ctx context.Context, who, id string, to int, reason string) (Version, error) {
	if err := checkText("reason", reason, true); err != nil {
		return Version{}, err
	}
	head, err := w.head(ctx, id)
	if err != nil {
		return Version{}, err
	}
	if to == head.Number && !head.Retired {
		return Version{}, &StateError{Msg: fmt.Sprintf("version %d is already the published one", to)}
	}
	old, err := w.store.Version(ctx, id, to)
	if err != nil {
		return Version{}, fmt.Errorf("editor: revert %s to %d: %w", id, to, err)
	}
	if old.Retired {
		return Version{}, &StateError{Msg: fmt.Sprintf("version %d is a retirement; revert to a version before it", to)}
	}
	v := w.newVersion(head.Number, old.Service, head.Service)
	v.Action, v.Author, v.Publisher, v.Reason, v.RevertOf = ActionRevert, who, who, strings.TrimSpace(reason), to
	if _, err := w.store.Publish(ctx, -1, Publication{Version: v, ExpectHead: head.Number}); err != nil {
		if errors.Is(err, ErrConflict) {
			return Version{}, w.conflict(ctx, id, "a new version was published meanwhile")
		}
		return Version{}, fmt.Errorf("editor: revert %s: %w", id, err)
	}
	w.log.Info("reverted", "service_id", id, "version", v.Number, "to", to, "by", who)
	return v, nil
}

// History returns every version of id, oldest first.
func (w *Workflow) History(ctx context.Context, id string) ([]Version, error) {
	vs, err := w.store.History(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("editor: history of %s: %w", id, err)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("editor: service %s: %w", id, ErrNotFound)
	}
	return vs, nil
}

// Version returns version n of id.
func (w *Workflow) Version(ctx context.Context, id string, n int) (Version, error) {
	v, err := w.store.Version(ctx, id, n)
	if err != nil {
		return Version{}, fmt.Errorf("editor: %s version %d: %w", id, n, err)
	}
	return v, nil
}

// Diff compares two states of service id, each a version number, "draft"
// or "published" (the head); an empty from means the draft's base.
func (w *Workflow) Diff(ctx context.Context, id, from, to string) ([]Change, error) {
	var draft *Draft
	resolve := func(ref string) (*knowledge.Service, error) {
		switch ref {
		case "draft":
			if draft == nil {
				d, err := w.store.Draft(ctx, id)
				if err != nil {
					return nil, fmt.Errorf("editor: draft of %s: %w", id, err)
				}
				draft = &d
			}
			return draft.Service, nil
		case "published", "":
			v, err := w.head(ctx, id)
			if err != nil {
				return nil, err
			}
			return v.Service, nil
		}
		var n int
		if _, err := fmt.Sscan(ref, &n); err != nil || n <= 0 || fmt.Sprint(n) != ref {
			return nil, &InvalidError{Errors: []FieldError{{Path: "version", Message: fmt.Sprintf("%q: want a version number, draft or published", ref)}}}
		}
		v, err := w.store.Version(ctx, id, n)
		if err != nil {
			return nil, fmt.Errorf("editor: %s version %d: %w", id, n, err)
		}
		return v.Service, nil
	}
	if to == "" {
		to = "draft"
	}
	b, err := resolve(to)
	if err != nil {
		return nil, err
	}
	if from == "" && draft != nil {
		if draft.Base == 0 {
			return Diff(nil, b), nil
		}
		from = fmt.Sprint(draft.Base)
	}
	a, err := resolve(from)
	if err != nil {
		return nil, err
	}
	return Diff(a, b), nil
}

// AddExamples adds citizens' questions to service id as example questions,
// in its draft (opened if needed): the matcher learns them when the draft
// is published. Questions already there are skipped.
func (w *Workflow) AddExamples(ctx context.Context, who, id string, ar, en []string) (Draft, error) {
	for try := 0; ; try++ {
		it, err := w.Get(ctx, id)
		if err != nil {
			return Draft{}, err
		}
		in := SaveInput{}
		switch {
		case it.Draft != nil:
			in.Rev, in.Base, in.Service = it.Draft.Rev, it.Draft.Base, clone(it.Draft.Service)
		default:
			in.Base, in.Service = it.Published.Number, clone(it.Published.Service)
		}
		in.Service.Examples.AR = addPhrases(in.Service.Examples.AR, ar)
		in.Service.Examples.EN = addPhrases(in.Service.Examples.EN, en)
		d, err := w.Save(ctx, who, id, in)
		if errors.Is(err, ErrConflict) && try < maxPublishTry {
			continue // someone saved meanwhile: add to their version
		}
		return d, err
	}
}

func addPhrases(list, add []string) []string {
	have := make(map[string]bool, len(list))
	for _, s := range list {
		have[fold(strings.Join(strings.Fields(s), " "))] = true
	}
	for _, s := range add {
		s = strings.TrimSpace(s)
		k := fold(strings.Join(strings.Fields(s), " "))
		if s == "" || have[k] {
			continue
		}
		have[k] = true
		list = append(list, s)
	}
	return list
}

// Changes returns the knowledge base's change log, newest first.
func (w *Workflow) Changes(ctx context.Context, n int) ([]LogEntry, error) {
	es, err := w.store.Log(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("editor: change log: %w", err)
	}
	return es, nil
}

// Published returns the live records (head versions, retired ones left
// out), sorted by id, and the revision they are at.
func (w *Workflow) Published(ctx context.Context) ([]*knowledge.Service, int64, error) {
	rev, heads, err := w.store.Heads(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("editor: %w", err)
	}
	vs, err := w.store.Versions(ctx, heads)
	if err != nil {
		return nil, 0, fmt.Errorf("editor: %w", err)
	}
	out := make([]*knowledge.Service, 0, len(vs))
	for _, v := range vs {
		if !v.Retired {
			out = append(out, v.Service)
		}
	}
	slices.SortFunc(out, func(a, b *knowledge.Service) int { return cmp.Compare(a.ID, b.ID) })
	return out, rev, nil
}

// ImportResult says what Import did.
type ImportResult struct {
	Revision  int64    `json:"revision"`
	Added     []string `json:"added"`
	Changed   []string `json:"changed"`
	Unchanged int      `json:"unchanged"`
	// Absent are published services the folder does not have; they are
	// left as they are (retire them in the console).
	Absent []string `json:"absent"`
}

// Import publishes services (already validated, e.g. by knowledge.Load) as
// new versions of the services whose content differs, all at once or not
// at all. Each service's ID, Version and Updated fields are the store's.
func (w *Workflow) Import(ctx context.Context, who string, services []*knowledge.Service, reason string) (ImportResult, error) {
	if err := checkText("reason", reason, false); err != nil {
		return ImportResult{}, err
	}
	if strings.TrimSpace(reason) == "" {
		reason = "imported from YAML"
	}
	for try := 0; ; try++ {
		rev, heads, err := w.store.Heads(ctx)
		if err != nil {
			return ImportResult{}, fmt.Errorf("editor: import: %w", err)
		}
		vs, err := w.store.Versions(ctx, heads)
		if err != nil {
			return ImportResult{}, fmt.Errorf("editor: import: %w", err)
		}
		var res ImportResult
		var ps []Publication
		inFolder := map[string]bool{}
		for _, s := range services {
			inFolder[s.ID] = true
			head, ok := vs[s.ID]
			var prev *knowledge.Service
			if ok {
				prev = head.Service
				if !head.Retired && len(Diff(prev, s)) == 0 {
					res.Unchanged++
					continue
				}
			}
			v := w.newVersion(head.Number, s, prev)
			v.Action, v.Author, v.Publisher, v.Reason = ActionImport, who, who, reason
			ps = append(ps, Publication{Version: v, ExpectHead: head.Number})
			if ok {
				res.Changed = append(res.Changed, s.ID)
			} else {
				res.Added = append(res.Added, s.ID)
			}
		}
		for id, v := range vs {
			if !inFolder[id] && !v.Retired {
				res.Absent = append(res.Absent, id)
			}
		}
		slices.Sort(res.Absent)
		if len(ps) == 0 {
			res.Revision = rev
			return res, nil
		}
		res.Revision, err = w.store.Publish(ctx, rev, ps...)
		if errors.Is(err, ErrConflict) && try < maxPublishTry {
			continue // a publish landed meanwhile: compare again
		}
		if err != nil {
			return ImportResult{}, fmt.Errorf("editor: import: %w", err)
		}
		return res, nil
	}
}

func validID(id string) bool {
	if id == "" || len(id) > 100 {
		return false
	}
	dash := true
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			dash = false
		case r == '-' && !dash:
			dash = true
		default:
			return false
		}
	}
	return !dash
}
