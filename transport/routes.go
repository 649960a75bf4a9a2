package transport

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// web holds the chat page: plain HTML, CSS and JS with no external resources.
//
//go:embed web
var web embed.FS

// routes registers every route of the server; this is the only place that
// does. The method patterns make the mux answer 405 for a wrong method and
// 404 for an unknown path.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /ws", s.handleWS)
	s.mux.HandleFunc("GET /{$}", s.handleIndex)
	s.mux.Handle("GET /static/", s.handleStatic())
	s.mux.HandleFunc("GET /healthz", s.handleHealthz)
	s.mux.HandleFunc("GET /readyz", s.handleReadyz)
}

// pageCSP allows the page its own scripts, styles and WebSocket and nothing
// else: no inline script, no third-party resources.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'"

func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	page, err := web.ReadFile("web/index.html")
	if err != nil {
		s.log.Error("chat page missing from the binary", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	securityHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(page)
}

func (s *Server) handleStatic() http.Handler {
	sub, err := fs.Sub(web, "web/static")
	if err != nil {
		panic(err) // a constant path into an embedded FS: cannot fail at run time
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no directory listings
			return
		}
		securityHeaders(w.Header())
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// handleHealthz answers 200 whenever the process serves HTTP (liveness).
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReadyz answers 200 when the conversation store is reachable, else 503
// (readiness: a load balancer should stop sending citizens here).
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.chat.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleWS upgrades to a WebSocket and starts the conversation (conn.go).
func (s *Server) handleWS(w http.ResponseWriter, r *http.Request) {
	if s.isClosing() {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	q := r.URL.Query()
	lang := parseLang(q.Get("lang"))
	token := q.Get("resume")
	if len(token) > maxTokenLen {
		token = "" // not one of ours: start a new conversation, as for any unknown token
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		// The upgrader has already answered with an HTTP error.
		s.log.Debug("websocket upgrade refused", "err", err, "origin", r.Header.Get("Origin"))
		return
	}
	s.serveConn(ws, lang, token)
}

// checkOrigin accepts a browser's handshake only from an allowed origin: one
// of AllowedOrigins or, when that list is empty, a page on the same host.
// Without it any web site could open a chat in the citizen's browser.
// Requests without an Origin header come from non-browser clients and are
// accepted.
func (s *Server) checkOrigin(r *http.Request) bool {
	vals := r.Header.Values("Origin")
	if len(vals) == 0 {
		return true
	}
	origin := strings.ToLower(strings.TrimRight(vals[0], "/"))
	if len(s.origins) > 0 {
		return s.origins[origin]
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false // includes the opaque origin "null"
	}
	return strings.EqualFold(u.Host, r.Host)
}
