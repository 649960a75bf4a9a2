package staff_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/memstore"
	"github.com/dalil-project/dalil/staff"
)

var (
	once    sync.Once
	kb      *knowledge.Base
	matcher *intents.Matcher
)

// desk is the real engine, the staff API and the editors' workflow over
// in-process stores, with a clock the test moves.
type desk struct {
	eng   *bot.Engine
	api   *staff.API
	store *memstore.Staff
	wf    *editor.Workflow
	mux   *http.ServeMux
	mu    sync.Mutex
	now   time.Time
}

func (d *desk) clock() time.Time { d.mu.Lock(); defer d.mu.Unlock(); return d.now }

func (d *desk) advance(dt time.Duration) { d.mu.Lock(); d.now = d.now.Add(dt); d.mu.Unlock() }

func newDesk(t *testing.T) *desk {
	t.Helper()
	once.Do(func() {
		var err error
		if kb, err = knowledge.Load(knowledge.Sample()); err != nil {
			panic(err)
		}
		matcher = intents.NewMatcher(kb)
	})
	quiet := slog.New(slog.DiscardHandler)
	d := &desk{now: time.Now().UTC().Add(-time.Hour)}
	chats := memstore.New()
	d.store = memstore.NewStaff(chats)
	cfg := staff.Config{Logger: quiet, Now: d.clock}
	d.eng = bot.New(chats, kb, matcher, locales.MustNew(), bot.Config{Logger: quiet, Now: d.clock,
		Desk: &bot.Desk{Queue: d.store, Notifier: d.store}, Observer: staff.NewRecorder(d.store, cfg)})
	d.wf = editor.New(memstore.NewKB(), editor.Config{Logger: quiet})
	if _, err := d.wf.Seed(context.Background(), kb.Services()); err != nil {
		t.Fatal(err)
	}
	d.api = staff.NewAPI(d.store, chats, d.eng, d.wf, cfg)
	d.mux = http.NewServeMux()
	for pattern, h := range map[string]http.HandlerFunc{
		"GET /conversations": d.api.HandleList, "GET /conversations/{id}": d.api.HandleGet,
		"PUT /conversations/{id}/review": d.api.HandleReview, "POST /conversations/{id}/notes": d.api.HandleNote,
		"POST /conversations/{id}/take": d.api.HandleTake, "POST /conversations/{id}/messages": d.api.HandleSay,
		"POST /conversations/{id}/release": d.api.HandleRelease, "DELETE /conversations/{id}": d.api.HandleErase,
		"GET /export": d.api.HandleExport, "GET /questions": d.api.HandleQuestions, "POST /questions/resolve": d.api.HandleResolve,
		"GET /queue": d.api.HandleQueue, "GET /reports": d.api.HandleReports,
	} {
		d.mux.HandleFunc(pattern, h)
	}
	return d
}

// call runs one request as the staff member who.
func (d *desk) call(t *testing.T, who, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var b bytes.Buffer
	if body != nil {
		json.NewEncoder(&b).Encode(body)
	}
	r := httptest.NewRequest(method, path, &b)
	r = r.WithContext(auth.WithPrincipal(r.Context(), auth.Principal{Name: who, Role: auth.RoleStaff}))
	w := httptest.NewRecorder()
	d.mux.ServeHTTP(w, r)
	return w
}

func (d *desk) json(t *testing.T, who, method, path string, body any, want int) map[string]any {
	t.Helper()
	w := d.call(t, who, method, path, body)
	if w.Code != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, w.Code, w.Body, want)
	}
	var m map[string]any
	json.Unmarshal(w.Body.Bytes(), &m)
	return m
}

func (d *desk) chat(t *testing.T, texts ...string) (string, []bot.Reply) {
	t.Helper()
	s, err := d.eng.Start(context.Background(), "ar", "")
	if err != nil {
		t.Fatal(err)
	}
	var rs []bot.Reply
	for i, text := range texts {
		r, err := d.eng.Handle(context.Background(), s.ConversationID, bot.Message{ID: "m" + string(rune('a'+i)), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
		d.advance(time.Second)
	}
	return s.ConversationID, rs
}

func ids(m map[string]any) []string {
	var out []string
	for _, c := range m["conversations"].([]any) {
		out = append(out, c.(map[string]any)["id"].(string))
	}
	return out
}

// TestStaffWorkflow is a staff member's day over the API, on the real
// engine: list, filter and search transcripts, open one (intent,
// confidence, service and version on every answer), flag, tag and note it,
// export, take a waiting citizen and chat, see the unanswered questions
// grouped and resolve them, and read the report.
func TestStaffWorkflow(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	fees, rs := d.chat(t, "كم رسوم تجديد جواز السفر؟", "what is the capital of australia")
	if err := d.eng.Feedback(ctx, fees, bot.Feedback{MessageID: rs[0].ID, Helpful: true}); err != nil {
		t.Fatal(err)
	}
	if err := d.eng.Rate(ctx, fees, 4, ""); err != nil {
		t.Fatal(err)
	}
	weather, rs2 := d.chat(t, "how much is a passport renewal?", "شو حالة الطقس بكرا؟", "شو حالة الطقس بكرة")
	if err := d.eng.Feedback(ctx, weather, bot.Feedback{MessageID: rs2[0].ID, Helpful: false, Comment: "wrong"}); err != nil {
		t.Fatal(err)
	}
	person, _ := d.chat(t, "I want to speak to a person", "Yes, connect me to a person")
	english, _ := d.chat(t, "what documents do I need for a driving licence renewal?")

	all := d.json(t, "salma", "GET", "/conversations", nil, 200)
	if got := ids(all); len(got) != 4 || got[0] != english || all["total"] != 4.0 {
		t.Fatalf("list %v (total %v)", got, all["total"])
	}
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"?unanswered=1", []string{weather, fees}},
		{"?negative=1", []string{weather}},
		{"?handed_off=1", []string{person}},
		{"?lang=ar", []string{weather, fees}}, // fees began in Arabic
		{"?lang=en", []string{english, person, weather, fees}},
		{"?service=passport-renewal", []string{weather, fees}},
		{"?intent=handoff", []string{person}},
		{"?q=" + "الطقس", []string{weather}},
		{"?q=" + "جوازات", []string{fees}},
		{"?q=licence+renewal", []string{english}},
	} {
		if got := ids(d.json(t, "salma", "GET", "/conversations"+tt.query, nil, 200)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	d.json(t, "salma", "GET", "/conversations?lang=fr", nil, 400)

	// One transcript, with what every answer was.
	one := d.json(t, "salma", "GET", "/conversations/"+fees, nil, 200)
	var bots []map[string]any
	for _, e := range one["entries"].([]any) {
		if e := e.(map[string]any); e["role"] == "bot" {
			bots = append(bots, e)
		}
	}
	if len(bots) != 2 || bots[0]["intent"] != "service_info" || bots[0]["service_id"] != "passport-renewal" ||
		bots[0]["service_version"] != 1.0 || bots[0]["confidence"].(float64) <= 0 || bots[1]["intent"] != "out_of_scope" {
		t.Errorf("answers in the transcript: %v", bots)
	}
	d.json(t, "salma", "GET", "/conversations/c_nothing", nil, 404)

	// Flag, tag, note.
	rv := d.json(t, "salma", "PUT", "/conversations/"+fees+"/review", map[string]any{"flagged": true, "tags": []string{"fees", "شكوى", "fees"}}, 200)
	if rv["flagged"] != true || len(rv["tags"].([]any)) != 2 {
		t.Errorf("review %v", rv)
	}
	d.json(t, "salma", "PUT", "/conversations/"+fees+"/review", map[string]any{"tags": []string{"two words"}}, 400)
	d.json(t, "salma", "POST", "/conversations/"+fees+"/notes", map[string]any{"text": "explained the new fee"}, 201)
	if got := ids(d.json(t, "salma", "GET", "/conversations?flagged=1&tag=شكوى", nil, 200)); !slices.Equal(got, []string{fees}) {
		t.Errorf("flagged and tagged: %v", got)
	}

	// Export: JSON lines and CSV, one line per transcript line.
	w := d.call(t, "salma", "GET", "/export?unanswered=1", nil)
	lines := strings.Split(strings.TrimSpace(w.Body.String()), "\n")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/x-ndjson") || len(lines) < 10 {
		t.Fatalf("export jsonl: %d %s %d lines", w.Code, w.Header().Get("Content-Type"), len(lines))
	}
	var first map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	if first["conversation_id"] != weather || first["role"] != "citizen" {
		t.Errorf("first exported line %v", first)
	}
	w = d.call(t, "salma", "GET", "/export?format=csv&q=الطقس", nil)
	recs, err := csv.NewReader(w.Body).ReadAll()
	if err != nil || len(recs) != 1+7 || recs[0][0] != "conversation_id" || recs[1][0] != weather || !strings.Contains(w.Header().Get("Content-Disposition"), ".csv") {
		t.Errorf("export csv: %v %v", recs, err)
	}

	// The live queue: take, chat, hand back.
	q := d.json(t, "salma", "GET", "/queue", nil, 200)
	waiting := q["waiting"].([]any)
	if len(waiting) != 1 || waiting[0].(map[string]any)["conversation_id"] != person {
		t.Fatalf("queue %v", q)
	}
	d.advance(2 * time.Minute)
	d.json(t, "salma", "POST", "/conversations/"+person+"/messages", map[string]any{"text": "hi"}, 409)
	d.json(t, "salma", "POST", "/conversations/"+person+"/take", nil, 200)
	d.json(t, "omar", "POST", "/conversations/"+person+"/take", nil, 409)
	d.json(t, "salma", "POST", "/conversations/"+person+"/messages", map[string]any{"text": "Hello, how can I help?"}, 201)
	d.json(t, "salma", "POST", "/conversations/"+person+"/messages", map[string]any{"text": "  "}, 400)
	if got := d.json(t, "salma", "GET", "/conversations/"+person, nil, 200); got["handoff"] != "agent" || got["agent"] != "salma" {
		t.Errorf("held: %v %v", got["handoff"], got["agent"])
	}
	held := d.json(t, "salma", "GET", "/queue", nil, 200)["held"].([]any)
	if len(held) != 1 || held[0].(map[string]any)["held"] != "salma" {
		t.Errorf("held list %v", held)
	}
	d.json(t, "omar", "POST", "/conversations/"+person+"/release", nil, 409)
	if w := d.call(t, "salma", "POST", "/conversations/"+person+"/release", nil); w.Code != 204 {
		t.Errorf("release: %d %s", w.Code, w.Body)
	}

	// Unanswered questions: the two weather questions are one group.
	qs := d.json(t, "salma", "GET", "/questions?lang=ar", nil, 200)
	groups := qs["groups"].([]any)
	if len(groups) != 1 {
		t.Fatalf("groups %v", groups)
	}
	g := groups[0].(map[string]any)
	if g["count"] != 2.0 || g["lang"] != "ar" {
		t.Errorf("the weather group %v", g)
	}
	d.json(t, "salma", "POST", "/questions/resolve", map[string]any{"lang": "ar", "text": g["text"], "action": "out_of_scope"}, 201)
	if groups := d.json(t, "salma", "GET", "/questions?lang=ar", nil, 200)["groups"].([]any); len(groups) != 0 {
		t.Errorf("a resolved group still appears: %v", groups)
	}
	// Attaching an English question as an example makes a draft for review.
	en := d.json(t, "salma", "GET", "/questions?lang=en", nil, 200)["groups"].([]any)
	var text string
	for _, x := range en {
		if x := x.(map[string]any); strings.Contains(x["text"].(string), "passport") {
			text = x["text"].(string)
		}
	}
	if text == "" {
		t.Fatalf("the unhelpful passport answer is not among %v", en)
	}
	res := d.json(t, "salma", "POST", "/questions/resolve", map[string]any{"lang": "en", "text": text, "action": "example", "service_id": "passport-renewal"}, 201)
	if res["draft"].(map[string]any)["status"] != "editing" {
		t.Errorf("attach: %v", res)
	}
	item, err := d.wf.Get(ctx, "passport-renewal")
	if err != nil || item.Draft == nil || !slices.Contains(item.Draft.Service.Examples.EN, text) {
		t.Errorf("the draft does not have the question: %v", err)
	}
	d.json(t, "salma", "POST", "/questions/resolve", map[string]any{"lang": "en", "text": text, "action": "example"}, 400)
	d.json(t, "salma", "POST", "/questions/resolve", map[string]any{"lang": "en", "text": "x", "action": "example", "service_id": "no-such-service"}, 400)

	// The report of the day.
	rep := d.json(t, "salma", "GET", "/reports?by=day", nil, 200)
	tot := rep["total"].(map[string]any)
	for k, want := range map[string]float64{"conversations": 4, "messages": 8, "handoffs": 1, "taken": 1, "helpful": 1,
		"unhelpful": 1, "ratings": 1, "csat": 4, "helpful_rate": 0.5, "median_wait_seconds": 122} {
		if tot[k] != want {
			t.Errorf("report total %s = %v, want %v", k, tot[k], want)
		}
	}
	if rows := rep["rows"].([]any); len(rows) != 30 {
		t.Errorf("a 30-day report has %d rows", len(rows))
	}
	bySvc := d.json(t, "salma", "GET", "/reports?by=service", nil, 200)["rows"].([]any)
	var passport map[string]any
	for _, r := range bySvc {
		if r := r.(map[string]any); r["service"] == "passport-renewal" {
			passport = r
		}
	}
	if passport == nil || passport["answered"].(float64) < 2 {
		t.Errorf("passport-renewal row %v", passport)
	}
	w = d.call(t, "salma", "GET", "/reports?by=day,lang,service&format=csv", nil)
	recs, _ = csv.NewReader(w.Body).ReadAll()
	if len(recs) < 3 || recs[0][0] != "day" || recs[len(recs)-1][0] != "total" {
		t.Errorf("report csv %v", recs)
	}
	d.json(t, "salma", "GET", "/reports?by=week", nil, 400)
	d.json(t, "salma", "GET", "/reports?from=2020-01-01&to=2026-01-01", nil, 400)

	// Erasure.
	if w := d.call(t, "admin", "DELETE", "/conversations/"+fees, nil); w.Code != 204 {
		t.Fatalf("erase: %d", w.Code)
	}
	d.json(t, "salma", "GET", "/conversations/"+fees, nil, 404)
	if got := ids(d.json(t, "salma", "GET", "/conversations?q=جوازات", nil, 200)); len(got) != 0 {
		t.Errorf("search after erasure: %v", got)
	}
}
