package transport

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/staff"
)

// Chat is what transport needs from the conversation engine. It is declared
// here, by its consumer; package bot implements it.
type Chat interface {
	// Start opens a conversation: it resumes the one bound to resumeToken
	// when the token is known, or starts a new one.
	Start(ctx context.Context, lang, resumeToken string) (bot.Session, error)
	// Handle answers one citizen message of a conversation.
	Handle(ctx context.Context, conversationID string, m bot.Message) (bot.Reply, error)
	// Feedback records a citizen's rating of a reply.
	Feedback(ctx context.Context, conversationID string, f bot.Feedback) error
	// SetLang switches the conversation's language ("ar" or "en").
	SetLang(ctx context.Context, conversationID, lang string) error
	// Rate records the citizen's rating of the whole conversation, 1 to 5.
	Rate(ctx context.Context, conversationID string, score int, comment string) error
	// Live returns the handoff state, the place in the queue, and the
	// staff messages and handoff events since a time (the chat skips
	// those it has shown).
	Live(ctx context.Context, conversationID string, since time.Time) (bot.Live, error)
	// ErrorText returns localized, citizen-safe text for an error code (bot.Code*).
	ErrorText(lang, code string) string
	// Ready reports whether the conversation store is reachable.
	Ready(ctx context.Context) error
}

// Config tunes the chat endpoint. The zero value works: every zero field gets
// the default documented next to it.
type Config struct {
	// AllowedOrigins lists the exact browser origins (scheme://host[:port])
	// allowed to open a WebSocket. When empty, only same-host pages are
	// allowed. Requests without an Origin header (non-browser clients) are
	// always allowed: Origin checks protect browsers' cookies, nothing else.
	AllowedOrigins []string

	MaxMessageRunes int   // longest citizen text, in runes; default 2000
	ReadLimit       int64 // largest inbound frame, in bytes; default 32 KiB; larger closes with 1009
	SendQueue       int   // outbound frames buffered per connection; default 16

	PingInterval time.Duration // default 30s
	PongWait     time.Duration // default 60s; must exceed PingInterval
	WriteWait    time.Duration // default 10s; also how long a full send queue may stay full
	IdleTimeout  time.Duration // default 10 min without a citizen frame, then close 1000

	RatePerSecond float64 // sustained inbound frames per second per connection; default 2
	RateBurst     int     // token-bucket size; default 8; also the per-connection work queue bound

	HandleTimeout time.Duration // deadline of one Chat call; default 10s

	// Metrics, when set, is served at GET /metrics (Prometheus exposition;
	// cmd passes promhttp.Handler()). Nil: no /metrics route.
	Metrics http.Handler

	Logger *slog.Logger // default slog.Default()

	// Auth guards the JSON API under /api/ (accounts, sessions, roles).
	// Nil: no /api/ routes and no console.
	Auth *auth.Service
	// Editor serves the knowledge-base workflow under /api/ and the editors'
	// console at /console/. Used only with Auth.
	Editor *editor.API
	// Staff serves the support staff's API under /api/staff/ and their
	// console at /staff/. Used only with Auth.
	Staff *staff.API

	// Notices, when set, wakes citizens' open chats when a staff member
	// joins, writes or leaves, or the queue moves, on whichever instance
	// that happened; each chat then reads what is new from Chat.Live.
	// Nil: chats learn of it only when they reconnect.
	Notices Notices
	// LivePoll is how often a chat waiting for or talking to a person
	// re-reads Chat.Live even without a notice (a notice lost with a
	// Redis connection); default 5s.
	LivePoll time.Duration

	// Registerer, when set, gets the chat's Prometheus series
	// (connections, frames, replies by intent, latency, errors).
	Registerer prometheus.Registerer
}

// Notices delivers bot notices to this instance (redisstore.Staff and
// memstore.Staff implement it).
type Notices interface {
	Subscribe(ctx context.Context) <-chan bot.Notice
}

func (c Config) withDefaults() Config {
	if c.MaxMessageRunes <= 0 {
		c.MaxMessageRunes = 2000
	}
	if c.ReadLimit <= 0 {
		c.ReadLimit = 32 << 10
	}
	if c.SendQueue <= 0 {
		c.SendQueue = 16
	}
	// welcome and history are queued before the writer starts.
	c.SendQueue = max(c.SendQueue, 4)
	if c.PingInterval <= 0 {
		c.PingInterval = 30 * time.Second
	}
	if c.PongWait <= 0 {
		c.PongWait = 60 * time.Second
	}
	if c.PongWait <= c.PingInterval {
		// A pong can only arrive after a ping: keep the deadline after it.
		c.PongWait = c.PingInterval * 2
	}
	if c.WriteWait <= 0 {
		c.WriteWait = 10 * time.Second
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 10 * time.Minute
	}
	if c.RatePerSecond <= 0 {
		c.RatePerSecond = 2
	}
	if c.RateBurst <= 0 {
		c.RateBurst = 8
	}
	if c.HandleTimeout <= 0 {
		c.HandleTimeout = 10 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.LivePoll <= 0 {
		c.LivePoll = 5 * time.Second
	}
	return c
}

// Server serves the chat endpoint, the chat page and the health checks. It
// implements http.Handler; the routes are in routes.go.
type Server struct {
	chat     Chat
	cfg      Config
	log      *slog.Logger
	mux      *http.ServeMux
	upgrader websocket.Upgrader
	origins  map[string]bool // lower-cased AllowedOrigins

	// baseCtx parents every Chat call. It is not tied to a connection, so a
	// citizen who drops mid-turn does not leave a half-written turn behind;
	// it is cancelled only when Shutdown's deadline runs out.
	baseCtx    context.Context
	cancelBase context.CancelFunc

	// shutdownCtx is cancelled when Shutdown starts: long-lived HTTP
	// answers (the staff event stream) end then.
	shutdownCtx  context.Context
	markShutdown context.CancelFunc

	metrics *metrics

	mu      sync.Mutex
	closing bool
	conns   map[*conn]struct{}
	byConv  map[string]map[*conn]struct{} // open chats by conversation id, for notices
	wg      sync.WaitGroup                // connections and their workers
}

// writePool shares write buffers between connections: a connection holds one
// only while writing a frame, so idle connections cost no write buffer.
var writePool sync.Pool

// NewServer returns a Server answering with chat.
func NewServer(chat Chat, cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		chat:    chat,
		cfg:     cfg,
		log:     cfg.Logger,
		mux:     http.NewServeMux(),
		origins: make(map[string]bool, len(cfg.AllowedOrigins)),
		conns:   make(map[*conn]struct{}),
		byConv:  make(map[string]map[*conn]struct{}),
		metrics: newMetrics(cfg.Registerer, cfg.Logger),
	}
	for _, o := range cfg.AllowedOrigins {
		s.origins[strings.ToLower(strings.TrimRight(o, "/"))] = true
	}
	s.baseCtx, s.cancelBase = context.WithCancel(context.Background())
	s.shutdownCtx, s.markShutdown = context.WithCancel(context.Background())
	if cfg.Notices != nil {
		go s.dispatch(cfg.Notices.Subscribe(s.baseCtx))
	}
	s.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// Small read buffer: frames are small JSON, and each idle connection
		// keeps its read buffer for life.
		ReadBufferSize:  1024,
		WriteBufferSize: 4096,
		WriteBufferPool: &writePool,
		CheckOrigin:     s.checkOrigin,
	}
	s.routes()
	return s
}

// ServeHTTP dispatches to the routes registered in routes.go.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// register adds a new connection, unless the server is shutting down.
func (s *Server) register(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1) // Done in conn.finish
	return true
}

func (s *Server) unregister(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	if m := s.byConv[c.id]; m != nil {
		delete(m, c)
		if len(m) == 0 {
			delete(s.byConv, c.id)
		}
	}
	s.mu.Unlock()
}

// follow lists an open chat under its conversation id, for notices.
func (s *Server) follow(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.byConv[c.id]
	if m == nil {
		m = make(map[*conn]struct{})
		s.byConv[c.id] = m
	}
	m[c] = struct{}{}
}

// dispatch wakes the chats a notice concerns: those of its conversation,
// and for a queue notice every chat waiting in the queue.
func (s *Server) dispatch(notices <-chan bot.Notice) {
	for n := range notices {
		s.mu.Lock()
		var wake []*conn
		for c := range s.byConv[n.ConversationID] {
			wake = append(wake, c)
		}
		if n.Kind == bot.NoticeQueue {
			for c := range s.conns {
				if c.queued.Load() {
					wake = append(wake, c)
				}
			}
		}
		s.mu.Unlock()
		for _, c := range wake {
			c.requestSync()
		}
	}
}

// untilShutdown ends a long-lived answer when Shutdown starts.
func (s *Server) untilShutdown(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		stop := context.AfterFunc(s.shutdownCtx, cancel)
		defer stop()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// connCount is the number of open connections (for tests and metrics).
func (s *Server) connCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Shutdown stops accepting new WebSocket connections, lets in-flight Chat
// calls finish and their replies be written, then closes every connection
// with 1001 (going away) and waits for their goroutines to end. When ctx
// expires first, in-flight calls are cancelled, the remaining connections are
// closed without ceremony and ctx's error is returned.
//
// http.Server.Shutdown does not see hijacked connections: call both.
func (s *Server) Shutdown(ctx context.Context) error {
	s.markShutdown()
	s.mu.Lock()
	s.closing = true
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()

	for _, c := range conns {
		c.shutdown()
	}
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.cancelBase()
		return nil
	case <-ctx.Done():
		s.cancelBase()
		s.mu.Lock()
		for c := range s.conns {
			c.ws.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}
