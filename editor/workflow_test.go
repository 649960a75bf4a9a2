package editor_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/memstore"
)

// sample returns the embedded sample records (fresh copies).
func sample(t testing.TB) []*knowledge.Service {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	return kb.Services()
}

func passport(t testing.TB) *knowledge.Service {
	for _, s := range sample(t) {
		if s.ID == "passport-renewal" {
			return s
		}
	}
	t.Fatal("no passport-renewal in the sample")
	return nil
}

// seeded returns a workflow over an in-process store holding the sample.
func seeded(t testing.TB) *editor.Workflow {
	t.Helper()
	wf := editor.New(memstore.NewKB(), editor.Config{Logger: quiet})
	ok, err := wf.Seed(context.Background(), sample(t))
	if err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	return wf
}

func paths(fe []editor.FieldError) []string {
	var out []string
	for _, e := range fe {
		out = append(out, e.Path)
	}
	return out
}

// TestCheck: every kind of bad record is refused with an error on the
// field at fault.
func TestCheck(t *testing.T) {
	long := strings.Repeat("أ", knowledge.MaxTextLen+1)
	for _, tc := range []struct {
		name   string
		edit   func(s *knowledge.Service)
		review []string
		path   string
		msg    string
	}{
		{"missing English", func(s *knowledge.Service) { s.Summary.EN = "" }, nil, "summary.en", "missing English"},
		{"missing Arabic", func(s *knowledge.Service) { s.Documents[1].AR = " " }, nil, "documents[1].ar", "missing Arabic"},
		{"malformed URL", func(s *knowledge.Service) { s.Channels.Online = "http//eservices" }, nil, "channels.online", "https URL"},
		{"plain http URL", func(s *knowledge.Service) { s.Channels.Online = "http://eservices.dalil.example/x" }, nil, "channels.online", "https URL"},
		{"negative fee", func(s *knowledge.Service) { s.Fees[0].Amount = -50 }, nil, "fees[0].amount", "negative"},
		{"bad currency", func(s *knowledge.Service) { s.Fees[1].Currency = "dinar" }, nil, "fees[1].currency", "ISO 4217"},
		{"unknown category", func(s *knowledge.Service) { s.Category = "space-travel" }, nil, "category", "unknown category"},
		{"over-long text", func(s *knowledge.Service) { s.Steps[0].AR = long }, nil, "steps[0].ar", "too long"},
		{"script injection", func(s *knowledge.Service) { s.Summary.EN = `Renew <script>alert(1)</script> now` }, nil, "summary.en", "markup"},
		{"HTML in Arabic", func(s *knowledge.Service) { s.Title.AR = `<img src=x onerror=alert(1)> تجديد` }, nil, "title.ar", "markup"},
		{"amount differs", func(s *knowledge.Service) { s.Fees[0].Conditions.EN = "Standard passport (48 pages)." }, nil, "fees[0].conditions", "numbers differ"},
		{"duration differs", func(s *knowledge.Service) { s.ProcessingTime.AR = "7 أيام عمل للخدمة العادية" }, nil, "processing_time", "numbers differ"},
		{"phone differs", func(s *knowledge.Service) {
			s.Notes[knowledge.AspectLocation] = knowledge.Text{AR: "اتصل على 022981000", EN: "Call 022981001"}
		}, nil, "notes.location", "numbers differ"},
		{"link differs", func(s *knowledge.Service) {
			s.Notes[knowledge.AspectLocation] = knowledge.Text{AR: "التفاصيل على https://mofa.dalil.example/ar", EN: "Details at https://mofa.dalil.example/en"}
		}, nil, "notes.location", "links differ"},
		{"not reviewed", func(s *knowledge.Service) {}, []string{"summary.en"}, "summary.en", "needs review"},
		{"bad phone", func(s *knowledge.Service) { s.Channels.Phone = "call us" }, nil, "channels.phone", "digits"},
		{"no fee", func(s *knowledge.Service) { s.Fees = nil }, nil, "fees", "at least one fee"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := passport(t)
			tc.edit(s)
			errs := editor.Check(s, tc.review)
			found := false
			for _, e := range errs {
				if e.Path == tc.path && strings.Contains(e.Message, tc.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error at %s containing %q; got %+v", tc.path, tc.msg, errs)
			}
		})
	}
	if errs := editor.Check(passport(t), nil); len(errs) != 0 {
		t.Errorf("the sample record has problems: %+v", errs)
	}
}

func TestReviewFlags(t *testing.T) {
	ctx := t.Context()
	wf := seeded(t)
	it, _ := wf.Get(ctx, "passport-renewal")
	s := it.Published.Service
	base := it.Published.Number

	// Arabic edited alone: the English is flagged.
	s1 := *s
	s1.Summary.AR = "تجديد جواز السفر المنتهي أو التالف."
	d, err := wf.Save(ctx, "amal", "passport-renewal", editor.SaveInput{Base: base, Service: &s1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.NeedsReview, []string{"summary.en"}) {
		t.Fatalf("needs review %v, want [summary.en]", d.NeedsReview)
	}
	if _, err := wf.Submit(ctx, "amal", "passport-renewal", d.Rev, "shorter summary"); !hasError(err, "summary.en", "needs review") {
		t.Fatalf("submit with an unreviewed text: %v", err)
	}
	// Both languages of a fee edited together: nothing more flagged.
	s2 := *d.Service
	s2.Fees = slices.Clone(s2.Fees)
	s2.Fees[0].Conditions = knowledge.Text{AR: "جواز عادي (48 صفحة).", EN: "Standard passport (48 pages)."}
	d, err = wf.Save(ctx, "amal", "passport-renewal", editor.SaveInput{Rev: d.Rev, Base: base, Service: &s2})
	if err != nil || !slices.Equal(d.NeedsReview, []string{"summary.en"}) {
		t.Fatalf("after editing both languages: %v %v", d.NeedsReview, err)
	}
	// English edited alone clears its own flag and flags the Arabic of
	// another field.
	s3 := *d.Service
	s3.Summary.EN = "Renew an expired or damaged passport."
	s3.LegalBasis.EN = "Passports Law No. 4 of 2019 (sample), article 12, as amended."
	d, err = wf.Save(ctx, "amal", "passport-renewal", editor.SaveInput{Rev: d.Rev, Base: base, Service: &s3})
	if err != nil || !slices.Equal(d.NeedsReview, []string{"legal_basis.ar"}) {
		t.Fatalf("after editing English: %v %v", d.NeedsReview, err)
	}
	// Confirming clears it without an edit.
	d, err = wf.Save(ctx, "amal", "passport-renewal", editor.SaveInput{Rev: d.Rev, Base: base, Service: d.Service, Confirm: []string{"legal_basis.ar"}})
	if err != nil || len(d.NeedsReview) != 0 {
		t.Fatalf("after confirming: %v %v", d.NeedsReview, err)
	}
	if _, err := wf.Submit(ctx, "amal", "passport-renewal", d.Rev, "shorter summary"); err != nil {
		t.Fatalf("submit: %v", err)
	}
}

func hasError(err error, path, msg string) bool {
	var inv *editor.InvalidError
	if !errors.As(err, &inv) {
		return false
	}
	for _, e := range inv.Errors {
		if e.Path == path && strings.Contains(e.Message, msg) {
			return true
		}
	}
	return false
}

// TestWorkflow walks one change through every state, and the refusals on
// the way, as a table of steps over one store.
func TestWorkflow(t *testing.T) {
	ctx := t.Context()
	wf := seeded(t)
	const id = "passport-renewal"
	it, err := wf.Get(ctx, id)
	if err != nil || it.Published == nil || it.Published.Number != 1 || it.Draft != nil {
		t.Fatalf("seeded item: %+v %v", it, err)
	}
	edited := *it.Published.Service
	edited.Fees = slices.Clone(edited.Fees)
	edited.Fees[0].Amount = 65

	var d editor.Draft
	steps := []struct {
		name string
		do   func() error
		want func(error) bool
	}{
		{"stale base", func() error {
			_, err := wf.Save(ctx, "amal", id, editor.SaveInput{Base: 7, Service: &edited})
			return err
		}, isConflict},
		{"save", func() (err error) {
			d, err = wf.Save(ctx, "amal", id, editor.SaveInput{Base: 1, Service: &edited})
			return err
		}, isNil},
		{"stale save gets the current draft", func() error {
			_, err := wf.Save(ctx, "salma", id, editor.SaveInput{Rev: d.Rev - 1, Base: 1, Service: &edited})
			var ce *editor.ConflictError
			if errors.As(err, &ce) && (ce.Current == nil || ce.Current.Rev != d.Rev) {
				t.Errorf("conflict carries %+v, want the draft at rev %d", ce.Current, d.Rev)
			}
			return err
		}, isConflict},
		{"publish before submit", func() error { _, err := wf.Publish(ctx, "badr", id, d.Rev); return err }, isState},
		{"submit without a reason", func() error { _, err := wf.Submit(ctx, "amal", id, d.Rev, " "); return err }, isInvalid},
		{"submit", func() (err error) { d, err = wf.Submit(ctx, "amal", id, d.Rev, "new fee from 1 December"); return err }, isNil},
		{"submit twice", func() error { _, err := wf.Submit(ctx, "amal", id, d.Rev, "again"); return err }, isState},
		{"own change", func() error { _, err := wf.Publish(ctx, "amal", id, d.Rev); return err }, isForbidden},
		{"reject without comment", func() error { _, err := wf.Reject(ctx, "badr", id, d.Rev, ""); return err }, isInvalid},
		{"reject", func() (err error) { d, err = wf.Reject(ctx, "badr", id, d.Rev, "say which passports"); return err }, isNil},
		{"publish a rejected draft", func() error { _, err := wf.Publish(ctx, "badr", id, d.Rev); return err }, isState},
		{"fix and resubmit", func() (err error) {
			e := *d.Service
			e.Fees = slices.Clone(e.Fees)
			e.Fees[0].Conditions = knowledge.Text{AR: "جواز عادي (32 صفحة)، لجميع الأعمار.", EN: "Standard passport (32 pages), all ages."}
			if d, err = wf.Save(ctx, "amal", id, editor.SaveInput{Rev: d.Rev, Base: 1, Service: &e}); err != nil {
				return err
			}
			d, err = wf.Submit(ctx, "amal", id, d.Rev, "new fee from 1 December")
			return err
		}, isNil},
		{"publish at a stale rev", func() error { _, err := wf.Publish(ctx, "badr", id, d.Rev-1); return err }, isConflict},
		{"publish", func() error {
			v, err := wf.Publish(ctx, "badr", id, d.Rev)
			if err == nil && (v.Number != 2 || v.Service.Version != 2 || v.Author != "amal" || v.Publisher != "badr" || v.Reason != "new fee from 1 December") {
				t.Errorf("version %+v", v)
			}
			return err
		}, isNil},
	}
	for _, s := range steps {
		if err := s.do(); !s.want(err) {
			t.Fatalf("%s: unexpected %v", s.name, err)
		}
	}

	it, _ = wf.Get(ctx, id)
	if it.Draft != nil || it.Published.Number != 2 || it.Published.Service.Fees[0].Amount != 65 {
		t.Fatalf("after publish: %+v", it)
	}
	ch, err := wf.Diff(ctx, id, "1", "2")
	if err != nil || !slices.ContainsFunc(ch, func(c editor.Change) bool { return c.Path == "fees[0].amount" && c.From == "50" && c.To == "65" }) {
		t.Errorf("diff 1..2: %+v %v", ch, err)
	}
	for _, c := range ch {
		if c.Path == "version" || c.Path == "updated" {
			t.Errorf("diff shows bookkeeping field %s", c.Path)
		}
	}
	if v1, err := wf.Version(ctx, id, 1); err != nil || v1.Service.Fees[0].Amount != 50 || v1.Service.Version != 1 {
		t.Errorf("version 1 is no longer what was published: %+v %v", v1, err)
	}

	// Revert to version 1: version 3 has its content.
	if _, err := wf.Revert(ctx, "badr", id, 1, ""); !isInvalid(err) {
		t.Errorf("revert without a reason: %v", err)
	}
	v3, err := wf.Revert(ctx, "badr", id, 1, "the new fee starts next year")
	if err != nil || v3.Number != 3 || v3.Service.Fees[0].Amount != 50 || v3.RevertOf != 1 || v3.Action != editor.ActionRevert {
		t.Fatalf("revert: %+v %v", v3, err)
	}
	h, err := wf.History(ctx, id)
	if err != nil || len(h) != 3 || h[0].Action != editor.ActionSeed || h[1].Action != editor.ActionPublish {
		t.Fatalf("history %+v %v", h, err)
	}

	// Retire: a retirement in review; published, the service leaves the
	// live records; a revert brings it back.
	rd, err := wf.Retire(ctx, "amal", id, "merged into passport-issue")
	if err != nil || rd.Status != editor.StatusInReview || !rd.Retire {
		t.Fatalf("retire: %+v %v", rd, err)
	}
	if _, err := wf.Retire(ctx, "amal", id, "again"); !isConflict(err) {
		t.Errorf("second retirement: %v", err)
	}
	if _, err := wf.Publish(ctx, "badr", id, rd.Rev); err != nil {
		t.Fatal(err)
	}
	live, _, _ := wf.Published(ctx)
	if slices.ContainsFunc(live, func(s *knowledge.Service) bool { return s.ID == id }) || len(live) != 39 {
		t.Errorf("retired service still live (%d live)", len(live))
	}
	if _, err := wf.Save(ctx, "amal", id, editor.SaveInput{Base: 4, Service: &edited}); !isState(err) {
		t.Errorf("editing a retired service: %v", err)
	}
	if _, err := wf.Revert(ctx, "badr", id, 3, "needed after all"); err != nil {
		t.Fatal(err)
	}
	if live, _, _ := wf.Published(ctx); len(live) != 40 {
		t.Errorf("after un-retiring: %d live", len(live))
	}
	log, _ := wf.Changes(ctx, 3)
	if len(log) != 3 || log[0].Action != editor.ActionRevert || log[1].Action != editor.ActionRetire {
		t.Errorf("change log %+v", log)
	}
}

var quiet = slog.New(slog.DiscardHandler)

func isNil(err error) bool { return err == nil }
func isConflict(err error) bool {
	return errors.Is(err, editor.ErrConflict)
}
func isState(err error) bool {
	var e *editor.StateError
	return errors.As(err, &e)
}
func isForbidden(err error) bool {
	var e *editor.ForbiddenError
	return errors.As(err, &e)
}
func isInvalid(err error) bool {
	var e *editor.InvalidError
	return errors.As(err, &e)
}

func TestCreateListDiscard(t *testing.T) {
	ctx := t.Context()
	wf := seeded(t)
	s := passport(t)
	s.ID = "passport-renewal-abroad"
	s.Title = knowledge.Text{AR: "تجديد الجواز في الخارج", EN: "Renew a passport abroad"}
	if _, err := wf.Create(ctx, "amal", &knowledge.Service{ID: "Bad Id"}); !isInvalid(err) {
		t.Errorf("bad id: %v", err)
	}
	if _, err := wf.Create(ctx, "amal", passport(t)); !isConflict(err) {
		t.Errorf("existing id: %v", err)
	}
	d, err := wf.Create(ctx, "amal", s)
	if err != nil || d.Base != 0 || d.Rev != 1 {
		t.Fatalf("create: %+v %v", d, err)
	}
	list, err := wf.List(ctx, "جواز", "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range list {
		ids = append(ids, s.ID)
	}
	if !slices.Contains(ids, "passport-renewal-abroad") || !slices.Contains(ids, "passport-renewal") || slices.Contains(ids, "birth-certificate") {
		t.Errorf("search جواز: %v", ids)
	}
	if l, _ := wf.List(ctx, "ABROAD", "editing"); len(l) != 1 || l[0].Version != 0 || l[0].Draft == nil {
		t.Errorf("search ABROAD in editing: %+v", l)
	}
	if l, _ := wf.List(ctx, "", "published"); len(l) != 40 {
		t.Errorf("%d without a draft, want 40", len(l))
	}
	d, err = wf.Submit(ctx, "amal", s.ID, d.Rev, "new service")
	if err != nil {
		t.Fatal(err)
	}
	v, err := wf.Publish(ctx, "badr", s.ID, d.Rev)
	if err != nil || v.Number != 1 {
		t.Fatalf("publish new: %+v %v", v, err)
	}
	if ch, _ := wf.Diff(ctx, s.ID, "", "published"); len(ch) != 0 {
		t.Errorf("diff published..published: %v", ch)
	}

	// Discard needs the current revision.
	it, _ := wf.Get(ctx, "birth-certificate")
	d, err = wf.Save(ctx, "amal", "birth-certificate", editor.SaveInput{Base: it.Published.Number, Service: it.Published.Service})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wf.Submit(ctx, "amal", "birth-certificate", d.Rev, "nothing"); !isState(err) {
		t.Errorf("submitting no change: %v", err)
	}
	if err := wf.Discard(ctx, "amal", "birth-certificate", d.Rev+1); !isConflict(err) {
		t.Errorf("discard at a wrong rev: %v", err)
	}
	if err := wf.Discard(ctx, "amal", "birth-certificate", d.Rev); err != nil {
		t.Fatal(err)
	}
}

func TestAddExamples(t *testing.T) {
	ctx := t.Context()
	wf := seeded(t)
	d, err := wf.AddExamples(ctx, "sami", "passport-renewal", []string{"جوازي خلصت صلاحيته شو بعمل", "بدي جواز جديد بدل القديم"}, []string{"  passport is old  "})
	if err != nil {
		t.Fatal(err)
	}
	p := passport(t)
	if len(d.Service.Examples.AR) != len(p.Examples.AR)+1 || d.Service.Examples.EN[len(d.Service.Examples.EN)-1] != "passport is old" {
		t.Errorf("examples ar %d (had %d), en %v", len(d.Service.Examples.AR), len(p.Examples.AR), d.Service.Examples.EN)
	}
	if d.Status != editor.StatusEditing || d.UpdatedBy != "sami" {
		t.Errorf("draft %+v", d)
	}
}

func TestImport(t *testing.T) {
	ctx := t.Context()
	wf := seeded(t)
	svcs := sample(t)
	var changed *knowledge.Service
	for _, s := range svcs {
		if s.ID == "birth-certificate" {
			s.Fees[0].Amount += 1
			changed = s
		}
	}
	svcs = slices.DeleteFunc(svcs, func(s *knowledge.Service) bool { return s.ID == "water-bill-payment" })
	res, err := wf.Import(ctx, "cli", svcs, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Changed, []string{"birth-certificate"}) || res.Unchanged != 38 || len(res.Added) != 0 || !slices.Equal(res.Absent, []string{"water-bill-payment"}) {
		t.Errorf("import result %+v", res)
	}
	v, _ := wf.Version(ctx, "birth-certificate", 2)
	if v.Action != editor.ActionImport || v.Service.Fees[0].Amount != changed.Fees[0].Amount {
		t.Errorf("imported version %+v", v)
	}
	again, err := wf.Import(ctx, "cli", svcs, "")
	if err != nil || len(again.Changed) != 0 || again.Revision != res.Revision {
		t.Errorf("second import of the same folder: %+v %v", again, err)
	}
}

// TestLive: a publish reaches the applied knowledge base through the
// store's signal, without waiting for the poll.
func TestLive(t *testing.T) {
	store := memstore.NewKB()
	wf := editor.New(store, editor.Config{Logger: quiet})
	applied := make(chan *knowledge.Base, 4)
	live := editor.NewLive(wf, editor.LiveConfig{Logger: quiet, Seed: sample(t), Poll: time.Hour, Apply: func(kb *knowledge.Base) { applied <- kb }})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := live.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	kb := <-applied
	if kb.Len() != 40 || live.Applied() != 1 {
		t.Fatalf("first sync: %d services, revision %d", kb.Len(), live.Applied())
	}
	if err := live.Sync(ctx); err != nil || len(applied) != 0 {
		t.Fatalf("a sync with nothing new applied again (%v)", err)
	}
	go live.Run(ctx)
	time.Sleep(50 * time.Millisecond)

	it, _ := wf.Get(ctx, "passport-renewal")
	s := *it.Published.Service
	s.Fees = slices.Clone(s.Fees)
	s.Fees[0].Amount = 65
	d, err := wf.Save(ctx, "amal", s.ID, editor.SaveInput{Base: 1, Service: &s})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = wf.Submit(ctx, "amal", s.ID, d.Rev, "fee")
	start := time.Now()
	if _, err := wf.Publish(ctx, "badr", s.ID, d.Rev); err != nil {
		t.Fatal(err)
	}
	select {
	case kb := <-applied:
		got, _ := kb.Get("passport-renewal")
		if got.Fees[0].Amount != 65 || got.Version != 2 {
			t.Errorf("applied record: fee %v version %d", got.Fees[0].Amount, got.Version)
		}
		t.Logf("applied %v after publish", time.Since(start))
	case <-time.After(5 * time.Second):
		t.Fatal("publish not applied")
	}
}

// deaf is a store whose publish signals never arrive.
type deaf struct{ editor.Store }

func (deaf) Watch(ctx context.Context) <-chan struct{} { return make(chan struct{}) }

// TestLiveCatchesUpByPolling: an instance that missed the signal (Redis
// pub/sub is fire-and-forget) still applies the publish at its next poll.
func TestLiveCatchesUpByPolling(t *testing.T) {
	store := deaf{memstore.NewKB()}
	wf := editor.New(store, editor.Config{Logger: quiet})
	applied := make(chan *knowledge.Base, 4)
	live := editor.NewLive(wf, editor.LiveConfig{Logger: quiet, Seed: sample(t), Poll: 50 * time.Millisecond, Apply: func(kb *knowledge.Base) { applied <- kb }})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go live.Run(ctx)
	select {
	case <-applied: // the first poll seeds and applies
	case <-time.After(5 * time.Second):
		t.Fatal("first poll did not apply the seed")
	}
	p := passport(t)
	p.Fees[0].Amount = 70
	if _, err := wf.Import(ctx, "cli", []*knowledge.Service{p}, "new fee"); err != nil {
		t.Fatal(err)
	}
	select {
	case kb := <-applied:
		if s, _ := kb.Get("passport-renewal"); s.Version != 2 {
			t.Errorf("applied version %d, want 2", s.Version)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a missed signal was not caught up by polling")
	}
}
