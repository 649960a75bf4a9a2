package transport

import (
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestRoutes(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		method, path string
		status       int
		ctype        string // prefix; "" to skip
		body         string // substring; "" to skip
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", `<script src="static/app.js"`},
		{"HEAD", "/", 200, "text/html; charset=utf-8", ""},
		{"GET", "/static/app.js", 200, "text/javascript; charset=utf-8", "new WebSocket"},
		{"GET", "/static/style.css", 200, "text/css; charset=utf-8", ".bubble"},
		{"GET", "/static/", 404, "", ""},
		{"GET", "/static/missing.js", 404, "", ""},
		{"GET", "/static/../routes.go", 404, "", ""},
		{"GET", "/index.html", 404, "", ""},
		{"GET", "/nope", 404, "", ""},
		{"POST", "/", 405, "", ""},
		{"POST", "/ws", 405, "", ""},
		{"DELETE", "/healthz", 405, "", ""},
		{"GET", "/ws", 400, "", ""}, // not a WebSocket handshake
		{"GET", "/healthz", 200, "application/json", `{"status":"ok"}`},
		{"GET", "/readyz", 200, "application/json", `{"status":"ok"}`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, h.hs.URL+tt.path, nil)
			resp, err := h.hs.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if ct := resp.Header.Get("Content-Type"); tt.ctype != "" && !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			if tt.body != "" && !strings.Contains(string(body), tt.body) {
				t.Errorf("body does not contain %q", tt.body)
			}
			if tt.status == 200 && strings.HasPrefix(tt.ctype, "text/") {
				if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
					t.Errorf("Content-Security-Policy %q", csp)
				}
				if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
					t.Error("no X-Content-Type-Options: nosniff")
				}
			}
		})
	}
}

func TestReadyz(t *testing.T) {
	h := newHarness(t, Config{}, func(c *fakeChat) { c.ready = errors.New("redis: connection refused") })
	resp, err := h.hs.Client().Get(h.hs.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || strings.TrimSpace(string(body)) != `{"status":"unavailable"}` {
		t.Errorf("readyz = %d %s, want 503 unavailable", resp.StatusCode, body)
	}
	// Liveness does not depend on the store.
	resp2, err := h.hs.Client().Get(h.hs.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusOK {
		t.Errorf("healthz = %d while the store is down, want 200", resp2.StatusCode)
	}
}

// TestPageIsSelfContained: no CDN, no external fonts, no inline scripts,
// and server text never goes through innerHTML.
func TestPageIsSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//`)
	for _, name := range []string{"web/index.html", "web/static/app.js", "web/static/style.css"} {
		b, err := web.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if m := external.Find(b); m != nil {
			t.Errorf("%s loads an external resource: %q", name, m)
		}
		if strings.Contains(string(b), "innerHTML") || strings.Contains(string(b), "insertAdjacentHTML") {
			t.Errorf("%s uses innerHTML", name)
		}
	}
	page, _ := web.ReadFile("web/index.html")
	if regexp.MustCompile(`<script(\s[^>]*)?>\s*[^<\s]`).Match(page) {
		t.Error("index.html has an inline script: the CSP forbids it")
	}
}
