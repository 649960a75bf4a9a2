package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CookieName is the session cookie of the console.
const CookieName = "dalil_session"

// CSRFHeader carries the session's CSRF token on unsafe requests.
const CSRFHeader = "X-CSRF-Token"

type ctxKey struct{}

// From returns the caller that Require authenticated.
func From(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}

// WithPrincipal returns ctx carrying p, for handlers' tests and for callers
// that authenticate another way.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// Error writes a JSON error: {"error": code, "message": msg}. Every API
// error of Dalil has this shape.
func Error(w http.ResponseWriter, status int, code, msg string) {
	WriteJSON(w, status, map[string]string{"error": code, "message": msg})
}

// WriteJSON writes v as a JSON response that is never cached.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// ReadJSON decodes a request body of at most 1 MiB into v, refusing unknown
// fields. On failure it has written a 400 and returns false.
func ReadJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			Error(w, http.StatusRequestEntityTooLarge, "too_large", "request body over 1 MiB")
			return false
		}
		Error(w, http.StatusBadRequest, "bad_request", "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// Require returns middleware that lets a request through only from an
// account with one of roles (any account when roles is empty):
//
//   - no credentials, or a token or session that is unknown or expired: 401
//   - a session cookie on an unsafe method without its CSRF token: 403
//   - an account with another role: 403
//   - the account store unreachable: 503
//
// Every refusal is a JSON error. The caller is in the request context (From).
func (s *Service) Require(roles ...Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, ok := s.authenticate(w, r)
			if !ok {
				return
			}
			if len(roles) > 0 && !slices.Contains(roles, p.Role) {
				want := make([]string, len(roles))
				for i, r := range roles {
					want[i] = string(r)
				}
				Error(w, http.StatusForbidden, "forbidden",
					fmt.Sprintf("this needs the role %s; %s has the role %s", strings.Join(want, " or "), p.Name, p.Role))
				return
			}
			next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
		})
	}
}

// authenticate finds the caller of r, or writes the refusal.
func (s *Service) authenticate(w http.ResponseWriter, r *http.Request) (Principal, bool) {
	var p Principal
	var err error
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || tok == "" {
			Error(w, http.StatusUnauthorized, "unauthorized", "Authorization must be \"Bearer <token>\"")
			return p, false
		}
		p, err = s.byToken(r.Context(), strings.TrimSpace(tok))
	} else if c, cerr := r.Cookie(CookieName); cerr == nil && c.Value != "" {
		p, err = s.bySession(r.Context(), c.Value)
	} else {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dalil"`)
		Error(w, http.StatusUnauthorized, "unauthorized", "log in to the console or send an API token (Authorization: Bearer <token>)")
		return p, false
	}
	switch {
	case errors.Is(err, ErrNotFound):
		w.Header().Set("WWW-Authenticate", `Bearer realm="dalil"`)
		Error(w, http.StatusUnauthorized, "unauthorized", "unknown or expired token or session; log in again")
		return p, false
	case err != nil:
		s.log.Error("authentication failed", "err", err)
		Error(w, http.StatusServiceUnavailable, "unavailable", "account store unavailable; try again shortly")
		return p, false
	}
	if p.Session != nil && !safeMethod(r.Method) {
		got := r.Header.Get(CSRFHeader)
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.Session.CSRF)) != 1 {
			Error(w, http.StatusForbidden, "csrf", "missing or wrong "+CSRFHeader+" header (GET /api/me gives the token)")
			return p, false
		}
	}
	return p, true
}

// sameOrigin refuses a browser request sent by another site (login CSRF).
// Requests without Origin come from other clients and pass.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// secureRequest says whether the cookie should be Secure: the request came
// over TLS, directly or through a proxy that says so.
func secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

type meJSON struct {
	Name    string     `json:"name"`
	Role    Role       `json:"role"`
	CSRF    string     `json:"csrf,omitempty"`
	Expires *time.Time `json:"expires,omitempty"`
}

func me(p Principal) meJSON {
	m := meJSON{Name: p.Name, Role: p.Role}
	if p.Session != nil {
		m.CSRF, m.Expires = p.Session.CSRF, &p.Session.Expires
	}
	return m
}

// HandleLogin is POST /api/login {name, secret}: it sets the session cookie
// and returns the account and the CSRF token. No credentials needed.
func (s *Service) HandleLogin(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		Error(w, http.StatusForbidden, "forbidden", "login from another site refused")
		return
	}
	var in struct {
		Name   string `json:"name"`
		Secret string `json:"secret"`
	}
	if !ReadJSON(w, r, &in) {
		return
	}
	sess, id, err := s.Login(r.Context(), strings.TrimSpace(in.Name), in.Secret)
	switch {
	case errors.Is(err, ErrBadLogin):
		Error(w, http.StatusUnauthorized, "bad_login", "wrong name, password or token")
		return
	case errors.Is(err, ErrLocked):
		w.Header().Set("Retry-After", strconv.Itoa(int(s.cfg.FailureWindow.Seconds())))
		Error(w, http.StatusTooManyRequests, "locked", "too many failed logins for this name; try again later")
		return
	case err != nil:
		s.log.Error("login", "err", err)
		Error(w, http.StatusServiceUnavailable, "unavailable", "account store unavailable; try again shortly")
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: id, Path: "/", MaxAge: int(s.cfg.SessionTTL.Seconds()),
		HttpOnly: true, Secure: secureRequest(r), SameSite: http.SameSiteStrictMode,
	})
	a, err := s.store.Account(r.Context(), sess.Name)
	if err != nil {
		Error(w, http.StatusServiceUnavailable, "unavailable", "account store unavailable; try again shortly")
		return
	}
	WriteJSON(w, http.StatusOK, me(Principal{Name: a.Name, Role: a.Role, Session: &sess}))
}

// HandleLogout is POST /api/logout: it ends the session and clears the cookie.
func (s *Service) HandleLogout(w http.ResponseWriter, r *http.Request) {
	p, _ := From(r.Context())
	if c, err := r.Cookie(CookieName); err == nil && p.Session != nil {
		if err := s.Logout(r.Context(), c.Value); err != nil {
			s.log.Error("logout", "err", err)
			Error(w, http.StatusServiceUnavailable, "unavailable", "account store unavailable; try again shortly")
			return
		}
		s.audit(r.Context(), EventLogout, p.Name, p.Name, "")
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secureRequest(r), SameSite: http.SameSiteStrictMode})
	w.WriteHeader(http.StatusNoContent)
}

// HandleMe is GET /api/me: the caller's name and role, and the CSRF token
// when the caller is a console session.
func (s *Service) HandleMe(w http.ResponseWriter, r *http.Request) {
	p, _ := From(r.Context())
	WriteJSON(w, http.StatusOK, me(p))
}

// HandleSetPassword is PUT /api/me/password {password}.
func (s *Service) HandleSetPassword(w http.ResponseWriter, r *http.Request) {
	p, _ := From(r.Context())
	var in struct {
		Password string `json:"password"`
	}
	if !ReadJSON(w, r, &in) {
		return
	}
	if err := s.SetPassword(r.Context(), p.Name, in.Password); err != nil {
		s.writeErr(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type accountJSON struct {
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	Password bool      `json:"password"` // whether a password is set
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	Token    string    `json:"token,omitempty"` // only when just created or reset
}

func account(a Account) accountJSON {
	return accountJSON{Name: a.Name, Role: a.Role, Password: a.PasswordHash != "", Created: a.Created, Updated: a.Updated}
}

// HandleAccounts is GET /api/accounts.
func (s *Service) HandleAccounts(w http.ResponseWriter, r *http.Request) {
	as, err := s.Accounts(r.Context())
	if err != nil {
		s.writeErr(w, err)
		return
	}
	out := make([]accountJSON, len(as))
	for i, a := range as {
		out[i] = account(a)
	}
	WriteJSON(w, http.StatusOK, map[string]any{"accounts": out})
}

// HandleCreateAccount is POST /api/accounts {name, role}: the answer holds
// the new account's token, shown this once.
func (s *Service) HandleCreateAccount(w http.ResponseWriter, r *http.Request) {
	p, _ := From(r.Context())
	var in struct {
		Name string `json:"name"`
		Role Role   `json:"role"`
	}
	if !ReadJSON(w, r, &in) {
		return
	}
	a, tok, err := s.AddAccount(r.Context(), p.Name, in.Name, in.Role)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	out := account(a)
	out.Token = tok
	WriteJSON(w, http.StatusCreated, out)
}

// HandleSetRole is PUT /api/accounts/{name}/role {role}.
func (s *Service) HandleSetRole(w http.ResponseWriter, r *http.Request) {
	p, _ := From(r.Context())
	var in struct {
		Role Role `json:"role"`
	}
	if !ReadJSON(w, r, &in) {
		return
	}
	a, err := s.SetRole(r.Context(), p.Name, r.PathValue("name"), in.Role)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	WriteJSON(w, http.StatusOK, account(a))
}

// HandleResetToken is POST /api/accounts/{name}/token: a new token, shown once.
func (s *Service) HandleResetToken(w http.ResponseWriter, r *http.Request) {
	p, _ := From(r.Context())
	name := r.PathValue("name")
	tok, err := s.ResetToken(r.Context(), p.Name, name)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	WriteJSON(w, http.StatusOK, map[string]string{"name": name, "token": tok})
}

// HandleDeleteAccount is DELETE /api/accounts/{name}.
func (s *Service) HandleDeleteAccount(w http.ResponseWriter, r *http.Request) {
	p, _ := From(r.Context())
	if err := s.DeleteAccount(r.Context(), p.Name, r.PathValue("name")); err != nil {
		s.writeErr(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// HandleAudit is GET /api/audit?limit=N (default 100, at most 1000).
func (s *Service) HandleAudit(w http.ResponseWriter, r *http.Request) {
	n := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		if k, err := strconv.Atoi(v); err == nil && k > 0 {
			n = min(k, 1000)
		}
	}
	es, err := s.Audit(r.Context(), n)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	if es == nil {
		es = []Event{}
	}
	WriteJSON(w, http.StatusOK, map[string]any{"events": es})
}

func (s *Service) writeErr(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrBadName), errors.Is(err, ErrBadRole), errors.Is(err, ErrBadPassword):
		Error(w, http.StatusBadRequest, "bad_request", err.Error())
	case errors.Is(err, ErrExists):
		Error(w, http.StatusConflict, "exists", "an account with this name exists")
	case errors.Is(err, ErrNotFound):
		Error(w, http.StatusNotFound, "not_found", "no such account")
	case errors.Is(err, ErrLastAdmin):
		Error(w, http.StatusConflict, "last_admin", err.Error())
	default:
		s.log.Error("accounts", "err", err)
		Error(w, http.StatusServiceUnavailable, "unavailable", "account store unavailable; try again shortly")
	}
}
