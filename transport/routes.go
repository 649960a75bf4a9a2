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

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/staff"
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
	if s.cfg.Metrics != nil {
		s.mux.Handle("GET /metrics", s.cfg.Metrics)
	}
	if s.cfg.Auth != nil {
		for _, rt := range s.apiRoutes() {
			h := http.Handler(rt.handler)
			if !rt.public {
				h = s.cfg.Auth.Require(rt.roles...)(h)
			}
			s.mux.Handle(rt.pattern, apiHeaders(h))
		}
	}
	if s.cfg.Auth != nil && s.cfg.Editor != nil {
		s.mux.HandleFunc("GET /console/{$}", s.handleConsole)
		s.mux.Handle("GET /console/", s.handleConsoleStatic())
	}
	if s.cfg.Auth != nil && s.cfg.Staff != nil {
		s.mux.Handle("GET /staff/{$}", s.consolePage(staff.Console(), "staff console"))
		s.mux.Handle("GET /staff/", s.consoleFiles(staff.Console(), "/staff/"))
	}
}

// apiRoute is one JSON API endpoint and who may call it.
type apiRoute struct {
	pattern string
	public  bool        // no credentials needed
	roles   []auth.Role // empty (and not public): any account
	handler http.HandlerFunc
}

// Role sets of the API: the single place that says who may do what.
var (
	anyAccount []auth.Role // any role
	writers    = []auth.Role{auth.RoleEditor, auth.RoleReviewer}
	reviewers  = []auth.Role{auth.RoleReviewer}
	readers    = []auth.Role{auth.RoleEditor, auth.RoleReviewer, auth.RoleStaff, auth.RoleAdmin}
	// Staff attach citizens' unanswered questions as examples (issue 6).
	exampleAdders = []auth.Role{auth.RoleEditor, auth.RoleReviewer, auth.RoleStaff}
	admins        = []auth.Role{auth.RoleAdmin}
	// Transcripts, the queue and the reports are support staff's; erasing
	// a conversation on a citizen's request is an administrator's.
	staffers = []auth.Role{auth.RoleStaff}
)

// apiRoutes lists every /api/ route (docs/openapi.yaml documents them; a
// test checks both agree and that each refuses the roles not listed here).
func (s *Server) apiRoutes() []apiRoute {
	a := s.cfg.Auth
	routes := []apiRoute{
		{pattern: "POST /api/login", public: true, handler: a.HandleLogin},
		{pattern: "POST /api/logout", roles: anyAccount, handler: a.HandleLogout},
		{pattern: "GET /api/me", roles: anyAccount, handler: a.HandleMe},
		{pattern: "PUT /api/me/password", roles: anyAccount, handler: a.HandleSetPassword},
		{pattern: "GET /api/accounts", roles: admins, handler: a.HandleAccounts},
		{pattern: "POST /api/accounts", roles: admins, handler: a.HandleCreateAccount},
		{pattern: "PUT /api/accounts/{name}/role", roles: admins, handler: a.HandleSetRole},
		{pattern: "POST /api/accounts/{name}/token", roles: admins, handler: a.HandleResetToken},
		{pattern: "DELETE /api/accounts/{name}", roles: admins, handler: a.HandleDeleteAccount},
		{pattern: "GET /api/audit", roles: admins, handler: a.HandleAudit},
	}
	if e := s.cfg.Editor; e != nil {
		routes = append(routes,
			apiRoute{pattern: "GET /api/kb", roles: readers, handler: e.HandleStatus},
			apiRoute{pattern: "GET /api/changes", roles: readers, handler: e.HandleChanges},
			apiRoute{pattern: "GET /api/services", roles: readers, handler: e.HandleList},
			apiRoute{pattern: "POST /api/services", roles: writers, handler: e.HandleCreate},
			apiRoute{pattern: "GET /api/services/{id}", roles: readers, handler: e.HandleGet},
			apiRoute{pattern: "PUT /api/services/{id}/draft", roles: writers, handler: e.HandleSave},
			apiRoute{pattern: "DELETE /api/services/{id}/draft", roles: writers, handler: e.HandleDiscard},
			apiRoute{pattern: "POST /api/services/{id}/validate", roles: writers, handler: e.HandleValidate},
			apiRoute{pattern: "POST /api/services/{id}/submit", roles: writers, handler: e.HandleSubmit},
			apiRoute{pattern: "POST /api/services/{id}/reject", roles: reviewers, handler: e.HandleReject},
			apiRoute{pattern: "POST /api/services/{id}/publish", roles: reviewers, handler: e.HandlePublish},
			apiRoute{pattern: "POST /api/services/{id}/retire", roles: writers, handler: e.HandleRetire},
			apiRoute{pattern: "POST /api/services/{id}/revert", roles: reviewers, handler: e.HandleRevert},
			apiRoute{pattern: "POST /api/services/{id}/examples", roles: exampleAdders, handler: e.HandleAddExamples},
			apiRoute{pattern: "GET /api/services/{id}/versions", roles: readers, handler: e.HandleHistory},
			apiRoute{pattern: "GET /api/services/{id}/versions/{n}", roles: readers, handler: e.HandleVersion},
			apiRoute{pattern: "GET /api/services/{id}/diff", roles: readers, handler: e.HandleDiff},
		)
	}
	if st := s.cfg.Staff; st != nil {
		routes = append(routes,
			apiRoute{pattern: "GET /api/staff/conversations", roles: staffers, handler: st.HandleList},
			apiRoute{pattern: "GET /api/staff/conversations/{id}", roles: staffers, handler: st.HandleGet},
			apiRoute{pattern: "DELETE /api/staff/conversations/{id}", roles: admins, handler: st.HandleErase},
			apiRoute{pattern: "PUT /api/staff/conversations/{id}/review", roles: staffers, handler: st.HandleReview},
			apiRoute{pattern: "POST /api/staff/conversations/{id}/notes", roles: staffers, handler: st.HandleNote},
			apiRoute{pattern: "POST /api/staff/conversations/{id}/take", roles: staffers, handler: st.HandleTake},
			apiRoute{pattern: "POST /api/staff/conversations/{id}/messages", roles: staffers, handler: st.HandleSay},
			apiRoute{pattern: "POST /api/staff/conversations/{id}/release", roles: staffers, handler: st.HandleRelease},
			apiRoute{pattern: "GET /api/staff/export", roles: staffers, handler: st.HandleExport},
			apiRoute{pattern: "GET /api/staff/questions", roles: staffers, handler: st.HandleQuestions},
			apiRoute{pattern: "POST /api/staff/questions/resolve", roles: staffers, handler: st.HandleResolve},
			apiRoute{pattern: "GET /api/staff/queue", roles: staffers, handler: st.HandleQueue},
			apiRoute{pattern: "GET /api/staff/events", roles: staffers, handler: s.untilShutdown(http.HandlerFunc(st.HandleEvents)).ServeHTTP},
			apiRoute{pattern: "GET /api/staff/reports", roles: staffers, handler: st.HandleReports},
		)
	}
	return routes
}

// apiHeaders marks API answers as data for this origin only.
func apiHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// consolePage serves index.html of an embedded console.
func (s *Server) consolePage(files fs.FS, what string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, err := fs.ReadFile(files, "index.html")
		if err != nil {
			s.log.Error(what+" page missing from the binary", "err", err)
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		consoleHeaders(w.Header())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
}

// consoleFiles serves an embedded console's scripts, styles and strings
// under prefix (no listings; the page itself is prefix).
func (s *Server) consoleFiles(files fs.FS, prefix string) http.Handler {
	h := http.StripPrefix(prefix, http.FileServerFS(files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, "/index.html") {
			http.NotFound(w, r)
			return
		}
		consoleHeaders(w.Header())
		h.ServeHTTP(w, r)
	})
}

// handleConsole serves the editors' console page.
func (s *Server) handleConsole(w http.ResponseWriter, r *http.Request) {
	page, err := fs.ReadFile(editor.Console(), "index.html")
	if err != nil {
		s.log.Error("console page missing from the binary", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	consoleHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

func (s *Server) handleConsoleStatic() http.Handler {
	files := http.StripPrefix("/console/", http.FileServerFS(editor.Console()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, "/index.html") {
			http.NotFound(w, r) // no listings; the page is /console/
			return
		}
		consoleHeaders(w.Header())
		files.ServeHTTP(w, r)
	})
}

// consoleHeaders: the console's own scripts and styles only, never framed
// (clickjacking a reviewer into publishing), never cached stale.
func consoleHeaders(h http.Header) {
	h.Set("Content-Security-Policy", pageCSP+"; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-cache")
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
