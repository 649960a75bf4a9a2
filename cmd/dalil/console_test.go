package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dalil-project/dalil/internal/browsertest"
	"github.com/dalil-project/dalil/redisstore"
)

var tokenRE = regexp.MustCompile(`token \(shown once, keep it secret\): (dalil_[0-9a-f]+)`)

// addUser runs `dalil users add` against env's Redis and returns the token.
func addUser(t testing.TB, env map[string]string, role, name string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"dalil", "users", "add", "--role", role, name}, func(k string) string { return env[k] }, &out); err != nil {
		t.Fatalf("users add %s: %v\n%s", name, err, out.String())
	}
	m := tokenRE.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no token in %q", out.String())
	}
	return m[1]
}

// sharedRedis is the environment of instances sharing one Redis under a
// prefix of their own (a fresh, empty knowledge store: the first instance
// seeds it).
// Its keys are deleted when the test ends.
func sharedRedis(t testing.TB, name string) map[string]string {
	env := map[string]string{"REDIS_URL": redisURL(t), "DALIL_REDIS_PREFIX": fmt.Sprintf("%s%d", name, time.Now().UnixNano())}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s, err := redisstore.Open(ctx, redisstore.Options{URL: env["REDIS_URL"], Prefix: env["DALIL_REDIS_PREFIX"]})
		if err != nil {
			t.Errorf("cleaning up Redis: %v", err)
			return
		}
		defer s.Close()
		if _, err := s.Purge(ctx); err != nil {
			t.Errorf("cleaning up Redis: %v", err)
		}
	})
	return env
}

// click clicks the element sel. It dispatches the click on the element
// rather than at screen coordinates, which the sticky header may cover.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	jsel, _ := json.Marshal(sel)
	if !browsertest.Eval[bool](t, ctx, `(e => { if (!e) return false; e.click(); return true; })(document.querySelector(`+string(jsel)+`))`) {
		t.Fatalf("nothing to click at %s", sel)
	}
}

// setValue types v into the field sel, as a person would (the page sees
// the input event).
func setValue(t *testing.T, ctx context.Context, sel, v string) {
	t.Helper()
	js, _ := json.Marshal(v)
	jsel, _ := json.Marshal(sel)
	if !browsertest.Eval[bool](t, ctx, `(e => { if (!e) return false; e.focus(); e.value = `+string(js)+`;
		e.dispatchEvent(new Event('input', {bubbles: true})); return true; })(document.querySelector(`+string(jsel)+`))`) {
		t.Fatalf("no field %s", sel)
	}
}

func login(t *testing.T, ctx context.Context, name, token string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, "the login form", `document.getElementById('login-name') !== null`)
	setValue(t, ctx, "#login-name", name)
	setValue(t, ctx, "#login-secret", token)
	click(t, ctx, "#login-submit")
	browsertest.WaitFor(t, ctx, "logged in", `!document.getElementById('who').hidden && document.getElementById('who-name').textContent === '`+name+`'`)
}

func openService(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, "service "+id+" in the list", `document.querySelector('.svc[data-id="`+id+`"]') !== null`)
	click(t, ctx, `.svc[data-id="`+id+`"]`)
	browsertest.WaitFor(t, ctx, "the form of "+id, `document.querySelector('[data-path="fees[0].amount"]') !== null && document.getElementById('history').children.length > 0`)
}

func status(t *testing.T, ctx context.Context) string {
	return browsertest.Eval[string](t, ctx, `document.getElementById('status').textContent`)
}

// TestConsolePublishReachesSecondInstance is the editors' story end to end,
// in headless Chromium against two real servers sharing one Redis: an
// editor changes the passport-renewal fee in both languages (the bilingual
// review mark in between), submits; an editor cannot publish; a reviewer
// sees the field-by-field diff and publishes; a citizen chatting with the
// SECOND instance gets the new fee, with the new version as its source.
func TestConsolePublishReachesSecondInstance(t *testing.T) {
	env := sharedRedis(t, "console")
	a := startServer(t, env)
	b := startServer(t, env)
	editorTok := addUser(t, env, "editor", "amal")
	reviewerTok := addUser(t, env, "reviewer", "badr")

	ctx := browsertest.New(t)
	console := browsertest.WatchConsole(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(a.url+"console/")); err != nil {
		t.Fatal(err)
	}
	if dir := browsertest.Eval[string](t, ctx, `document.documentElement.dir`); dir != "rtl" {
		t.Errorf("console dir %q, want rtl (Arabic first)", dir)
	}
	login(t, ctx, "amal", editorTok)
	if role := browsertest.Eval[string](t, ctx, `document.getElementById('who-role').textContent`); role != "محرر" {
		t.Errorf("role shown as %q, want محرر", role)
	}
	openService(t, ctx, "passport-renewal")
	if v := browsertest.Eval[string](t, ctx, `document.querySelector('[data-path="fees[0].amount"]').value`); v != "50" {
		t.Fatalf("fee field %q, want 50", v)
	}
	if d := browsertest.Eval[string](t, ctx, `document.querySelector('[data-path="fees[0].conditions.ar"]').dir + '/' + document.querySelector('[data-path="fees[0].conditions.en"]').dir`); d != "rtl/ltr" {
		t.Errorf("text directions %s, want rtl/ltr", d)
	}
	if v := browsertest.Eval[string](t, ctx, `document.querySelector('[data-path="not_for.en"]').value`); !strings.Contains(v, "British passport") {
		t.Errorf("near misses shown as %q", v)
	}
	if browsertest.Eval[bool](t, ctx, `document.getElementById('publish') !== null`) {
		t.Error("an editor is offered the publish button")
	}

	// Markup in a text is shown as text, refused with a field error, and
	// marks the other language for review; putting it back and confirming
	// the Arabic clears everything.
	summaryEN := browsertest.Eval[string](t, ctx, `document.querySelector('#record [data-path="summary.en"]').value`)
	setValue(t, ctx, `#record [data-path="summary.en"]`, `<img src=x onerror="document.title='xss'"> Renew`)
	click(t, ctx, "#save")
	browsertest.WaitFor(t, ctx, "the markup refused", `document.querySelector('[data-error-for="summary.en"]') !== null && document.querySelector('[data-flag="summary.ar"]') !== null`)
	if n := browsertest.Eval[float64](t, ctx, `document.querySelectorAll('img').length`); n != 0 || browsertest.Eval[string](t, ctx, `document.title`) == "xss" {
		t.Error("markup in a text reached the page as markup")
	}
	setValue(t, ctx, `#record [data-path="summary.en"]`, summaryEN)
	click(t, ctx, "#save")
	browsertest.WaitFor(t, ctx, "the error gone, the Arabic still marked", `document.querySelector('[data-error-for]') === null && document.querySelector('[data-confirm="summary.ar"]') !== null`)
	click(t, ctx, `[data-confirm="summary.ar"]`)
	browsertest.WaitFor(t, ctx, "the Arabic confirmed", `document.querySelector('[data-flag]') === null`)

	// The fee and its Arabic conditions; saving marks the English for review.
	setValue(t, ctx, `#record [data-path="fees[0].amount"]`, "65")
	setValue(t, ctx, `#record [data-path="fees[0].conditions.ar"]`, "جواز عادي (32 صفحة)، يصدر خلال 5 أيام عمل، بالرسم الجديد من 1 كانون الأول 2026.")
	click(t, ctx, "#save")
	browsertest.WaitFor(t, ctx, "the English marked for review", `document.querySelector('[data-flag="fees[0].conditions.en"]') !== null`)
	if p := browsertest.Eval[string](t, ctx, `document.getElementById('problems').textContent`); !strings.Contains(p, "numbers differ") {
		t.Errorf("problems after the Arabic edit: %q", p)
	}
	setValue(t, ctx, `#record [data-path="fees[0].conditions.en"]`, "Standard passport (32 pages), issued within 5 working days, new fee from 1 December 2026.")
	click(t, ctx, "#save")
	browsertest.WaitFor(t, ctx, "the review mark cleared", `document.querySelector('[data-flag]') === null && document.querySelector('#problems.none') !== null`)
	click(t, ctx, "#validate")
	browsertest.WaitFor(t, ctx, "validation", `document.getElementById('status').className === 'ok'`)
	setValue(t, ctx, "#reason", "New passport fee from 1 December 2026 (ministerial decision 12/2026).")
	click(t, ctx, "#submit")
	browsertest.WaitFor(t, ctx, "the draft in review", `document.querySelector('#draft-status[data-status="in_review"]') !== null`)

	// An editor cannot publish, even by calling the API from the page.
	code := browsertest.Eval[float64](t, ctx, `(async () => {
		const me = await (await fetch('/api/me')).json();
		const item = await (await fetch('/api/services/passport-renewal')).json();
		const r = await fetch('/api/services/passport-renewal/publish', {method: 'POST',
			headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf}, body: JSON.stringify({rev: item.draft.rev})});
		return r.status;
	})()`)
	if code != 403 {
		t.Errorf("an editor's publish answered %v, want 403", code)
	}

	click(t, ctx, "#logout")
	login(t, ctx, "badr", reviewerTok)
	click(t, ctx, "#nav-review")
	browsertest.WaitFor(t, ctx, "the review queue", `location.hash.includes('in_review') && document.querySelectorAll('.svc').length === 1`)
	openService(t, ctx, "passport-renewal")
	browsertest.WaitFor(t, ctx, "the diff", `document.querySelector('#diff tr.change[data-path="fees[0].amount"]') !== null`)
	diff := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('#diff tr.change')].map(r => r.dataset.path + ': ' + r.querySelector('.from').textContent + ' -> ' + r.querySelector('.to').textContent)`)
	want := []string{"fees[0].amount: 50 -> 65", "fees[0].conditions.ar: ", "fees[0].conditions.en: "}
	if len(diff) != 3 || diff[0] != want[0] || !strings.HasPrefix(diff[1], want[1]) || !strings.HasPrefix(diff[2], want[2]) {
		t.Errorf("reviewer's diff %q, want the amount and both conditions", diff)
	}
	if r := browsertest.Eval[string](t, ctx, `document.getElementById('draft-reason').textContent`); !strings.Contains(r, "12/2026") {
		t.Errorf("the reviewer does not see why: %q", r)
	}
	if os.Getenv("DALIL_SCREENSHOT") == "1" {
		browsertest.Eval[bool](t, ctx, `window.scrollTo(0, 0), true`)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "console.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	published := time.Now()
	click(t, ctx, "#publish")
	browsertest.WaitFor(t, ctx, "version 2 published", `document.getElementById('draft-status') === null && document.getElementById('version-line').textContent.includes('2')`)

	// A citizen on the other instance, once it has caught up (the time this
	// takes is measured by BenchmarkPublishVisible, not here: -race makes
	// the index build many times slower).
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := apiCall(t, "GET", b.url+"api/kb", reviewerTok, nil)
		if st["applied"] == st["revision"] && st["revision"] == 2.0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance B did not catch up: %v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(b.url)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, ctx, "the chat welcome", `document.querySelectorAll('.msg.bot').length === 1`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("input"), "كم رسوم تجديد جواز السفر؟"), chromedp.Click(chromedp.ID("send"))); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, ctx, "the answer", `document.querySelector('.msg.bot[data-intent="service_info"]') !== null`)
	answer := browsertest.Eval[string](t, ctx, `document.querySelector('.msg.bot[data-intent="service_info"] .text').textContent`)
	if !strings.Contains(answer, "65") || strings.Contains(answer, "50 ") || !strings.Contains(answer, "بالرسم الجديد") {
		t.Errorf("second instance answers %q, want the new fee 65", answer)
	}
	t.Logf("citizen on instance B got the new fee %v after the reviewer clicked publish", time.Since(published).Round(time.Millisecond))

	// The console in English is left-to-right; on a phone the two languages
	// stack and nothing overflows sideways.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(a.url+"console/#/services/passport-renewal")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, ctx, "the service on a phone", `document.querySelector('#record .pair') !== null && document.getElementById('history').children.length > 0`)
	if cols := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('#record .pair')).gridTemplateColumns`); strings.Count(cols, "px") != 1 {
		t.Errorf("phone layout: pair columns %q, want one", cols)
	}
	if w := browsertest.Eval[bool](t, ctx, `document.documentElement.scrollWidth <= window.innerWidth + 1`); !w {
		t.Error("the console overflows a phone screen sideways")
	}
	click(t, ctx, "#lang-toggle")
	browsertest.WaitFor(t, ctx, "English console", `document.documentElement.dir === 'ltr' && document.getElementById('nav-services').textContent === 'Services'`)

	time.Sleep(200 * time.Millisecond)
	for _, m := range console.Messages() {
		// The console's GET /api/me before login (401) and the editor's
		// publish attempt (403) are expected refusals.
		if !strings.Contains(m, "status of 401") && !strings.Contains(m, "status of 403") {
			t.Errorf("page console: %s", m)
		}
	}
}
