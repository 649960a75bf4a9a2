package llm

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	openai "github.com/sashabaranov/go-openai"
)

// Options configure a Client. BaseURL, APIKey and Model are required; every
// other zero field gets the default documented next to it.
type Options struct {
	BaseURL string // e.g. http://127.0.0.1:8000/v1, or the Azure resource URL
	APIKey  string
	Model   string // chat model (or, with Azure, the model behind Deployment)

	Azure           bool   // Azure OpenAI: api-key header, deployments in the path
	AzureAPIVersion string // default "2024-10-21"
	AzureDeployment string // default Model

	// EmbeddingsModel, when set, turns on embeddings: example questions
	// are embedded once per knowledge-base version (cached), and an unsure
	// question's embedding is fused with the local scores to pick the
	// candidates the chat model sees.
	EmbeddingsModel string

	Timeout            time.Duration // the whole classification step, retries included; default 2s
	FirstTokenTimeout  time.Duration // rephrase: to the first token, and the longest gap between tokens; default 2s
	StreamTimeout      time.Duration // rephrase: the whole answer; default 8s
	MaxConcurrent      int           // requests in flight; default 8
	DailyTokens        int64         // tokens per UTC day, all conversations; 0 = no limit
	ConversationTokens int64         // tokens per conversation; 0 = no limit
	Counter            Counter       // where the budgets count; default NewMemCounter() (this process only)
	MaxRetries         int           // retries after a 429, 5xx or network error; default 2, negative none
	BreakerFailures    int           // consecutive failures that open the breaker; default 5
	BreakerCooldown    time.Duration // how long it stays open before one probe; default 30s

	// Structured is how the model answers a classification: "tools" (a
	// forced function call, the default) or "json_schema" (strict
	// response_format). Servers differ in which they support.
	Structured string
	Candidates int   // services shown to the model; default 5
	Route      Route // when to ask; zero = DefaultRoute

	Cache    Cache         // classification, rephrase and embeddings cache; default an in-memory LRU of 10000 entries
	CacheTTL time.Duration // default 24h

	Registerer prometheus.Registerer // metrics; default prometheus.DefaultRegisterer
	HTTPClient *http.Client          // default: a client with a pooled transport sized by MaxConcurrent
	Logger     *slog.Logger          // default slog.Default()
	Now        func() time.Time      // default time.Now
}

// Structured output modes.
const (
	StructuredTools      = "tools"
	StructuredJSONSchema = "json_schema"
)

func (o Options) withDefaults() Options {
	o.AzureAPIVersion = cmp.Or(o.AzureAPIVersion, "2024-10-21")
	o.AzureDeployment = cmp.Or(o.AzureDeployment, o.Model)
	o.Timeout = cmp.Or(o.Timeout, 2*time.Second)
	o.FirstTokenTimeout = cmp.Or(o.FirstTokenTimeout, 2*time.Second)
	o.StreamTimeout = cmp.Or(o.StreamTimeout, 6*time.Second)
	o.MaxConcurrent = cmp.Or(o.MaxConcurrent, 8)
	if o.MaxRetries == 0 {
		o.MaxRetries = 2
	}
	o.MaxRetries = max(o.MaxRetries, 0)
	o.BreakerFailures = cmp.Or(o.BreakerFailures, 5)
	o.BreakerCooldown = cmp.Or(o.BreakerCooldown, 30*time.Second)
	o.Structured = cmp.Or(o.Structured, StructuredTools)
	o.Candidates = cmp.Or(o.Candidates, 5)
	if o.Route == (Route{}) {
		o.Route = DefaultRoute
	}
	o.CacheTTL = cmp.Or(o.CacheTTL, 24*time.Hour)
	if o.Cache == nil {
		o.Cache = NewLRU(10000)
	}
	if o.Registerer == nil {
		o.Registerer = prometheus.DefaultRegisterer
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Counter == nil {
		o.Counter = NewMemCounter()
	}
	if o.HTTPClient == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = o.MaxConcurrent
		tr.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		o.HTTPClient = &http.Client{Transport: tr}
	}
	return o
}

// Client talks to one OpenAI-compatible server. It holds what outlives a
// knowledge base: the connection pool, the breaker, budgets, the cache and
// the metrics. It is safe for concurrent use.
type Client struct {
	opts    Options
	api     *openai.Client
	breaker *breaker
	budget  *budgets
	slots   chan struct{}
	m       *metrics
	log     *slog.Logger
	emb     *embedStore
}

// ErrNotConfigured is returned by New without a base URL, key or model.
var ErrNotConfigured = errors.New("llm: base URL, API key and model are required")

// New returns a Client. It does not contact the server.
func New(o Options) (*Client, error) {
	if o.BaseURL == "" || o.APIKey == "" || o.Model == "" {
		return nil, ErrNotConfigured
	}
	if u, err := url.Parse(o.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("llm: base URL %q: want http:// or https://", o.BaseURL)
	}
	if o.Structured != "" && o.Structured != StructuredTools && o.Structured != StructuredJSONSchema {
		return nil, fmt.Errorf("llm: structured output %q: want %q or %q", o.Structured, StructuredTools, StructuredJSONSchema)
	}
	o = o.withDefaults()
	var cfg openai.ClientConfig
	if o.Azure {
		cfg = openai.DefaultAzureConfig(o.APIKey, strings.TrimRight(o.BaseURL, "/"))
		cfg.APIVersion = o.AzureAPIVersion
		deployment := o.AzureDeployment
		cfg.AzureModelMapperFunc = func(model string) string {
			if model == o.Model {
				return deployment
			}
			return model // the embeddings model names its own deployment
		}
	} else {
		cfg = openai.DefaultConfig(o.APIKey)
		cfg.BaseURL = strings.TrimRight(o.BaseURL, "/")
	}
	cfg.HTTPClient = doer{o.HTTPClient, o.Now}
	m, err := newMetrics(o.Registerer)
	if err != nil {
		return nil, err
	}
	c := &Client{
		opts:    o,
		api:     openai.NewClientWithConfig(cfg),
		breaker: newBreaker(o.BreakerFailures, o.BreakerCooldown, o.Now),
		budget:  &budgets{daily: o.DailyTokens, perConv: o.ConversationTokens, now: o.Now, counter: o.Counter, log: o.Logger},
		slots:   make(chan struct{}, o.MaxConcurrent),
		m:       m,
		log:     o.Logger,
	}
	c.breaker.onChange = func(open bool) {
		v := 0.0
		if open {
			v = 1
		}
		m.breakerOpen.Set(v)
	}
	if o.EmbeddingsModel != "" {
		c.emb = newEmbedStore()
	}
	return c, nil
}

// Describe is a one-line, secret-free description for the startup log.
func (c *Client) Describe() string {
	host := c.opts.BaseURL
	if u, err := url.Parse(c.opts.BaseURL); err == nil {
		host = u.Scheme + "://" + u.Host + u.Path
	}
	s := fmt.Sprintf("model %s at %s", c.opts.Model, host)
	if c.opts.Azure {
		s += " (Azure, deployment " + c.opts.AzureDeployment + ")"
	}
	if c.opts.EmbeddingsModel != "" {
		s += ", embeddings " + c.opts.EmbeddingsModel
	}
	return s
}
