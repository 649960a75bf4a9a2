package staff

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/editor"
)

// Desk is what the API needs of the conversation engine (bot.Engine) to
// run a handoff: the engine holds each conversation's lock.
type Desk interface {
	Take(ctx context.Context, id, agent string) error
	Say(ctx context.Context, id, agent, text string) (bot.Entry, error)
	Release(ctx context.Context, id, agent string, force bool) error
	Holder(ctx context.Context, id string) (handoff, agent string, err error)
}

// Transcripts reads transcripts (bot.Store).
type Transcripts interface {
	History(ctx context.Context, id string, n int) ([]bot.Entry, error)
}

// Examples adds citizens' questions to a service's draft, which then goes
// through the editors' review (editor.Workflow).
type Examples interface {
	AddExamples(ctx context.Context, who, id string, ar, en []string) (editor.Draft, error)
}

// API serves /api/staff/ (docs/openapi.yaml). Its handlers expect
// auth.Require in front of them: transport/routes.go says which roles
// reach which handler.
type API struct {
	store    Store
	logs     Transcripts
	desk     Desk
	examples Examples // nil: attaching examples is refused
	cfg      Config
}

// NewAPI returns the staff API.
func NewAPI(store Store, logs Transcripts, desk Desk, examples Examples, cfg Config) *API {
	return &API{store: store, logs: logs, desk: desk, examples: examples, cfg: cfg.withDefaults()}
}

// maxEntries is the most transcript lines read for one conversation.
const maxEntries = 5000

func who(r *http.Request) string {
	p, _ := auth.From(r.Context())
	return p.Name
}

// fail maps an error to its HTTP answer; store failures are 503 and never
// show their text.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var inv *editor.InvalidError
	switch {
	case errors.Is(err, context.Canceled):
	case errors.Is(err, ErrNotFound), errors.Is(err, bot.ErrNotFound), errors.Is(err, editor.ErrNotFound):
		auth.Error(w, http.StatusNotFound, "not_found", "no such conversation or service (expired, erased or never seen)")
	case errors.Is(err, bot.ErrHeld):
		auth.Error(w, http.StatusConflict, "held", "another staff member holds this conversation")
	case errors.Is(err, bot.ErrNotHeld):
		auth.Error(w, http.StatusConflict, "not_held", "you do not hold this conversation: take it first")
	case errors.Is(err, bot.ErrBadRequest):
		auth.Error(w, http.StatusBadRequest, "bad_request", "the message is empty")
	case errors.Is(err, bot.ErrNoDesk):
		auth.Error(w, http.StatusNotImplemented, "no_handoff", "live handoff is not configured on this server")
	case errors.As(err, &inv):
		auth.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "invalid",
			"message": "the service draft has problems; see errors", "errors": inv.Errors})
	default:
		a.cfg.Logger.Error("staff API", "method", r.Method, "path", r.URL.Path, "err", err)
		auth.Error(w, http.StatusServiceUnavailable, "unavailable", "store unavailable; try again shortly")
	}
}

func badRequest(w http.ResponseWriter, msg string) {
	auth.Error(w, http.StatusBadRequest, "bad_request", msg)
}

// day parses a date (2006-01-02, in the reports' time zone) or an RFC 3339
// time.
func (a *API) day(s string) (time.Time, error) {
	if t, err := time.ParseInLocation(time.DateOnly, s, a.cfg.Location); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

func flag(v string) bool { return v == "1" || v == "true" || v == "yes" }

// filter reads the list filters of a request.
func (a *API) filter(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	f := Filter{Lang: q.Get("lang"), Service: q.Get("service"), Intent: q.Get("intent"), Tag: q.Get("tag"),
		Unanswered: flag(q.Get("unanswered")), HandedOff: flag(q.Get("handed_off")), Negative: flag(q.Get("negative")),
		Flagged: flag(q.Get("flagged")), LeftMessage: flag(q.Get("left_message")), Held: flag(q.Get("held")),
		Terms: Terms(q.Get("q"))}
	if v := q.Get("from"); v != "" {
		t, err := a.day(v)
		if err != nil {
			return f, fmt.Errorf("from: want a date (2026-11-28) or an RFC 3339 time")
		}
		f.From = t
	}
	if v := q.Get("to"); v != "" {
		t, err := a.day(v)
		if err != nil {
			return f, fmt.Errorf("to: want a date (2026-11-28) or an RFC 3339 time")
		}
		if len(v) == len(time.DateOnly) {
			t = t.AddDate(0, 0, 1) // a date includes its whole day
		}
		f.To = t
	}
	if f.Lang != "" && f.Lang != "ar" && f.Lang != "en" {
		return f, fmt.Errorf("lang: want ar or en")
	}
	if q.Get("q") != "" && len(f.Terms) == 0 {
		return f, fmt.Errorf("q: nothing to search for")
	}
	var err error
	if f.Limit, err = intParam(q.Get("limit"), 50, MaxLimit); err != nil {
		return f, fmt.Errorf("limit: %w", err)
	}
	if f.Offset, err = intParam(q.Get("offset"), 0, 1<<30); err != nil {
		return f, fmt.Errorf("offset: %w", err)
	}
	return f, nil
}

func intParam(v string, def, most int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errors.New("want a number")
	}
	return min(n, most), nil
}

func nonNilConvs(cs []Conversation) []Conversation {
	if cs == nil {
		return []Conversation{}
	}
	return cs
}

// HandleList is GET /api/staff/conversations: filtered, searched, newest first.
func (a *API) HandleList(w http.ResponseWriter, r *http.Request) {
	f, err := a.filter(r)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	cs, total, err := a.store.Find(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"conversations": nonNilConvs(cs), "total": total, "offset": f.Offset})
}

// HandleGet is GET /api/staff/conversations/{id}: the record, the whole
// transcript (every reply's intent, confidence, service and version) and
// who holds it.
func (a *API) HandleGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ctx := r.Context()
	c, err := a.store.Conversation(ctx, id)
	var rec *Conversation
	switch {
	case err == nil:
		rec = &c
	case !errors.Is(err, ErrNotFound):
		a.fail(w, r, err)
		return
	}
	es, err := a.logs.History(ctx, id, maxEntries)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if rec == nil && len(es) == 0 {
		a.fail(w, r, ErrNotFound)
		return
	}
	if es == nil {
		es = []bot.Entry{}
	}
	out := map[string]any{"id": id, "conversation": rec, "entries": es, "handoff": "", "agent": ""}
	if a.desk != nil {
		h, ag, err := a.desk.Holder(ctx, id)
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			a.fail(w, r, err)
			return
		}
		out["handoff"], out["agent"] = h, ag
	}
	auth.WriteJSON(w, http.StatusOK, out)
}

// validTag: 1 to 32 letters, digits, '-' or '_' (Arabic letters too).
func validTag(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 32 {
		return false
	}
	for _, r := range t {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

// HandleReview is PUT /api/staff/conversations/{id}/review {flagged, tags}.
func (a *API) HandleReview(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Flagged bool     `json:"flagged"`
		Tags    []string `json:"tags"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	var tags []string
	for _, t := range in.Tags {
		t = strings.TrimSpace(t)
		if !validTag(t) {
			badRequest(w, "tags: 1 to 32 letters, digits, '-' or '_' each")
			return
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if len(tags) > 20 {
		badRequest(w, "tags: at most 20")
		return
	}
	slices.Sort(tags)
	c, err := a.store.Review(r.Context(), r.PathValue("id"), in.Flagged, tags)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, c)
}

// HandleNote is POST /api/staff/conversations/{id}/notes {text}.
func (a *API) HandleNote(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Text string `json:"text"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	text := strings.TrimSpace(in.Text)
	if text == "" || utf8.RuneCountInString(text) > 2000 {
		badRequest(w, "text: 1 to 2000 characters")
		return
	}
	c, err := a.store.AddNote(r.Context(), r.PathValue("id"), Note{By: who(r), Text: text, At: a.cfg.Now().UTC()})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusCreated, c)
}

func (a *API) needDesk(w http.ResponseWriter, r *http.Request) bool {
	if a.desk == nil {
		a.fail(w, r, bot.ErrNoDesk)
		return false
	}
	return true
}

// HandleTake is POST /api/staff/conversations/{id}/take.
func (a *API) HandleTake(w http.ResponseWriter, r *http.Request) {
	if !a.needDesk(w, r) {
		return
	}
	if err := a.desk.Take(r.Context(), r.PathValue("id"), who(r)); err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, map[string]string{"handoff": bot.HandoffAgent, "agent": who(r)})
}

// HandleSay is POST /api/staff/conversations/{id}/messages {text}.
func (a *API) HandleSay(w http.ResponseWriter, r *http.Request) {
	if !a.needDesk(w, r) {
		return
	}
	var in struct {
		Text string `json:"text"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	if utf8.RuneCountInString(in.Text) > 4000 {
		badRequest(w, "text: at most 4000 characters")
		return
	}
	e, err := a.desk.Say(r.Context(), r.PathValue("id"), who(r), in.Text)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusCreated, e)
}

// HandleRelease is POST /api/staff/conversations/{id}/release {force}:
// the bot answers again (or a waiting conversation leaves the queue).
func (a *API) HandleRelease(w http.ResponseWriter, r *http.Request) {
	if !a.needDesk(w, r) {
		return
	}
	var in struct {
		Force bool `json:"force"`
	}
	if r.ContentLength != 0 && !auth.ReadJSON(w, r, &in) {
		return
	}
	id := r.PathValue("id")
	if err := a.desk.Release(r.Context(), id, who(r), in.Force); err != nil {
		a.fail(w, r, err)
		return
	}
	if in.Force {
		a.cfg.Logger.Info("conversation released by force", "conversation_id", id, "by", who(r))
	}
	w.WriteHeader(http.StatusNoContent)
}

// HandleErase is DELETE /api/staff/conversations/{id}: every key of the
// conversation, on a citizen's request (administrators only).
func (a *API) HandleErase(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := a.store.Erase(r.Context(), id); err != nil {
		a.fail(w, r, err)
		return
	}
	a.cfg.Logger.Info("conversation erased", "conversation_id", id, "by", who(r))
	w.WriteHeader(http.StatusNoContent)
}

// exportLine is one transcript line of an export.
type exportLine struct {
	ConversationID string `json:"conversation_id"`
	bot.Entry
}

var exportHeader = []string{"conversation_id", "at", "role", "id", "reply_to", "lang", "intent", "service_id",
	"service_version", "aspect", "confidence", "helpful", "score", "agent", "event", "text"}

// HandleExport is GET /api/staff/export?format=jsonl|csv and the list
// filters: the transcripts of the matching conversations, one line per
// transcript line.
func (a *API) HandleExport(w http.ResponseWriter, r *http.Request) {
	f, err := a.filter(r)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "jsonl"
	}
	if format != "jsonl" && format != "csv" {
		badRequest(w, "format: jsonl or csv")
		return
	}
	if r.URL.Query().Get("limit") == "" {
		f.Limit = MaxLimit
	}
	ctx := r.Context()
	cs, _, err := a.store.Find(ctx, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	stamp := a.cfg.Now().In(a.cfg.Location).Format("20060102-1504")
	w.Header().Set("Cache-Control", "no-store")
	var cw *csv.Writer
	var enc *json.Encoder
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="dalil-transcripts-`+stamp+`.csv"`)
		cw = csv.NewWriter(w)
		cw.Write(exportHeader)
	} else {
		w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="dalil-transcripts-`+stamp+`.jsonl"`)
		enc = json.NewEncoder(w)
	}
	for _, c := range cs {
		es, err := a.logs.History(ctx, c.ID, maxEntries)
		if err != nil {
			// The answer has begun: all that can be done is to stop.
			a.cfg.Logger.Error("export cut short", "conversation_id", c.ID, "err", err)
			return
		}
		for _, e := range es {
			if enc != nil {
				enc.Encode(exportLine{ConversationID: c.ID, Entry: e})
				continue
			}
			helpful := ""
			if e.Helpful != nil {
				helpful = strconv.FormatBool(*e.Helpful)
			}
			num := func(n int) string {
				if n == 0 {
					return ""
				}
				return strconv.Itoa(n)
			}
			conf := ""
			if e.Role == bot.RoleBot {
				conf = strconv.FormatFloat(e.Confidence, 'f', 3, 64)
			}
			cw.Write([]string{c.ID, e.At.UTC().Format(time.RFC3339), e.Role, e.ID, e.ReplyTo, e.Lang, e.Intent, e.ServiceID,
				num(e.ServiceVersion), e.Aspect, conf, helpful, num(e.Score), e.Agent, e.Event, e.Text})
		}
	}
	if cw != nil {
		cw.Flush()
	}
}

// questionScan is the most conversations the unanswered view reads.
const questionScan = 1000

// HandleQuestions is GET /api/staff/questions?lang=&from=&to=: unanswered
// questions grouped by similarity (default: the last 30 days).
func (a *API) HandleQuestions(w http.ResponseWriter, r *http.Request) {
	f, err := a.filter(r)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	if f.From.IsZero() {
		f.From = a.cfg.Now().AddDate(0, 0, -30)
	}
	ctx := r.Context()
	seen := map[string]bool{}
	var ids []string
	truncated := false
	for _, g := range []Filter{{Unanswered: true}, {Negative: true}} {
		// Not by language: a conversation's language is its latest
		// message's, and the questions are picked by their own below.
		g.From, g.Service, g.Limit = f.From, f.Service, questionScan
		cs, total, err := a.store.Find(ctx, g)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		truncated = truncated || total > len(cs)
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				ids = append(ids, c.ID)
			}
		}
	}
	var qs []Question
	for _, id := range ids {
		es, err := a.logs.History(ctx, id, maxEntries)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for _, q := range questionsIn(id, es, a.cfg.LowConfidence) {
			if (f.Lang == "" || q.Lang == f.Lang) && !q.At.Before(f.From) && (f.To.IsZero() || q.At.Before(f.To)) {
				qs = append(qs, q)
			}
		}
	}
	res, err := a.store.Resolutions(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"groups": GroupQuestions(qs, res), "questions": len(qs),
		"conversations": len(ids), "truncated": truncated})
}

// HandleResolve is POST /api/staff/questions/resolve {lang, text, action,
// service_id}: set a group aside as out of scope on purpose, or attach its
// question to a service as an example (a draft the editors review).
// Questions like it then stop appearing.
func (a *API) HandleResolve(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Lang      string `json:"lang"`
		Text      string `json:"text"`
		Action    string `json:"action"`
		ServiceID string `json:"service_id"`
	}
	if !auth.ReadJSON(w, r, &in) {
		return
	}
	text := strings.TrimSpace(in.Text)
	f := features(text)
	switch {
	case in.Lang != "ar" && in.Lang != "en":
		badRequest(w, "lang: ar or en")
		return
	case len(f) == 0 || utf8.RuneCountInString(text) > 500:
		badRequest(w, "text: the question (at most 500 characters), with at least one word that says what it is about")
		return
	case in.Action != ActionOutOfScope && in.Action != ActionExample:
		badRequest(w, "action: out_of_scope or example")
		return
	case in.Action == ActionExample && in.ServiceID == "":
		badRequest(w, "service_id: the service to attach the question to")
		return
	}
	res := Resolution{Lang: in.Lang, Key: strings.Join(f, " "), Text: text, Action: in.Action, By: who(r), At: a.cfg.Now().UTC()}
	out := map[string]any{}
	if in.Action == ActionExample {
		if a.examples == nil {
			auth.Error(w, http.StatusNotImplemented, "no_editor", "the knowledge-base workflow is not configured")
			return
		}
		var ar, en []string
		if in.Lang == "ar" {
			ar = []string{text}
		} else {
			en = []string{text}
		}
		d, err := a.examples.AddExamples(r.Context(), who(r), in.ServiceID, ar, en)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		res.ServiceID = in.ServiceID
		out["draft"] = map[string]any{"service_id": in.ServiceID, "rev": d.Rev, "status": d.Status}
	}
	if err := a.store.Resolve(r.Context(), res); err != nil {
		a.fail(w, r, err)
		return
	}
	out["resolution"] = res
	auth.WriteJSON(w, http.StatusCreated, out)
}

type waitingJSON struct {
	Waiting
	Position     int           `json:"position"`
	WaitSeconds  int           `json:"wait_seconds"`
	Conversation *Conversation `json:"conversation"`
}

// HandleQueue is GET /api/staff/queue: who waits for a person, the
// conversations staff hold, and messages left outside working hours.
func (a *API) HandleQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ws, err := a.store.Waiting(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	now := a.cfg.Now()
	waiting := make([]waitingJSON, 0, len(ws))
	for i, wt := range ws {
		j := waitingJSON{Waiting: wt, Position: i + 1, WaitSeconds: int(now.Sub(wt.Since).Seconds())}
		if c, err := a.store.Conversation(ctx, wt.ConversationID); err == nil {
			j.Conversation = &c
		} else if !errors.Is(err, ErrNotFound) {
			a.fail(w, r, err)
			return
		}
		waiting = append(waiting, j)
	}
	held, _, err := a.store.Find(ctx, Filter{Held: true, Limit: 500})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	left, _, err := a.store.Find(ctx, Filter{LeftMessage: true, Limit: 500})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	auth.WriteJSON(w, http.StatusOK, map[string]any{"waiting": waiting, "held": nonNilConvs(held), "left_messages": nonNilConvs(left)})
}

// HandleEvents is GET /api/staff/events: a Server-Sent Events stream of
// notices (event "notice", data {conversation_id, kind}) so the console
// refreshes the queue and an open conversation at once. A comment line
// every 15 s keeps proxies from closing it. The stream ends when the
// request's context does (transport ends it on shutdown).
func (a *API) HandleEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	notices := a.store.Subscribe(ctx)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n: connected\n\n")
	if rc.Flush() != nil {
		return
	}
	beat := time.NewTicker(15 * time.Second)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case n, ok := <-notices:
			if !ok {
				return
			}
			b, _ := json.Marshal(n)
			fmt.Fprintf(w, "event: notice\ndata: %s\n\n", b)
		case <-beat.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// HandleReports is GET /api/staff/reports?from=&to=&by=&format=: the daily
// counters summed by day, language and/or service (default: by day, the
// last 30 days); format=csv for a spreadsheet.
func (a *API) HandleReports(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := a.cfg.Now().In(a.cfg.Location)
	to := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, a.cfg.Location)
	from := to.AddDate(0, 0, -29)
	var err error
	if v := q.Get("from"); v != "" {
		if from, err = time.ParseInLocation(time.DateOnly, v, a.cfg.Location); err != nil {
			badRequest(w, "from: want a date like 2026-11-01")
			return
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = time.ParseInLocation(time.DateOnly, v, a.cfg.Location); err != nil {
			badRequest(w, "to: want a date like 2026-11-28")
			return
		}
	}
	if to.Before(from) || to.Sub(from) > MaxReportDays*24*time.Hour {
		badRequest(w, fmt.Sprintf("from..to: at most %d days, from first", MaxReportDays))
		return
	}
	by := []string{"day"}
	if v := q.Get("by"); v != "" {
		by = nil
		for _, d := range strings.Split(v, ",") {
			if !slices.Contains(dimensions, d) {
				badRequest(w, "by: day, lang and/or service, comma-separated")
				return
			}
			if !slices.Contains(by, d) {
				by = append(by, d)
			}
		}
	}
	rep, err := BuildReport(r.Context(), a.store, from, to, by)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if q.Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Disposition", `attachment; filename="dalil-report-`+rep.From+`-`+rep.To+`.csv"`)
		rep.WriteCSV(w)
		return
	}
	auth.WriteJSON(w, http.StatusOK, rep)
}
