package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/intents/llm"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/memstore"
	"github.com/dalil-project/dalil/redisstore"
	"github.com/dalil-project/dalil/staff"
	"github.com/dalil-project/dalil/transport"
)

// serveConfig is every setting of `dalil serve`; each flag defaults to its
// environment variable, which defaults to a sane value.
type serveConfig struct {
	addr, kbDir, redisURL, redisPrefix, origins, phone, logLevel string
	maxChars, burst, transcriptMax                               int
	readLimit                                                    int64
	rate                                                         float64
	idle, stateTTL, shutdown                                     time.Duration
	admin                                                        string        // bootstrap admin account
	sessionTTL, kbPoll                                           time.Duration // console sessions; knowledge-store poll
	llm                                                          llmConfig
	// Support staff (issue 6).
	retentionDays, reportDays int
	staffHours, timezone      string
	waitPerChat               time.Duration
	// The Go runtime's memory trade-off (see tuneGC).
	gcPercent, memLimitMiB int
}

func parseServe(args []string, getenv func(string) string, stdout io.Writer) (serveConfig, error) {
	var c serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stdout)
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var errs []error
	envInt := func(k string, def int) int {
		v := env(k, "")
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q: want a positive integer", k, v))
			return def
		}
		return n
	}
	envDur := func(k string, def time.Duration) time.Duration {
		v := env(k, "")
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q: want a positive duration like 30s or 24h", k, v))
			return def
		}
		return d
	}
	envFloat := func(k string, def float64) float64 {
		v := env(k, "")
		if v == "" {
			return def
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q: want a positive number", k, v))
			return def
		}
		return f
	}
	fs.StringVar(&c.addr, "addr", env("DALIL_ADDR", ":8080"), "listen address (DALIL_ADDR)")
	fs.StringVar(&c.kbDir, "kb", env("DALIL_KB", ""), "knowledge-base folder of YAML records; empty = the embedded sample (DALIL_KB)")
	fs.StringVar(&c.redisURL, "redis", env("REDIS_URL", ""), "Redis URL: redis://, rediss://, redis+cluster://h1,h2, redis+sentinel://h1,h2/master; empty = in-process store (REDIS_URL)")
	fs.StringVar(&c.redisPrefix, "redis-prefix", env("DALIL_REDIS_PREFIX", "dalil"), "key prefix in Redis (DALIL_REDIS_PREFIX)")
	fs.StringVar(&c.origins, "allowed-origins", env("DALIL_ALLOWED_ORIGINS", ""), "comma-separated browser origins allowed to open /ws; empty = same host only (DALIL_ALLOWED_ORIGINS)")
	fs.StringVar(&c.phone, "support-phone", env("DALIL_SUPPORT_PHONE", "+970 2 298 1000"), "phone offered for a person (DALIL_SUPPORT_PHONE)")
	fs.StringVar(&c.logLevel, "log-level", env("DALIL_LOG_LEVEL", "info"), "debug, info, warn or error (DALIL_LOG_LEVEL)")
	fs.IntVar(&c.maxChars, "max-message-chars", envInt("DALIL_MAX_MESSAGE_CHARS", 2000), "longest citizen message, in characters (DALIL_MAX_MESSAGE_CHARS)")
	fs.Int64Var(&c.readLimit, "read-limit", int64(envInt("DALIL_READ_LIMIT", 32<<10)), "largest WebSocket frame in bytes; larger closes with 1009 (DALIL_READ_LIMIT)")
	fs.Float64Var(&c.rate, "rate", envFloat("DALIL_RATE", 2), "messages per second per connection, sustained (DALIL_RATE)")
	fs.IntVar(&c.burst, "rate-burst", envInt("DALIL_RATE_BURST", 8), "messages per connection in a burst (DALIL_RATE_BURST)")
	fs.DurationVar(&c.idle, "idle-timeout", envDur("DALIL_IDLE_TIMEOUT", 10*time.Minute), "close a socket after this long without a message (DALIL_IDLE_TIMEOUT)")
	fs.DurationVar(&c.stateTTL, "state-ttl", envDur("DALIL_STATE_TTL", 24*time.Hour), "forget an idle conversation after this long (DALIL_STATE_TTL)")
	fs.IntVar(&c.transcriptMax, "transcript-max", envInt("DALIL_TRANSCRIPT_MAX", 1000), "transcript entries kept per conversation (DALIL_TRANSCRIPT_MAX)")
	fs.StringVar(&c.admin, "admin", env("DALIL_ADMIN", ""), "create this admin account at start if it does not exist and print its token once (DALIL_ADMIN)")
	fs.DurationVar(&c.sessionTTL, "session-ttl", envDur("DALIL_SESSION_TTL", 12*time.Hour), "console login lifetime (DALIL_SESSION_TTL)")
	fs.DurationVar(&c.kbPoll, "kb-poll", envDur("DALIL_KB_POLL", 5*time.Second), "how often the stored knowledge base is checked for a publish this instance missed (DALIL_KB_POLL)")
	fs.IntVar(&c.retentionDays, "retention-days", envInt("DALIL_RETENTION_DAYS", 90), "days a transcript (and its index entry) is kept after its last line (DALIL_RETENTION_DAYS)")
	fs.IntVar(&c.reportDays, "report-days", envInt("DALIL_REPORT_DAYS", 400), "days the daily report counters are kept (DALIL_REPORT_DAYS)")
	fs.StringVar(&c.staffHours, "staff-hours", env("DALIL_STAFF_HOURS", ""), `when staff answer chats, e.g. "Sun-Thu 08:00-15:00; Sat 09:00-12:00"; empty = always (DALIL_STAFF_HOURS)`)
	fs.StringVar(&c.timezone, "timezone", env("DALIL_TIMEZONE", "UTC"), "time zone of --staff-hours and of the reports' days, e.g. Asia/Hebron (DALIL_TIMEZONE)")
	fs.DurationVar(&c.waitPerChat, "staff-wait-per-chat", envDur("DALIL_STAFF_WAIT_PER_CHAT", 3*time.Minute), "estimated wait per conversation ahead in the queue for a person (DALIL_STAFF_WAIT_PER_CHAT)")
	fs.IntVar(&c.gcPercent, "gc-percent", envInt("DALIL_GC_PERCENT", defaultGCPercent), "garbage collector target: heap growth between collections, in percent; higher trades memory for fewer pauses under load; GOGC, when set, wins (DALIL_GC_PERCENT)")
	fs.IntVar(&c.memLimitMiB, "memory-limit-mib", envInt("DALIL_MEMORY_LIMIT_MIB", 0), "soft memory limit in MiB: the collector works harder near it; 0 = none; GOMEMLIMIT, when set, wins (DALIL_MEMORY_LIMIT_MIB)")
	fs.DurationVar(&c.shutdown, "shutdown-timeout", envDur("DALIL_SHUTDOWN_TIMEOUT", 15*time.Second), "time in-flight replies get to finish on shutdown (DALIL_SHUTDOWN_TIMEOUT)")
	errs = append(errs, llmFlags(fs, &c.llm, env, envDur)...)
	fs.Usage = func() {
		fmt.Fprintln(stdout, "usage: dalil serve [flags]\n\nEvery flag can also be set by the environment variable in brackets.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, usageErr("serve: %v", err)
	}
	if err := c.llm.check(); err != nil {
		errs = append(errs, err)
	}
	if _, _, err := c.hours(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return c, usageErr("serve: %w", errors.Join(errs...))
	}
	return c, nil
}

// hours reads --timezone and --staff-hours.
func (c serveConfig) hours() (*time.Location, bot.Hours, error) {
	loc, err := time.LoadLocation(c.timezone)
	if err != nil {
		return nil, bot.Hours{}, fmt.Errorf("DALIL_TIMEZONE=%q: want a time zone name like Asia/Hebron or UTC", c.timezone)
	}
	h, err := bot.ParseHours(c.staffHours, loc)
	if err != nil {
		return nil, bot.Hours{}, fmt.Errorf("DALIL_STAFF_HOURS: %w", err)
	}
	return loc, h, nil
}

func logger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usageErr("serve: log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	c, err := parseServe(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log, err := logger(c.logLevel, os.Stderr)
	if err != nil {
		return err
	}
	tuneGC(c, getenv)
	kb, err := loadKB(c.kbDir)
	if err != nil {
		return err
	}
	msgs, err := locales.New()
	if err != nil {
		return err
	}

	// Each server has its own registry for its series (tests run several
	// in one process); /metrics serves it with the process-wide default
	// one (Go runtime, the LLM layer).
	reg := prometheus.NewRegistry()
	metrics := promhttp.HandlerFor(prometheus.Gatherers{prometheus.DefaultGatherer, reg}, promhttp.HandlerOpts{})

	var store bot.Store
	var staffStore interface {
		staff.Store
		bot.Queue
		bot.Notifier
	}
	var kbStore editor.Store = memstore.NewKB()
	var accounts auth.Store = memstore.NewAccounts()
	storeName := "in-process (single instance; set REDIS_URL to share conversations)"
	if c.redisURL != "" {
		rs, err := redisstore.Open(ctx, redisstore.Options{URL: c.redisURL, Prefix: c.redisPrefix, Registerer: reg})
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer rs.Close()
		store, staffStore = rs, rs.Staff()
		kbStore, accounts = rs.KB(), rs.Accounts()
		storeName = "redis " + redactURL(c.redisURL)
	} else {
		ms := memstore.New()
		store, staffStore = ms, memstore.NewStaff(ms)
	}
	loc, hours, _ := c.hours() // checked by parseServe
	day := 24 * time.Hour
	staffCfg := staff.Config{Retention: time.Duration(c.retentionDays) * day, ReportTTL: time.Duration(c.reportDays) * day,
		Location: loc, Logger: log}
	if err := staff.RegisterMetrics(reg, staffStore); err != nil {
		return fmt.Errorf("serve: metrics: %w", err)
	}

	// With Redis the LLM layer's cache and token budgets are shared by
	// every instance.
	var llmCache llm.Cache = llm.NewLRU(10000)
	var llmTokens llm.Counter = llm.NewMemCounter()
	if rs, ok := store.(*redisstore.Store); ok {
		llmCache, llmTokens = rs.Cache("llm"), rs.TokenCounter(c.stateTTL)
	}
	llmc, err := newLLM(c.llm, llmCache, llmTokens, log)
	if err != nil {
		return err
	}
	classifier := classifierFor(llmc)
	botCfg := bot.Config{
		StateTTL: c.stateTTL, TranscriptMax: c.transcriptMax, SupportPhone: c.phone, Logger: log,
		RawTranscripts: !c.llm.redactTranscripts, Retention: staffCfg.Retention,
		Desk:     &bot.Desk{Queue: staffStore, Notifier: staffStore, Hours: hours, PerChat: c.waitPerChat},
		Observer: staff.NewRecorder(staffStore, staffCfg),
	}
	if llmc != nil && c.llm.answers == "rephrase" {
		botCfg.Rephraser = llmc
	}
	eng := bot.New(store, kb, classifier(kb), msgs, botCfg)
	// Editors publish to the knowledge store (seeded from kb when empty);
	// live keeps this instance's knowledge base in step with it, building
	// the new matcher off the request path.
	wf := editor.New(kbStore, editor.Config{Logger: log})
	live := editor.NewLive(wf, editor.LiveConfig{Seed: kb.Services(), Poll: c.kbPoll, Logger: log,
		Apply: func(kb *knowledge.Base) { eng.SetKnowledge(kb, classifier(kb)) }})
	syncCtx, cancelSync := context.WithTimeout(ctx, 5*time.Second)
	if err := live.Sync(syncCtx); err != nil {
		log.Warn("knowledge store unreachable at start: answering from the seed knowledge base until it is", "err", err)
	}
	cancelSync()
	if c.kbDir != "" && c.redisURL != "" {
		log.Info("--kb only seeds an empty knowledge store; publish a folder with dalil kb import DIR")
	}
	liveCtx, stopLive := context.WithCancel(ctx)
	liveDone := make(chan struct{})
	go func() { defer close(liveDone); live.Run(liveCtx) }()
	defer func() { stopLive(); <-liveDone }()
	authSvc := auth.New(accounts, auth.Config{SessionTTL: c.sessionTTL, Logger: log})
	if c.admin != "" {
		if err := bootstrapAdmin(ctx, authSvc, c.admin, stdout); err != nil {
			log.Warn("admin account not created (account store unreachable?)", "err", err)
		}
	}

	var origins []string
	for _, o := range strings.Split(c.origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	ts := transport.NewServer(eng, transport.Config{
		AllowedOrigins: origins, MaxMessageRunes: c.maxChars, ReadLimit: c.readLimit,
		RatePerSecond: c.rate, RateBurst: c.burst, IdleTimeout: c.idle, Logger: log, Metrics: metrics, Registerer: reg,
		Auth: authSvc, Editor: editor.NewAPI(wf, live, log),
		Staff: staff.NewAPI(staffStore, store, eng, wf, staffCfg), Notices: staffStore,
	})

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	hs := &http.Server{Handler: ts, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	kb = eng.Knowledge()
	fmt.Fprintf(stdout, "Dalil listening on %s (knowledge base: %d services, version %s; store: %s)\n",
		displayURL(ln.Addr()), kb.Len(), kb.Version(), storeName)
	fmt.Fprintln(stdout, describeLLM(llmc, c.llm))
	fmt.Fprintf(stdout, "Editors' console: %sconsole/ (accounts: dalil users add --role editor NAME, or serve --admin NAME)\n", displayURL(ln.Addr()))
	open := "always"
	if !hours.Always() {
		open = c.staffHours + " (" + loc.String() + ")"
	}
	fmt.Fprintf(stdout, "Staff console: %sstaff/ (live handoff: %s; transcripts kept %d days)\n", displayURL(ln.Addr()), open, c.retentionDays)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight replies")
	sctx, cancel := context.WithTimeout(context.Background(), c.shutdown)
	defer cancel()
	// The transport first: it lets in-flight replies finish and sends 1001
	// so clients resume elsewhere; then the HTTP server.
	if err := ts.Shutdown(sctx); err != nil {
		log.Warn("websocket shutdown", "err", err)
	}
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	fmt.Fprintln(stdout, "Dalil stopped")
	return nil
}

// displayURL turns a listen address into a URL a person can open.
func displayURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// redactURL hides a password in a Redis URL before it is printed.
func redactURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = "***@" + rest[at+1:]
	}
	return scheme + "://" + rest
}

// defaultGCPercent is the collector target when neither --gc-percent,
// DALIL_GC_PERCENT nor GOGC says otherwise (see tuneGC).
const defaultGCPercent = 400

// serverGC is the collector serve runs with, from the environment alone
// (DALIL_GC_PERCENT, DALIL_MEMORY_LIMIT_MIB; GOGC and GOMEMLIMIT win in
// tuneGC), for the other commands. A value serve would refuse is left at
// the default here: serve reports it.
func serverGC(getenv func(string) string) serveConfig {
	c := serveConfig{gcPercent: defaultGCPercent}
	if n, err := strconv.Atoi(getenv("DALIL_GC_PERCENT")); err == nil && n > 0 {
		c.gcPercent = n
	}
	if n, err := strconv.Atoi(getenv("DALIL_MEMORY_LIMIT_MIB")); err == nil && n > 0 {
		c.memLimitMiB = n
	}
	return c
}

// tuneGC sets the collector for a chat server. With Go's default (100) a
// busy instance collects several times a second, and at 2,000 concurrent
// conversations on two cores those cycles were the p99: 7-15 ms, against
// 3.2 ms with 400 (docs/figures.md). A server's live heap is small (14 KiB
// an idle connection), so four times it is cheap; --memory-limit-mib caps
// it where memory is tight. GOGC and GOMEMLIMIT, when set, are the
// operator's and are left alone.
func tuneGC(c serveConfig, getenv func(string) string) {
	if getenv("GOGC") == "" && c.gcPercent > 0 {
		debug.SetGCPercent(c.gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" && c.memLimitMiB > 0 {
		debug.SetMemoryLimit(int64(c.memLimitMiB) << 20)
	}
}
