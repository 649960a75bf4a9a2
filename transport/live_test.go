package transport

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/memstore"
	"github.com/dalil-project/dalil/staff"
)

// liveServer is a Server over the real engine with the live handoff on,
// in-process stores, and its own metrics registry.
type liveServer struct {
	eng   *bot.Engine
	staff *memstore.Staff
	url   string // ws://…/ws
	http  string
	reg   *prometheus.Registry
}

func newLiveServer(t *testing.T) *liveServer {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	chats := memstore.New()
	ss := memstore.NewStaff(chats)
	eng := bot.New(chats, kb, intents.NewMatcher(kb), locales.MustNew(), bot.Config{Logger: quiet,
		Desk: &bot.Desk{Queue: ss, Notifier: ss}, Observer: staff.NewRecorder(ss, staff.Config{Logger: quiet})})
	reg := prometheus.NewRegistry()
	srv := NewServer(eng, Config{Logger: quiet, Notices: ss, LivePoll: 100 * time.Millisecond, Registerer: reg,
		Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{})})
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		hs.Close()
	})
	return &liveServer{eng: eng, staff: ss, url: "ws" + strings.TrimPrefix(hs.URL, "http") + "/ws", http: hs.URL, reg: reg}
}

func (l *liveServer) dial(t *testing.T, query string) (*websocket.Conn, frame) {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(l.url+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	w := read(t, ws)
	if w.s("type") != "welcome" {
		t.Fatalf("first frame %v", w)
	}
	return ws, w
}

// until reads frames until one of type typ, failing on any reply (the bot
// must be silent) when silent is set.
func until(t *testing.T, ws *websocket.Conn, typ string, silent bool) frame {
	t.Helper()
	for {
		f := read(t, ws)
		if f.s("type") == typ {
			return f
		}
		if silent && f.s("type") == "reply" {
			t.Fatalf("the bot answered while a person holds the conversation: %v", f)
		}
	}
}

// queueUp asks for a person and accepts: the citizen is queued.
func queueUp(t *testing.T, ws *websocket.Conn) (reply, queue frame) {
	t.Helper()
	offer := ask(t, ws, "h1", "I want to speak to a person")
	sugg, _ := offer["suggestions"].([]any)
	if offer.s("intent") != "handoff" || len(sugg) != 2 {
		t.Fatalf("offer: %v", offer)
	}
	yes := sugg[0].(map[string]any)
	if yes["service_id"] != "" {
		t.Fatalf("a quick answer with a service id: %v", yes)
	}
	send(t, ws, msg("h2", yes["title"].(string)))
	reply, _ = final(t, ws, "h2")
	queue = read(t, ws)
	if queue.s("type") != "queue" {
		t.Fatalf("after the reply %v, want a queue frame", queue)
	}
	return reply, queue
}

// TestLiveHandoffOverWebSocket: the v1.1 frames, end to end over the real
// engine: offer, queue position (and its update when the one ahead is
// taken), agent_joined, agent_message, a citizen message acknowledged but
// not answered, agent_left, the bot answering again, resume with the staff
// messages in the history, and rate.
func TestLiveHandoffOverWebSocket(t *testing.T) {
	l := newLiveServer(t)
	ctx := context.Background()
	first, w1 := l.dial(t, "?lang=en")
	second, w2 := l.dial(t, "?lang=en")
	c1, c2 := w1.s("conversation_id"), w2.s("conversation_id")

	_, q1 := queueUp(t, first)
	if q1["position"] != 1.0 || q1["wait_seconds"] != 180.0 || !strings.Contains(q1.s("text"), "first in the queue") {
		t.Errorf("first citizen's queue frame %v", q1)
	}
	_, q2 := queueUp(t, second)
	if q2["position"] != 2.0 {
		t.Errorf("second citizen's queue frame %v", q2)
	}

	if err := l.eng.Take(ctx, c1, "salma"); err != nil {
		t.Fatal(err)
	}
	if j := until(t, first, "agent_joined", true); !strings.Contains(j.s("text"), "joined") || j.s("id") == "" {
		t.Errorf("agent_joined %v", j)
	}
	if q := until(t, second, "queue", true); q["position"] != 1.0 {
		t.Errorf("the second citizen moved to %v, want 1", q["position"])
	}
	if _, err := l.eng.Say(ctx, c1, "salma", "Hello, I am Salma. How can I help?"); err != nil {
		t.Fatal(err)
	}
	if m := until(t, first, "agent_message", true); m.s("text") != "Hello, I am Salma. How can I help?" || m.s("at") == "" {
		t.Errorf("agent_message %v", m)
	}

	// The citizen writes: stored, acknowledged, not answered.
	send(t, first, msg("p1", "how much is a passport renewal?"))
	ack := until(t, first, "ack", true)
	if ack.s("ref") != "p1" || ack.s("reply_to") != "p1" {
		t.Errorf("ack %v", ack)
	}
	if f, err := tryRead(first, 300*time.Millisecond); err == nil {
		t.Errorf("after the ack: %v", f)
	}
	h, _ := l.staff.Conversation(ctx, c1)
	if h.Held != "salma" {
		t.Errorf("index record held by %q", h.Held)
	}

	// The citizen drops; staff write meanwhile; the citizen resumes and
	// finds it in the history, then live frames go on.
	first.Close()
	if _, err := l.eng.Say(ctx, c1, "salma", "Are you still there?"); err != nil {
		t.Fatal(err)
	}
	back, wb := l.dial(t, "?resume="+w1.s("resume_token"))
	if !wb["resumed"].(bool) {
		t.Fatal("not resumed")
	}
	hist := read(t, back)
	var roles []string
	for _, m := range hist["messages"].([]any) {
		mm := m.(map[string]any)
		roles = append(roles, mm["role"].(string)+":"+mm["text"].(string))
	}
	joined := strings.Join(roles, "\n")
	if !strings.Contains(joined, "agent:Are you still there?") || !strings.Contains(joined, "event:A member of staff has joined") {
		t.Errorf("history after resume:\n%s", joined)
	}
	// (A read that times out ends a gorilla connection, so the check that
	// nothing is sent twice is that the next frame is the hand-back.)
	time.Sleep(300 * time.Millisecond) // the resumed chat's first sync and a poll or two
	if err := l.eng.Release(ctx, c1, "salma", false); err != nil {
		t.Fatal(err)
	}
	if left := read(t, back); left.s("type") != "agent_left" || !strings.Contains(left.s("text"), "answer you again") {
		t.Errorf("after resume the next frame is %v, want agent_left (nothing sent twice)", left)
	}
	if r := ask(t, back, "p2", "how much is a passport renewal?"); r.s("intent") != "service_info" {
		t.Errorf("after hand-back: %v", r)
	}

	// Rate the conversation.
	send(t, back, map[string]any{"type": "rate", "score": 5, "comment": "thank you"})
	if a := until(t, back, "ack", false); a.s("ref") != "rate" {
		t.Errorf("rate ack %v", a)
	}
	send(t, back, map[string]any{"type": "rate", "score": 9})
	if e := until(t, back, "error", false); e.s("code") != "bad_request" {
		t.Errorf("rate 9: %v", e)
	}
	if c, _ := l.staff.Conversation(ctx, c1); c.Rating != 5 {
		t.Errorf("rating in the index %d", c.Rating)
	}
	_ = c2

	// Metrics.
	resp, err := httpGet(l.http + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"dalil_connections 2", `dalil_live_frames_total{type="agent_message"}`, `dalil_live_frames_total{type="queue"}`,
		`dalil_messages_total{outcome="person"} 1`, `dalil_intents_total{intent="handoff",lang="en"}`,
		`dalil_frames_total{type="rate"} 2`, `dalil_errors_total{code="bad_request"} 1`, "dalil_reply_seconds_count",
		"dalil_handoff_delivery_seconds_count",
	} {
		if !strings.Contains(resp, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func httpGet(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
