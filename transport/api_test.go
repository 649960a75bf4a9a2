package transport

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/memstore"
	"github.com/dalil-project/dalil/staff"
)

// apiServer is a Server with accounts and the knowledge workflow over
// in-process stores seeded with the sample, and one token per role.
type apiServer struct {
	srv    *Server
	url    string
	tokens map[auth.Role]string
	eng    *bot.Engine // behind the staff API (not behind /ws, which is a fake here)
	staff  *memstore.Staff
}

func newAPIServer(t *testing.T) *apiServer {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	wf := editor.New(memstore.NewKB(), editor.Config{Logger: quiet})
	if _, err := wf.Seed(context.Background(), kb.Services()); err != nil {
		t.Fatal(err)
	}
	as := auth.New(memstore.NewAccounts(), auth.Config{Logger: quiet})
	a := &apiServer{tokens: map[auth.Role]string{}}
	for _, r := range auth.Roles {
		_, tok, err := as.AddAccount(context.Background(), "test", "user-"+string(r), r)
		if err != nil {
			t.Fatal(err)
		}
		a.tokens[r] = tok
	}
	as.AddAccount(context.Background(), "test", "target", auth.RoleStaff)
	chats := memstore.New()
	ss := memstore.NewStaff(chats)
	eng := bot.New(chats, kb, intents.NewMatcher(kb), locales.MustNew(), bot.Config{Logger: quiet,
		Desk: &bot.Desk{Queue: ss, Notifier: ss}, Observer: staff.NewRecorder(ss, staff.Config{Logger: quiet})})
	a.eng, a.staff = eng, ss
	a.srv = NewServer(newFakeChat(), Config{Logger: quiet, Auth: as, Editor: editor.NewAPI(wf, nil, quiet),
		Staff: staff.NewAPI(ss, chats, eng, wf, staff.Config{Logger: quiet})})
	hs := httptest.NewServer(a.srv)
	t.Cleanup(hs.Close)
	a.url = hs.URL
	return a
}

type apiResp struct {
	status int
	body   map[string]any
	header http.Header
}

func (a *apiServer) do(t *testing.T, method, path, token, body string) apiResp {
	t.Helper()
	ctx := t.Context()
	if strings.HasSuffix(path, "/events") {
		// An event stream does not end: read the status and the headers,
		// then hang up.
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, a.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") == "text/event-stream; charset=utf-8" {
		return apiResp{resp.StatusCode, nil, resp.Header}
	}
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(b, &m)
	return apiResp{resp.StatusCode, m, resp.Header}
}

// dataTypes are the answers that are not JSON documents: the staff event
// stream and the transcript export (JSON lines).
var dataTypes = []string{"text/event-stream", "application/x-ndjson"}

// concrete fills a route pattern's wildcards.
func concrete(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	r := strings.NewReplacer("{id}", "passport-renewal", "{name}", "target", "{n}", "1")
	path = r.Replace(path)
	if strings.HasSuffix(path, "/draft") && method == http.MethodDelete {
		path += "?rev=1"
	}
	return method, path
}

// TestAPIRolesOnEveryRoute: every /api/ route refuses a request without
// credentials (401) and from each role it does not admit (403), with a
// JSON error, and lets the roles it admits through.
func TestAPIRolesOnEveryRoute(t *testing.T) {
	a := newAPIServer(t)
	routes := a.srv.apiRoutes()
	if len(routes) < 40 {
		t.Fatalf("only %d API routes", len(routes))
	}
	for _, rt := range routes {
		method, path := concrete(rt.pattern)
		body := ""
		if method == http.MethodPost || method == http.MethodPut {
			body = "{}"
		}
		if rt.public {
			if r := a.do(t, method, path, "", body); r.status == 401 || r.status == 403 {
				if rt.pattern != "POST /api/login" || r.body["error"] != "bad_login" {
					t.Errorf("%s public but answered %d %v", rt.pattern, r.status, r.body)
				}
			}
			continue
		}
		r := a.do(t, method, path, "", body)
		if r.status != 401 || r.body["error"] != "unauthorized" || r.body["message"] == "" {
			t.Errorf("%s without credentials: %d %v", rt.pattern, r.status, r.body)
		}
		for _, role := range auth.Roles {
			r := a.do(t, method, path, a.tokens[role], body)
			allowed := len(rt.roles) == 0 || slices.Contains(rt.roles, role)
			switch {
			case !allowed && (r.status != 403 || r.body["error"] != "forbidden" || !strings.Contains(r.body["message"].(string), string(role))):
				t.Errorf("%s as %s: %d %v, want 403", rt.pattern, role, r.status, r.body)
			case allowed && (r.status == 401 || r.status == 403):
				t.Errorf("%s as %s: %d %v, want through", rt.pattern, role, r.status, r.body)
			case !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") && r.status != 204 &&
				!slices.ContainsFunc(dataTypes, func(d string) bool { return strings.HasPrefix(r.header.Get("Content-Type"), d) }):
				t.Errorf("%s as %s: %d is not JSON", rt.pattern, role, r.status)
			}
		}
	}
}

var routePattern = regexp.MustCompile(`"((?:GET|POST|PUT|DELETE|PATCH) /[^"]*)"`)

// TestOpenAPIDocumentsEveryRoute: docs/openapi.yaml has every route of
// routes.go, with the same roles, and nothing that is not a route.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string `yaml:"openapi"`
		Paths   map[string]map[string]struct {
			Roles []string `yaml:"x-roles"`
		} `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q, want 3.x", doc.OpenAPI)
	}
	a := newAPIServer(t)
	roles := map[string][]string{}
	for _, rt := range a.srv.apiRoutes() {
		want := []string{"any"}
		if rt.public {
			want = []string{"public"}
		} else if len(rt.roles) > 0 {
			want = nil
			for _, r := range rt.roles {
				want = append(want, string(r))
			}
		}
		roles[rt.pattern] = want
	}
	inSource := 0
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		method, path, _ := strings.Cut(m[1], " ")
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		inSource++
		op, ok := doc.Paths[path][strings.ToLower(method)]
		if !ok {
			t.Errorf("%s is in routes.go but not in docs/openapi.yaml", m[1])
			continue
		}
		if want, ok := roles[m[1]]; !ok {
			t.Errorf("%s is in routes.go but not registered", m[1])
		} else if !slices.Equal(op.Roles, want) {
			t.Errorf("%s: openapi x-roles %v, routes.go %v", m[1], op.Roles, want)
		}
	}
	if inSource != len(roles) {
		t.Errorf("routes.go names %d /api/ routes, the server registers %d", inSource, len(roles))
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if _, ok := roles[strings.ToUpper(method)+" "+path]; !ok && method != "parameters" {
				t.Errorf("openapi documents %s %s, which is not a route", strings.ToUpper(method), path)
			}
		}
	}
}

// TestAPIWorkflowOverHTTP: the answers an API client relies on: field
// errors (422), a stale save (409 with the current draft), the four-eyes
// rule (403), publish, and old versions staying readable.
func TestAPIWorkflowOverHTTP(t *testing.T) {
	a := newAPIServer(t)
	ed, rev := a.tokens[auth.RoleEditor], a.tokens[auth.RoleReviewer]
	it := a.do(t, "GET", "/api/services/passport-renewal", ed, "")
	if it.status != 200 {
		t.Fatalf("get: %d %v", it.status, it.body)
	}
	svc := it.body["published"].(map[string]any)["service"].(map[string]any)
	svc["summary"].(map[string]any)["en"] = `Renew <script>alert("x")</script>`
	svc["fees"].([]any)[0].(map[string]any)["amount"] = -5
	body, _ := json.Marshal(map[string]any{"rev": 0, "base": 1, "service": svc})
	r := a.do(t, "PUT", "/api/services/passport-renewal/draft", ed, string(body))
	if r.status != 200 {
		t.Fatalf("save: %d %v", r.status, r.body)
	}
	var problems []string
	for _, p := range r.body["problems"].([]any) {
		problems = append(problems, p.(map[string]any)["path"].(string))
	}
	for _, want := range []string{"summary.en", "fees[0].amount"} {
		if !slices.Contains(problems, want) {
			t.Errorf("save problems %v lack %s", problems, want)
		}
	}
	// Saving again from revision 0 is stale: 409 with the draft as it is.
	r = a.do(t, "PUT", "/api/services/passport-renewal/draft", ed, string(body))
	if r.status != 409 || r.body["error"] != "conflict" || r.body["current"].(map[string]any)["rev"] != 1.0 {
		t.Fatalf("stale save: %d %v", r.status, r.body)
	}
	r = a.do(t, "POST", "/api/services/passport-renewal/submit", ed, `{"rev":1,"reason":"fee"}`)
	if r.status != 422 || len(r.body["errors"].([]any)) < 2 {
		t.Fatalf("submit an invalid draft: %d %v", r.status, r.body)
	}
	svc["summary"].(map[string]any)["en"] = "Renew a passport that has expired."
	svc["summary"].(map[string]any)["ar"] = "تجديد جواز سفر منتهي الصلاحية."
	svc["fees"].([]any)[0].(map[string]any)["amount"] = 65
	body, _ = json.Marshal(map[string]any{"rev": 1, "base": 1, "service": svc})
	if r = a.do(t, "PUT", "/api/services/passport-renewal/draft", ed, string(body)); r.status != 200 || len(r.body["problems"].([]any)) != 0 {
		t.Fatalf("fixed save: %d %v", r.status, r.body)
	}
	if r = a.do(t, "POST", "/api/services/passport-renewal/submit", rev, `{"rev":2,"reason":"fee from December"}`); r.status != 200 {
		t.Fatalf("submit: %d %v", r.status, r.body)
	}
	if r = a.do(t, "POST", "/api/services/passport-renewal/publish", rev, `{"rev":3}`); r.status != 403 || r.body["error"] != "forbidden" {
		t.Errorf("publishing one's own change: %d %v", r.status, r.body)
	}
	if r = a.do(t, "POST", "/api/services/passport-renewal/publish", ed, `{"rev":3}`); r.status != 403 {
		t.Errorf("an editor publishing: %d %v", r.status, r.body)
	}
	// A second reviewer approves.
	as := a.srv.cfg.Auth
	_, rev2, _ := as.AddAccount(context.Background(), "test", "reviewer-two", auth.RoleReviewer)
	if r = a.do(t, "POST", "/api/services/passport-renewal/publish", rev2, `{"rev":3}`); r.status != 200 || r.body["number"] != 2.0 {
		t.Fatalf("publish: %d %v", r.status, r.body)
	}
	staff := a.tokens[auth.RoleStaff]
	if r = a.do(t, "GET", "/api/services/passport-renewal/versions/1", staff, ""); r.status != 200 ||
		r.body["service"].(map[string]any)["fees"].([]any)[0].(map[string]any)["amount"] != 50.0 {
		t.Errorf("version 1 for an appeal: %d %v", r.status, r.body)
	}
	if r = a.do(t, "GET", "/api/services/passport-renewal/diff?from=1&to=2", staff, ""); r.status != 200 || !strings.Contains(jsonString(r.body), `"path":"fees[0].amount"`) {
		t.Errorf("diff: %d %v", r.status, r.body)
	}
}

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestConsoleServed(t *testing.T) {
	a := newAPIServer(t)
	for path, ctype := range map[string]string{"/console/": "text/html", "/console/console.js": "javascript", "/console/console.css": "text/css", "/console/i18n.json": "json"} {
		resp, err := http.Get(a.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
	}
	// Without Auth there is no API and no console.
	hs := httptest.NewServer(NewServer(newFakeChat(), Config{Logger: slog.New(slog.DiscardHandler)}))
	defer hs.Close()
	for _, p := range []string{"/console/", "/api/me"} {
		resp, err := http.Get(hs.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("GET %s without Auth: %d", p, resp.StatusCode)
		}
	}
}

// TestStaffEventsStream: the staff event stream delivers notices as they
// are published, and ends when the server shuts down (it must not hold up
// a graceful shutdown).
func TestStaffEventsStream(t *testing.T) {
	a := newAPIServer(t)
	req, _ := http.NewRequestWithContext(t.Context(), "GET", a.url+"/api/staff/events", nil)
	req.Header.Set("Authorization", "Bearer "+a.tokens[auth.RoleStaff])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	next := func(prefix string) string {
		t.Helper()
		timeout := time.After(5 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the stream ended before %q", prefix)
				}
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-timeout:
				t.Fatalf("no %q line", prefix)
			}
		}
	}
	next(": connected")
	a.staff.Notify(t.Context(), bot.Notice{ConversationID: "c_x", Kind: bot.NoticeCitizen})
	if l := next("data: "); l != `data: {"conversation_id":"c_x","kind":"citizen"}` {
		t.Errorf("notice line %q", l)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := a.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-lines:
		for ok {
			_, ok = <-lines
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the event stream outlived the shutdown")
	}
}
