package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"

	"github.com/dalil-project/dalil/internal/browsertest"
)

// ask types a question in the chat page and sends it.
func askChat(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	setValue(t, ctx, "#input", text)
	click(t, ctx, "#send")
}

// TestStaffHandoffAcrossInstances is the live handoff end to end, in
// headless Chromium against two real servers sharing one Redis: a citizen
// on instance A asks for a person and accepts; a staff member on instance B
// sees the queue, takes the chat, reads the history and replies; the
// citizen sees the reply; the bot says nothing to what the citizen writes
// meanwhile; the staff member hands back, the bot answers again, the
// citizen rates the conversation, and the transcript shows it all.
func TestStaffHandoffAcrossInstances(t *testing.T) {
	env := sharedRedis(t, "handoff")
	a := startServer(t, env)
	b := startServer(t, env)
	tok := addUser(t, env, "staff", "salma")

	citizen := browsertest.New(t)
	citizenLog := browsertest.WatchConsole(citizen)
	if err := chromedp.Do(citizen, chromedp.Navigate(a.url)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, citizen, "the chat welcome", `document.querySelectorAll('.msg.bot').length === 1`)
	askChat(t, citizen, "بدي احكي مع موظف لو سمحت")
	browsertest.WaitFor(t, citizen, "the offer of a person", `document.querySelector('.msg.bot[data-intent="handoff"] .suggestion.quick') !== null`)
	click(t, citizen, `.msg.bot[data-intent="handoff"] .suggestion.quick`)
	browsertest.WaitFor(t, citizen, "the place in the queue", `(q => q && !q.hidden && q.dataset.position === '1')(document.querySelector('.queue-status'))`)
	if q := browsertest.Eval[string](t, citizen, `document.querySelector('.queue-status').textContent`); !strings.Contains(q, "الأول") || !strings.Contains(q, "دقائق") {
		t.Errorf("queue banner %q", q)
	}
	conv := browsertest.Eval[string](t, citizen, `document.getElementById('chat').dataset.conversationId`)

	// The staff member, in another tab, on the other instance.
	staff, cancel := chromedp.NewContext(citizen)
	defer cancel()
	staffLog := browsertest.WatchConsole(staff)
	if err := chromedp.Do(staff, chromedp.Navigate(b.url+"staff/")); err != nil {
		t.Fatal(err)
	}
	if dir := browsertest.Eval[string](t, staff, `document.documentElement.dir`); dir != "rtl" {
		t.Errorf("staff console dir %q, want rtl", dir)
	}
	login(t, staff, "salma", tok)
	browsertest.WaitFor(t, staff, "the waiting citizen", `document.querySelector('tr.waiting[data-id="`+conv+`"]') !== null`)
	browsertest.WaitFor(t, staff, "the live stream", `document.getElementById('live').dataset.state === 'on'`)
	click(t, staff, `.take[data-id="`+conv+`"]`)
	browsertest.WaitFor(t, staff, "the conversation held", `document.querySelector('#summary[data-handoff="agent"][data-agent="salma"]') !== null && document.getElementById('say-text') !== null`)
	history := browsertest.Eval[[]string](t, staff, `[...document.querySelectorAll('#transcript li')].map(li => li.dataset.role + ':' + (li.dataset.event || ''))`)
	if !slices.Contains(history, "event:queued") || !slices.Contains(history, "citizen:") {
		t.Errorf("the staff member does not see the history: %v", history)
	}
	browsertest.WaitFor(t, citizen, "agent_joined on the citizen's page", `document.querySelector('.msg.system.agent_joined') !== null && document.querySelector('.queue-status').hidden`)

	reply := "مرحباً، أنا سلمى من فريق الدعم. كيف أساعدك؟"
	setValue(t, staff, "#say-text", reply)
	sent := time.Now()
	click(t, staff, "#say-send")
	browsertest.WaitFor(t, citizen, "the staff message", `[...document.querySelectorAll('.msg.agent .text')].some(e => e.textContent === `+strconv.Quote(reply)+`)`)
	t.Logf("staff message on instance B reached the citizen's page on instance A in %v (click to text on screen)", time.Since(sent).Round(time.Millisecond))
	if who := browsertest.Eval[string](t, citizen, `document.querySelector('.msg.agent .who').textContent`); who != "موظف الدعم" {
		t.Errorf("agent label %q", who)
	}
	if os.Getenv("DALIL_SCREENSHOT") == "1" {
		png, err := chromedp.Run(citizen, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join("..", "..", "docs", "handoff.png"), png, 0o644)
	}

	// The bot is silent: the citizen's question reaches the staff member only.
	bots := browsertest.Eval[float64](t, citizen, `document.querySelectorAll('.msg.bot').length`)
	askChat(t, citizen, "كم رسوم تجديد جواز السفر؟")
	browsertest.WaitFor(t, citizen, "delivered to staff", `document.querySelector('.msg.citizen:last-of-type .note.delivered, .msg.citizen .note.delivered') !== null`)
	browsertest.WaitFor(t, staff, "the citizen's question on the staff screen", `[...document.querySelectorAll('#transcript li.citizen .entry-text')].some(e => e.textContent.includes('رسوم تجديد'))`)
	time.Sleep(500 * time.Millisecond)
	if n := browsertest.Eval[float64](t, citizen, `document.querySelectorAll('.msg.bot').length`); n != bots {
		t.Fatalf("the bot answered while a person held the chat (%v bot bubbles, was %v)", n, bots)
	}

	// Hand back: the bot answers again; the citizen rates the conversation.
	click(t, staff, "#release")
	browsertest.WaitFor(t, staff, "handed back", `document.querySelector('#summary[data-handoff=""]') !== null`)
	browsertest.WaitFor(t, citizen, "agent_left and the rating", `document.querySelector('.msg.system.agent_left') !== null && document.querySelector('.rating .star') !== null`)
	askChat(t, citizen, "كم رسوم تجديد جواز السفر؟")
	browsertest.WaitFor(t, citizen, "the bot's answer", `document.querySelector('.msg.bot[data-intent="service_info"]') !== null`)
	if ans := browsertest.Eval[string](t, citizen, `document.querySelector('.msg.bot[data-intent="service_info"] .text').textContent`); !strings.Contains(ans, "50") {
		t.Errorf("answer after hand-back %q", ans)
	}
	click(t, citizen, `.rating .star[data-score="5"]`)
	browsertest.WaitFor(t, citizen, "the rating thanks", `document.querySelector('.rating .text').textContent.includes('شكراً')`)

	// The transcript shows it all, in order, with no bot line while held.
	if err := chromedp.Do(staff, chromedp.Navigate(b.url+"staff/#/c/"+conv)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, staff, "the whole transcript", `document.querySelector('#transcript li[data-role="rating"]') !== null`)
	lines := browsertest.Eval[[]string](t, staff, `[...document.querySelectorAll('#transcript li')].map(li => li.dataset.role + ':' + (li.dataset.event || (li.querySelector('[data-intent]') || {dataset: {}}).dataset.intent || ''))`)
	want := []string{"citizen:", "bot:handoff", "citizen:", "bot:handoff", "event:queued", "event:agent_joined", "agent:",
		"citizen:", "event:agent_left", "citizen:", "bot:service_info", "rating:"}
	if !slices.Equal(lines, want) {
		t.Errorf("transcript\n got %v\nwant %v", lines, want)
	}
	if s := browsertest.Eval[string](t, staff, `(e => e ? e.textContent : '')(document.querySelector('#transcript li[data-role="bot"] [data-service]'))`); s != "passport-renewal v1" {
		t.Errorf("the answer's service and version on the staff screen: %q", s)
	}

	// The other views render: the conversation in the list by search,
	// the report with its charts, phone layout in English.
	if err := chromedp.Do(staff, chromedp.Navigate(b.url+"staff/#/conversations?q="+"جواز")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, staff, "the search result", `document.querySelector('tr.conv[data-id="`+conv+`"]') !== null`)
	if err := chromedp.Do(staff, chromedp.Navigate(b.url+"staff/#/reports")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, staff, "the report", `document.querySelectorAll('#chart-volume rect.bar').length === 30 && document.querySelector('[data-kpi="conversations"] .v').textContent === '1'`)
	if os.Getenv("DALIL_SCREENSHOT") == "1" {
		if err := chromedp.Do(staff, chromedp.Navigate(b.url+"staff/#/c/"+conv)); err != nil {
			t.Fatal(err)
		}
		browsertest.WaitFor(t, staff, "the transcript", `document.querySelector('#transcript li[data-role="rating"]') !== null`)
		png, err := chromedp.Run(staff, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join("..", "..", "docs", "staff.png"), png, 0o644)
	}
	if err := chromedp.Do(staff, chromedp.EmulateViewport(390, 844), chromedp.Navigate(b.url+"staff/#/queue")); err != nil {
		t.Fatal(err)
	}
	click(t, staff, "#lang-toggle")
	browsertest.WaitFor(t, staff, "the English queue on a phone", `document.documentElement.dir === 'ltr' && document.getElementById('nav-queue').textContent === 'Queue' && document.getElementById('waiting') !== null`)
	if w := browsertest.Eval[bool](t, staff, `document.documentElement.scrollWidth <= window.innerWidth + 1`); !w {
		t.Error("the staff console overflows a phone screen sideways")
	}

	time.Sleep(200 * time.Millisecond)
	for _, m := range append(citizenLog.Messages(), staffLog.Messages()...) {
		if !strings.Contains(m, "status of 401") { // GET /api/me before login
			t.Errorf("page console: %s", m)
		}
	}
}

// BenchmarkHandoffDelivery measures how long a staff member's message
// takes to reach a citizen on another instance: two instances share one
// Redis; the citizen's WebSocket is on A, the staff member posts through
// B's API (POST /api/staff/conversations/{id}/messages), and the time runs
// from sending the request until the agent_message frame arrives on A
// (Redis Stream append, pub/sub notice, A's read of the transcript). Run:
//
//	go test -run '^$' -bench HandoffDelivery -benchtime 200x ./cmd/dalil
func BenchmarkHandoffDelivery(b *testing.B) {
	env := sharedRedis(b, "handoffbench")
	a := startServer(b, env)
	other := startServer(b, env)
	tok := addUser(b, env, "staff", "salma")
	c, w := dial(b, a.ws()+"?lang=en")
	conv := w.s("conversation_id")
	exchange := func(id, text string) frame {
		if err := c.WriteJSON(frame{"type": "message", "id": id, "text": text}); err != nil {
			b.Fatal(err)
		}
		for {
			var f frame
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			if err := c.ReadJSON(&f); err != nil {
				b.Fatal(err)
			}
			if f.s("reply_to") == id && f.s("type") == "reply" {
				return f
			}
		}
	}
	offer := exchange("h1", "I want to speak to a person")
	yes := offer["suggestions"].([]any)[0].(map[string]any)["title"].(string)
	exchange("h2", yes)
	api := other.url + "api/staff/conversations/" + conv
	apiCall(b, "POST", api+"/take", tok, nil)
	next := func(typ string) frame {
		for {
			var f frame
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			if err := c.ReadJSON(&f); err != nil {
				b.Fatal(err)
			}
			if f.s("type") == typ {
				return f
			}
		}
	}
	next("agent_joined")
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := "message " + strconv.Itoa(i)
		start := time.Now()
		apiCall(b, "POST", api+"/messages", tok, map[string]any{"text": text})
		if f := next("agent_message"); f.s("text") != text {
			b.Fatalf("got %q, want %q", f.s("text"), text)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-p50")
	b.ReportMetric(ms(lat[len(lat)*95/100]), "ms-p95")
	b.ReportMetric(ms(lat[len(lat)-1]), "ms-max")
	c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
}
