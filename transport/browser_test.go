package transport

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dalil-project/dalil/internal/browsertest"
)

// newBrowser starts headless Chromium (or skips; see internal/browsertest).
func newBrowser(t *testing.T) context.Context { return browsertest.New(t) }

// bubble is what the test reads of a message bubble.
type bubble struct {
	Count     int    `json:"count"`
	Text      string `json:"text"`
	Dir       string `json:"dir"`
	Direction string `json:"direction"` // computed
	Lang      string `json:"lang"`
	White     string `json:"white"` // computed white-space of the text
	Source    string `json:"source"`
	Href      string `json:"href"`
	Imgs      int    `json:"imgs"`
}

// lastBubble reads the last element matching sel.
const lastBubbleJS = `(() => {
	const all = document.querySelectorAll(%q);
	const el = all[all.length - 1];
	if (!el) return {count: 0};
	const text = el.querySelector('.text');
	const a = el.querySelector('.source a');
	return {
		count: all.length,
		text: text ? text.textContent : '',
		dir: el.getAttribute('dir') || '',
		direction: getComputedStyle(el.querySelector('.bubble')).direction,
		lang: el.getAttribute('lang') || '',
		white: text ? getComputedStyle(text).whiteSpace : '',
		source: a ? a.textContent : '',
		href: a ? a.href : '',
		imgs: document.querySelectorAll('#messages img').length,
	};
})()`

func lastBubble(t *testing.T, ctx context.Context, sel string) bubble {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.Evaluate[bubble](strings.Replace(lastBubbleJS, "%q", "'"+sel+"'", 1)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return b
}

// waitFor polls a JavaScript condition.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, what, cond)
}

func conversationID(t *testing.T, ctx context.Context) string {
	t.Helper()
	id, err := chromedp.Run(ctx, chromedp.Poll[string](`document.getElementById('chat').dataset.conversationId`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("no conversation id on the page: %v", err)
	}
	return id
}

func askInPage(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("input"), text),
		chromedp.Click(chromedp.ID("send")),
	); err != nil {
		t.Fatalf("asking %q: %v", text, err)
	}
}

// TestChatPageInBrowser drives the real page in headless Chromium against
// the real server and the fake engine.
func TestChatPageInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	chat := newFakeChat()
	chat.stream = true
	console := openPage(t, ctx, chat)
	id := conversationID(t, ctx)
	waitFor(t, ctx, "the welcome bubble", `document.querySelectorAll('.msg.bot').length === 1`)
	if w := lastBubble(t, ctx, ".msg.bot"); w.Dir != "rtl" || !strings.Contains(w.Text, "مرحباً") {
		t.Errorf("welcome bubble %+v", w)
	}

	// An Arabic question gets an Arabic answer in a right-to-left bubble,
	// with its line breaks and its source link.
	askInPage(t, ctx, "كم رسوم تجديد جواز السفر؟")
	waitFor(t, ctx, "the answer", `document.querySelector('.msg.bot[data-intent="service_info"]')`)
	a := lastBubble(t, ctx, `.msg.bot[data-intent="service_info"]`)
	if a.Dir != "rtl" || a.Direction != "rtl" || a.Lang != "ar" {
		t.Errorf("answer bubble dir=%q computed direction=%q lang=%q, want rtl/rtl/ar", a.Dir, a.Direction, a.Lang)
	}
	if a.Text != answer("جواز").Text || a.White != "pre-wrap" {
		t.Errorf("answer text %q (white-space %s)", a.Text, a.White)
	}
	if a.Href != "https://portal.example.gov/services/passport-renewal" || !strings.Contains(a.Source, "passport-renewal") {
		t.Errorf("source link %q -> %q", a.Source, a.Href)
	}
	if c := lastBubble(t, ctx, ".msg.citizen"); c.Text != "كم رسوم تجديد جواز السفر؟" || c.Direction != "rtl" {
		t.Errorf("citizen bubble %+v", c)
	}

	// A clarify reply offers suggestion buttons; a click asks with the title.
	askInPage(t, ctx, "أريد رخصة")
	waitFor(t, ctx, "suggestions", `document.querySelectorAll('.suggestion').length === 2`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".suggestion"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the suggestion to be sent", `[...document.querySelectorAll('.msg.citizen .text')].some(e => e.textContent === 'تجديد رخصة القيادة')`)

	// Server text is text, never markup; an English reply is left-to-right.
	askInPage(t, ctx, `<img src=x onerror="document.title='xss'"> hello`)
	waitFor(t, ctx, "the English answer", `[...document.querySelectorAll('.msg.bot .text')].some(e => e.textContent.startsWith('Answer to: <img'))`)
	if e := lastBubble(t, ctx, ".msg.bot"); e.Imgs != 0 || e.Direction != "ltr" {
		t.Errorf("English reply %+v: want no <img> and ltr", e)
	}
	waitFor(t, ctx, "all replies", `document.querySelectorAll('.msg.citizen.pending').length === 0`)

	// Reload: the same conversation continues, with its history.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if again := conversationID(t, ctx); again != id {
		t.Errorf("after reload conversation %q, want %q", again, id)
	}
	waitFor(t, ctx, "the history", `document.querySelectorAll('.msg.citizen').length === 4`)
	if a := lastBubble(t, ctx, `.msg.bot[data-intent="service_info"][lang="ar"]`); a.Count != 1 || a.Direction != "rtl" || a.Text != answer("جواز").Text {
		t.Errorf("history answer %+v", a)
	}
	askInPage(t, ctx, "جواز السفر مرة أخرى")
	waitFor(t, ctx, "a follow-up after reload", `document.querySelectorAll('.msg.bot[data-intent="service_info"][lang="ar"]').length === 2`)
	if n := len(chat.conv(id).history); n != 15 {
		t.Errorf("conversation has %d entries, want 15 (five turns)", n)
	}

	// The language toggle switches the page and the conversation.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("lang-toggle"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "English page", `document.documentElement.dir === 'ltr' && document.getElementById('send-label').textContent === 'Send'`)
	deadline := time.Now().Add(5 * time.Second)
	for chat.conv(id).lang != "en" {
		if time.Now().After(deadline) {
			t.Fatal("set_lang did not reach the engine")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Nothing went wrong in the page (exceptions, CSP violations).
	time.Sleep(200 * time.Millisecond)
	for _, m := range console.Messages() {
		t.Errorf("page console: %s", m)
	}
}

// openPage serves chat on a test server, opens the chat page in the
// browser and returns the page's console watcher.
func openPage(t *testing.T, ctx context.Context, chat Chat) *browsertest.Console {
	t.Helper()
	srv := NewServer(chat, Config{})
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		hs.Close()
	})
	console := browsertest.WatchConsole(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(hs.URL+"/")); err != nil {
		t.Fatal(err)
	}
	return console
}

func screenshot(t *testing.T, ctx context.Context) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	out := filepath.Join("..", "docs", "chat.png")
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	t.Logf("screenshot written to %s", out)
}
