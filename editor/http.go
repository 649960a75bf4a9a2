package editor

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/knowledge"
)

// API serves the knowledge-base endpoints under /api/ (docs/openapi.yaml).
// Its handlers expect auth.Require in front of them: transport/routes.go
// says which roles reach which handler.
type API struct {
	wf   *Workflow
	live *Live // may be nil (no live status)
	log  *slog.Logger
}

// NewAPI returns the HTTP handlers over a workflow; live, if not nil,
// reports this instance's applied revision in GET /api/kb.
func NewAPI(wf *Workflow, live *Live, log *slog.Logger) *API {
	if log == nil {
		log = slog.Default()
	}
	return &API{wf: wf, live: live, log: log}
}

func who(r *http.Request) string {
	p, _ := auth.From(r.Context())
	return p.Name
}

// fail maps a workflow error to its HTTP answer.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var inv *InvalidError
	var conf *ConflictError
	var st *StateError
	var forb *ForbiddenError
	switch {
	case errors.As(err, &inv):
		auth.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"error": "invalid", "message": "the record has problems; see errors", "errors": inv.Errors})
	case errors.As(err, &conf):
		auth.WriteJSON(w, http.StatusConflict, map[string]any{
			"error": "conflict", "message": conf.Msg, "current": conf.Current, "head": conf.Head})
	case errors.As(err, &st):
		auth.Error(w, http.StatusConflict, "state", st.Msg)
	case errors.As(err, &forb):
		auth.Error(w, http.StatusForbidden, "forbidden", forb.Msg)
	case errors.Is(err, ErrNotFound):
		auth.Error(w, http.StatusNotFound, "not_found", "no such service, version or draft")
	case errors.Is(err, context.Canceled):
	default:
		a.log.Error("knowledge API", "method", r.Method, "path", r.URL.Path, "err", err)
		auth.Error(w, http.StatusServiceUnavailable, "unavailable", "knowledge store unavailable; try again shortly")
	}
}

// HandleList is GET /api/services?q=&status=.
func (a *API) HandleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	st := q.Get("status")
	switch st {
	case "", "published", StatusEditing, StatusInReview, StatusRejected:
	default:
		auth.Error(w, http.StatusBadRequest, "bad_request", "status must be published, editing, in_review or rejected")
		return
	}
	list, err := a.wf.List(r.Context(), q.Get("q"), st)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if list == nil {
		list = []Summary{}
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"services": list})
}

// HandleCreate is POST /api/services {service}: a draft for a new service.
func (a *API) HandleCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Service *knowledge.Service `json:"service"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	d, err := a.wf.Create(r.Context(), who(r), in.Service)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusCreated, d)
}

// HandleGet is GET /api/services/{id}.
func (a *API) HandleGet(w http.ResponseWriter, r *http.Request) {
	it, err := a.wf.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, it)
}

// HandleSave is PUT /api/services/{id}/draft {rev, base, service, confirm}.
func (a *API) HandleSave(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Rev     int                `json:"rev"`
		Base    int                `json:"base"`
		Service *knowledge.Service `json:"service"`
		Confirm []string           `json:"confirm"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	d, err := a.wf.Save(r.Context(), who(r), r.PathValue("id"), SaveInput{Rev: in.Rev, Base: in.Base, Service: in.Service, Confirm: in.Confirm})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"draft": d, "problems": nonNil(Check(d.Service, d.NeedsReview))})
}

func nonNil(fe []FieldError) []FieldError {
	if fe == nil {
		return []FieldError{}
	}
	return fe
}

// HandleDiscard is DELETE /api/services/{id}/draft?rev=N.
func (a *API) HandleDiscard(w http.ResponseWriter, r *http.Request) {
	rev, err := strconv.Atoi(r.URL.Query().Get("rev"))
	if err != nil || rev <= 0 {
		auth.Error(w, http.StatusBadRequest, "bad_request", "rev: the draft revision you are discarding is required")
		return
	}
	if err := a.wf.Discard(r.Context(), who(r), r.PathValue("id"), rev); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// HandleValidate is POST /api/services/{id}/validate {service, needs_review}:
// the problems that would stop the record being published.
func (a *API) HandleValidate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Service     *knowledge.Service `json:"service"`
		NeedsReview []string           `json:"needs_review"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	problems := nonNil(Check(in.Service, in.NeedsReview))
	if in.Service != nil && in.Service.ID != r.PathValue("id") {
		problems = append(problems, FieldError{Path: "id", Message: "does not match the service in the URL"})
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"ok": len(problems) == 0, "errors": problems})
}

type revReason struct {
	Rev     int    `json:"rev"`
	Reason  string `json:"reason"`
	Comment string `json:"comment"`
}

// HandleSubmit is POST /api/services/{id}/submit {rev, reason}.
func (a *API) HandleSubmit(w http.ResponseWriter, r *http.Request) {
	var in revReason
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	d, err := a.wf.Submit(r.Context(), who(r), r.PathValue("id"), in.Rev, in.Reason)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, d)
}

// HandleReject is POST /api/services/{id}/reject {rev, comment}.
func (a *API) HandleReject(w http.ResponseWriter, r *http.Request) {
	var in revReason
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	d, err := a.wf.Reject(r.Context(), who(r), r.PathValue("id"), in.Rev, in.Comment)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, d)
}

// HandlePublish is POST /api/services/{id}/publish {rev}.
func (a *API) HandlePublish(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Rev int `json:"rev"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	v, err := a.wf.Publish(r.Context(), who(r), r.PathValue("id"), in.Rev)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, v)
}

// HandleRetire is POST /api/services/{id}/retire {reason}.
func (a *API) HandleRetire(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	d, err := a.wf.Retire(r.Context(), who(r), r.PathValue("id"), in.Reason)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusCreated, d)
}

// HandleRevert is POST /api/services/{id}/revert {to, reason}.
func (a *API) HandleRevert(w http.ResponseWriter, r *http.Request) {
	var in struct {
		To     int    `json:"to"`
		Reason string `json:"reason"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	if in.To <= 0 {
		auth.Error(w, http.StatusBadRequest, "bad_request", "to: the version number to restore is required")
		return
	}
	v, err := a.wf.Revert(r.Context(), who(r), r.PathValue("id"), in.To, in.Reason)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, v)
}

// HandleHistory is GET /api/services/{id}/versions: every version, without
// the records (GET …/versions/{n} has one).
func (a *API) HandleHistory(w http.ResponseWriter, r *http.Request) {
	vs, err := a.wf.History(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for i := range vs {
		vs[i].Service = nil
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"versions": vs})
}

// HandleVersion is GET /api/services/{id}/versions/{n}: exactly what was
// published (what a citizen given that version was told).
func (a *API) HandleVersion(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n <= 0 {
		auth.Error(w, http.StatusBadRequest, "bad_request", "version must be a positive number")
		return
	}
	v, err := a.wf.Version(r.Context(), r.PathValue("id"), n)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, v)
}

// HandleDiff is GET /api/services/{id}/diff?from=&to= (version numbers,
// "draft" or "published"; default: the draft against its base).
func (a *API) HandleDiff(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ch, err := a.wf.Diff(r.Context(), r.PathValue("id"), q.Get("from"), q.Get("to"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if ch == nil {
		ch = []Change{}
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"changes": ch})
}

// HandleAddExamples is POST /api/services/{id}/examples {ar, en}: citizens'
// questions added to the service's draft as example questions.
func (a *API) HandleAddExamples(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AR []string `json:"ar"`
		EN []string `json:"en"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	if len(in.AR)+len(in.EN) == 0 {
		auth.Error(w, http.StatusBadRequest, "bad_request", "give at least one question in ar or en")
		return
	}
	d, err := a.wf.AddExamples(r.Context(), who(r), r.PathValue("id"), in.AR, in.EN)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"draft": d, "problems": nonNil(Check(d.Service, d.NeedsReview))})
}

// HandleChanges is GET /api/changes?limit=N: the change log, newest first.
func (a *API) HandleChanges(w http.ResponseWriter, r *http.Request) {
	n := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		if k, err := strconv.Atoi(v); err == nil && k > 0 {
			n = min(k, 1000)
		}
	}
	es, err := a.wf.Changes(r.Context(), n)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if es == nil {
		es = []LogEntry{}
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"changes": es})
}

// HandleStatus is GET /api/kb: the stored revision and the one this
// instance answers from (equal once the instance has caught up), and the
// categories and aspects a record may use.
func (a *API) HandleStatus(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	rev, heads, err := a.wf.store.Heads(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	aspects := make([]string, len(knowledge.Aspects))
	for i, a := range knowledge.Aspects {
		aspects[i] = string(a)
	}
	out := map[string]any{"revision": rev, "services": len(heads), "categories": knowledge.Categories, "aspects": aspects}
	if a.live != nil {
		out["applied"] = a.live.Applied()
	}
	auth.WriteJSON(w, http.StatusOK, out)
}
