package llm

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/intents/llm/llmtest"
	"github.com/dalil-project/dalil/knowledge"
)

func TestNewNeedsServerKeyAndModel(t *testing.T) {
	for _, o := range []Options{
		{APIKey: "k", Model: "m"},
		{BaseURL: "http://x/v1", Model: "m"},
		{BaseURL: "http://x/v1", APIKey: "k"},
	} {
		if _, err := New(o); !errors.Is(err, ErrNotConfigured) {
			t.Errorf("New(%+v) = %v, want ErrNotConfigured", o, err)
		}
	}
	if _, err := New(Options{BaseURL: "ftp://x", APIKey: "k", Model: "m"}); err == nil {
		t.Error("ftp base URL accepted")
	}
}

// A sure local answer never costs a call.
func TestSureTurnsStayLocal(t *testing.T) {
	srv := fakeServer(t)
	c := newTest(t, srv, nil)
	k := c.Classifier(sure(), sample(t))
	for range 5 {
		res, err := k.Understand(context.Background(), query("كم رسوم تجديد الجواز؟"))
		if err != nil || res.Source != "local" || res.ServiceID != "passport-renewal" {
			t.Fatalf("got %+v %v", res, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests for sure turns", n)
	}
	if v := testutil.ToFloat64(c.m.routed.WithLabelValues("local", "sure")); v != 5 {
		t.Errorf("routed local = %v, want 5", v)
	}
}

// Every answer of the model is either used (valid) or dropped for the
// local decision; failures are retried only when a retry can help.
func TestClassify(t *testing.T) {
	html502 := llmtest.Reply{Status: 502, Body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"}
	local := intents.IntentClarify
	for _, tc := range []struct {
		name       string
		structured string
		replies    []llmtest.Reply
		intent     string // want
		service    string
		aspect     knowledge.Aspect
		source     string
		requests   int
		reason     string // fallback reason counted, when the local decision stands
	}{
		{name: "tool call picks a candidate", replies: []llmtest.Reply{llmtest.Choose("service_info", "passport-issue", "fees", "ar")},
			intent: "service_info", service: "passport-issue", aspect: "fees", source: "llm", requests: 1},
		{name: "json schema", structured: StructuredJSONSchema, replies: []llmtest.Reply{llmtest.Choose("service_info", "passport-renewal", "documents", "ar")},
			intent: "service_info", service: "passport-renewal", aspect: "documents", source: "llm", requests: 1},
		{name: "json schema in a code fence", structured: StructuredJSONSchema,
			replies: []llmtest.Reply{{Content: "```json\n{\"intent\":\"service_info\",\"service_id\":\"passport-issue\",\"aspect\":\"none\",\"reply_lang\":\"ar\"}\n```"}},
			intent:  "service_info", service: "passport-issue", source: "llm", requests: 1},
		{name: "clarify", replies: []llmtest.Reply{llmtest.Choose("clarify", "none", "none", "ar")},
			intent: "clarify", source: "llm", requests: 1},
		{name: "out of scope", replies: []llmtest.Reply{llmtest.Choose("out_of_scope", "none", "none", "ar")},
			intent: "out_of_scope", source: "llm", requests: 1},
		{name: "handoff", replies: []llmtest.Reply{llmtest.Choose("handoff", "none", "none", "ar")},
			intent: "handoff", source: "llm", requests: 1},
		{name: "service in the kb but not a candidate", replies: []llmtest.Reply{llmtest.Choose("service_info", "birth-certificate", "none", "ar")},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "service not in the kb", replies: []llmtest.Reply{llmtest.Choose("service_info", "mars-visa", "none", "ar")},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "unknown intent", replies: []llmtest.Reply{llmtest.Choose("refund", "passport-issue", "none", "ar")},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "unknown aspect", replies: []llmtest.Reply{llmtest.Choose("service_info", "passport-issue", "salary", "ar")},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "unknown language", replies: []llmtest.Reply{llmtest.Choose("service_info", "passport-issue", "none", "fr")},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "prose instead of a call", replies: []llmtest.Reply{{Content: "The citizen most likely wants to renew a passport."}},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "prose instead of JSON", structured: StructuredJSONSchema, replies: []llmtest.Reply{{Content: "passport-renewal, I think"}},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "malformed JSON", replies: []llmtest.Reply{{ToolArgs: `{"intent":"service_info","service_id":`}},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "extra field", replies: []llmtest.Reply{{ToolArgs: `{"intent":"service_info","service_id":"passport-issue","aspect":"none","reply_lang":"ar","fee":"5 JOD"}`}},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "two objects", replies: []llmtest.Reply{{ToolArgs: `{"intent":"clarify","service_id":"none","aspect":"none","reply_lang":"ar"}{"intent":"clarify"}`}},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "another function", replies: []llmtest.Reply{{ToolName: "send_email", ToolArgs: `{"intent":"service_info","service_id":"passport-issue","aspect":"none","reply_lang":"ar"}`}},
			intent: local, source: "local", requests: 1, reason: reasonInvalid},
		{name: "429 then an answer", replies: []llmtest.Reply{{Status: 429, RetryAfter: "0"}, llmtest.Choose("service_info", "passport-issue", "none", "ar")},
			intent: "service_info", service: "passport-issue", source: "llm", requests: 2},
		{name: "500 then an answer", replies: []llmtest.Reply{{Status: 500}, llmtest.Choose("service_info", "passport-issue", "none", "ar")},
			intent: "service_info", service: "passport-issue", source: "llm", requests: 2},
		{name: "HTML 502 three times", replies: []llmtest.Reply{html502, html502, html502},
			intent: local, source: "local", requests: 3, reason: reasonServer},
		{name: "401 is not retried", replies: []llmtest.Reply{{Status: 401}},
			intent: local, source: "local", requests: 1, reason: reasonClient},
		{name: "400 is not retried", replies: []llmtest.Reply{{Status: 400}},
			intent: local, source: "local", requests: 1, reason: reasonClient},
		{name: "429 after the deadline", replies: []llmtest.Reply{{Status: 429, RetryAfter: "60"}},
			intent: local, source: "local", requests: 1, reason: reasonRateLimited},
		{name: "hang", replies: []llmtest.Reply{{Hang: true}},
			intent: local, source: "local", requests: 1, reason: reasonTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeServer(t)
			srv.Push(tc.replies...)
			c := newTest(t, srv, func(o *Options) { o.Structured = tc.structured })
			k := c.Classifier(unsure(), sample(t))
			start := time.Now()
			res, err := k.Understand(context.Background(), query("بدي جواز سفر"))
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if res.Intent != tc.intent || res.ServiceID != tc.service || res.Aspect != tc.aspect || res.Source != tc.source {
				t.Errorf("got %s/%s/%s from %s, want %s/%s/%s from %s", res.Intent, res.ServiceID, res.Aspect, res.Source,
					tc.intent, tc.service, tc.aspect, tc.source)
			}
			if n := srv.Count("classify"); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			if tc.reason != "" && fallbacks(c, "classify", tc.reason) != 1 {
				t.Errorf("fallback %q not counted", tc.reason)
			}
			if limit := c.opts.Timeout + 100*time.Millisecond; took > limit {
				t.Errorf("took %v, more than the deadline %v", took, limit)
			}
		})
	}
}

// A Retry-After that fits before the deadline is waited out; one that does
// not pauses every call until it has passed.
func TestRetryAfter(t *testing.T) {
	srv := fakeServer(t)
	srv.Push(llmtest.Reply{Status: 429, RetryAfter: "0.3"}, llmtest.Choose("service_info", "passport-issue", "none", "ar"))
	c := newTest(t, srv, func(o *Options) { o.Timeout = time.Second })
	k := c.Classifier(unsure(), sample(t))
	res, _ := k.Understand(context.Background(), query("بدي جواز سفر"))
	reqs := srv.Requests()
	if res.Source != "llm" || len(reqs) != 2 {
		t.Fatalf("source %s after %d requests", res.Source, len(reqs))
	}
	if gap := reqs[1].At.Sub(reqs[0].At); gap < 300*time.Millisecond {
		t.Errorf("retried after %v, before Retry-After", gap)
	}

	srv.Reset()
	clk := newClock()
	c = newTest(t, srv, func(o *Options) { o.Now = clk.Now })
	k = c.Classifier(unsure(), sample(t))
	srv.Push(llmtest.Reply{Status: 429, RetryAfter: "30"})
	k.Understand(context.Background(), query("بدي جواز سفر"))
	res, _ = k.Understand(context.Background(), query("بدي جواز"))
	if res.Source != "local" || srv.Count("classify") != 1 || fallbacks(c, "classify", reasonBreaker) != 1 {
		t.Errorf("called during Retry-After: %d requests, source %s", srv.Count("classify"), res.Source)
	}
	clk.Add(31 * time.Second)
	if res, _ = k.Understand(context.Background(), query("بدي جواز")); res.Source != "llm" {
		t.Errorf("not called after Retry-After: %+v", res)
	}
}

// The breaker opens after consecutive failures, lets one probe through
// after the cooldown, closes on its success and reopens on its failure.
func TestBreaker(t *testing.T) {
	srv := fakeServer(t)
	fail := true
	srv.SetDefault(func(r llmtest.Request) llmtest.Reply {
		if fail {
			return llmtest.Reply{Status: 503}
		}
		return llmtest.Reply{}
	})
	clk := newClock()
	c := newTest(t, srv, func(o *Options) {
		o.Now, o.MaxRetries, o.BreakerFailures, o.BreakerCooldown = clk.Now, -1, 3, 10*time.Second
	})
	k := c.Classifier(unsure(), sample(t))
	n := 0
	ask := func() intents.Result {
		t.Helper()
		n++ // another question each time: no cache hits
		res, err := k.Understand(context.Background(), query("بدي جواز سفر رقم "+strconv.Itoa(n)))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for range 3 {
		ask()
	}
	if !c.breaker.open() || testutil.ToFloat64(c.m.breakerOpen) != 1 {
		t.Fatal("breaker not open after 3 failures")
	}
	ask()
	if n := srv.Count("classify"); n != 3 {
		t.Errorf("%d requests with the breaker open, want 3", n)
	}
	// Cooldown over: one probe; it fails, so the breaker opens again.
	clk.Add(11 * time.Second)
	ask()
	ask()
	if n := srv.Count("classify"); n != 4 || !c.breaker.open() {
		t.Errorf("after a failed probe: %d requests (want 4), open=%v", n, c.breaker.open())
	}
	// Next cooldown: the server is back; the probe closes the breaker.
	fail = false
	clk.Add(11 * time.Second)
	if res := ask(); res.Source != "llm" {
		t.Errorf("probe answer not used: %+v", res)
	}
	if c.breaker.open() || testutil.ToFloat64(c.m.breakerOpen) != 0 {
		t.Error("breaker still open after a good probe")
	}
	if res := ask(); res.Source != "llm" || srv.Count("classify") != 6 {
		t.Errorf("closed breaker: %+v after %d requests", res, srv.Count("classify"))
	}
}

// No more requests in flight than MaxConcurrent.
func TestConcurrencyCap(t *testing.T) {
	srv := fakeServer(t)
	srv.SetDefault(func(llmtest.Request) llmtest.Reply { return llmtest.Reply{Delay: 80 * time.Millisecond} })
	c := newTest(t, srv, func(o *Options) { o.MaxConcurrent, o.Timeout = 2, 2*time.Second })
	k := c.Classifier(unsure(), sample(t))
	done := make(chan intents.Result)
	for i := range 6 {
		go func() {
			res, _ := k.Understand(context.Background(), query("بدي جواز سفر رقم "+strconv.Itoa(i)))
			done <- res
		}()
	}
	for range 6 {
		if res := <-done; res.Source != "llm" {
			t.Errorf("a call fell back: %+v", res)
		}
	}
	if p := srv.PeakInFlight(); p > 2 {
		t.Errorf("%d requests in flight, cap 2", p)
	}
}

func TestBudgets(t *testing.T) {
	srv := fakeServer(t)
	clk := newClock()
	c := newTest(t, srv, func(o *Options) { o.Now, o.DailyTokens = clk.Now, 1 })
	k := c.Classifier(unsure(), sample(t))
	k.Understand(context.Background(), query("بدي جواز سفر"))
	res, _ := k.Understand(context.Background(), query("بدي جواز سفر جديد"))
	if res.Source != "local" || srv.Count("classify") != 1 || fallbacks(c, "classify", reasonDaily) != 1 {
		t.Errorf("daily budget spent, yet %d requests (%s)", srv.Count("classify"), res.Source)
	}
	clk.Add(24 * time.Hour)
	if res, _ = k.Understand(context.Background(), query("بدي جواز سفر جديد")); res.Source != "llm" {
		t.Error("a new day did not reset the daily budget")
	}

	srv.Reset()
	c = newTest(t, srv, func(o *Options) { o.ConversationTokens = 1 })
	k = c.Classifier(unsure(), sample(t))
	k.UnderstandIn(context.Background(), "c_a", query("بدي جواز سفر"))
	if res, _ := k.UnderstandIn(context.Background(), "c_a", query("بدي جواز سفر جديد")); res.Source != "local" {
		t.Error("conversation over budget still asked")
	}
	if res, _ := k.UnderstandIn(context.Background(), "c_b", query("بدي جواز سفر جديد")); res.Source != "llm" {
		t.Error("another conversation was refused")
	}
	if fallbacks(c, "classify", reasonConversation) != 1 || srv.Count("classify") != 2 {
		t.Errorf("conversation budget: %d requests", srv.Count("classify"))
	}
}

// Two instances with one shared counter (as two servers on one Redis) spend
// from one budget; a counter that cannot be read stops the calls, and the
// local matcher answers.
func TestBudgetsShared(t *testing.T) {
	srv := fakeServer(t)
	shared := NewMemCounter()
	a := newTest(t, srv, func(o *Options) { o.DailyTokens, o.Counter = 1, shared }).Classifier(unsure(), sample(t))
	bc := newTest(t, srv, func(o *Options) { o.DailyTokens, o.Counter = 1, shared })
	b := bc.Classifier(unsure(), sample(t))
	if res, _ := a.Understand(context.Background(), query("بدي جواز سفر")); res.Source != "llm" {
		t.Fatalf("first call: source %s", res.Source)
	}
	if res, _ := b.Understand(context.Background(), query("بدي جواز سفر جديد")); res.Source != "local" || fallbacks(bc, "classify", reasonDaily) != 1 {
		t.Errorf("the other instance spent the shared daily budget, yet this one asked (%s)", res.Source)
	}
	if day, _, _ := shared.Tokens(context.Background(), time.Now().UTC().Format(time.DateOnly), ""); day <= 0 {
		t.Errorf("shared counter holds %d tokens", day)
	}

	broken := newTest(t, srv, func(o *Options) { o.ConversationTokens, o.Counter = 100, failingCounter{} })
	k := broken.Classifier(unsure(), sample(t))
	res, err := k.UnderstandIn(context.Background(), "c_x", query("بدي جواز سفر"))
	if err != nil || res.Source != "local" || fallbacks(broken, "classify", reasonBudgetStore) != 1 {
		t.Errorf("unreadable budget: %v, source %s, fallbacks %v", err, res.Source, fallbacks(broken, "classify", reasonBudgetStore))
	}
	// Without limits the counter is never asked.
	free := newTest(t, srv, func(o *Options) { o.Counter = failingCounter{} })
	if res, _ := free.Classifier(unsure(), sample(t)).Understand(context.Background(), query("بدي جواز سفر")); res.Source != "llm" {
		t.Errorf("no limits, yet the broken counter stopped the call (%s)", res.Source)
	}
}

type failingCounter struct{}

func (failingCounter) Tokens(context.Context, string, string) (int64, int64, error) {
	return 0, 0, errors.New("redis: connection refused")
}

func (failingCounter) AddTokens(context.Context, string, string, int64) error {
	return errors.New("redis: connection refused")
}

// Answers are cached by redacted, normalized text, context and knowledge
// base version; failures are not.
func TestCache(t *testing.T) {
	srv := fakeServer(t)
	c := newTest(t, srv, nil)
	kb := sample(t)
	k := c.Classifier(unsure(), kb)
	ask := func(k *Classifier, q intents.Query) intents.Result {
		t.Helper()
		res, err := k.Understand(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	ask(k, query("بدي أجدد جواز السفر؟"))
	if res := ask(k, query("بدي اجدد جواز السفر")); res.Source != "llm" || srv.Count("classify") != 1 {
		t.Errorf("same question (other spelling): %d requests, source %s", srv.Count("classify"), res.Source)
	}
	if testutil.ToFloat64(c.m.cache.WithLabelValues("classify", "hit")) != 1 {
		t.Error("hit not counted")
	}
	// The same words, other personal data: the redacted text is the key.
	ask(k, query("هويتي 407595966 بدي جواز"))
	ask(k, query("هويتي 123456782 بدي جواز"))
	if srv.Count("classify") != 2 {
		t.Errorf("redacted text not the key: %d requests", srv.Count("classify"))
	}
	// Another context is another question.
	ask(k, intents.Query{Text: "بدي اجدد جواز السفر", Context: intents.Context{LastService: "birth-certificate"}})
	if srv.Count("classify") != 3 {
		t.Errorf("context ignored: %d requests", srv.Count("classify"))
	}
	// Another knowledge-base version.
	svcs := kb.Services()
	smaller, err := knowledge.New(svcs[:len(svcs)-1])
	if err != nil {
		t.Fatal(err)
	}
	ask(c.Classifier(unsure(), smaller), query("بدي اجدد جواز السفر"))
	if srv.Count("classify") != 4 {
		t.Errorf("knowledge-base version ignored: %d requests", srv.Count("classify"))
	}
	// A failure is not cached.
	srv.Push(llmtest.Reply{Hang: true})
	ask(k, query("جواز سفر مستعجل"))
	if res := ask(k, query("جواز سفر مستعجل")); res.Source != "llm" || srv.Count("classify") != 6 {
		t.Errorf("failure cached: %d requests, %s", srv.Count("classify"), res.Source)
	}
}

// The prompt carries the candidates (ids, titles, summaries in both
// languages), the recent turns and the current service.
func TestPromptContents(t *testing.T) {
	srv := fakeServer(t)
	c := newTest(t, srv, nil)
	k := c.Classifier(unsure(), sample(t))
	q := intents.Query{Text: "وكم بتاخد وقت؟", Context: intents.Context{LastService: "birth-certificate", LastAspect: "fees", Lang: "ar",
		Recent: []intents.Turn{{Role: "citizen", Text: "بدي شهادة ميلاد لابني"}, {Role: "bot", Text: "service_info birth-certificate fees"}}}}
	k.Understand(context.Background(), q)
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	user := r.Text("user")
	renewal, _ := sample(t).Get("passport-renewal")
	for _, want := range []string{"passport-renewal", renewal.Title.AR, renewal.Title.EN, oneLine(renewal.Summary.AR, 90),
		oneLine(renewal.Summary.EN, 90), `<turn role="citizen">بدي شهادة ميلاد لابني</turn>`, "Current service: birth-certificate (aspect fees)",
		"<message>\nوكم بتاخد وقت؟\n</message>"} {
		if !strings.Contains(user, want) {
			t.Errorf("user message lacks %q:\n%s", want, user)
		}
	}
	cands := r.Candidates()
	if len(cands) != 4 || cands[3] != "birth-certificate" {
		t.Errorf("candidates %v: want the three local ones and the current service", cands)
	}
	if r.Chat.Model != "test-model" || r.Header.Get("Authorization") != "Bearer test-key" {
		t.Errorf("model %q, auth %q", r.Chat.Model, r.Header.Get("Authorization"))
	}
	if len(r.Chat.Tools) != 1 || !strings.Contains(string(r.Chat.ToolChoice), `"choose"`) {
		t.Errorf("tools %v choice %s", r.Chat.Tools, r.Chat.ToolChoice)
	}
}

func TestAzure(t *testing.T) {
	srv := fakeServer(t)
	base := strings.TrimSuffix(srv.URL, "/v1")
	c := newTest(t, srv, func(o *Options) {
		o.BaseURL, o.Azure, o.AzureDeployment = base, true, "dalil-gpt"
	})
	k := c.Classifier(unsure(), sample(t))
	if res, _ := k.Understand(context.Background(), query("بدي جواز سفر")); res.Source != "llm" {
		t.Fatalf("got %+v", res)
	}
	r := srv.Requests()[0]
	if r.Path != "/openai/deployments/dalil-gpt/chat/completions" || r.Query != "api-version=2024-10-21" {
		t.Errorf("path %s?%s", r.Path, r.Query)
	}
	if r.Header.Get("Api-Key") != "test-key" || r.Header.Get("Authorization") != "" {
		t.Errorf("auth headers: api-key %q, authorization %q", r.Header.Get("Api-Key"), r.Header.Get("Authorization"))
	}
}

// The model decides the reply language only when the script is mixed.
func TestReplyLanguage(t *testing.T) {
	srv := fakeServer(t)
	srv.Push(llmtest.Choose("service_info", "passport-issue", "none", "en"), llmtest.Choose("service_info", "passport-issue", "none", "en"))
	c := newTest(t, srv, nil)
	ar := unsure()
	if res, _ := c.Classifier(ar, sample(t)).Understand(context.Background(), query("بدي جواز")); res.Lang != "ar" {
		t.Errorf("Arabic message answered in %s", res.Lang)
	}
	mixed := unsure()
	mixed.res.Script = intents.ScriptMixed
	if res, _ := c.Classifier(mixed, sample(t)).Understand(context.Background(), query("بدي passport")); res.Lang != "en" {
		t.Errorf("mixed message: model's language not used: %s", res.Lang)
	}
}

// The model's deadline ends a second before the caller's, so the turn
// still has time to answer with the local result.
func TestCallerDeadlineIsKept(t *testing.T) {
	srv := fakeServer(t)
	srv.SetDefault(func(llmtest.Request) llmtest.Reply { return llmtest.Reply{Hang: true} })
	c := newTest(t, srv, func(o *Options) { o.Timeout = 5 * time.Second })
	k := c.Classifier(unsure(), sample(t))
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := k.Understand(ctx, query("بدي جواز سفر"))
	if took := time.Since(start); err != nil || res.Source != "local" || took > 400*time.Millisecond {
		t.Errorf("%+v %v after %v; want the local result after about 200ms", res, err, took)
	}
	// No time left at all: not even asked.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel2()
	srv.Reset()
	k.Understand(ctx2, query("بدي جواز سفر جديد"))
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests without time for them", n)
	}
}
