package transport

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/memstore"
)

// TestChatPageRealEngine is the citizen's view of the whole product: the
// embedded page in headless Chromium, the real engine, the sample knowledge
// base. Ask in Arabic, read the Arabic answer right-to-left, reload, and the
// conversation (and its context) continues.
func TestChatPageRealEngine(t *testing.T) {
	ctx := newBrowser(t)
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	eng := bot.New(memstore.New(), kb, intents.NewMatcher(kb), locales.MustNew(), bot.Config{})
	console := openPage(t, ctx, eng)
	id := conversationID(t, ctx)
	waitFor(t, ctx, "the welcome", `document.querySelectorAll('.msg.bot').length === 1`)

	askInPage(t, ctx, "كم رسوم تجديد جواز السفر؟")
	waitFor(t, ctx, "the answer", `document.querySelector('.msg.bot[data-intent="service_info"]')`)
	a := lastBubble(t, ctx, `.msg.bot[data-intent="service_info"]`)
	if a.Dir != "rtl" || a.Direction != "rtl" || a.Lang != "ar" {
		t.Errorf("answer bubble dir=%q direction=%q lang=%q, want rtl/rtl/ar", a.Dir, a.Direction, a.Lang)
	}
	if !strings.HasPrefix(a.Text, "تجديد جواز السفر") || !strings.Contains(a.Text, "50") || !strings.Contains(a.Text, "دينار") {
		t.Errorf("answer text %q", a.Text)
	}
	if !strings.HasSuffix(a.Href, "/services/passport-renewal") {
		t.Errorf("source link %q", a.Href)
	}
	if os.Getenv("DALIL_SCREENSHOT") == "1" {
		askInPage(t, ctx, "وين بقدم؟")
		waitFor(t, ctx, "the location answer", `document.querySelectorAll('.msg.bot[data-intent="service_info"]').length === 2`)
		screenshot(t, ctx)
	}
	waitFor(t, ctx, "all replies", `document.querySelectorAll('.msg.citizen.pending').length === 0`)
	citizens, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.msg.citizen').length`))
	if err != nil {
		t.Fatal(err)
	}

	// Reload: same conversation, same history, and the context still holds.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if again := conversationID(t, ctx); again != id {
		t.Fatalf("after reload conversation %q, want %q", again, id)
	}
	waitFor(t, ctx, "the history", `document.querySelectorAll('.msg.citizen').length === `+strconv.Itoa(citizens))
	askInPage(t, ctx, "and what documents do I need?")
	waitFor(t, ctx, "the English follow-up", `document.querySelector('.msg.bot[data-intent="service_info"][lang="en"]')`)
	en := lastBubble(t, ctx, `.msg.bot[data-intent="service_info"][lang="en"]`)
	if en.Direction != "ltr" || !strings.HasPrefix(en.Text, "Renew a passport") || !strings.Contains(en.Text, "documents") {
		t.Errorf("follow-up after reload: %+v", en)
	}
	time.Sleep(200 * time.Millisecond)
	for _, m := range console.Messages() {
		t.Errorf("page console: %s", m)
	}
}
