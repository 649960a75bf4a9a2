package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/evaluate"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/intents/llm"
	"github.com/dalil-project/dalil/knowledge"
)

// llmConfig is the LLM layer's part of `dalil serve`.
type llmConfig struct {
	baseURL, apiKey, model, answers, embeddings, structured string
	azure                                                   bool
	azureVersion, azureDeployment                           string
	timeout, firstToken, breakerCooldown                    time.Duration
	maxConcurrent, breakerFailures                          int
	dailyTokens, convTokens                                 int64
	redactTranscripts                                       bool
}

// llmFlags registers the LLM settings on fs; like every serve flag each
// defaults to its environment variable (dur is parseServe's duration
// reader). The API key is read from the environment only, so it never
// shows in `serve -h` or a process list.
func llmFlags(fs *flag.FlagSet, c *llmConfig, env func(k, def string) string, dur func(k string, def time.Duration) time.Duration) []error {
	var errs []error
	num := func(k string, def int64) int64 {
		return envValue(env, k, def, "a whole number, 0 or more", &errs, func(v string) (int64, error) {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil && n < 0 {
				err = strconv.ErrRange
			}
			return n, err
		})
	}
	boolean := func(k string, def bool) bool {
		return envValue(env, k, def, "true or false", &errs, strconv.ParseBool)
	}
	c.apiKey = env("DALIL_LLM_API_KEY", "")
	fs.StringVar(&c.baseURL, "llm-base-url", env("DALIL_LLM_BASE_URL", ""), "OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1; with DALIL_LLM_API_KEY (environment only) it turns the LLM layer on (DALIL_LLM_BASE_URL)")
	fs.StringVar(&c.model, "llm-model", env("DALIL_LLM_MODEL", ""), "chat model (DALIL_LLM_MODEL)")
	fs.BoolVar(&c.azure, "llm-azure", boolean("DALIL_LLM_AZURE", false), "Azure OpenAI: api-key header and deployment paths (DALIL_LLM_AZURE)")
	fs.StringVar(&c.azureVersion, "llm-azure-api-version", env("DALIL_LLM_AZURE_API_VERSION", "2024-10-21"), "Azure OpenAI API version (DALIL_LLM_AZURE_API_VERSION)")
	fs.StringVar(&c.azureDeployment, "llm-azure-deployment", env("DALIL_LLM_AZURE_DEPLOYMENT", ""), "Azure deployment of the chat model; empty = the model name (DALIL_LLM_AZURE_DEPLOYMENT)")
	fs.StringVar(&c.embeddings, "llm-embeddings-model", env("DALIL_LLM_EMBEDDINGS_MODEL", ""), "embeddings model fused with the local ranking; empty = none (DALIL_LLM_EMBEDDINGS_MODEL)")
	fs.StringVar(&c.answers, "llm-answers", env("DALIL_LLM_ANSWERS", "verbatim"), "verbatim (approved text as written) or rephrase (the model rephrases it, streamed, every fact checked) (DALIL_LLM_ANSWERS)")
	fs.StringVar(&c.structured, "llm-structured", env("DALIL_LLM_STRUCTURED", "tools"), "how the model answers a classification: tools or json_schema (DALIL_LLM_STRUCTURED)")
	fs.DurationVar(&c.timeout, "llm-timeout", dur("DALIL_LLM_TIMEOUT", 2*time.Second), "longest wait for a classification, retries included; then the local answer (DALIL_LLM_TIMEOUT)")
	fs.DurationVar(&c.firstToken, "llm-first-token-timeout", dur("DALIL_LLM_FIRST_TOKEN_TIMEOUT", 2*time.Second), "rephrase: longest wait for the first token and between tokens; then the verbatim answer (DALIL_LLM_FIRST_TOKEN_TIMEOUT)")
	fs.IntVar(&c.maxConcurrent, "llm-max-concurrent", int(num("DALIL_LLM_MAX_CONCURRENT", 8)), "requests to the model server at once (DALIL_LLM_MAX_CONCURRENT)")
	fs.Int64Var(&c.dailyTokens, "llm-daily-tokens", num("DALIL_LLM_DAILY_TOKENS", 0), "tokens per UTC day per instance; 0 = no limit (DALIL_LLM_DAILY_TOKENS)")
	fs.Int64Var(&c.convTokens, "llm-conversation-tokens", num("DALIL_LLM_CONVERSATION_TOKENS", 0), "tokens per conversation; 0 = no limit (DALIL_LLM_CONVERSATION_TOKENS)")
	fs.IntVar(&c.breakerFailures, "llm-breaker-failures", int(num("DALIL_LLM_BREAKER_FAILURES", 5)), "consecutive failures that stop calls to the model server (DALIL_LLM_BREAKER_FAILURES)")
	fs.DurationVar(&c.breakerCooldown, "llm-breaker-cooldown", dur("DALIL_LLM_BREAKER_COOLDOWN", 30*time.Second), "how long calls stay stopped before one probe (DALIL_LLM_BREAKER_COOLDOWN)")
	fs.BoolVar(&c.redactTranscripts, "redact-transcripts", boolean("DALIL_REDACT_TRANSCRIPTS", true), "store citizen text in transcripts with ids, phones, e-mails … replaced by [ID], [PHONE] … (DALIL_REDACT_TRANSCRIPTS)")
	return errs
}

// envValue reads k with parse, or returns def when k is unset; a value
// parse refuses is reported in errs.
func envValue[T any](env func(k, def string) string, k string, def T, want string, errs *[]error, parse func(string) (T, error)) T {
	v := env(k, "")
	if v == "" {
		return def
	}
	x, err := parse(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s=%q: want %s", k, v, want))
		return def
	}
	return x
}

// check validates the settings after flags are parsed.
func (c llmConfig) check() error {
	if c.answers != "verbatim" && c.answers != "rephrase" {
		return fmt.Errorf("--llm-answers %q: want verbatim or rephrase", c.answers)
	}
	if c.structured != llm.StructuredTools && c.structured != llm.StructuredJSONSchema {
		return fmt.Errorf("--llm-structured %q: want tools or json_schema", c.structured)
	}
	if c.on() && c.model == "" {
		return fmt.Errorf("DALIL_LLM_MODEL is required with DALIL_LLM_BASE_URL and DALIL_LLM_API_KEY")
	}
	if c.maxConcurrent <= 0 || c.breakerFailures <= 0 {
		return fmt.Errorf("--llm-max-concurrent and --llm-breaker-failures must be positive")
	}
	return nil
}

// on: the LLM layer needs both a server and a key; without either Dalil
// runs on the local matcher alone, exactly as without this layer.
func (c llmConfig) on() bool { return c.baseURL != "" && c.apiKey != "" }

// newLLM returns the LLM client, or nil when the layer is off.
func newLLM(c llmConfig, cache llm.Cache, tokens llm.Counter, log *slog.Logger) (*llm.Client, error) {
	if !c.on() {
		return nil, nil
	}
	cl, err := llm.New(llm.Options{
		BaseURL: c.baseURL, APIKey: c.apiKey, Model: c.model,
		Azure: c.azure, AzureAPIVersion: c.azureVersion, AzureDeployment: c.azureDeployment,
		EmbeddingsModel: c.embeddings, Structured: c.structured,
		Timeout: c.timeout, FirstTokenTimeout: c.firstToken, MaxConcurrent: c.maxConcurrent,
		DailyTokens: c.dailyTokens, ConversationTokens: c.convTokens, Counter: tokens,
		BreakerFailures: c.breakerFailures, BreakerCooldown: c.breakerCooldown,
		Cache: cache, Registerer: prometheus.DefaultRegisterer, Logger: log,
	})
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return cl, nil
}

// classifierFor builds the classifier of a knowledge base: the local
// matcher, with the LLM layer in front of it when it is on. A knowledge
// base that gives the matcher the same inputs as the last one (a publish
// that changed a fee, a document, a step) keeps the last matcher: the
// rebuild would decide every question the same way.
func classifierFor(cl *llm.Client) func(kb *knowledge.Base) bot.Classifier {
	var mu sync.Mutex
	var last *intents.Matcher
	return func(kb *knowledge.Base) bot.Classifier {
		mu.Lock()
		m := last
		if m == nil || !m.SameInputs(kb) {
			m = intents.NewMatcher(kb)
			last = m
		}
		mu.Unlock()
		if cl == nil {
			return m
		}
		return cl.Classifier(m, kb)
	}
}

// describeLLM is the startup line about the LLM layer.
func describeLLM(cl *llm.Client, c llmConfig) string {
	if cl == nil {
		return "LLM: off (local matcher only; set DALIL_LLM_BASE_URL and DALIL_LLM_API_KEY to turn it on)"
	}
	return "LLM: " + cl.Describe() + "; answers " + c.answers + "; " + strings.Join([]string{
		"timeout " + c.timeout.String(), "first token " + c.firstToken.String()}, ", ")
}

// routeCounter is the local classifier with the LLM layer's routing rule
// watching: it counts the turns that would ask the model (dalil eval
// --llm-share), without asking anything.
type routeCounter struct {
	local bot.Classifier
	mu    sync.Mutex
	turns int
	asked map[string]int  // reason -> turns
	texts map[string]bool // texts of the turns that would ask
}

func (r *routeCounter) Understand(ctx context.Context, q intents.Query) (intents.Result, error) {
	res, err := r.local.Understand(ctx, q)
	if err != nil {
		return res, err
	}
	why := llm.DefaultRoute.Unsure(q, res)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.asked == nil {
		r.asked, r.texts = map[string]int{}, map[string]bool{}
	}
	r.turns++
	if why != "" {
		r.asked[why]++
		r.texts[q.Text] = true
	}
	return res, nil
}

func (r *routeCounter) print(w io.Writer, rep *evaluate.Report) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	var reasons []string
	for k, v := range r.asked {
		n += v
		reasons = append(reasons, fmt.Sprintf("%s %d", k, v))
	}
	slices.Sort(reasons)
	pct := 0.0
	if r.turns > 0 {
		pct = 100 * float64(n) / float64(r.turns)
	}
	fmt.Fprintf(w, "turns that would ask the LLM: %5.1f%% (%d/%d): %s\n", pct, n, r.turns, strings.Join(reasons, ", "))
	caught := 0
	for _, f := range rep.Failures {
		if r.texts[f.Turn.Text] {
			caught++
		}
	}
	fmt.Fprintf(w, "local failures among them:    %d of %d\n", caught, len(rep.Failures))
}
