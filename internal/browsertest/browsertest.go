// Package browsertest starts headless Chromium for browser tests (the
// editors' console, the chat page) and gives them a few waiting helpers.
// Without Chromium a test skips with a clear message, or fails when
// DALIL_REQUIRE_SERVICES is set (scripts/test sets it).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// New starts headless Chromium and returns its context.
func New(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if _, err2 := os.Stat("/usr/bin/chromium"); err2 != nil {
			if os.Getenv("DALIL_REQUIRE_SERVICES") != "" {
				t.Fatal("Chromium not installed and DALIL_REQUIRE_SERVICES is set")
			}
			t.Skip("Chromium not installed (no chromium on PATH nor /usr/bin/chromium): browser test skipped")
		}
		path = "/usr/bin/chromium"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		if os.Getenv("DALIL_REQUIRE_SERVICES") != "" {
			t.Fatalf("Chromium (%s) does not start: %v", path, err)
		}
		t.Skipf("Chromium (%s) does not start: %v", path, err)
	}
	return ctx
}

// WaitFor polls a JavaScript condition for up to 15 s.
func WaitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// Eval evaluates a JavaScript expression, awaiting it if it is a promise.
func Eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// Console collects a page's errors and exceptions (CSP violations
// included).
type Console struct {
	mu   sync.Mutex
	msgs []string
}

// WatchConsole starts collecting the console errors of ctx's page.
func WatchConsole(ctx context.Context) *Console {
	l := &Console{}
	msgs := chromedp.Console(ctx) // subscribes now
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleError {
				l.mu.Lock()
				l.msgs = append(l.msgs, m.String())
				l.mu.Unlock()
			}
		}
	}()
	return l
}

// Messages returns what was collected.
func (l *Console) Messages() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.msgs...)
}
