package kittest_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dalil-project/dalil/internal/consolekit"
	"github.com/dalil-project/dalil/internal/consolekit/kittest"
)

// recorder is a testing.TB that keeps what Check reports instead of
// failing the test that runs it.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

const (
	page = `<!doctype html>
<link rel="stylesheet" href="/x/kit.css"><link rel="stylesheet" href="/x/x.css">
<script src="/x/kit.js" defer></script><script src="/x/x.js" defer></script>
<nav><a href="#/a" data-t="nav_a"></a></nav>`
	script  = `DalilKit.start({}); t('hello', {name: 'x'}); t('state_' + s);`
	catalog = `{"ar": {"nav_a": "أ", "hello": "أهلاً {name}", "state_on": "يعمل", %s},
"en": {"nav_a": "A", "hello": "Hello {name}", "state_on": "on", %s}}`
)

// kitStrings are the keys kit.js uses, in both languages.
func kitStrings(lang string) string {
	keys := []string{"app_title", "logout", "network_error", "bad_login", "login_title", "login_name", "login_secret", "login_button", "logged_out",
		"role_editor", "role_reviewer", "role_staff", "role_admin"}
	var b []string
	for _, k := range keys {
		v := "نص"
		if lang == "en" {
			v = "text"
		}
		b = append(b, fmt.Sprintf("%q: %q", k, v))
	}
	return strings.Join(b, ", ")
}

// TestCheck: a console that keeps the rules passes; each way of breaking
// one is reported.
func TestCheck(t *testing.T) {
	good := func() fstest.MapFS {
		return fstest.MapFS{
			"index.html": {Data: []byte(page)},
			"x.js":       {Data: []byte(script)},
			"x.css":      {Data: []byte("")},
			"i18n.json":  {Data: []byte(fmt.Sprintf(catalog, kitStrings("ar"), kitStrings("en")))},
		}
	}
	edit := func(name, from, to string) func(fstest.MapFS) {
		return func(m fstest.MapFS) {
			m[name] = &fstest.MapFile{Data: []byte(strings.Replace(string(m[name].Data), from, to, 1))}
		}
	}
	for _, tc := range []struct {
		name   string
		change func(fstest.MapFS)
		want   string // in a report; "" for none
	}{
		{"good", func(fstest.MapFS) {}, ""},
		{"no Arabic", edit("i18n.json", `"nav_a": "أ", `, `"nav_a_ar": "أ", `), "nav_a: no Arabic"},
		{"Arabic without Arabic letters", edit("i18n.json", `"nav_a": "أ"`, `"nav_a": "A"`), "has no Arabic letters"},
		{"empty", edit("i18n.json", `"nav_a": "A"`, `"nav_a": " "`), "nav_a: empty"},
		{"placeholders differ", edit("i18n.json", `"Hello {name}"`, `"Hello {who}"`), "placeholders differ"},
		{"a language short", edit("i18n.json", `"state_on": "on", `, ``), "ar has"},
		{"unknown key", edit("x.js", `t('hello'`, `t('hullo'`), `"hullo", not in i18n.json`},
		{"unknown dynamic value", func(m fstest.MapFS) {
			edit("i18n.json", `"state_on": "يعمل", `, `"state_off": "يعمل", `)(m)
			edit("i18n.json", `"state_on": "on", `, `"state_off": "on", `)(m)
		}, "state_on, not in i18n.json"},
		{"unknown key in the page", edit("index.html", `data-t="nav_a"`, `data-t="nav_b"`), `"nav_b", not in i18n.json`},
		{"markup", edit("x.js", `DalilKit.start({});`, `document.body.innerHTML = s;`), "x.js uses innerHTML"},
		{"inline style", edit("index.html", `<nav>`, `<nav style="color: red">`), "index.html uses style="},
		{"inline script", edit("index.html", `<nav>`, `<script>alert(1)</script><nav>`), "inline script"},
		{"external resource", edit("index.html", `href="/x/x.css"`, `href="https://cdn.example/x.css"`), "external resource"},
		{"kit after the console", edit("index.html", `<script src="/x/kit.js" defer></script><script src="/x/x.js" defer></script>`,
			`<script src="/x/x.js" defer></script><script src="/x/kit.js" defer></script>`), "want kit.js, then x.js"},
		{"no kit stylesheet", edit("index.html", `<link rel="stylesheet" href="/x/kit.css">`, ``), "want kit.css, then x.css"},
		{"a missing file", edit("index.html", `href="/x/x.css"`, `href="/x/y.css"`), "loads /x/y.css"},
		{"too few keys", func(fstest.MapFS) {}, "keys found in the console: the pattern is broken"}, // MinKeys 100 below
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := good()
			tc.change(m)
			min := 3
			if tc.name == "too few keys" {
				min = 100
			}
			r := &recorder{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				kittest.Check(r, consolekit.With(m), kittest.Console{Script: "x.js", Style: "x.css", MinKeys: min,
					Dynamic: map[string][]string{"state_": {"on"}}})
			}()
			<-done
			got := strings.Join(r.msgs, "\n")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("reports\n%s\nwant one with %q", got, tc.want)
			}
		})
	}
}
