package bot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/redact"
)

// Classifier understands one citizen message (intents.Matcher, or an
// LLM-backed classifier in front of it).
type Classifier interface {
	Understand(ctx context.Context, q intents.Query) (intents.Result, error)
}

// Messages renders system messages and headings (package locales).
type Messages interface {
	Text(lang, id string, data map[string]any) string
	Plural(lang, id string, count int, data map[string]any) string
}

// ErrBadRequest is returned for a message the engine refuses (empty text).
var ErrBadRequest = errors.New("bad request")

// Config tunes the engine. The zero value works.
type Config struct {
	StateTTL      time.Duration // idle time before a conversation is forgotten (default 24h)
	Retention     time.Duration // transcripts are kept this long after their last line (default 90 days)
	TranscriptMax int           // transcript entries kept per conversation (default 1000)
	HistoryTurns  int           // entries sent on resume (default 20)
	LockTTL       time.Duration // a turn's lock expires after this (default 15s)
	LockWait      time.Duration // how long a turn waits for the previous one (default 10s)
	SupportPhone  string        // offered with handoff and out-of-scope replies
	Logger        *slog.Logger
	Now           func() time.Time

	// RawTranscripts keeps citizen text in transcripts as written. By
	// default it is redacted first (package redact: ids, phones, e-mails,
	// passports, IBANs, cards become [ID], [PHONE] …).
	RawTranscripts bool
	// Rephraser, when set, rephrases service answers (rephrase mode of the
	// LLM layer); nil sends the approved text verbatim.
	Rephraser Rephraser

	// Desk, when set, offers a person and runs the live handoff
	// (handoff.go); nil gives the support phone only.
	Desk *Desk
	// Observer, when set, is told of every stored step (staff's index and
	// reports).
	Observer Observer
}

func (c Config) withDefaults() Config {
	if c.StateTTL <= 0 {
		c.StateTTL = 24 * time.Hour
	}
	if c.Retention <= 0 {
		c.Retention = 90 * 24 * time.Hour
	}
	if c.TranscriptMax <= 0 {
		c.TranscriptMax = 1000
	}
	if c.HistoryTurns <= 0 {
		c.HistoryTurns = 20
	}
	if c.LockTTL <= 0 {
		c.LockTTL = 15 * time.Second
	}
	if c.LockWait <= 0 {
		c.LockWait = 10 * time.Second
	}
	if c.SupportPhone == "" {
		c.SupportPhone = "+970 2 298 1000"
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// brain is the knowledge base and the classifier built from it; they are
// swapped together when editors publish, so a reply never mixes versions.
type brain struct {
	kb         *knowledge.Base
	classifier Classifier
}

// Engine runs conversations: per message it loads state, understands,
// decides, renders the answer from the service record, saves state and
// appends to the transcript. It is safe for concurrent use; turns of one
// conversation are serialised through Store.Lock, across instances too.
type Engine struct {
	store Store
	msgs  Messages
	cfg   Config
	brain atomic.Pointer[brain]
}

// New returns an engine over a store, a knowledge base and its classifier.
func New(store Store, kb *knowledge.Base, c Classifier, msgs Messages, cfg Config) *Engine {
	e := &Engine{store: store, msgs: msgs, cfg: cfg.withDefaults()}
	e.SetKnowledge(kb, c)
	return e
}

// SetKnowledge swaps in a new knowledge base and its classifier without
// stopping conversations: turns already running finish on the old pair.
func (e *Engine) SetKnowledge(kb *knowledge.Base, c Classifier) {
	e.brain.Store(&brain{kb: kb, classifier: c})
}

// Knowledge returns the knowledge base in use.
func (e *Engine) Knowledge() *knowledge.Base { return e.brain.Load().kb }

func normLang(l string) string {
	if l == "en" {
		return "en"
	}
	return "ar"
}

func randomID(prefix string, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return prefix + hex.EncodeToString(b)
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// A resume token is "<conversation id>.<secret>": the id says where to
// look, the 256-bit secret proves the holder started the conversation. Only
// the secret's hash is stored.
func splitToken(tok string) (id, secret string, ok bool) {
	id, secret, ok = strings.Cut(tok, ".")
	if !ok || !strings.HasPrefix(id, "c_") || len(id) > 64 || len(secret) < 32 || len(secret) > 64 {
		return "", "", false
	}
	return id, secret, true
}

// Start opens a chat: it resumes the conversation of a valid resume token
// or starts a new one.
func (e *Engine) Start(ctx context.Context, lang, resumeToken string) (Session, error) {
	lang = normLang(lang)
	if id, secret, ok := splitToken(resumeToken); ok {
		st, err := e.store.Load(ctx, id)
		switch {
		case err == nil && subtle.ConstantTimeCompare([]byte(st.TokenHash), []byte(hashSecret(secret))) == 1:
			hist, err := e.store.History(ctx, id, e.cfg.HistoryTurns)
			if err != nil {
				return Session{}, fmt.Errorf("bot: resume %s: %w", id, err)
			}
			// Refresh the idle TTL: resuming is activity.
			st.Updated = e.cfg.Now().UTC()
			if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
				return Session{}, fmt.Errorf("bot: resume %s: %w", id, err)
			}
			if st.Lang != "" {
				lang = st.Lang
			}
			return Session{ConversationID: id, ResumeToken: resumeToken, Resumed: true, Lang: lang,
				Welcome: e.msgs.Text(lang, "welcome", nil), History: citizenVisible(hist)}, nil
		case err != nil && !errors.Is(err, ErrNotFound):
			return Session{}, fmt.Errorf("bot: resume %s: %w", id, err)
		}
		// Unknown, expired or forged: a new conversation (welcome says resumed=false).
	}
	id := randomID("c_", 12)
	secret := randomID("", 24) // 192 bits
	now := e.cfg.Now().UTC()
	st := State{ID: id, TokenHash: hashSecret(secret), Lang: lang, Created: now, Updated: now}
	if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
		return Session{}, fmt.Errorf("bot: start: %w", err)
	}
	return Session{ConversationID: id, ResumeToken: id + "." + secret, Lang: lang,
		Welcome: e.msgs.Text(lang, "welcome", nil)}, nil
}

// citizenVisible keeps the entries a resumed page shows: the citizen's,
// the bot's and staff messages, and staff joining or leaving (no feedback,
// ratings or internal events).
func citizenVisible(es []Entry) []Entry {
	out := es[:0:0]
	for _, en := range es {
		if en.Role == RoleCitizen || en.Role == RoleBot || liveEntry(en) {
			out = append(out, en)
		}
	}
	return out
}

// Handle answers one citizen message. Errors wrap ErrUnavailable when the
// store cannot be reached, ErrBadRequest for an empty message.
func (e *Engine) Handle(ctx context.Context, convID string, m Message) (Reply, error) {
	text := strings.TrimSpace(m.Text)
	if text == "" {
		return Reply{}, fmt.Errorf("bot: empty message: %w", ErrBadRequest)
	}
	st, err, unlock, lockErr := e.lockLoad(ctx, convID)
	if lockErr != nil {
		return Reply{}, fmt.Errorf("bot: lock %s: %w", convID, lockErr)
	}
	defer unlock()

	now := e.cfg.Now().UTC()
	switch {
	case errors.Is(err, ErrNotFound):
		// Expired while the socket stayed open: carry on as a fresh state.
		st = State{ID: convID, Created: now}
	case err != nil:
		return Reply{}, fmt.Errorf("bot: load %s: %w", convID, err)
	}
	if m.ID != "" && m.ID == st.LastMessageID && st.LastReply != nil {
		return *st.LastReply, nil // a retry: same answer, nothing written twice
	}

	// A staff member holds the conversation, or the citizen is writing the
	// message they leave for staff: the bot does not answer.
	if e.cfg.Desk != nil {
		switch st.Handoff {
		case HandoffAgent:
			return e.toAgent(ctx, convID, st, m, text, now)
		case HandoffLeaving:
			return e.leaveMessage(ctx, convID, st, m, text, now)
		}
	}

	b := e.brain.Load()
	q := intents.Query{Text: text, Context: intents.Context{LastService: st.LastService, LastAspect: st.LastAspect,
		Lang: st.Lang, Recent: contextTurns(st.Recent)}}
	var res intents.Result
	if cc, ok := b.classifier.(ConversationClassifier); ok {
		res, err = cc.UnderstandIn(ctx, convID, q)
	} else {
		res, err = b.classifier.Understand(ctx, q)
	}
	if err != nil {
		return Reply{}, fmt.Errorf("bot: understand %s: %w", convID, err)
	}
	r := e.render(b.kb, res)
	r.ID = randomID("r_", 8)
	r.ReplyTo = m.ID
	redacted := redact.Text(text)

	// State: the reply language follows the latest message; a new service
	// replaces the old one; a greeting or thanks keeps it for follow-ups.
	st.Lang = r.Lang
	switch r.Intent {
	case IntentServiceInfo:
		st.LastService, st.LastAspect, st.Fallbacks = r.ServiceID, r.Aspect, 0
	case IntentOutOfScope, IntentFallback:
		st.Fallbacks++
	case IntentClarify:
		st.Fallbacks = 0
	}
	var events []Entry
	queueChanged := false
	if e.cfg.Desk != nil {
		if events, queueChanged, err = e.steer(ctx, convID, &st, &r, res, text, now); err != nil {
			return Reply{}, err
		}
	}
	rephrased := false
	if e.cfg.Rephraser != nil && r.Intent == IntentServiceInfo && r.Source != nil {
		rephrased = e.rephrase(ctx, convID, text, &r, m.Delta)
	}
	st.Recent = remember(st.Recent, redacted, r)
	st.Turns++
	st.Updated = now
	st.LastMessageID = m.ID
	st.LastReply = &r

	version := 0
	if r.Source != nil {
		version = r.Source.Version
	}
	citizen := e.citizenEntry(m, r, text, now)
	botEntry := Entry{ID: r.ID, Role: RoleBot, Text: r.Text, Lang: r.Lang, ReplyTo: m.ID, Intent: r.Intent,
		ServiceID: r.ServiceID, ServiceVersion: version, Aspect: r.Aspect, Confidence: r.Confidence,
		Rephrased: rephrased, At: now}
	if res.Source == "llm" {
		botEntry.DecidedBy = "llm"
	}
	entries := append([]Entry{citizen, botEntry}, events...)
	if err := e.appendSave(ctx, convID, st, entries...); err != nil {
		return Reply{}, err
	}
	if queueChanged {
		e.notify(ctx, Notice{Kind: NoticeQueue})
	}
	if st.Handoff == HandoffQueued {
		e.notify(ctx, Notice{ConversationID: convID, Kind: NoticeCitizen})
	}
	e.observe(ctx, Observation{ConversationID: convID, State: st, Entries: entries, Started: st.Turns == 1})
	e.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "reply", slog.String("conversation_id", convID),
		slog.String("intent", r.Intent), slog.String("service_id", r.ServiceID), slog.String("aspect", r.Aspect),
		slog.Float64("confidence", r.Confidence), slog.String("source", res.Source), slog.Bool("rephrased", rephrased))
	return r, nil
}

// SetLang changes the conversation's language (the set_lang frame).
func (e *Engine) SetLang(ctx context.Context, convID, lang string) error {
	unlock, err := e.store.Lock(ctx, convID, e.cfg.LockTTL, e.cfg.LockWait)
	if err != nil {
		return fmt.Errorf("bot: lock %s: %w", convID, err)
	}
	defer unlock()
	st, err := e.store.Load(ctx, convID)
	if err != nil {
		return fmt.Errorf("bot: set_lang %s: %w", convID, err)
	}
	st.Lang = normLang(lang)
	st.Updated = e.cfg.Now().UTC()
	if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
		return fmt.Errorf("bot: set_lang %s: %w", convID, err)
	}
	return nil
}

// Feedback records a citizen's rating of one reply in the transcript.
func (e *Engine) Feedback(ctx context.Context, convID string, f Feedback) error {
	if !strings.HasPrefix(f.MessageID, "r_") {
		return fmt.Errorf("bot: feedback without a reply id: %w", ErrBadRequest)
	}
	helpful := f.Helpful
	comment := f.Comment
	if !e.cfg.RawTranscripts {
		comment = redact.Text(comment)
	}
	if r := []rune(comment); len(r) > 1000 {
		comment = string(r[:1000])
	}
	en := Entry{ID: "fb_" + f.MessageID, Role: RoleFeedback, Text: comment, ReplyTo: f.MessageID, Helpful: &helpful, At: e.cfg.Now().UTC()}
	if err := e.store.Append(ctx, convID, e.cfg.Retention, e.cfg.TranscriptMax, en); err != nil {
		return fmt.Errorf("bot: feedback %s: %w", convID, err)
	}
	if e.cfg.Observer != nil {
		// The state gives the report its language and service; a
		// conversation that expired meanwhile still counts, without them.
		st, err := e.store.Load(ctx, convID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			e.cfg.Logger.Warn("feedback: state not read for the reports", "conversation_id", convID, "err", err)
		}
		if st.ID == "" {
			st.ID = convID
		}
		e.observe(ctx, Observation{ConversationID: convID, State: st, Entries: []Entry{en}})
	}
	return nil
}

// ErrorText is the citizen-facing text of an error code, in lang.
func (e *Engine) ErrorText(lang, code string) string {
	return e.msgs.Text(normLang(lang), "error_"+code, map[string]any{"Max": 2000})
}

// Ready reports whether the store can be reached.
func (e *Engine) Ready(ctx context.Context) error { return e.store.Ping(ctx) }

// lockLoad takes the conversation's lock and loads its state, in one round
// trip when the store can (LockLoader). stateErr is the load's error
// (ErrNotFound for no state); lockErr a failure to lock.
func (e *Engine) lockLoad(ctx context.Context, convID string) (st State, stateErr error, unlock func(), lockErr error) {
	if ll, ok := e.store.(LockLoader); ok {
		return ll.LockLoad(ctx, convID, e.cfg.LockTTL, e.cfg.LockWait)
	}
	unlock, lockErr = e.store.Lock(ctx, convID, e.cfg.LockTTL, e.cfg.LockWait)
	if lockErr != nil {
		return State{}, nil, nil, lockErr
	}
	st, stateErr = e.store.Load(ctx, convID)
	return st, stateErr, unlock, nil
}

// appendSave writes a turn: its transcript lines, then its state (in one
// round trip when the store can, TurnWriter). The order matters for a
// retry: lines are deduplicated, and the state that says "answered" comes
// last.
func (e *Engine) appendSave(ctx context.Context, convID string, st State, entries ...Entry) error {
	if tw, ok := e.store.(TurnWriter); ok {
		if err := tw.AppendSave(ctx, convID, e.cfg.Retention, e.cfg.TranscriptMax, st, e.cfg.StateTTL, entries...); err != nil {
			return fmt.Errorf("bot: turn %s: %w", convID, err)
		}
		return nil
	}
	if err := e.store.Append(ctx, convID, e.cfg.Retention, e.cfg.TranscriptMax, entries...); err != nil {
		return fmt.Errorf("bot: transcript %s: %w", convID, err)
	}
	if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
		return fmt.Errorf("bot: save %s: %w", convID, err)
	}
	return nil
}
