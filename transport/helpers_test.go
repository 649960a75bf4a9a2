package transport

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// frame is a decoded server frame.
type frame map[string]any

func (f frame) s(k string) string { v, _ := f[k].(string); return v }

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type harness struct {
	t    *testing.T
	chat *fakeChat
	srv  *Server
	hs   *httptest.Server
	url  string // ws://host/ws
	logs *syncBuffer
}

// newHarness starts a Server with a fake Chat behind a real HTTP server.
// setup, when given, configures the fake before any goroutine can see it.
func newHarness(t *testing.T, cfg Config, setup ...func(*fakeChat)) *harness {
	t.Helper()
	h := &harness{t: t, chat: newFakeChat(), logs: &syncBuffer{}}
	for _, f := range setup {
		f(h.chat)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	h.srv = NewServer(h.chat, cfg)
	h.hs = httptest.NewServer(h.srv)
	h.url = "ws" + strings.TrimPrefix(h.hs.URL, "http") + "/ws"
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := h.srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		h.hs.Close()
	})
	return h
}

// dialRaw opens a WebSocket without reading anything.
func (h *harness) dialRaw(query string, hdr http.Header) (*websocket.Conn, *http.Response, error) {
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial(h.url+query, hdr)
	if err == nil {
		h.t.Cleanup(func() { ws.Close() })
	}
	return ws, resp, err
}

// dial opens a WebSocket and returns it with its welcome frame.
func (h *harness) dial(query string) (*websocket.Conn, frame) {
	h.t.Helper()
	ws, _, err := h.dialRaw(query, nil)
	if err != nil {
		h.t.Fatalf("dial: %v", err)
	}
	w := read(h.t, ws)
	if w.s("type") != "welcome" {
		h.t.Fatalf("first frame %v, want welcome", w)
	}
	return ws, w
}

func read(t testing.TB, ws *websocket.Conn) frame {
	t.Helper()
	f, err := tryRead(ws, 5*time.Second)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return f
}

func tryRead(ws *websocket.Conn, timeout time.Duration) (frame, error) {
	ws.SetReadDeadline(time.Now().Add(timeout))
	var f frame
	err := ws.ReadJSON(&f)
	return f, err
}

func send(t testing.TB, ws *websocket.Conn, v any) {
	t.Helper()
	if err := ws.WriteJSON(v); err != nil {
		t.Fatalf("write: %v", err)
	}
}

func msg(id, text string) map[string]any {
	return map[string]any{"type": "message", "id": id, "text": text}
}

// final reads frames until the reply or error for id (any id when ""),
// returning it and the frames before it.
func final(t testing.TB, ws *websocket.Conn, id string) (frame, []frame) {
	t.Helper()
	var before []frame
	for {
		f := read(t, ws)
		if (f.s("type") == "reply" || f.s("type") == "error") && (id == "" || f.s("reply_to") == id) {
			return f, before
		}
		before = append(before, f)
	}
}

// ask sends a message and returns its final frame.
func ask(t testing.TB, ws *websocket.Conn, id, text string) frame {
	t.Helper()
	send(t, ws, msg(id, text))
	f, _ := final(t, ws, id)
	return f
}

// eventually polls cond until it holds or the time runs out.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// closeCode reads until the connection ends and returns the close code
// received (0 when it ended without a close frame).
func closeCode(t *testing.T, ws *websocket.Conn) (int, string, []frame) {
	t.Helper()
	var frames []frame
	for {
		f, err := tryRead(ws, 5*time.Second)
		if err != nil {
			if ce, ok := err.(*websocket.CloseError); ok {
				return ce.Code, ce.Text, frames
			}
			return 0, err.Error(), frames
		}
		frames = append(frames, f)
	}
}
