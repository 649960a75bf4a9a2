package llm

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Fallback reasons: why the local decision (or the verbatim answer) stood.
// They label the fallbacks metric.
const (
	reasonTimeout      = "timeout"             // the deadline passed
	reasonFirstToken   = "first_token_timeout" // rephrase: no token in time
	reasonRateLimited  = "rate_limited"        // 429 after retries, or a Retry-After beyond the deadline
	reasonServer       = "server_error"        // 5xx after retries
	reasonClient       = "client_error"        // 4xx (bad key, bad request): not retried
	reasonNetwork      = "network"             // connection refused, reset …
	reasonBadResponse  = "bad_response"        // a 2xx the client could not read
	reasonStreamCut    = "stream_cut"          // the stream ended before finish_reason
	reasonFinish       = "unfinished"          // finish_reason other than stop (length, content_filter)
	reasonBreaker      = "breaker_open"        // the server failed recently; not asked
	reasonDaily        = "budget_daily"        // the day's tokens are spent
	reasonConversation = "budget_conversation" // this conversation's tokens are spent
	reasonBudgetStore  = "budget_unavailable"  // the shared token count could not be read
	reasonInvalid      = "invalid_output"      // the answer failed validation
	reasonUngrounded   = "ungrounded"          // rephrase: a fact not in the approved text
	reasonLeak         = "leak"                // rephrase: the answer repeats the instructions
	reasonTooLong      = "too_long"            // rephrase: far longer than the approved text
	reasonNoCandidates = "no_candidates"       // nothing to choose from
	reasonCanceled     = "canceled"            // the turn was abandoned
)

// serverOK says whether the server answered (for the breaker): an answer
// that then fails validation still came from a working server.
func serverOK(reason string) bool {
	switch reason {
	case "", reasonInvalid, reasonUngrounded, reasonLeak, reasonTooLong:
		return true
	}
	return false
}

// countsAsFailure says whether a reason is the server's fault. An
// abandoned turn is nobody's.
func countsAsFailure(reason string) bool {
	return !serverOK(reason) && reason != reasonCanceled
}

// callInfo travels in a request's context so the HTTP layer can hand back
// what go-openai's errors do not carry: the Retry-After header.
type callInfo struct {
	mu         sync.Mutex
	retryAfter time.Duration
}

type callInfoKey struct{}

// doer is the HTTP client given to go-openai.
type doer struct {
	hc  *http.Client
	now func() time.Time
}

func (d doer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.hc.Do(req)
	if err != nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500) {
		return resp, err
	}
	if info, ok := req.Context().Value(callInfoKey{}).(*callInfo); ok {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), d.now()); ok {
			info.mu.Lock()
			info.retryAfter = ra
			info.mu.Unlock()
		}
	}
	return resp, err
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// classifyErr names an error and says whether another try may succeed.
func classifyErr(ctx context.Context, err error) (reason string, retry bool) {
	var api *openai.APIError
	var req *openai.RequestError
	status := 0
	switch {
	case errors.As(err, &api):
		status = api.HTTPStatusCode
	case errors.As(err, &req):
		status = req.HTTPStatusCode
	}
	switch {
	case status == http.StatusTooManyRequests:
		return reasonRateLimited, true
	case status >= 500:
		return reasonServer, true
	case status >= 400:
		return reasonClient, false
	case status > 0:
		return reasonBadResponse, false
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(ctx.Err(), context.DeadlineExceeded):
		return reasonTimeout, false
	case errors.Is(err, context.Canceled), ctx.Err() != nil:
		return reasonCanceled, false
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &oe) || errors.As(err, &ne) {
		return reasonNetwork, true
	}
	return reasonBadResponse, false
}

// retry runs f until it succeeds, fails in a way a retry cannot mend, or
// the context's deadline leaves no time. Backoff is exponential with full
// jitter; a Retry-After is honoured when it fits before the deadline, and
// otherwise pauses every call (through the breaker) until it has passed.
func (c *Client) retry(ctx context.Context, op string, f func(ctx context.Context) error) string {
	backoff := 100 * time.Millisecond
	for attempt := 0; ; attempt++ {
		info := &callInfo{}
		start := time.Now()
		err := f(context.WithValue(ctx, callInfoKey{}, info))
		c.m.latency.WithLabelValues(op).Observe(time.Since(start).Seconds())
		if err == nil {
			c.m.calls.WithLabelValues(op, "ok").Inc()
			return ""
		}
		reason, again := classifyErr(ctx, err)
		c.m.calls.WithLabelValues(op, reason).Inc()
		if !again || attempt >= c.opts.MaxRetries {
			return reason
		}
		wait := time.Duration(rand.Int64N(int64(backoff) + 1))
		backoff *= 2
		info.mu.Lock()
		ra := info.retryAfter
		info.mu.Unlock()
		if ra > 0 {
			wait = ra
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= wait {
			if ra > 0 {
				c.breaker.pause(c.opts.Now().Add(ra))
			}
			return reason
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return reasonTimeout
		}
	}
}

// reserve is the time a caller's own deadline keeps for the turn's work
// after the model (saving state, the transcript, the reply): the model's
// deadline ends that much before the caller's.
const reserve = time.Second

// within returns ctx bounded by d and by the caller's deadline less
// reserve; ok is false when no time is left for the model at all.
func within(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc, bool) {
	if dl, has := ctx.Deadline(); has {
		d = min(d, time.Until(dl)-reserve)
	}
	if d <= 0 {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}

// admit lets a call go out: budgets first, then the breaker, then a
// concurrency slot (waiting for one no longer than ctx allows). done must
// be called with the call's outcome ("" for success).
func (c *Client) admit(ctx context.Context, conv string) (done func(reason string), reason string) {
	if r := c.budget.check(ctx, conv); r != "" {
		return nil, r
	}
	if !c.breaker.allow() {
		return nil, reasonBreaker
	}
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		c.breaker.report(false, false)
		return nil, reasonTimeout
	}
	return func(reason string) {
		<-c.slots
		c.breaker.report(serverOK(reason), countsAsFailure(reason))
	}, ""
}

// spend records tokens used by a call.
func (c *Client) spend(ctx context.Context, op, conv string, u openai.Usage) {
	c.m.tokens.WithLabelValues(op, "prompt").Add(float64(u.PromptTokens))
	c.m.tokens.WithLabelValues(op, "completion").Add(float64(u.CompletionTokens))
	total := u.TotalTokens
	if total == 0 {
		total = u.PromptTokens + u.CompletionTokens
	}
	c.budget.spend(ctx, conv, int64(total))
}

// breaker stops calls to a failing server: after threshold consecutive
// failures it opens for cooldown, then lets one probe through (half-open);
// the probe's success closes it, its failure opens it again.
type breaker struct {
	mu        sync.Mutex
	threshold int
	cooldown  time.Duration
	now       func() time.Time
	failures  int
	openUntil time.Time // zero: closed
	probing   bool
	onChange  func(open bool)
}

func newBreaker(threshold int, cooldown time.Duration, now func() time.Time) *breaker {
	return &breaker{threshold: threshold, cooldown: cooldown, now: now}
}

// allow reports whether a call may go out now.
func (b *breaker) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openUntil.IsZero() {
		return true
	}
	if b.now().Before(b.openUntil) || b.probing {
		return false
	}
	b.probing = true // half-open: this call is the probe
	return true
}

// report records the outcome of an allowed call. A call that neither
// succeeded nor failed (abandoned, or its answer was invalid) only frees
// the probe slot.
func (b *breaker) report(ok, failed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	wasProbe := b.probing
	b.probing = false
	switch {
	case ok:
		b.failures = 0
		if !b.openUntil.IsZero() {
			b.openUntil = time.Time{}
			b.changed(false)
		}
	case failed:
		b.failures++
		if wasProbe || b.failures >= b.threshold {
			if b.openUntil.IsZero() {
				defer b.changed(true)
			}
			b.openUntil = b.now().Add(b.cooldown)
		}
	}
}

// pause opens the breaker until t (a server's Retry-After).
func (b *breaker) pause(t time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t.After(b.openUntil) {
		if b.openUntil.IsZero() {
			defer b.changed(true)
		}
		b.openUntil = t
	}
}

func (b *breaker) changed(open bool) {
	if b.onChange != nil {
		b.onChange(open)
	}
}

// open reports whether calls are being refused (for tests and the log).
func (b *breaker) open() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.openUntil.IsZero() && b.now().Before(b.openUntil)
}
