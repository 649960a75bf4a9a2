package consolekit_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/internal/browsertest"
	"github.com/dalil-project/dalil/internal/consolekit"
)

// TestWith: the kit's files stand beside the console's, in place of any
// of the same name, and the result is a well-formed fs.FS (listings agree
// with what opens).
func TestWith(t *testing.T) {
	console := fstest.MapFS{
		"index.html": {Data: []byte("<!doctype html>")},
		"app.js":     {Data: []byte("'use strict';")},
		"kit.js":     {Data: []byte("not the kit")},
		"img/a.png":  {Data: []byte("png")},
	}
	files := consolekit.With(console)
	if err := fstest.TestFS(files, "index.html", "app.js", "kit.js", "kit.css", "img/a.png"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{consolekit.Script, consolekit.Style} {
		b, err := fs.ReadFile(files, name)
		if err != nil || !strings.Contains(string(b), "console kit") {
			t.Errorf("%s: %v %.40q, want the kit's", name, err, b)
		}
	}
	if _, err := files.Open("../kit.js"); err == nil {
		t.Error("an invalid path opens")
	}
}

// TestConsoleMissing: a wrong folder name is a programming error, found
// when the package loads, not when a page is asked for.
func TestConsoleMissing(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a console that is not there")
		}
	}()
	consolekit.Console(fstest.MapFS{"console/index.html": {}}, "consol")
}

// A console of the kit and nothing else: its view shows what the kit
// hands it, so the test can read it off the page.
var testConsole = fstest.MapFS{
	"index.html": {Data: []byte(`<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>t</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/t/kit.css"><script src="/t/kit.js" defer></script><script src="/t/app.js" defer></script>
<header id="top"><nav id="nav" hidden><a href="#/home" id="nav-home" data-t="nav_home"></a></nav></header>`)},
	"app.js": {Data: []byte(`'use strict';
window.hooks = { loggedIn: 0, loggedOut: 0 };
DalilKit.start({
  storageKey: 'kit-test-lang',
  home: () => '#/home',
  loggedIn: async () => { hooks.loggedIn++; },
  loggedOut: () => { hooks.loggedOut++; },
  route: ({ parts, params }) => DalilKit.main().replaceChildren(DalilKit.el('p', { id: 'view', 'data-parts': parts.join('|'), 'data-q': params.get('q') || '' },
    DalilKit.t('hello', { name: DalilKit.me().name }), ' ', DalilKit.fmtTime('2026-03-01T10:00:00Z'))),
});`)},
	"i18n.json": {Data: []byte(`{
"ar": {"app_title": "دليل · تجربة", "nav_home": "الرئيسية", "hello": "أهلاً {name}", "logout": "خروج", "role_editor": "محرر",
  "network_error": "تعذر الاتصال", "bad_login": "اسم أو رمز خاطئ", "login_title": "الدخول", "login_name": "الاسم",
  "login_secret": "الرمز", "login_button": "ادخل", "logged_out": "خرجت"},
"en": {"app_title": "Dalil · test", "nav_home": "Home", "hello": "Hello {name}", "logout": "Log out", "role_editor": "Editor",
  "network_error": "No connection", "bad_login": "Wrong name or token", "login_title": "Log in", "login_name": "Name",
  "login_secret": "Token", "login_button": "Log in", "logged_out": "Logged out"}
}`)},
}

// kitServer is the API the kit talks to, as little of it as the kit uses.
type kitServer struct {
	mu     sync.Mutex
	in     bool
	tokens []string // the CSRF header of each /api/echo call, by method
}

// The account's name has markup in it: the page must show it as text.
const (
	account = `<b id="bold">amal</b>`
	csrf    = "c5rf"
)

func (s *kitServer) handler(files fs.FS) http.Handler {
	mux := http.NewServeMux()
	// The consoles' CSP (transport's consoleHeaders): a kit that needed an
	// inline script or style would log a violation here.
	csp := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
				"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
			h.ServeHTTP(w, r)
		})
	}
	mux.Handle("GET /t/{$}", csp(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, files, "index.html")
	})))
	mux.Handle("GET /t/", csp(http.StripPrefix("/t/", http.FileServerFS(files))))
	reply := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	me := map[string]string{"name": account, "role": "editor", "csrf": csrf}
	mux.HandleFunc("GET /api/me", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.in {
			reply(w, 401, map[string]string{"error": "unauthorized"})
			return
		}
		reply(w, 200, me)
	})
	mux.HandleFunc("POST /api/login", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Name, Secret string }
		json.NewDecoder(r.Body).Decode(&body)
		if body.Secret != "right" {
			reply(w, 401, map[string]string{"error": "unauthorized"})
			return
		}
		s.mu.Lock()
		s.in = true
		s.mu.Unlock()
		reply(w, 200, me)
	})
	mux.HandleFunc("POST /api/logout", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.in = false
		s.mu.Unlock()
		w.WriteHeader(204)
	})
	mux.HandleFunc("/api/echo", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.tokens = append(s.tokens, r.Method+":"+r.Header.Get(auth.CSRFHeader))
		s.mu.Unlock()
		reply(w, 200, map[string]string{"ok": "yes"})
	})
	mux.HandleFunc("GET /api/fail", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 422, map[string]string{"error": "invalid", "message": "the fee is negative"})
	})
	mux.HandleFunc("GET /api/gone", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.in = false
		s.mu.Unlock()
		reply(w, 401, map[string]string{"error": "unauthorized"})
	})
	return mux
}

// TestKitInBrowser runs the kit in headless Chromium under the consoles'
// CSP: Arabic and right-to-left first, the login form, the account line
// as text, the CSRF header on changes only, the API's errors, routing,
// the language toggle (remembered across a reload), a session that ends
// under an API call, and logging out.
func TestKitInBrowser(t *testing.T) {
	srv := &kitServer{}
	hs := httptest.NewServer(srv.handler(consolekit.With(testConsole)))
	defer hs.Close()
	ctx := browsertest.New(t)
	log := browsertest.WatchConsole(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(hs.URL+"/t/")); err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) string { t.Helper(); return browsertest.Eval[string](t, ctx, expr) }
	wait := func(what, cond string) { t.Helper(); browsertest.WaitFor(t, ctx, what, cond) }
	setValue := func(sel, v string) {
		t.Helper()
		js, _ := json.Marshal(v)
		eval(`(e => (e.value = ` + string(js) + `, ''))(document.querySelector('` + sel + `'))`)
	}

	wait("the login form", `document.getElementById('login-form') !== null`)
	if got := eval(`[document.documentElement.lang, document.documentElement.dir, document.title, document.getElementById('lang-toggle').textContent, document.getElementById('login-submit').textContent].join('|')`); got != "ar|rtl|دليل · تجربة|English|ادخل" {
		t.Errorf("first page %q, want Arabic, right to left", got)
	}
	if eval(`[...document.querySelectorAll('#nav, #who')].map(e => getComputedStyle(e).display).join(' ')`) != "none none" {
		t.Error("the navigation or the account line shows before login")
	}

	setValue("#login-name", "amal")
	setValue("#login-secret", "wrong")
	eval(`(document.getElementById('login-submit').click(), '')`)
	wait("the refusal", `document.getElementById('status').className === 'error'`)
	if s := eval(`document.getElementById('status').textContent`); s != "اسم أو رمز خاطئ" {
		t.Errorf("wrong secret says %q", s)
	}
	setValue("#login-secret", "right")
	eval(`(document.getElementById('login-submit').click(), '')`)
	wait("the first view", `document.getElementById('view') !== null`)
	if got := eval(`[document.getElementById('who-name').textContent, document.getElementById('who-role').textContent,
		document.getElementById('view').dataset.parts, document.getElementById('status').textContent, hooks.loggedIn].join('|')`); got != account+"|محرر|home||1" {
		t.Errorf("after login %q", got)
	}
	if eval(`String(document.getElementById('bold') === null && document.getElementById('view').textContent.includes('أهلاً <b'))`) != "true" {
		t.Error("an account name with markup reached the page as markup")
	}

	// Changes carry the CSRF token; reads do not. Errors are the server's.
	eval(`(async () => { await DalilKit.api('GET', '/api/echo'); await DalilKit.api('POST', '/api/echo', {a: 1}); return ''; })()`)
	srv.mu.Lock()
	if got := strings.Join(srv.tokens, ","); got != "GET:,POST:"+csrf {
		t.Errorf("CSRF headers %q, want none on GET and the session's on POST", got)
	}
	srv.mu.Unlock()
	if got := eval(`(async () => { const r = await DalilKit.api('GET', '/api/fail'); return r.status + ' ' + DalilKit.errorText(r); })()`); got != "422 the fee is negative" {
		t.Errorf("an API error reads %q", got)
	}

	// Routing: the hash taken apart.
	eval(`(location.hash = '#/things/a%20b?q=x', '')`)
	wait("the routed view", `document.getElementById('view').dataset.parts === 'things|a b'`)
	if q := eval(`document.getElementById('view').dataset.q`); q != "x" {
		t.Errorf("params q = %q", q)
	}

	// English, left to right, remembered across a reload.
	eval(`(document.getElementById('lang-toggle').click(), '')`)
	wait("English", `document.documentElement.dir === 'ltr' && document.getElementById('view').textContent.startsWith('Hello')`)
	if got := eval(`[document.documentElement.lang, document.title, document.getElementById('lang-toggle').textContent, document.getElementById('lang-toggle').lang,
		document.getElementById('who-role').textContent, document.getElementById('nav-home').textContent, document.getElementById('logout').textContent].join('|')`); got != "en|Dalil · test|العربية|ar|Editor|Home|Log out" {
		t.Errorf("in English %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	wait("the view after a reload", `document.getElementById('view') !== null`)
	if got := eval(`document.documentElement.dir + ' ' + document.getElementById('view').textContent`); !strings.HasPrefix(got, "ltr Hello") {
		t.Errorf("after a reload %q, want English still", got)
	}

	// A session that ends under an API call shows the login form.
	eval(`(async () => (await DalilKit.api('GET', '/api/gone'), ''))()`)
	wait("the login form again", `document.getElementById('login-form') !== null && document.getElementById('nav').hidden && hooks.loggedOut === 1`)

	setValue("#login-name", "amal")
	setValue("#login-secret", "right")
	eval(`(document.getElementById('login-submit').click(), '')`)
	wait("logged in again", `document.getElementById('view') !== null`)
	eval(`(document.getElementById('logout').click(), '')`)
	wait("logged out", `document.getElementById('login-form') !== null && document.getElementById('status').className === 'ok'`)
	if s := eval(`document.getElementById('status').textContent`); s != "Logged out" {
		t.Errorf("logout says %q", s)
	}

	time.Sleep(100 * time.Millisecond)
	for _, m := range log.Messages() {
		// /api/me before login, the wrong secret, the ended session.
		if !strings.Contains(m, "status of 401") && !strings.Contains(m, "status of 422") {
			t.Errorf("page console: %s", m)
		}
	}
}
