package auth_test

import (
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/memstore"
)

var quiet = slog.New(slog.DiscardHandler)

func newService(t *testing.T, cfg auth.Config) (*auth.Service, *memstore.Accounts) {
	t.Helper()
	st := memstore.NewAccounts()
	cfg.Logger = quiet
	return auth.New(st, cfg), st
}

func kinds(t *testing.T, s *auth.Service) []string {
	es, err := s.Audit(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].Kind+":"+es[i].Name)
	}
	return out
}

func TestAccountsAndLogin(t *testing.T) {
	ctx := t.Context()
	s, st := newService(t, auth.Config{MaxFailures: 3})
	if _, _, err := s.AddAccount(ctx, "cli", "Not Valid", auth.RoleEditor); !errors.Is(err, auth.ErrBadName) {
		t.Errorf("bad name: %v", err)
	}
	if _, _, err := s.AddAccount(ctx, "cli", "amal", "writer"); !errors.Is(err, auth.ErrBadRole) {
		t.Errorf("bad role: %v", err)
	}
	a, tok, err := s.AddAccount(ctx, "cli", "amal", auth.RoleEditor)
	if err != nil || !strings.HasPrefix(tok, auth.TokenPrefix) || len(tok) < 60 {
		t.Fatalf("add: %q %v", tok, err)
	}
	stored, _ := st.Account(ctx, "amal")
	if stored.TokenHash == tok || strings.Contains(stored.TokenHash, tok[len(auth.TokenPrefix):]) || stored.TokenHash != a.TokenHash {
		t.Errorf("the token is stored in clear: %+v", stored)
	}
	if _, _, err := s.AddAccount(ctx, "cli", "amal", auth.RoleEditor); !errors.Is(err, auth.ErrExists) {
		t.Errorf("duplicate: %v", err)
	}

	// Login with the token; then with a password once set.
	sess, id, err := s.Login(ctx, "amal", tok)
	if err != nil || sess.Name != "amal" || len(id) != 64 || sess.IDHash != auth.HashToken(id) || sess.CSRF == "" {
		t.Fatalf("login: %+v %v", sess, err)
	}
	if err := s.SetPassword(ctx, "amal", "short"); !errors.Is(err, auth.ErrBadPassword) {
		t.Errorf("short password: %v", err)
	}
	if err := s.SetPassword(ctx, "amal", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if stored, _ := st.Account(ctx, "amal"); !strings.HasPrefix(stored.PasswordHash, "$argon2id$") || strings.Contains(stored.PasswordHash, "horse") {
		t.Errorf("password hash %q", stored.PasswordHash)
	}
	if _, _, err := s.Login(ctx, "amal", "correct horse battery"); err != nil {
		t.Errorf("password login: %v", err)
	}

	// Failures are counted and lock the name; a success clears them.
	for i := range 3 {
		if _, _, err := s.Login(ctx, "amal", "wrong password!"); !errors.Is(err, auth.ErrBadLogin) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, _, err := s.Login(ctx, "amal", tok); !errors.Is(err, auth.ErrLocked) {
		t.Errorf("after 3 failures: %v", err)
	}
	if _, _, err := s.Login(ctx, "nobody", "whatever"); !errors.Is(err, auth.ErrBadLogin) {
		t.Errorf("unknown name: %v", err)
	}
	st.ClearFailures(ctx, "amal")

	// A new token replaces the old one.
	tok2, err := s.ResetToken(ctx, "admin1", "amal")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Login(ctx, "amal", tok); !errors.Is(err, auth.ErrBadLogin) {
		t.Errorf("old token after reset: %v", err)
	}
	if _, _, err := s.Login(ctx, "amal", tok2); err != nil {
		t.Errorf("new token: %v", err)
	}

	// Role changes; the last admin keeps the role.
	if _, _, err := s.AddAccount(ctx, "cli", "root", auth.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRole(ctx, "root", "amal", auth.RoleReviewer); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRole(ctx, "root", "root", auth.RoleEditor); !errors.Is(err, auth.ErrLastAdmin) {
		t.Errorf("demoting the last admin: %v", err)
	}
	if err := s.DeleteAccount(ctx, "root", "root"); !errors.Is(err, auth.ErrLastAdmin) {
		t.Errorf("deleting the last admin: %v", err)
	}
	if err := s.DeleteAccount(ctx, "root", "amal"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Login(ctx, "amal", tok2); !errors.Is(err, auth.ErrBadLogin) {
		t.Errorf("deleted account logs in: %v", err)
	}

	want := []string{"account_created:amal", "login:amal", "password_set:amal", "login:amal",
		"login_failed:amal", "login_failed:amal", "login_failed:amal", "login_locked:amal", "login_failed:nobody",
		"token_reset:amal", "login_failed:amal", "login:amal", "account_created:root", "role_changed:amal", "account_deleted:amal", "login_failed:amal"}
	if got := kinds(t, s); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("audit:\n got %v\nwant %v", got, want)
	}
	es, _ := s.Audit(ctx, 100)
	for _, e := range es {
		if e.Kind == auth.EventRoleChanged && (e.Detail != "editor -> reviewer" || e.Actor != "root") {
			t.Errorf("role change event %+v", e)
		}
	}
}

// server wraps h with Require(roles...) on a test server.
func server(t *testing.T, s *auth.Service, roles ...auth.Role) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/login", s.HandleLogin)
	mux.Handle("POST /api/logout", s.Require()(http.HandlerFunc(s.HandleLogout)))
	mux.Handle("GET /api/me", s.Require()(http.HandlerFunc(s.HandleMe)))
	mux.Handle("/api/thing", s.Require(roles...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := auth.From(r.Context())
		auth.WriteJSON(w, 200, map[string]string{"name": p.Name})
	})))
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return hs
}

type resp struct {
	status int
	body   map[string]any
	header http.Header
}

func do(t *testing.T, method, url string, body string, hdr map[string]string) resp {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	var m map[string]any
	json.Unmarshal(b, &m)
	return resp{r.StatusCode, m, r.Header}
}

func TestRequire(t *testing.T) {
	ctx := t.Context()
	s, _ := newService(t, auth.Config{})
	_, edTok, _ := s.AddAccount(ctx, "cli", "amal", auth.RoleEditor)
	_, revTok, _ := s.AddAccount(ctx, "cli", "badr", auth.RoleReviewer)
	hs := server(t, s, auth.RoleReviewer)
	url := hs.URL + "/api/thing"

	for _, tc := range []struct {
		name   string
		hdr    map[string]string
		status int
		code   string
	}{
		{"no credentials", nil, 401, "unauthorized"},
		{"unknown token", map[string]string{"Authorization": "Bearer dalil_nope"}, 401, "unauthorized"},
		{"wrong scheme", map[string]string{"Authorization": "Basic " + revTok}, 401, "unauthorized"},
		{"unknown cookie", map[string]string{"Cookie": auth.CookieName + "=abc"}, 401, "unauthorized"},
		{"wrong role", map[string]string{"Authorization": "Bearer " + edTok}, 403, "forbidden"},
		{"right role", map[string]string{"Authorization": "Bearer " + revTok}, 200, ""},
	} {
		for _, method := range []string{"GET", "POST"} {
			r := do(t, method, url, "", tc.hdr)
			if r.status != tc.status || (tc.code != "" && (r.body["error"] != tc.code || r.body["message"] == "")) {
				t.Errorf("%s %s: %d %v, want %d %s", tc.name, method, r.status, r.body, tc.status, tc.code)
			}
			if r.status == 401 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("%s: not JSON", tc.name)
			}
		}
	}
	if r := do(t, "GET", url, "", map[string]string{"Authorization": "Bearer " + edTok}); !strings.Contains(r.body["message"].(string), "reviewer") {
		t.Errorf("403 does not say which role: %v", r.body)
	}
}

func TestSessionCookieAndCSRF(t *testing.T) {
	ctx := t.Context()
	s, _ := newService(t, auth.Config{SessionTTL: time.Hour})
	_, tok, _ := s.AddAccount(ctx, "cli", "badr", auth.RoleReviewer)
	hs := server(t, s, auth.RoleReviewer)

	if r := do(t, "POST", hs.URL+"/api/login", `{"name":"badr","secret":"nope"}`, nil); r.status != 401 || r.body["error"] != "bad_login" {
		t.Errorf("bad login: %d %v", r.status, r.body)
	}
	if r := do(t, "POST", hs.URL+"/api/login", `{"name":"badr","secret":"`+tok+`"}`, map[string]string{"Origin": "https://evil.example"}); r.status != 403 {
		t.Errorf("cross-site login: %d", r.status)
	}
	r := do(t, "POST", hs.URL+"/api/login", `{"name":"badr","secret":"`+tok+`"}`, nil)
	if r.status != 200 || r.body["role"] != "reviewer" || r.body["csrf"] == "" {
		t.Fatalf("login: %d %v", r.status, r.body)
	}
	csrf := r.body["csrf"].(string)
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == auth.CookieName {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Secure || cookie.MaxAge != 3600 {
		t.Fatalf("cookie %+v", cookie)
	}
	ck := map[string]string{"Cookie": auth.CookieName + "=" + cookie.Value}
	if r := do(t, "GET", hs.URL+"/api/thing", "", ck); r.status != 200 || r.body["name"] != "badr" {
		t.Errorf("GET with the cookie: %d %v", r.status, r.body)
	}
	if r := do(t, "POST", hs.URL+"/api/thing", "", ck); r.status != 403 || r.body["error"] != "csrf" {
		t.Errorf("POST without CSRF: %d %v", r.status, r.body)
	}
	if r := do(t, "POST", hs.URL+"/api/thing", "", map[string]string{"Cookie": ck["Cookie"], auth.CSRFHeader: "x" + csrf}); r.status != 403 {
		t.Errorf("POST with a wrong CSRF: %d", r.status)
	}
	if r := do(t, "POST", hs.URL+"/api/thing", "", map[string]string{"Cookie": ck["Cookie"], auth.CSRFHeader: csrf}); r.status != 200 {
		t.Errorf("POST with CSRF: %d %v", r.status, r.body)
	}
	if r := do(t, "GET", hs.URL+"/api/me", "", ck); r.body["csrf"] != csrf {
		t.Errorf("me: %v", r.body)
	}
	// Logout ends the session everywhere.
	if r := do(t, "POST", hs.URL+"/api/logout", "", map[string]string{"Cookie": ck["Cookie"], auth.CSRFHeader: csrf}); r.status != 204 {
		t.Errorf("logout: %d", r.status)
	}
	if r := do(t, "GET", hs.URL+"/api/thing", "", ck); r.status != 401 {
		t.Errorf("after logout: %d", r.status)
	}
}

func TestSecureCookieUnderTLS(t *testing.T) {
	s, _ := newService(t, auth.Config{})
	_, tok, _ := s.AddAccount(t.Context(), "cli", "badr", auth.RoleReviewer)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/login", s.HandleLogin)
	hs := httptest.NewTLSServer(mux)
	defer hs.Close()
	c := hs.Client()
	c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	r, err := c.Post(hs.URL+"/api/login", "application/json", strings.NewReader(`{"name":"badr","secret":"`+tok+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if cs := r.Cookies(); len(cs) != 1 || !cs[0].Secure {
		t.Errorf("cookie under TLS: %+v", cs)
	}
}

func TestSessionExpires(t *testing.T) {
	var offset atomic.Int64 // the server reads the clock on its goroutines
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	s, _ := newService(t, auth.Config{SessionTTL: time.Hour, Now: clock})
	_, tok, _ := s.AddAccount(t.Context(), "cli", "badr", auth.RoleReviewer)
	hs := server(t, s)
	r := do(t, "POST", hs.URL+"/api/login", `{"name":"badr","secret":"`+tok+`"}`, nil)
	var id string
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		id = c.Value
	}
	ck := map[string]string{"Cookie": auth.CookieName + "=" + id}
	if r := do(t, "GET", hs.URL+"/api/me", "", ck); r.status != 200 {
		t.Fatalf("fresh session: %d", r.status)
	}
	offset.Store(int64(61 * time.Minute)) // the store's ttl is real time; the service checks its clock
	if r := do(t, "GET", hs.URL+"/api/me", "", ck); r.status != 401 {
		t.Errorf("expired session: %d", r.status)
	}
}
