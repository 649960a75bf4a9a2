package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// syncBuffer is an io.Writer the server writes to while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var urlRE = regexp.MustCompile(`listening on (http://\S+)`)

type server struct {
	url    string
	out    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startServer runs the real program (run with "serve") on a free port.
func startServer(t testing.TB, env map[string]string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{out: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	getenv := func(k string) string {
		if k == "DALIL_LOG_LEVEL" && env[k] == "" {
			return "warn"
		}
		return env[k]
	}
	go func() { s.done <- run(ctx, []string{"dalil", "serve", "--addr", "127.0.0.1:0"}, getenv, s.out) }()
	// Generous: under -race on a busy two-core machine building the matcher
	// (four training runs) takes seconds; a real start takes a fraction of one.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		// The banner's last line, not its first: the lines between (the LLM,
		// the consoles) are written after the listener is up, and a test
		// that reads them must not race their writing.
		out := s.out.String()
		if m := urlRE.FindStringSubmatch(out); m != nil && strings.Contains(out, "Staff console: ") {
			s.url = m[1]
			t.Cleanup(func() { s.stop(t) })
			return s
		}
		select {
		case err := <-s.done:
			t.Fatalf("server exited: %v\n%s", err, s.out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("server did not start:\n%s", s.out.String())
	return nil
}

func (s *server) stop(t testing.TB) {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("server: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Error("server did not stop")
	}
}

func (s *server) ws() string { return "ws" + strings.TrimPrefix(s.url, "http") + "ws" }

type frame map[string]any

func (f frame) s(k string) string { v, _ := f[k].(string); return v }

func dial(t testing.TB, url string) (*websocket.Conn, frame) {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	var w frame
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if err := c.ReadJSON(&w); err != nil || w.s("type") != "welcome" {
		t.Fatalf("welcome: %v %v", w, err)
	}
	return c, w
}

func ask(t testing.TB, c *websocket.Conn, id, text string) frame {
	t.Helper()
	if err := c.WriteJSON(frame{"type": "message", "id": id, "text": text}); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var f frame
		if err := c.ReadJSON(&f); err != nil {
			t.Fatalf("reading reply to %q: %v", text, err)
		}
		if (f.s("type") == "reply" || f.s("type") == "error") && f.s("reply_to") == id {
			return f
		}
	}
}

func expect(t *testing.T, r frame, intent, service, aspect, lang string) {
	t.Helper()
	if r.s("type") != "reply" || r.s("intent") != intent || r.s("service_id") != service || r.s("aspect") != aspect || r.s("lang") != lang {
		t.Errorf("got %s %s/%s/%s/%s, want %s/%s/%s/%s (%s)", r.s("type"), r.s("intent"), r.s("service_id"), r.s("aspect"), r.s("lang"),
			intent, service, aspect, lang, r.s("text"))
	}
}

// The real program with the in-process store: a citizen asks in Arabic,
// follows up in English, reloads (resume) and goes on.
func TestEndToEndInProcess(t *testing.T) {
	s := startServer(t, nil)
	for _, p := range []string{"healthz", "readyz", ""} {
		resp, err := http.Get(s.url + p)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET /%s: %v %v", p, resp, err)
		}
		resp.Body.Close()
	}
	c, w := dial(t, s.ws())
	if w["resumed"] != false || !strings.HasPrefix(w.s("conversation_id"), "c_") || w.s("resume_token") == "" || w.s("lang") != "ar" {
		t.Fatalf("welcome %v", w)
	}
	r := ask(t, c, "m1", "كم رسوم تجديد جواز السفر؟")
	expect(t, r, "service_info", "passport-renewal", "fees", "ar")
	src, _ := r["source"].(map[string]any)
	if src["service_id"] != "passport-renewal" || src["url"] == "" {
		t.Errorf("source %v", r["source"])
	}
	expect(t, ask(t, c, "m2", "and what documents do I need?"), "service_info", "passport-renewal", "documents", "en")
	c.Close()

	// Reload: the same conversation, its history, its context.
	c2, w2 := dial(t, s.ws()+"?resume="+w.s("resume_token"))
	if w2["resumed"] != true || w2.s("conversation_id") != w.s("conversation_id") {
		t.Fatalf("resume welcome %v", w2)
	}
	var h frame
	c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	if err := c2.ReadJSON(&h); err != nil || h.s("type") != "history" {
		t.Fatalf("history: %v %v", h, err)
	}
	if msgs, _ := h["messages"].([]any); len(msgs) != 4 {
		t.Errorf("history has %d messages, want 4: %v", len(msgs), h)
	}
	expect(t, ask(t, c2, "m3", "وين بقدم؟"), "service_info", "passport-renewal", "location", "ar")

	// Bad input: a clear error, and the connection still works.
	c2.WriteMessage(websocket.TextMessage, []byte(`{"type":"message","id":"x","text":`))
	var e frame
	c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	if err := c2.ReadJSON(&e); err != nil || e.s("type") != "error" || e.s("code") != "bad_request" || e.s("text") == "" {
		t.Errorf("malformed JSON: %v %v", e, err)
	}
	expect(t, ask(t, c2, "m4", "thanks!"), "thanks", "", "", "en")
}

// Shutdown: an open chat gets 1001 (going away) so the page can resume
// elsewhere.
func TestShutdownSendsGoingAway(t *testing.T) {
	s := startServer(t, nil)
	c, _ := dial(t, s.ws())
	expect(t, ask(t, c, "1", "hello"), "greeting", "", "", "en")
	go s.cancel()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, _, err := c.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
		t.Fatalf("want close 1001, got %v", err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatal(err)
		}
		s.cancel = nil
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
	if !strings.Contains(s.out.String(), "Dalil stopped") {
		t.Errorf("output: %s", s.out.String())
	}
}

func redisURL(t testing.TB) string {
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379/0"
	}
	hostport := strings.TrimPrefix(strings.TrimPrefix(u, "redis://"), "rediss://")
	if i := strings.IndexAny(hostport, "/?"); i >= 0 {
		hostport = hostport[:i]
	}
	if i := strings.LastIndex(hostport, "@"); i >= 0 {
		hostport = hostport[i+1:]
	}
	conn, err := net.DialTimeout("tcp", hostport, time.Second)
	if err != nil {
		if os.Getenv("DALIL_REQUIRE_SERVICES") != "" {
			t.Fatalf("redis not reachable at %s (%v) and DALIL_REQUIRE_SERVICES is set", u, err)
		}
		t.Skipf("redis not reachable at %s (%v); .ci/run starts one", u, err)
	}
	conn.Close()
	return u
}

// With Redis: the server restarts and the conversation continues, and two
// instances serve one conversation.
func TestEndToEndRedisRestartAndTwoInstances(t *testing.T) {
	env := sharedRedis(t, "e2e")
	a := startServer(t, env)
	if !strings.Contains(a.out.String(), "store: redis") {
		t.Fatalf("not on redis: %s", a.out.String())
	}
	c, w := dial(t, a.ws())
	expect(t, ask(t, c, "m1", "bade ajadded rokhset el swa2a"), "service_info", "driving-license-renewal", "", "ar")
	c.Close()
	a.stop(t)

	b := startServer(t, env) // "after a restart"
	c2, w2 := dial(t, b.ws()+"?resume="+w.s("resume_token"))
	if w2["resumed"] != true || w2.s("conversation_id") != w.s("conversation_id") {
		t.Fatalf("not resumed after restart: %v", w2)
	}
	expect(t, ask(t, c2, "m2", "kam el rosoom?"), "service_info", "driving-license-renewal", "fees", "ar")

	// A second instance on the same Redis serves the same conversation.
	other := startServer(t, env)
	c3, w3 := dial(t, other.ws()+"?resume="+w.s("resume_token"))
	if w3["resumed"] != true {
		t.Fatalf("second instance did not resume: %v", w3)
	}
	expect(t, ask(t, c3, "m3", "wein ba2dar a2addem?"), "service_info", "driving-license-renewal", "location", "ar")
}

func TestServeHelpDocumentsSettings(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"dalil", "serve", "-h"}, func(string) string { return "" }, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DALIL_ADDR", "DALIL_KB", "REDIS_URL", "DALIL_ALLOWED_ORIGINS", "DALIL_MAX_MESSAGE_CHARS", "DALIL_RATE", "DALIL_STATE_TTL", ":8080"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve -h does not mention %s", want)
		}
	}
}

func TestBadSettingsAreRefused(t *testing.T) {
	for _, env := range []map[string]string{
		{"DALIL_RATE": "fast"},
		{"DALIL_STATE_TTL": "-1h"},
		{"DALIL_MAX_MESSAGE_CHARS": "0"},
		{"DALIL_LOG_LEVEL": "loud"},
		{"DALIL_KB": "/nonexistent/kb"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), []string{"dalil", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, &out)
		if err == nil {
			t.Errorf("%v: accepted", env)
		}
	}
}

func TestKBValidate(t *testing.T) {
	var out bytes.Buffer
	getenv := func(string) string { return "" }
	if err := run(context.Background(), []string{"dalil", "kb", "validate", "../../knowledge/sample"}, getenv, &out); err != nil {
		t.Fatalf("sample: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "ok: 40 services") {
		t.Errorf("output %q", out.String())
	}
	dir := t.TempDir()
	bad := "id: broken\ncategory: nowhere\ntitle: {ar: مكسور}\nfees:\n  - amount: -5\n    currency: JOD\nchannels: {online: 'ftp://x'}\n"
	os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte(bad), 0o644)
	out.Reset()
	err := run(context.Background(), []string{"dalil", "kb", "validate", dir}, getenv, &out)
	if exitCode(err) != 1 {
		t.Fatalf("broken kb: exit %d (%v)", exitCode(err), err)
	}
	for _, want := range []string{"broken.yaml: category", "broken.yaml: title.en", "broken.yaml: fees[0].amount", "broken.yaml: channels.online"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestKBImportAndEval(t *testing.T) {
	dir := t.TempDir()
	in := writeExamples(t, dir)
	out := filepath.Join(dir, "kb")
	var buf bytes.Buffer
	getenv := func(string) string { return "" }
	if err := run(context.Background(), []string{"dalil", "kb", "import", "--examples", in, "--out", out}, getenv, &buf); err != nil {
		t.Fatalf("import: %v\n%s", err, buf.String())
	}
	buf.Reset()
	if err := run(context.Background(), []string{"dalil", "kb", "validate", out}, getenv, &buf); err != nil {
		t.Fatalf("imported kb does not validate: %v\n%s", err, buf.String())
	}
	q := filepath.Join(dir, "q.jsonl")
	os.WriteFile(q, []byte(`{"text":"someone stole my card","label":"lost-card","lang":"en"}`+"\n"+`{"text":"open a new account please","label":"open-account","lang":"en"}`+"\n"), 0o644)
	buf.Reset()
	if err := run(context.Background(), []string{"dalil", "eval", "--questions", q, "--kb", out}, getenv, &buf); err != nil {
		t.Fatalf("eval: %v\n%s", err, buf.String())
	}
	if !strings.Contains(buf.String(), "overall (questions)      100.0% (2/2)") {
		t.Errorf("eval output:\n%s", buf.String())
	}
	// The same knowledge base cut to one example a service and language.
	buf.Reset()
	if err := run(context.Background(), []string{"dalil", "eval", "--questions", q, "--kb", out, "--shots", "1"}, getenv, &buf); err != nil {
		t.Fatalf("eval --shots: %v\n%s", err, buf.String())
	}
	if !strings.Contains(buf.String(), "overall (questions)") {
		t.Errorf("eval --shots output:\n%s", buf.String())
	}
	if err := run(context.Background(), []string{"dalil", "eval", "--questions", q, "--kb", out, "--shots", "-1"}, getenv, &buf); exitCode(err) != 2 {
		t.Errorf("eval --shots -1: exit %d (%v), want 2", exitCode(err), err)
	}
}

// writeExamples writes a small labelled example file (two labels, three
// examples each, both languages) and returns its path.
func writeExamples(t *testing.T, dir string) string {
	t.Helper()
	in := filepath.Join(dir, "ex.jsonl")
	var lines []string
	for _, l := range []struct{ text, label, lang string }{
		{"how do I open a bank account", "open_account", "en"},
		{"I want a new bank account", "open_account", "en"},
		{"كيف افتح حساب بنكي", "open_account", "ar"},
		{"my card was stolen", "lost_card", "en"},
		{"I lost my card yesterday", "lost_card", "en"},
		{"ضاعت بطاقتي البنكية", "lost_card", "ar"},
	} {
		b, _ := json.Marshal(map[string]string{"text": l.text, "label": l.label, "lang": l.lang})
		lines = append(lines, string(b))
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

// `dalil bench intents`: accuracy per variety, speed, the --shots sample,
// and clear refusals of bad arguments.
func TestBenchIntents(t *testing.T) {
	dir := t.TempDir()
	train := writeExamples(t, dir)
	test := filepath.Join(dir, "test.jsonl")
	os.WriteFile(test, []byte(`{"text":"someone stole my card","label":"lost_card","lang":"en","variety":"en"}`+"\n"+
		`{"text":"سرقوا بطاقتي","label":"lost_card","lang":"ar","variety":"pal"}`+"\n"+
		`{"text":"open a new account please","label":"open_account","lang":"en","variety":"en"}`+"\n"), 0o644)
	getenv := func(string) string { return "" }
	var buf bytes.Buffer
	if err := run(context.Background(), []string{"dalil", "bench", "intents", "--train", train, "--test", test, "--passes", "1", "--name", "tiny"}, getenv, &buf); err != nil {
		t.Fatalf("bench: %v\n%s", err, buf.String())
	}
	for _, want := range []string{"== tiny", "train: 6 examples, 2 labels", "  en       100.0% (2/2)", "  pal      ", "  all      ", "classifications/s by wall time"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
	buf.Reset()
	if err := run(context.Background(), []string{"dalil", "bench", "intents", "--train", train, "--test", test, "--passes", "1", "--shots", "1"}, getenv, &buf); err != nil {
		t.Fatalf("bench --shots: %v\n%s", err, buf.String())
	}
	if !strings.Contains(buf.String(), "train: 4 examples, 2 labels") {
		t.Errorf("--shots 1 should keep one example a label and language, 4 in all:\n%s", buf.String())
	}
	for _, args := range [][]string{
		{"--test", test},
		{"--train", train, "--test", test, "--shots", "-1"},
		{"--train", filepath.Join(dir, "missing.jsonl"), "--test", test},
	} {
		buf.Reset()
		err := run(context.Background(), append([]string{"dalil", "bench", "intents"}, args...), getenv, &buf)
		if err == nil {
			t.Errorf("bench intents %v: no error", args)
		}
	}
}

// The dev set through `dalil eval`: the figure this slice promises (≥ 70%
// overall, ≥ 98% reply language). Skipped when the shared folder is absent.
func TestEvalDevSet(t *testing.T) {
	q := "../../../shared/eval/dev.jsonl"
	d := "../../../shared/eval/dev-dialogs.jsonl"
	if _, err := os.Stat(q); err != nil {
		t.Skipf("no dev set at %s", q)
	}
	var buf bytes.Buffer
	if err := run(context.Background(), []string{"dalil", "eval", "--questions", q, "--dialogs", d, "--min", "70"}, func(string) string { return "" }, &buf); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	m := regexp.MustCompile(`reply language\s+([\d.]+)%`).FindStringSubmatch(buf.String())
	if m == nil {
		t.Fatalf("no reply-language figure:\n%s", buf.String())
	}
	var pct float64
	fmt.Sscan(m[1], &pct)
	if pct < 98 {
		t.Errorf("reply language %.1f%% < 98%%", pct)
	}
	t.Logf("\n%s", buf.String())
}

// Redis down at start: the server still comes up, says not ready, and a
// citizen gets a clear `unavailable` error frame instead of a dead socket.
func TestEndToEndRedisDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	s := startServer(t, map[string]string{"REDIS_URL": "redis://" + addr + "/0"})
	resp, err := http.Get(s.url + "readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d with Redis down, want 503", resp.StatusCode)
	}
	resp, err = http.Get(s.url + "healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	c, _, err := websocket.DefaultDialer.Dial(s.ws(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var f frame
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := c.ReadJSON(&f); err != nil {
		t.Fatalf("no error frame: %v", err)
	}
	if f.s("type") != "error" || f.s("code") != "unavailable" || f.s("text") == "" || strings.Contains(f.s("text"), "refused") {
		t.Errorf("got %v, want a citizen-safe unavailable error", f)
	}
}

// The other commands take serve's collector from the environment: its
// default, DALIL_GC_PERCENT and DALIL_MEMORY_LIMIT_MIB, and the default
// where a value is one serve would refuse.
func TestServerGC(t *testing.T) {
	for _, tc := range []struct {
		env               map[string]string
		percent, limitMiB int
	}{
		{nil, defaultGCPercent, 0},
		{map[string]string{"DALIL_GC_PERCENT": "200", "DALIL_MEMORY_LIMIT_MIB": "512"}, 200, 512},
		{map[string]string{"DALIL_GC_PERCENT": "x", "DALIL_MEMORY_LIMIT_MIB": "-1"}, defaultGCPercent, 0},
	} {
		c := serverGC(func(k string) string { return tc.env[k] })
		if c.gcPercent != tc.percent || c.memLimitMiB != tc.limitMiB {
			t.Errorf("%v: gc percent %d, limit %d MiB; want %d, %d", tc.env, c.gcPercent, c.memLimitMiB, tc.percent, tc.limitMiB)
		}
	}
}

// The collector target comes from --gc-percent unless the operator set
// GOGC; the memory limit likewise.
func TestTuneGC(t *testing.T) {
	prev := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(-1)
	defer func() { debug.SetGCPercent(prev); debug.SetMemoryLimit(prevLimit) }()
	none := func(string) string { return "" }
	tuneGC(serveConfig{gcPercent: 300, memLimitMiB: 512}, none)
	if got := debug.SetGCPercent(100); got != 300 {
		t.Errorf("gc percent %d, want 300", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 512<<20 {
		t.Errorf("memory limit %d, want %d", got, 512<<20)
	}
	debug.SetMemoryLimit(prevLimit)
	operator := func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] }
	tuneGC(serveConfig{gcPercent: 300, memLimitMiB: 512}, operator)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set, yet gc percent changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != prevLimit {
		t.Errorf("GOMEMLIMIT set, yet memory limit changed to %d", got)
	}
}
