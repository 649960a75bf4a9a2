package main

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/dalil-project/dalil/intents/llm/llmtest"
)

// llmEnv turns the LLM layer on against the fake.
func llmEnv(srv *llmtest.Server, extra map[string]string) map[string]string {
	env := map[string]string{"DALIL_LLM_BASE_URL": srv.URL, "DALIL_LLM_API_KEY": "test-key", "DALIL_LLM_MODEL": "test-model"}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// askAll sends a message and returns every frame about it, the final one
// last.
func askAll(t *testing.T, c *websocket.Conn, id, text string) []frame {
	t.Helper()
	if err := c.WriteJSON(frame{"type": "message", "id": id, "text": text}); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var out []frame
	for {
		var f frame
		if err := c.ReadJSON(&f); err != nil {
			t.Fatalf("reading reply to %q: %v", text, err)
		}
		if f.s("reply_to") != id {
			continue
		}
		out = append(out, f)
		if f.s("type") == "reply" || f.s("type") == "error" {
			return out
		}
	}
}

// metric reads one series from /metrics (0 when absent).
func metric(t *testing.T, base, series string) float64 {
	t.Helper()
	resp, err := http.Get(base + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// verbatimReply is the answer of a server without the LLM layer.
func verbatimReply(t *testing.T, text string) frame {
	t.Helper()
	s := startServer(t, nil)
	c, _ := dial(t, s.ws())
	return ask(t, c, "v1", text)
}

// Rephrase mode over the real WebSocket: delta frames come first, in
// order, and make the final reply; the reply frame is the authority.
func TestLLMRephraseStreamsDeltas(t *testing.T) {
	srv := llmtest.NewServer()
	defer srv.Close()
	srv.SetDefault(func(r llmtest.Request) llmtest.Reply {
		if r.Kind() == "rephrase" {
			return llmtest.Reply{Content: "أكيد! " + r.Between("approved"), Gap: 3 * time.Millisecond}
		}
		return llmtest.Reply{}
	})
	s := startServer(t, llmEnv(srv, map[string]string{"DALIL_LLM_ANSWERS": "rephrase"}))
	if !strings.Contains(s.out.String(), "LLM: model test-model") || !strings.Contains(s.out.String(), "answers rephrase") {
		t.Errorf("startup output: %s", s.out.String())
	}
	c, _ := dial(t, s.ws())
	frames := askAll(t, c, "m1", "كم رسوم تجديد جواز السفر؟")
	final := frames[len(frames)-1]
	expect(t, final, "service_info", "passport-renewal", "fees", "ar")
	var streamed strings.Builder
	deltas := 0
	for _, f := range frames[:len(frames)-1] {
		switch f.s("type") {
		case "delta":
			streamed.WriteString(f.s("text"))
			deltas++
		case "typing":
		default:
			t.Errorf("unexpected frame before the reply: %v", f)
		}
	}
	if deltas < 5 {
		t.Errorf("%d delta frames", deltas)
	}
	// The final text is the streamed text with phones and links isolated.
	plain := strings.NewReplacer("\u2066", "", "\u2069", "").Replace(final.s("text"))
	if !strings.HasPrefix(final.s("text"), "أكيد! ") || plain != strings.NewReplacer("\u2066", "", "\u2069", "").Replace(streamed.String()) {
		t.Errorf("final %q\nstreamed %q", final.s("text"), streamed.String())
	}
	if n := srv.Count("rephrase"); n != 1 {
		t.Errorf("%d rephrase requests", n)
	}
}

// A model that invents a fee is caught: the final reply is the verbatim
// approved text, and the invented number never reached the citizen.
func TestLLMHallucinatedFeeCaught(t *testing.T) {
	want := verbatimReply(t, "كم رسوم تجديد جواز السفر؟")
	srv := llmtest.NewServer()
	defer srv.Close()
	srv.SetDefault(func(r llmtest.Request) llmtest.Reply {
		if r.Kind() == "rephrase" {
			return llmtest.Reply{Content: "رسوم تجديد الجواز 999 ديناراً فقط، وتدفع عند الاستلام.", Gap: 2 * time.Millisecond}
		}
		return llmtest.Reply{}
	})
	s := startServer(t, llmEnv(srv, map[string]string{"DALIL_LLM_ANSWERS": "rephrase"}))
	before := metric(t, s.url, `dalil_llm_fallbacks_total{op="rephrase",reason="ungrounded"}`)
	c, _ := dial(t, s.ws())
	frames := askAll(t, c, "m1", "كم رسوم تجديد جواز السفر؟")
	final := frames[len(frames)-1]
	if final.s("text") != want.s("text") {
		t.Errorf("final %q\nwant the verbatim %q", final.s("text"), want.s("text"))
	}
	for _, f := range frames {
		if f.s("type") == "delta" && strings.Contains(f.s("text"), "999") {
			t.Errorf("invented fee streamed: %v", f)
		}
	}
	if after := metric(t, s.url, `dalil_llm_fallbacks_total{op="rephrase",reason="ungrounded"}`); after != before+1 {
		t.Errorf("ungrounded fallbacks %v -> %v", before, after)
	}
}

// unsureText is a message the local matcher does not settle alone: two
// questions in one.
const unsureText = "بدي أجدد جواز السفر؟ وكم بياخد وقت؟"

// A hanging model: the citizen gets the local answer right after the
// deadline.
func TestLLMHangGivesLocalAnswer(t *testing.T) {
	want := verbatimReply(t, unsureText)
	srv := llmtest.NewServer()
	defer srv.Close()
	srv.SetDefault(func(llmtest.Request) llmtest.Reply { return llmtest.Reply{Hang: true} })
	const deadline = 300 * time.Millisecond
	s := startServer(t, llmEnv(srv, map[string]string{"DALIL_LLM_TIMEOUT": deadline.String()}))
	c, _ := dial(t, s.ws())
	start := time.Now()
	r := ask(t, c, "m1", unsureText)
	took := time.Since(start)
	expect(t, r, want.s("intent"), want.s("service_id"), want.s("aspect"), want.s("lang"))
	if r.s("text") != want.s("text") {
		t.Errorf("not the local answer: %q", r.s("text"))
	}
	if srv.Count("classify") != 1 {
		t.Fatalf("model asked %d times; the message must be one the matcher is unsure of", srv.Count("classify"))
	}
	if took < deadline || took > deadline+250*time.Millisecond {
		t.Errorf("reply after %v, want just after the %v deadline", took, deadline)
	}
}

// The breaker stops calls after consecutive failures and lets one probe
// through after the cooldown; a good probe closes it.
func TestLLMBreakerOpensAndCloses(t *testing.T) {
	srv := llmtest.NewServer()
	defer srv.Close()
	down := true
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	isDown := func() bool { <-mu; defer func() { mu <- struct{}{} }(); return down }
	setDown := func(v bool) { <-mu; down = v; mu <- struct{}{} }
	srv.SetDefault(func(r llmtest.Request) llmtest.Reply {
		if isDown() {
			return llmtest.Reply{Status: 500}
		}
		// The model picks the second candidate: a decision the local
		// matcher would not have made, so the reply shows who decided.
		c := r.Candidates()
		return llmtest.Choose("service_info", c[len(c)-1], "none", "ar")
	})
	const cooldown = 400 * time.Millisecond
	s := startServer(t, llmEnv(srv, map[string]string{"DALIL_LLM_BREAKER_FAILURES": "2", "DALIL_LLM_BREAKER_COOLDOWN": cooldown.String()}))
	c, _ := dial(t, s.ws())
	texts := []string{unsureText, "بدي جواز سفر؟ وكم الرسوم؟", "بدي أطلع جواز لابني؟ وشو الأوراق؟", "جواز سفر جديد؟ وين بقدم؟", "بدي جواز؟ وقديش بكلف؟"}
	ask(t, c, "m1", texts[0])
	ask(t, c, "m2", texts[1])
	failed := srv.Count("classify")
	if failed != 6 { // two turns, each a try and two retries
		t.Fatalf("%d requests for two failing turns, want 6", failed)
	}
	if metric(t, s.url, "dalil_llm_breaker_open") != 1 {
		t.Error("breaker gauge not 1")
	}
	r := ask(t, c, "m3", texts[2])
	if srv.Count("classify") != failed || r.s("type") != "reply" {
		t.Errorf("called with the breaker open (%d requests), reply %v", srv.Count("classify"), r)
	}
	setDown(false)
	time.Sleep(cooldown + 50*time.Millisecond)
	r = ask(t, c, "m4", texts[3])
	if srv.Count("classify") != failed+1 {
		t.Errorf("probe: %d requests, want %d", srv.Count("classify"), failed+1)
	}
	last := srv.Requests()[len(srv.Requests())-1].Candidates()
	if r.s("service_id") != last[len(last)-1] {
		t.Errorf("probe answer not used: %v (candidates %v)", r, last)
	}
	if metric(t, s.url, "dalil_llm_breaker_open") != 0 {
		t.Error("breaker gauge not back to 0")
	}
	ask(t, c, "m5", texts[4])
	if srv.Count("classify") != failed+2 {
		t.Errorf("closed breaker: %d requests", srv.Count("classify"))
	}
}

// Without a key the layer is off, even with a base URL: Dalil runs as
// before, and says so.
func TestLLMOffWithoutKey(t *testing.T) {
	srv := llmtest.NewServer()
	defer srv.Close()
	s := startServer(t, map[string]string{"DALIL_LLM_BASE_URL": srv.URL, "DALIL_LLM_MODEL": "m"})
	if !strings.Contains(s.out.String(), "LLM: off") {
		t.Errorf("output %s", s.out.String())
	}
	c, _ := dial(t, s.ws())
	ask(t, c, "m1", unsureText)
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests with the layer off", n)
	}
	resp, err := http.Get(s.url + "metrics")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/metrics: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestLLMSettings(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"dalil", "serve", "-h"}, func(string) string { return "" }, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DALIL_LLM_BASE_URL", "DALIL_LLM_API_KEY", "DALIL_LLM_MODEL", "DALIL_LLM_AZURE", "DALIL_LLM_TIMEOUT",
		"DALIL_LLM_FIRST_TOKEN_TIMEOUT", "DALIL_LLM_MAX_CONCURRENT", "DALIL_LLM_DAILY_TOKENS", "DALIL_LLM_CONVERSATION_TOKENS",
		"DALIL_LLM_ANSWERS", "DALIL_LLM_EMBEDDINGS_MODEL", "DALIL_REDACT_TRANSCRIPTS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve -h does not mention %s", want)
		}
	}
	// The key is never shown.
	out.Reset()
	run(context.Background(), []string{"dalil", "serve", "-h"}, func(k string) string {
		if k == "DALIL_LLM_API_KEY" {
			return "sk-secret-value"
		}
		return ""
	}, &out)
	if strings.Contains(out.String(), "sk-secret-value") {
		t.Error("serve -h shows the API key")
	}
	on := map[string]string{"DALIL_LLM_BASE_URL": "http://127.0.0.1:1/v1", "DALIL_LLM_API_KEY": "k", "DALIL_LLM_MODEL": "m"}
	for _, bad := range []map[string]string{
		{"DALIL_LLM_ANSWERS": "fancy"},
		{"DALIL_LLM_STRUCTURED": "xml"},
		{"DALIL_LLM_TIMEOUT": "soon"},
		{"DALIL_LLM_DAILY_TOKENS": "-5"},
		{"DALIL_LLM_AZURE": "maybe"},
		{"DALIL_REDACT_TRANSCRIPTS": "sometimes"},
		{"DALIL_LLM_BASE_URL": "http://127.0.0.1:1/v1", "DALIL_LLM_API_KEY": "k"}, // no model
		{"DALIL_LLM_BASE_URL": "ftp://127.0.0.1/v1", "DALIL_LLM_API_KEY": "k", "DALIL_LLM_MODEL": "m"},
		merge(on, map[string]string{"DALIL_LLM_MAX_CONCURRENT": "0"}),
	} {
		err := run(context.Background(), []string{"dalil", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return bad[k] }, &bytes.Buffer{})
		if err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
