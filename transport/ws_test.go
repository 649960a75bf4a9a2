package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/dalil-project/dalil/bot"
)

func TestWelcome(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		query, lang, text string
	}{
		{"", "ar", "مرحباً، أنا دليل. اسألني عن أي خدمة حكومية."},
		{"?lang=en", "en", "Hello, I am Dalil. Ask me about a government service."},
		{"?lang=xx", "ar", "مرحباً، أنا دليل. اسألني عن أي خدمة حكومية."},
		{"?resume=unknown&lang=en", "en", "Hello, I am Dalil. Ask me about a government service."},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			ws, w := h.dial(tt.query)
			if w.s("lang") != tt.lang || w.s("text") != tt.text || w["resumed"] != false ||
				!strings.HasPrefix(w.s("conversation_id"), "c_") || w.s("resume_token") == "" {
				t.Errorf("welcome = %v", w)
			}
			// No history frame on a new conversation: the next frame is
			// the typing frame of the first message.
			send(t, ws, msg("m1", "hello"))
			if f := read(t, ws); f.s("type") != "typing" {
				t.Errorf("frame after welcome = %v, want typing", f)
			}
		})
	}
}

func TestReplyFrame(t *testing.T) {
	h := newHarness(t, Config{})
	ws, _ := h.dial("")
	send(t, ws, msg("q1", "كم رسوم تجديد جواز السفر؟"))
	typing := read(t, ws)
	if typing.s("type") != "typing" || typing.s("reply_to") != "q1" {
		t.Fatalf("first frame %v, want typing for q1", typing)
	}
	r := read(t, ws)
	want := frame{
		"type": "reply", "id": r.s("id"), "reply_to": "q1", "lang": "ar", "intent": "service_info",
		"service_id": "passport-renewal", "aspect": "fees", "confidence": 0.91,
		"text":        answer("جواز").Text,
		"suggestions": []any{},
		"source": map[string]any{"service_id": "passport-renewal", "version": float64(7),
			"url": "https://portal.example.gov/services/passport-renewal"},
	}
	if !strings.HasPrefix(r.s("id"), "r_") || !jsonEqual(r, want) {
		t.Errorf("reply =\n%v\nwant\n%v", r, want)
	}

	// A clarify reply: suggestions in order, empty service_id, null source.
	send(t, ws, msg("q2", "أريد رخصة"))
	r, _ = final(t, ws, "q2")
	sugg, _ := r["suggestions"].([]any)
	if r.s("intent") != "clarify" || r.s("service_id") != "" || r["source"] != nil || len(sugg) != 2 {
		t.Fatalf("clarify reply = %v", r)
	}
	if s0 := sugg[0].(map[string]any); s0["service_id"] != "driving-license-renewal" || s0["title"] != "تجديد رخصة القيادة" {
		t.Errorf("first suggestion = %v", s0)
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestPipelinedOrder(t *testing.T) {
	// Burst above 20 so that this test is about ordering, not rate limits.
	h := newHarness(t, Config{RateBurst: 50})
	ws, _ := h.dial("")
	const n = 20
	for i := range n {
		send(t, ws, msg(fmt.Sprintf("m%d", i), fmt.Sprintf("question %d", i)))
	}
	for i := range n {
		id := fmt.Sprintf("m%d", i)
		typing, r := read(t, ws), read(t, ws)
		if typing.s("type") != "typing" || typing.s("reply_to") != id {
			t.Fatalf("frame %d = %v, want typing for %s", 2*i, typing, id)
		}
		if r.s("type") != "reply" || r.s("reply_to") != id || r.s("text") != fmt.Sprintf("Answer to: question %d", i) {
			t.Fatalf("frame %d = %v, want reply to %s", 2*i+1, r, id)
		}
	}
}

func TestDeltas(t *testing.T) {
	h := newHarness(t, Config{}, func(c *fakeChat) { c.stream = true })
	ws, _ := h.dial("")
	send(t, ws, msg("d1", "كم رسوم جواز السفر؟"))
	r, before := final(t, ws, "d1")
	if r.s("type") != "reply" {
		t.Fatalf("final = %v", r)
	}
	if len(before) < 3 || before[0].s("type") != "typing" {
		t.Fatalf("frames before the reply: %v", before)
	}
	var text strings.Builder
	for _, f := range before[1:] {
		if f.s("type") != "delta" || f.s("reply_to") != "d1" {
			t.Fatalf("frame %v, want delta for d1", f)
		}
		text.WriteString(f.s("text"))
	}
	if text.String() != r.s("text") {
		t.Errorf("deltas joined = %q, reply text = %q", text.String(), r.s("text"))
	}
}

// TestBadInput covers every case of shared/tools/wsprobe badinput (and a few
// more): a clear error frame, and the same connection keeps working.
func TestBadInput(t *testing.T) {
	h := newHarness(t, Config{})
	long, _ := json.Marshal(msg("x", strings.Repeat("جواز ", 3000)))
	tests := []struct {
		name    string
		typ     int
		payload []byte
		code    string
		replyTo string
	}{
		{"malformed-json", websocket.TextMessage, []byte(`{"type":"message","id":"x","text":`), "bad_request", ""},
		{"unknown-type", websocket.TextMessage, []byte(`{"type":"launch_missiles","id":"x"}`), "bad_request", "x"},
		{"missing-type", websocket.TextMessage, []byte(`{"id":"x","text":"hi"}`), "bad_request", "x"},
		{"missing-text", websocket.TextMessage, []byte(`{"type":"message","id":"x"}`), "bad_request", "x"},
		{"empty-text", websocket.TextMessage, []byte(`{"type":"message","id":"x","text":""}`), "bad_request", "x"},
		{"blank-text", websocket.TextMessage, []byte(`{"type":"message","id":"x","text":" \n\t "}`), "bad_request", "x"},
		{"text-not-string", websocket.TextMessage, []byte(`{"type":"message","id":"x","text":5}`), "bad_request", "x"},
		{"missing-id", websocket.TextMessage, []byte(`{"type":"message","text":"passport fees"}`), "bad_request", ""},
		{"id-too-long", websocket.TextMessage, fmt.Appendf(nil, `{"type":"message","id":%q,"text":"hi"}`, strings.Repeat("i", 200)), "bad_request", ""},
		{"not-an-object", websocket.TextMessage, []byte(`[1,2,3]`), "bad_request", ""},
		{"null", websocket.TextMessage, []byte(`null`), "bad_request", ""},
		{"trailing-garbage", websocket.TextMessage, []byte(`{"type":"message","id":"x","text":"hi"} x`), "bad_request", ""},
		{"invalid-utf8", websocket.TextMessage, append([]byte(`{"type":"message","id":"x","text":"`), 0xff, 0xfe, '"', '}'), "bad_request", "x"},
		{"text-too-long", websocket.TextMessage, long, "too_large", "x"},
		{"binary-frame", websocket.BinaryMessage, []byte(`{"type":"message","id":"x","text":"hi"}`), "bad_request", ""},
		{"set-lang-unknown", websocket.TextMessage, []byte(`{"type":"set_lang","lang":"fr"}`), "bad_request", ""},
		{"feedback-no-message-id", websocket.TextMessage, []byte(`{"type":"feedback","helpful":true}`), "bad_request", ""},
		{"feedback-no-helpful", websocket.TextMessage, []byte(`{"type":"feedback","message_id":"r_1"}`), "bad_request", "r_1"},
		{"feedback-comment-too-long", websocket.TextMessage, fmt.Appendf(nil, `{"type":"feedback","message_id":"r_1","helpful":false,"comment":%q}`, strings.Repeat("z", 2001)), "too_large", "r_1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, _ := h.dial("")
			if err := ws.WriteMessage(tt.typ, tt.payload); err != nil {
				t.Fatal(err)
			}
			f := read(t, ws)
			if f.s("type") != "error" || f.s("code") != tt.code || f.s("reply_to") != tt.replyTo || f.s("text") != "ar:"+tt.code {
				t.Errorf("got %v, want error %s reply_to %q", f, tt.code, tt.replyTo)
			}
			if r := ask(t, ws, "after", "passport fees"); r.s("type") != "reply" {
				t.Errorf("connection unusable afterwards: %v", r)
			}
		})
	}
}

func TestMaxMessageRunes(t *testing.T) {
	h := newHarness(t, Config{MaxMessageRunes: 10})
	ws, _ := h.dial("")
	if r := ask(t, ws, "a", strings.Repeat("ب", 10)); r.s("type") != "reply" {
		t.Errorf("10 runes: %v, want reply", r)
	}
	if r := ask(t, ws, "b", strings.Repeat("ب", 11)); r.s("code") != "too_large" {
		t.Errorf("11 runes: %v, want too_large", r)
	}
}

func TestOversizeFrameCloses1009(t *testing.T) {
	h := newHarness(t, Config{})
	for _, size := range []int{40 << 10, 2 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			ws, _ := h.dial("")
			huge, _ := json.Marshal(msg("x", strings.Repeat("a", size)))
			ws.WriteMessage(websocket.TextMessage, huge)
			code, _, frames := closeCode(t, ws)
			if code != websocket.CloseMessageTooBig {
				t.Errorf("close code %d (frames %v), want 1009", code, frames)
			}
		})
	}
	eventually(t, "connections to end", func() bool { return h.srv.connCount() == 0 })
}

func TestFloodIsRateLimited(t *testing.T) {
	h := newHarness(t, Config{})
	ws, _ := h.dial("")
	const n = 300
	written := make(chan struct{})
	go func() {
		defer close(written)
		for i := range n {
			if ws.WriteJSON(msg(fmt.Sprintf("f%d", i), "passport")) != nil {
				return
			}
		}
	}()
	seen := map[string]bool{}
	limited, replies := 0, 0
	for len(seen) < n {
		f := read(t, ws)
		switch f.s("type") {
		case "reply":
			replies++
		case "error":
			if f.s("code") != "rate_limited" {
				t.Fatalf("unexpected error %v", f)
			}
			limited++
		default:
			continue
		}
		id := f.s("reply_to")
		if seen[id] {
			t.Fatalf("second final frame for %s", id)
		}
		seen[id] = true
	}
	if limited == 0 || replies < 8 {
		t.Errorf("%d replies, %d rate_limited: want the burst answered and the rest refused", replies, limited)
	}
	t.Logf("%d replies, %d rate_limited", replies, limited)
	<-written
	// Tokens come back: after a pause the citizen is answered again.
	time.Sleep(600 * time.Millisecond)
	if r := ask(t, ws, "later", "passport"); r.s("type") != "reply" {
		t.Errorf("after the flood: %v", r)
	}
}

func TestOrigin(t *testing.T) {
	portal := "https://portal.example.gov"
	tests := []struct {
		name    string
		allowed []string
		origin  string // "" for no Origin header; "SAME" for the server's own origin
		ok      bool
	}{
		{"no-origin", nil, "", true},
		{"same-host", nil, "SAME", true},
		{"foreign", nil, "https://evil.example", false},
		{"null", nil, "null", false},
		{"other-port", nil, "http://127.0.0.1:1", false},
		{"not-a-url", nil, "::", false},
		{"allowed", []string{portal}, portal, true},
		{"allowed-case", []string{portal + "/"}, "HTTPS://Portal.Example.gov", true},
		{"list-is-authoritative", []string{portal}, "SAME", false},
		{"allowed-foreign", []string{portal}, "https://evil.example", false},
		{"no-origin-with-list", []string{portal}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{AllowedOrigins: tt.allowed})
			hdr := http.Header{}
			switch tt.origin {
			case "":
			case "SAME":
				hdr.Set("Origin", h.hs.URL)
			default:
				hdr.Set("Origin", tt.origin)
			}
			ws, resp, err := h.dialRaw("", hdr)
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if f := read(t, ws); f.s("type") != "welcome" {
					t.Errorf("first frame %v", f)
				}
				return
			}
			if err == nil {
				t.Fatal("handshake accepted")
			}
			if resp == nil || resp.StatusCode != http.StatusForbidden {
				t.Errorf("refusal %v, want HTTP 403", resp)
			}
		})
	}
}

func TestResume(t *testing.T) {
	h := newHarness(t, Config{})
	ws, w := h.dial("")
	if r := ask(t, ws, "a1", "كم رسوم تجديد جواز السفر؟"); r.s("type") != "reply" {
		t.Fatal(r)
	}
	ws.Close()

	ws2, w2 := h.dial("?resume=" + w.s("resume_token"))
	if w2["resumed"] != true || w2.s("conversation_id") != w.s("conversation_id") || w2.s("lang") != "ar" {
		t.Fatalf("resume welcome = %v (first: %v)", w2, w)
	}
	hist := read(t, ws2)
	if hist.s("type") != "history" {
		t.Fatalf("frame after resumed welcome = %v, want history", hist)
	}
	msgs, _ := hist["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("history messages = %v, want the citizen and bot turns", msgs)
	}
	c, b := frame(msgs[0].(map[string]any)), frame(msgs[1].(map[string]any))
	if c.s("role") != "citizen" || c.s("text") != "كم رسوم تجديد جواز السفر؟" || c.s("id") != "a1" {
		t.Errorf("history[0] = %v", c)
	}
	if b.s("role") != "bot" || b.s("intent") != "service_info" || b.s("service_id") != "passport-renewal" ||
		b.s("lang") != "ar" || b.s("reply_to") != "a1" || !strings.HasPrefix(b.s("text"), "رسوم تجديد") {
		t.Errorf("history[1] = %v", b)
	}
	for _, m := range []frame{c, b} {
		if at, err := time.Parse(time.RFC3339, m.s("at")); err != nil || !strings.HasSuffix(m.s("at"), "Z") || at.IsZero() {
			t.Errorf("at = %q: %v", m.s("at"), err)
		}
	}
	if r := ask(t, ws2, "a2", "and the documents?"); r.s("type") != "reply" {
		t.Errorf("follow-up after resume: %v", r)
	}
	if n := len(h.chat.conv(w.s("conversation_id")).history); n != 6 {
		t.Errorf("transcript has %d entries, want 6 (two turns in one conversation)", n)
	}
}

func TestChatErrors(t *testing.T) {
	h := newHarness(t, Config{})
	ws, w := h.dial("?lang=en")
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"unavailable", fmt.Errorf("redis: dial tcp 10.0.0.7:6379: %w", bot.ErrUnavailable), "unavailable"},
		{"timeout", fmt.Errorf("load: %w", context.DeadlineExceeded), "unavailable"},
		{"internal", errors.New("template: secret-detail"), "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.chat.failNext(tt.err)
			f := ask(t, ws, "e-"+tt.name, "passport")
			if f.s("type") != "error" || f.s("code") != tt.code || f.s("text") != "en:"+tt.code {
				t.Errorf("got %v, want error %s with ErrorText", f, tt.code)
			}
			if r := ask(t, ws, "ok-"+tt.name, "passport"); r.s("type") != "reply" {
				t.Errorf("next message: %v", r)
			}
		})
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "conversation_id="+w.s("conversation_id")) || !strings.Contains(logs, "secret-detail") {
		t.Errorf("the error is not logged with its conversation id:\n%s", logs)
	}
}

func TestPanicInEngine(t *testing.T) {
	h := newHarness(t, Config{})
	ws, _ := h.dial("")
	if f := ask(t, ws, "p1", "panic"); f.s("code") != "internal" || f.s("text") != "ar:internal" {
		t.Errorf("panic: %v, want internal error", f)
	}
	if r := ask(t, ws, "p2", "passport"); r.s("type") != "reply" {
		t.Errorf("after a panic: %v", r)
	}
	if !strings.Contains(h.logs.String(), "fake engine bug") {
		t.Error("panic not logged")
	}
}

func TestStartFails(t *testing.T) {
	h := newHarness(t, Config{}, func(c *fakeChat) {
		c.startErr = fmt.Errorf("redis down: %w", bot.ErrUnavailable)
	})
	ws, _, err := h.dialRaw("?lang=en", nil)
	if err != nil {
		t.Fatal(err)
	}
	f := read(t, ws)
	if f.s("type") != "error" || f.s("code") != "unavailable" || f.s("text") != "en:unavailable" {
		t.Errorf("first frame %v, want error unavailable", f)
	}
	if code, _, _ := closeCode(t, ws); code != websocket.CloseTryAgainLater {
		t.Errorf("close code %d, want 1013", code)
	}
	eventually(t, "the connection to end", func() bool { return h.srv.connCount() == 0 })
}

func TestFeedbackAndSetLang(t *testing.T) {
	h := newHarness(t, Config{})
	ws, w := h.dial("")
	r := ask(t, ws, "q", "جواز السفر")
	send(t, ws, map[string]any{"type": "feedback", "message_id": r.s("id"), "helpful": false, "comment": "the fee is out of date"})
	if a := read(t, ws); a.s("type") != "ack" || a.s("ref") != r.s("id") {
		t.Errorf("feedback answer %v, want ack", a)
	}
	h.chat.mu.Lock()
	got := h.chat.feedback
	h.chat.mu.Unlock()
	if len(got) != 1 || got[0] != (bot.Feedback{MessageID: r.s("id"), Helpful: false, Comment: "the fee is out of date"}) {
		t.Errorf("feedback recorded %+v", got)
	}

	send(t, ws, map[string]any{"type": "set_lang", "lang": "en"})
	if a := read(t, ws); a.s("type") != "ack" || a.s("ref") != "set_lang" {
		t.Errorf("set_lang answer %v, want ack", a)
	}
	if l := h.chat.conv(w.s("conversation_id")).lang; l != "en" {
		t.Errorf("conversation lang %q, want en", l)
	}
	// Error texts follow the new language.
	ws.WriteMessage(websocket.TextMessage, []byte("{"))
	if f := read(t, ws); f.s("text") != "en:bad_request" {
		t.Errorf("error after set_lang: %v", f)
	}
}

func TestIdleTimeout(t *testing.T) {
	h := newHarness(t, Config{IdleTimeout: 300 * time.Millisecond})
	ws, _ := h.dial("")
	start := time.Now()
	// Activity postpones the timeout.
	time.Sleep(200 * time.Millisecond)
	ask(t, ws, "m", "passport")
	code, text, _ := closeCode(t, ws)
	if code != websocket.CloseNormalClosure || text != "idle timeout" {
		t.Errorf("close %d %q, want 1000 idle timeout", code, text)
	}
	if d := time.Since(start); d < 450*time.Millisecond {
		t.Errorf("closed after %v: a message should restart the idle clock", d)
	}
	eventually(t, "the connection to end", func() bool { return h.srv.connCount() == 0 })
}

func TestPingPong(t *testing.T) {
	h := newHarness(t, Config{PingInterval: 100 * time.Millisecond, PongWait: 500 * time.Millisecond})
	alive, _ := h.dial("") // gorilla answers pings while it reads
	h.dial("")             // never reads, so never answers a ping
	frames := make(chan frame, 4)
	go func() {
		for {
			f, err := tryRead(alive, 5*time.Second)
			if err != nil {
				close(frames)
				return
			}
			frames <- f
		}
	}()
	eventually(t, "the silent client to be dropped", func() bool { return h.srv.connCount() == 1 })
	time.Sleep(time.Second) // two pong deadlines
	send(t, alive, msg("m", "passport"))
	for f := range frames {
		if f.s("type") == "reply" {
			return
		}
	}
	t.Fatal("answering client was dropped")
}

func TestSlowClientIsDropped(t *testing.T) {
	h := newHarness(t, Config{SendQueue: 4, WriteWait: 300 * time.Millisecond}, func(c *fakeChat) {
		c.flood = 600
	})
	ws, _ := h.dial("")
	// A 40 MB reply streamed as deltas to a client that does not read.
	send(t, ws, msg("big", "passport"))
	eventually(t, "the slow client to be dropped", func() bool { return h.srv.connCount() == 0 })
}

func TestShutdown(t *testing.T) {
	gate := make(chan struct{})
	entered := make(chan string, 4)
	h := newHarness(t, Config{}, func(c *fakeChat) { c.gate, c.entered = gate, entered })
	ws, _ := h.dial("")
	idle, _ := h.dial("")

	send(t, ws, msg("m1", "passport"))
	if id := <-entered; id != "m1" {
		t.Fatalf("entered %s", id)
	}
	send(t, ws, msg("m2", "queued behind m1"))
	eventually(t, "m2 to be queued", func() bool {
		h.srv.mu.Lock()
		defer h.srv.mu.Unlock()
		for c := range h.srv.conns {
			c.mu.Lock()
			n := len(c.queue)
			c.mu.Unlock()
			if n == 1 {
				return true
			}
		}
		return false
	})

	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- h.srv.Shutdown(ctx)
	}()
	eventually(t, "shutdown to start", h.srv.isClosing)

	// The idle connection is closed at once; new ones are refused.
	if code, _, _ := closeCode(t, idle); code != websocket.CloseGoingAway {
		t.Errorf("idle connection closed with %d, want 1001", code)
	}
	if _, resp, err := h.dialRaw("", nil); err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("dial during shutdown: %v %v, want 503", resp, err)
	}
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v with a reply in flight", err)
	case <-time.After(100 * time.Millisecond):
	}

	close(gate)
	code, text, frames := closeCode(t, ws)
	var got []string
	for _, f := range frames {
		got = append(got, f.s("type")+":"+f.s("reply_to")+":"+f.s("code"))
	}
	want := "typing:m1: reply:m1: error:m2:unavailable"
	if strings.Join(got, " ") != want || code != websocket.CloseGoingAway {
		t.Errorf("frames %v then close %d %q; want %s then 1001", got, code, text, want)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if n := h.srv.connCount(); n != 0 {
		t.Errorf("%d connections left", n)
	}
}

func TestShutdownDeadline(t *testing.T) {
	gate := make(chan struct{}) // never opened: Handle only ends when cancelled
	entered := make(chan string, 1)
	h := newHarness(t, Config{}, func(c *fakeChat) { c.gate, c.entered = gate, entered })
	ws, _ := h.dial("")
	send(t, ws, msg("m1", "passport"))
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := h.srv.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown = %v, want deadline exceeded", err)
	}
	if _, err := tryRead(ws, 5*time.Second); err == nil {
		// typing frame; the connection must end right after
		for err == nil {
			_, err = tryRead(ws, 5*time.Second)
		}
	}
	eventually(t, "connections to end", func() bool { return h.srv.connCount() == 0 })
}
