package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/dalil-project/dalil/bot"
)

// A conn is one citizen's WebSocket. It runs up to three goroutines:
//
//   - the reader reads frames, rate-limits and validates them, and queues the
//     valid ones (or their bad-input error) on the work queue;
//   - the worker, started only while the queue is non-empty, processes the
//     queue in order: one Chat call at a time;
//   - the writer owns every write: queued frames, pings, the idle timeout and
//     close frames.
//
// Why a queue rather than calling Handle in the reader: the reader must keep
// reading while a slow Handle runs, so that pongs keep extending the read
// deadline, the token bucket meters frames as they arrive (a flood is refused
// at once instead of piling up in kernel buffers) and a close or shutdown is
// seen promptly. One worker per connection keeps replies in message order.
// The worker exits when the queue is empty, so an idle connection costs two
// goroutines.
type conn struct {
	s   *Server
	ws  *websocket.Conn
	log *slog.Logger
	id  string // conversation id; set before the reader and worker start

	send       chan []byte   // frames for the writer
	quit       chan struct{} // closed once by stop: the writer closes the socket
	quitOnce   sync.Once
	closeCode  int    // close frame to send when quit is closed; 0: none
	closeText  string // its reason
	readerDone chan struct{}
	writerDone chan struct{}
	lastFrame  atomic.Int64 // UnixNano of the last citizen frame (idle timeout)

	limiter bucket // reader only

	// Live handoff (v1.1). queued: waiting in the queue (woken by queue
	// notices); live: waiting for or talking to a person (re-read now and
	// then in case a notice was lost).
	queued atomic.Bool
	live   atomic.Bool
	// Worker only: what the page has been shown of the live handoff.
	since     time.Time       // live lines older than this were in the history frame
	delivered map[string]bool // ids of live lines sent
	queuePos  int             // the place last sent in a queue frame

	mu          sync.Mutex
	lang        string // language for error texts: the latest reply's or set_lang's
	queue       []job
	working     bool // a worker goroutine is running
	draining    bool // Shutdown: finish the current job, then close 1001
	syncPending bool // a jobSync is queued
}

// jobKind says what the worker does with a job.
type jobKind int

const (
	jobMessage jobKind = iota
	jobFeedback
	jobSetLang
	jobRate  // v1.1: the citizen rates the conversation
	jobSync  // v1.1: read the live handoff state and send what is new
	jobError // bad input: answer with an error frame, in order with the rest
)

type job struct {
	kind    jobKind
	replyTo string // the reply_to of this job's error frame
	text    string // message text
	lang    string // set_lang
	code    string // jobError
	fb      bot.Feedback
	score   int // jobRate
	comment string
}

// serveConn runs in the HTTP handler goroutine right after the upgrade: it
// opens the conversation, queues welcome (and history) and starts the reader
// and writer. The handler goroutine then returns, so its (larger) stack is
// not kept for the life of the connection.
func (s *Server) serveConn(ws *websocket.Conn, lang, token string) {
	c := &conn{
		s:          s,
		ws:         ws,
		log:        s.log,
		send:       make(chan []byte, s.cfg.SendQueue),
		quit:       make(chan struct{}),
		readerDone: make(chan struct{}),
		writerDone: make(chan struct{}),
		lang:       lang,
		limiter:    bucket{rate: s.cfg.RatePerSecond, burst: float64(s.cfg.RateBurst)},
	}
	c.lastFrame.Store(time.Now().UnixNano())
	c.since = time.Now()
	if !s.register(c) {
		ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"),
			time.Now().Add(s.cfg.WriteWait))
		ws.Close()
		return
	}

	s.metrics.conns.Inc()
	sess, err := c.start(lang, token)
	if err != nil {
		code := errorCode(err)
		c.log.Error("cannot start conversation", "code", code, "err", err)
		b := mustJSON(errorFrame{Type: "error", Code: code, Text: c.errorText(lang, code)})
		ws.SetWriteDeadline(time.Now().Add(s.cfg.WriteWait))
		ws.WriteMessage(websocket.TextMessage, b)
		closeCode := websocket.CloseInternalServerErr
		if code == bot.CodeUnavailable {
			closeCode = websocket.CloseTryAgainLater
		}
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeCode, code),
			time.Now().Add(s.cfg.WriteWait))
		close(c.readerDone)
		close(c.writerDone)
		c.finish()
		return
	}
	c.id = sess.ConversationID
	c.log = s.log.With("conversation_id", sess.ConversationID)
	if validLang(sess.Lang) {
		c.lang = sess.Lang
	}
	// The send queue holds at least 4 frames (withDefaults), so these two
	// cannot block: the writer has not started yet.
	c.send <- mustJSON(newWelcome(sess))
	if sess.Resumed {
		c.send <- mustJSON(newHistory(sess.History))
		c.since = time.Time{}
		c.delivered = make(map[string]bool, len(sess.History))
		for _, e := range sess.History {
			c.delivered[e.ID] = true
			if e.At.After(c.since) {
				c.since = e.At
			}
		}
	}
	c.log.Debug("conversation opened", "resumed", sess.Resumed)
	go c.writeLoop()
	go c.readLoop()
	if s.cfg.Notices != nil {
		s.follow(c)
		c.requestSync() // a resumed chat may be waiting for, or talking to, a person
	}
}

// start calls Chat.Start, turning a panic into an internal error.
func (c *conn) start(lang, token string) (sess bot.Session, err error) {
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic in Chat.Start", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic in Start: %v", p)
		}
	}()
	ctx, cancel := context.WithTimeout(c.s.baseCtx, c.s.cfg.HandleTimeout)
	defer cancel()
	return c.s.chat.Start(ctx, lang, token)
}

// errorCode maps an engine error to the code citizens see. A timeout of our
// own HandleTimeout is transient, like a store outage, so it is "unavailable".
func errorCode(err error) string {
	if errors.Is(err, bot.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		return bot.CodeUnavailable
	}
	return bot.CodeInternal
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Our frames are plain structs of strings and numbers; a NaN
		// confidence is the only way here.
		panic(fmt.Sprintf("transport: encoding %T: %v", v, err))
	}
	return b
}

// stop ends the connection: the writer sends the close frame (when code is
// not 0) after the frames already queued, and the socket is closed.
func (c *conn) stop(code int, text string) {
	c.quitOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.quit)
	})
}

// finish runs once the reader has returned.
func (c *conn) finish() {
	c.stop(0, "")
	<-c.writerDone
	c.ws.Close()
	c.s.unregister(c)
	c.s.metrics.conns.Dec()
	c.s.wg.Done()
}

// shutdown is called by Server.Shutdown: the current job finishes and its
// frames are written, queued jobs are refused, then the writer closes with 1001.
func (c *conn) shutdown() {
	c.mu.Lock()
	c.draining = true
	busy := c.working
	c.mu.Unlock()
	if !busy {
		c.stop(websocket.CloseGoingAway, "server shutting down")
	}
}

// readLoop is the reader goroutine.
func (c *conn) readLoop() {
	defer c.finish()
	defer close(c.readerDone)
	cfg := &c.s.cfg
	c.ws.SetReadLimit(cfg.ReadLimit)
	c.ws.SetReadDeadline(time.Now().Add(cfg.PongWait))
	c.ws.SetPongHandler(func(string) error {
		return c.ws.SetReadDeadline(time.Now().Add(cfg.PongWait))
	})
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				// gorilla has sent close 1009. Read and drop what the client
				// is still sending before closing the socket: closing with
				// unread data makes the kernel reset the connection, and the
				// client could lose the close frame.
				c.log.Info("frame over the read limit", "limit", cfg.ReadLimit)
				c.linger()
			} else if !websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway, websocket.CloseNoStatusReceived) {
				c.log.Debug("connection ended", "err", err)
			}
			return
		}
		c.ws.SetReadDeadline(time.Now().Add(cfg.PongWait))
		c.safeHandleFrame(typ, data)
	}
}

// safeHandleFrame keeps the connection usable if checking a frame panics.
func (c *conn) safeHandleFrame(typ int, data []byte) {
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic while reading a frame", "panic", p, "stack", string(debug.Stack()))
			c.sendError(peekIDText(typ, data), bot.CodeInternal)
		}
	}()
	c.handleFrame(typ, data)
}

// linger drains the socket (see readLoop) until the client has been quiet
// for a moment, bounded in time and bytes.
func (c *conn) linger() {
	nc := c.ws.NetConn()
	buf := make([]byte, 4096)
	end := time.Now().Add(2 * time.Second)
	for total := 0; total < 8<<20 && time.Now().Before(end); {
		nc.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		n, err := nc.Read(buf)
		total += n
		if err != nil {
			return
		}
	}
}

// handleFrame checks one client frame and queues its job. Every message
// frame gets exactly one final frame: from the worker, or a refusal here.
func (c *conn) handleFrame(typ int, data []byte) {
	now := time.Now()
	c.lastFrame.Store(now.UnixNano())
	if !c.limiter.allow(now) {
		c.refuse(peekIDText(typ, data), bot.CodeRateLimited)
		return
	}
	if typ != websocket.TextMessage {
		c.enqueue(job{kind: jobError, code: bot.CodeBadRequest})
		return
	}
	// gorilla does not check that text frames are UTF-8.
	if !utf8.Valid(data) {
		c.enqueue(job{kind: jobError, replyTo: peekID(data), code: bot.CodeBadRequest})
		return
	}
	var f inFrame
	if err := json.Unmarshal(data, &f); err != nil {
		c.s.metrics.frames.WithLabelValues("invalid").Inc()
		c.enqueue(job{kind: jobError, replyTo: peekID(data), code: bot.CodeBadRequest})
		return
	}
	switch f.Type {
	case "message", "feedback", "set_lang", "rate":
		c.s.metrics.frames.WithLabelValues(f.Type).Inc()
	default:
		c.s.metrics.frames.WithLabelValues("other").Inc()
	}
	c.enqueue(c.validate(f))
}

func peekIDText(typ int, data []byte) string {
	if typ != websocket.TextMessage {
		return ""
	}
	return peekID(data)
}

// validate turns a parsed frame into its job, or into the error job for it.
//
// A message without an id is refused with bad_request: the id is how the
// client matches the reply, and transcripts de-duplicate citizen entries by
// id, so id-less messages would be silently merged.
func (c *conn) validate(f inFrame) job {
	bad := func(replyTo, code string) job { return job{kind: jobError, replyTo: replyTo, code: code} }
	maxRunes := c.s.cfg.MaxMessageRunes
	switch f.Type {
	case "message":
		replyTo := f.ID
		if len(replyTo) > maxIDLen {
			replyTo = ""
		}
		switch {
		case f.ID == "" || len(f.ID) > maxIDLen:
			return bad(replyTo, bot.CodeBadRequest)
		case f.Text == nil || strings.TrimSpace(*f.Text) == "":
			return bad(replyTo, bot.CodeBadRequest)
		case utf8.RuneCountInString(*f.Text) > maxRunes:
			return bad(replyTo, bot.CodeTooLarge)
		}
		return job{kind: jobMessage, replyTo: f.ID, text: *f.Text}
	case "feedback":
		replyTo := f.MessageID
		if len(replyTo) > maxIDLen {
			replyTo = ""
		}
		switch {
		case f.MessageID == "" || len(f.MessageID) > maxIDLen || f.Helpful == nil:
			return bad(replyTo, bot.CodeBadRequest)
		case utf8.RuneCountInString(f.Comment) > maxRunes:
			return bad(replyTo, bot.CodeTooLarge)
		}
		return job{kind: jobFeedback, replyTo: f.MessageID,
			fb: bot.Feedback{MessageID: f.MessageID, Helpful: *f.Helpful, Comment: f.Comment}}
	case "set_lang":
		if !validLang(f.Lang) {
			return bad("", bot.CodeBadRequest)
		}
		return job{kind: jobSetLang, lang: f.Lang}
	case "rate":
		switch {
		case f.Score == nil || *f.Score < 1 || *f.Score > 5:
			return bad("", bot.CodeBadRequest)
		case utf8.RuneCountInString(f.Comment) > maxRunes:
			return bad("", bot.CodeTooLarge)
		}
		return job{kind: jobRate, score: *f.Score, comment: f.Comment}
	default:
		replyTo := f.ID
		if len(replyTo) > maxIDLen {
			replyTo = ""
		}
		return bad(replyTo, bot.CodeBadRequest)
	}
}

// enqueue adds a job to the work queue, starting the worker if none runs.
// A full queue (the engine is slower than the token bucket lets messages
// in) refuses with rate_limited; a draining connection with unavailable.
func (c *conn) enqueue(j job) {
	c.mu.Lock()
	switch {
	case c.draining:
		c.mu.Unlock()
		c.refuse(j.replyTo, bot.CodeUnavailable)
		return
	case len(c.queue) >= c.s.cfg.RateBurst:
		c.mu.Unlock()
		c.refuse(j.replyTo, bot.CodeRateLimited)
		return
	}
	c.queue = append(c.queue, j)
	if !c.working {
		c.working = true
		c.s.wg.Add(1) // the connection is registered, so the count is > 0
		go c.work()
	}
	c.mu.Unlock()
}

// refuse answers a frame that will not be processed.
func (c *conn) refuse(replyTo, code string) {
	c.sendError(replyTo, code)
}

// work is the worker goroutine: it processes the queue in order and exits
// when it is empty.
func (c *conn) work() {
	defer c.s.wg.Done()
	for {
		c.mu.Lock()
		if len(c.queue) == 0 || c.draining {
			rest := c.queue
			c.queue = nil // let an idle connection drop the backing array
			c.working = false
			draining := c.draining
			c.mu.Unlock()
			for _, j := range rest {
				c.sendError(j.replyTo, bot.CodeUnavailable)
			}
			if draining {
				c.stop(websocket.CloseGoingAway, "server shutting down")
			}
			return
		}
		j := c.queue[0]
		c.queue[0] = job{}
		c.queue = c.queue[1:]
		c.mu.Unlock()
		c.process(j)
	}
}

// process runs one job. A panic (in the engine or here) is logged and the
// citizen gets an internal error for that job unless its final frame was
// already queued; the connection goes on.
func (c *conn) process(j job) {
	answered := false
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic while handling a frame", "panic", p, "stack", string(debug.Stack()))
			if !answered {
				c.sendError(j.replyTo, bot.CodeInternal)
			}
		}
	}()
	switch j.kind {
	case jobError:
		c.sendError(j.replyTo, j.code)
	case jobMessage:
		c.handleMessage(j, &answered)
	case jobFeedback:
		err := c.call(func(ctx context.Context) error { return c.s.chat.Feedback(ctx, c.id, j.fb) })
		if err != nil {
			c.chatError("feedback", j.replyTo, err)
			break
		}
		c.sendFrame(ackFrame{Type: "ack", Ref: j.fb.MessageID})
	case jobSetLang:
		err := c.call(func(ctx context.Context) error { return c.s.chat.SetLang(ctx, c.id, j.lang) })
		if err != nil {
			c.chatError("set_lang", "", err)
			break
		}
		c.setLang(j.lang)
		c.sendFrame(ackFrame{Type: "ack", Ref: "set_lang"})
	case jobRate:
		err := c.call(func(ctx context.Context) error { return c.s.chat.Rate(ctx, c.id, j.score, j.comment) })
		if err != nil {
			c.chatError("rate", "", err)
			break
		}
		c.sendFrame(ackFrame{Type: "ack", Ref: "rate"})
	case jobSync:
		c.mu.Lock()
		c.syncPending = false
		c.mu.Unlock()
		c.sync()
	}
	answered = true
}

// requestSync queues one jobSync (at most one waits at a time): a notice
// said something happened in this conversation or in the queue.
func (c *conn) requestSync() {
	c.mu.Lock()
	if c.syncPending || c.draining {
		c.mu.Unlock()
		return
	}
	c.syncPending = true
	// Not counted against RateBurst: it is the server's own work.
	c.queue = append(c.queue, job{kind: jobSync})
	if !c.working {
		c.working = true
		c.s.wg.Add(1)
		go c.work()
	}
	c.mu.Unlock()
}

// sync reads what happened outside this chat's own turns (Chat.Live) and
// sends what the page has not been shown: a staff member joining, writing
// or leaving, and a new place in the queue. The transcript is the record:
// a lost notice or a reconnect loses nothing.
func (c *conn) sync() {
	var l bot.Live
	err := c.call(func(ctx context.Context) error {
		var err error
		l, err = c.s.chat.Live(ctx, c.id, c.since)
		return err
	})
	if err != nil {
		c.log.Debug("live state not read", "err", err)
		return
	}
	seen := make(map[string]bool, len(l.Entries))
	for _, e := range l.Entries {
		seen[e.ID] = true
		if c.delivered[e.ID] {
			continue
		}
		f := newAgent(e)
		c.sendFrame(f)
		c.s.metrics.liveSent.WithLabelValues(f.Type).Inc()
		if e.Role == bot.RoleAgent {
			c.s.metrics.liveDelay.Observe(time.Since(e.At).Seconds())
		}
	}
	c.delivered = seen // lines leave the window in order: older ones never come back
	switch {
	case l.Queue != nil && l.Queue.Position != c.queuePos:
		c.queuePos = l.Queue.Position
		c.sendFrame(newQueue(l.Queue))
		c.s.metrics.liveSent.WithLabelValues("queue").Inc()
	case l.Queue == nil:
		c.queuePos = 0
	}
	c.queued.Store(l.Queue != nil)
	c.live.Store(l.Handoff == bot.HandoffQueued || l.Handoff == bot.HandoffAgent)
}

func (c *conn) handleMessage(j job, answered *bool) {
	c.sendFrame(typingFrame{Type: "typing", ReplyTo: j.replyTo})

	// Deltas are queued in the order the engine produces them, before the
	// final frame; any that arrive after Handle returned are dropped.
	var mu sync.Mutex
	done := false
	defer func() {
		mu.Lock()
		done = true
		mu.Unlock()
	}()
	m := bot.Message{ID: j.replyTo, Text: j.text, Delta: func(text string) {
		mu.Lock()
		defer mu.Unlock()
		if done || text == "" {
			return
		}
		c.sendFrame(deltaFrame{Type: "delta", ReplyTo: j.replyTo, Text: text})
	}}
	var r bot.Reply
	began := time.Now()
	err := c.call(func(ctx context.Context) error {
		var err error
		r, err = c.s.chat.Handle(ctx, c.id, m)
		return err
	})
	c.s.metrics.latency.Observe(time.Since(began).Seconds())
	mu.Lock()
	done = true
	mu.Unlock()

	if err != nil {
		c.s.metrics.replies.WithLabelValues("error").Inc()
		c.chatError("message", j.replyTo, err)
		*answered = true
		return
	}
	if r.Silent {
		// A staff member holds the conversation: the bot says nothing; the
		// message is stored and the staff console shows it.
		c.s.metrics.replies.WithLabelValues("person").Inc()
		c.sendFrame(ackFrame{Type: "ack", Ref: j.replyTo, ReplyTo: j.replyTo})
		*answered = true
		c.live.Store(true)
		return
	}
	c.s.metrics.replies.WithLabelValues("reply").Inc()
	c.s.metrics.intents.WithLabelValues(r.Intent, r.Lang).Inc()
	if validLang(r.Lang) {
		c.setLang(r.Lang)
	}
	c.sendFrame(newReply(r, j.replyTo))
	*answered = true
	if r.Queue != nil {
		c.queuePos = r.Queue.Position
		c.sendFrame(newQueue(r.Queue))
		c.queued.Store(true)
		c.live.Store(true)
	}
}

// call runs one Chat call with the per-call deadline.
func (c *conn) call(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(c.s.baseCtx, c.s.cfg.HandleTimeout)
	defer cancel()
	return f(ctx)
}

// chatError logs an engine error and sends its citizen-safe error frame:
// never the error's own text.
func (c *conn) chatError(op, replyTo string, err error) {
	code := errorCode(err)
	if code == bot.CodeUnavailable {
		c.log.Warn("chat unavailable", "op", op, "err", err)
	} else {
		c.log.Error("chat failed", "op", op, "err", err)
	}
	c.sendError(replyTo, code)
}

func (c *conn) setLang(lang string) {
	c.mu.Lock()
	c.lang = lang
	c.mu.Unlock()
}

func (c *conn) sendError(replyTo, code string) {
	c.s.metrics.errors.WithLabelValues(code).Inc()
	c.mu.Lock()
	lang := c.lang
	c.mu.Unlock()
	c.sendFrame(errorFrame{Type: "error", ReplyTo: replyTo, Code: code, Text: c.errorText(lang, code)})
}

// fallbackErrorText is used only if Chat.ErrorText itself fails, so that an
// error frame can always be sent.
const fallbackErrorText = "تعذّر إتمام الطلب، حاول مرة أخرى. / The request could not be completed; please try again."

func (c *conn) errorText(lang, code string) (text string) {
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic in Chat.ErrorText", "panic", p, "code", code)
			text = fallbackErrorText
		}
	}()
	if text = c.s.chat.ErrorText(lang, code); text == "" {
		text = fallbackErrorText
	}
	return text
}

// sendFrame queues a frame for the writer. When the queue stays full for
// WriteWait the client is not reading fast enough: the connection is closed.
// (Unlike the chat example's hub, the senders here are this connection's own
// reader and worker, so waiting briefly holds up no one else, and it turns a
// burst of refusals into back-pressure on the flooding client rather than
// into a disconnect.)
func (c *conn) sendFrame(v any) {
	b := mustJSON(v)
	select {
	case c.send <- b:
		return
	case <-c.quit:
		return
	default:
	}
	t := time.NewTimer(c.s.cfg.WriteWait)
	defer t.Stop()
	select {
	case c.send <- b:
	case <-c.quit:
	case <-t.C:
		c.log.Warn("client too slow: send queue full; closing")
		c.stop(0, "")
		c.ws.Close() // unblocks a writer stuck in a write, and the reader
	}
}

// writeLoop is the writer goroutine.
func (c *conn) writeLoop() {
	defer close(c.writerDone)
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic in writer", "panic", p, "stack", string(debug.Stack()))
			c.ws.Close()
		}
	}()
	cfg := &c.s.cfg
	ping := time.NewTicker(cfg.PingInterval)
	defer ping.Stop()
	idle := time.NewTimer(cfg.IdleTimeout)
	defer idle.Stop()
	var poll <-chan time.Time
	if cfg.Notices != nil {
		t := time.NewTicker(cfg.LivePoll)
		defer t.Stop()
		poll = t.C
	}
	for {
		select {
		case <-poll:
			if c.live.Load() {
				c.requestSync()
			}
		case b := <-c.send:
			if err := c.write(b); err != nil {
				c.log.Debug("write failed", "err", err)
				c.ws.Close()
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(cfg.WriteWait)); err != nil {
				c.ws.Close()
				return
			}
		case <-idle.C:
			since := time.Since(time.Unix(0, c.lastFrame.Load()))
			if since >= cfg.IdleTimeout && c.live.Load() {
				// Waiting for, or talking to, a person: silence is expected.
				idle.Reset(cfg.IdleTimeout)
			} else if since >= cfg.IdleTimeout {
				c.log.Debug("idle timeout")
				c.stop(websocket.CloseNormalClosure, "idle timeout")
			} else {
				idle.Reset(cfg.IdleTimeout - since)
			}
		case <-c.quit:
			c.closeSocket()
			return
		}
	}
}

// closeSocket runs in the writer once quit is closed: it writes the frames
// still queued and the close frame, waits briefly for the client's close
// (which ends the reader), then closes the socket.
func (c *conn) closeSocket() {
	defer c.ws.Close()
	if c.closeCode == 0 {
		return // the reader has ended, or the connection is being dropped
	}
flush:
	for {
		select {
		case b := <-c.send:
			if c.write(b) != nil {
				return
			}
		default:
			break flush
		}
	}
	wait := c.s.cfg.WriteWait
	msg := websocket.FormatCloseMessage(c.closeCode, c.closeText)
	if c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(wait)) != nil {
		return
	}
	t := time.NewTimer(min(wait, 2*time.Second))
	defer t.Stop()
	select {
	case <-c.readerDone:
	case <-t.C:
	}
}

func (c *conn) write(b []byte) error {
	c.ws.SetWriteDeadline(time.Now().Add(c.s.cfg.WriteWait))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

// bucket is a token bucket: burst frames at once, rate per second sustained.
type bucket struct {
	rate, burst float64
	tokens      float64
	last        time.Time
}

func (b *bucket) allow(now time.Time) bool {
	if b.last.IsZero() {
		b.tokens = b.burst
	} else {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}
