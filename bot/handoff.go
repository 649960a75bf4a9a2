package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/redact"
)

// Live handoff to a person. A citizen who asks for a person, or whom the
// bot did not understand twice in a row, is offered one; on "yes" the
// conversation joins the queue (or, outside working hours, the citizen may
// leave a message). A staff member takes it (Take), writes (Say) and hands
// it back (Release); meanwhile the bot says nothing and only stores what the
// citizen writes. Every step is a transcript line, so a citizen who
// reconnects, or a screen on another instance, reads it from the record;
// notices only say that something changed.

// Handoff states (State.Handoff).
const (
	HandoffOffered      = "offered"       // a person was offered: "yes" joins the queue
	HandoffOfferMessage = "offer_message" // outside working hours: "yes" lets the citizen leave a message
	HandoffLeaving      = "leaving"       // the next message is the message left for staff
	HandoffQueued       = "queued"        // waiting for a person; the bot still answers
	HandoffAgent        = "agent"         // a staff member holds the conversation: the bot is silent
)

// Queue is the line of conversations waiting for a person, shared by every
// instance (memstore, redisstore).
type Queue interface {
	// Join puts id in the queue as of at and returns its position, from 1.
	// Joining again keeps the place it has.
	Join(ctx context.Context, id string, at time.Time) (int, error)
	// Leave takes id out of the queue; it is not an error if id is not in it.
	Leave(ctx context.Context, id string) error
	// Position returns id's place in the queue, from 1, or 0 when it is not in it.
	Position(ctx context.Context, id string) (int, error)
}

// Notifier delivers notices to every instance (Redis pub/sub, or in
// process). Delivery is best effort: the transcript is the record.
type Notifier interface {
	Notify(ctx context.Context, n Notice) error
}

// Observer is told what was stored, right after it was: the staff package
// indexes transcripts and counts the reports from it. It cannot fail a
// turn; it logs its own errors.
type Observer interface {
	Observe(ctx context.Context, o Observation)
}

// Observation is one stored step of a conversation.
type Observation struct {
	ConversationID string
	State          State   // after the step
	Entries        []Entry // what was appended, in order
	Started        bool    // the first citizen message of the conversation
	Wait           time.Duration
	PrevRating     int // a rating entry: the rating it replaces (0: none)
}

// Desk configures live handoff to staff. Without one (Config.Desk nil) a
// request for a person is answered with the support phone only.
type Desk struct {
	Queue    Queue
	Notifier Notifier      // nil: no notices
	Hours    Hours         // zero: always open
	PerChat  time.Duration // estimated wait per conversation ahead in the queue; default 3 min
}

// Errors of the staff side.
var (
	ErrNoDesk  = errors.New("live handoff is not configured")
	ErrHeld    = errors.New("another staff member holds this conversation")
	ErrNotHeld = errors.New("you do not hold this conversation: take it first")
)

var yesWords, noWords = wordSet("نعم", "ايوه", "ايوة", "أيوه", "ايوا", "اه", "آه", "اكيد", "أكيد", "تمام", "موافق", "طيب",
	"ماشي", "يلا", "اوكي", "اوك", "بالتاكيد", "حولني", "yes", "yeah", "yep", "yup", "ya", "ok", "okay", "sure", "please", "y",
	"aywa", "aiwa", "aywah", "na3am", "ah", "akeed", "tamam", "mashi", "yalla"),
	wordSet("لا", "لأ", "كلا", "لاء", "مش", "ابدا", "no", "nope", "nah", "n", "la", "la2", "cancel", "الغاء", "lateron")

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[intents.Normalize(w)] = true
	}
	return m
}

// answer says whether a short message answers an offer with yes (1) or
// no (-1), or is something else (0): the quick-answer titles in either
// language, or a message of at most three words starting with a yes or no
// word. A request for a person counts as yes.
func (e *Engine) answerOf(text string, res intents.Result) int {
	norm := intents.Normalize(text)
	for _, l := range []string{"ar", "en"} {
		for _, id := range []string{"handoff_yes", "handoff_leave_yes"} {
			if norm == intents.Normalize(e.msgs.Text(l, id, nil)) {
				return 1
			}
		}
		if norm == intents.Normalize(e.msgs.Text(l, "handoff_no", nil)) {
			return -1
		}
	}
	if res.Intent == IntentHandoff {
		return 1
	}
	toks := intents.Tokens(norm)
	if len(toks) == 0 || len(toks) > 3 {
		return 0
	}
	switch {
	case yesWords[toks[0]]:
		return 1
	case noWords[toks[0]]:
		return -1
	}
	return 0
}

func (d *Desk) perChat() time.Duration {
	if d.PerChat <= 0 {
		return 3 * time.Minute
	}
	return d.PerChat
}

// queueStatus renders a place in the queue in lang.
func (e *Engine) queueStatus(lang string, pos int) *QueueStatus {
	wait := time.Duration(pos) * e.cfg.Desk.perChat()
	mins := max(1, int((wait+time.Minute-1)/time.Minute))
	text := e.msgs.Text(lang, "queue_status", map[string]any{
		"Position": e.msgs.Plural(lang, "queue_position", pos, nil),
		"Wait":     e.msgs.Plural(lang, "wait_minutes", mins, nil),
	})
	return &QueueStatus{Position: pos, Wait: wait, Text: text}
}

// offer turns r into an offer of a person (within working hours) or of a
// message for staff (outside them). lead, when not empty, is the text the
// offer follows (a fallback reply).
func (e *Engine) offer(st *State, r *Reply, lead string, now time.Time) {
	lang := r.Lang
	t := func(id string, data map[string]any) string { return e.msgs.Text(lang, id, data) }
	hours := e.cfg.Desk.Hours
	var text string
	if hours.Open(now) {
		st.Handoff = HandoffOffered
		if lead != "" {
			text = lead + "\n\n" + t("handoff_suggest", nil)
		} else {
			text = t("handoff_offer", map[string]any{"Phone": ltr(lang, e.cfg.SupportPhone)})
		}
		r.Suggestions = []Suggestion{{Title: t("handoff_yes", nil)}, {Title: t("handoff_no", nil)}}
	} else {
		st.Handoff = HandoffOfferMessage
		next := hours.Next(now)
		closed := t("handoff_closed", map[string]any{"Hours": hours.describe(e.msgs, lang),
			"Next": t("next_opening", map[string]any{"Day": t("weekday_"+dayKey(next.Weekday()), nil), "Time": next.Format("15:04")})})
		text = closed
		if lead != "" {
			text = lead + "\n\n" + closed
		}
		r.Suggestions = []Suggestion{{Title: t("handoff_leave_yes", nil)}, {Title: t("handoff_no", nil)}}
	}
	r.Text = text
	if lead == "" {
		r.Intent, r.ServiceID, r.Aspect, r.Source = IntentHandoff, "", "", nil
	}
}

// steer applies the live handoff to a turn the classifier understood, after
// the usual state updates. It may replace the reply; it returns the
// events to append after the turn and whether the queue changed.
func (e *Engine) steer(ctx context.Context, convID string, st *State, r *Reply, res intents.Result, text string, now time.Time) ([]Entry, bool, error) {
	d := e.cfg.Desk
	lang := r.Lang
	t := func(id string) string { return e.msgs.Text(lang, id, nil) }
	system := func(text string) {
		*r = Reply{ID: r.ID, ReplyTo: r.ReplyTo, Lang: lang, Intent: IntentHandoff, Confidence: 1, Text: text}
	}
	switch st.Handoff {
	case HandoffOffered, HandoffOfferMessage:
		offered := st.Handoff
		st.Handoff = ""
		switch e.answerOf(text, res) {
		case 1:
			st.Fallbacks = 0
			if offered == HandoffOfferMessage || !d.Hours.Open(now) {
				if offered == HandoffOffered { // the hours ended meanwhile
					system("")
					e.offer(st, r, "", now)
					return nil, false, nil
				}
				st.Handoff = HandoffLeaving
				system(t("handoff_leave_prompt"))
				return nil, false, nil
			}
			pos, err := d.Queue.Join(ctx, convID, now)
			if err != nil {
				return nil, false, fmt.Errorf("bot: queue %s: %w", convID, err)
			}
			st.Handoff, st.QueuedAt = HandoffQueued, now
			q := e.queueStatus(lang, pos)
			system(t("handoff_queued") + "\n" + q.Text)
			r.Queue = q
			return []Entry{{ID: randomID("e_", 8), Role: RoleEvent, Event: EventQueued, Lang: lang, At: now}}, true, nil
		case -1:
			st.Fallbacks = 0
			system(t("handoff_declined"))
			return nil, false, nil
		}
		// Something else: the offer lapses and the message is answered.
	case HandoffQueued:
		pos, err := d.Queue.Position(ctx, convID)
		if err != nil {
			return nil, false, fmt.Errorf("bot: queue %s: %w", convID, err)
		}
		if pos == 0 { // taken out of the queue meanwhile
			st.Handoff = ""
			break
		}
		if r.Intent == IntentHandoff || r.Intent == IntentFallback || r.Intent == IntentOutOfScope {
			q := e.queueStatus(lang, pos)
			system(t("handoff_queued") + "\n" + q.Text)
			r.Queue = q
			st.Fallbacks = 0
		}
		return nil, false, nil
	}
	switch {
	case r.Intent == IntentHandoff:
		e.offer(st, r, "", now)
		st.Fallbacks = 0
	case (r.Intent == IntentFallback || r.Intent == IntentOutOfScope) && st.Fallbacks >= 2:
		e.offer(st, r, r.Text, now)
		st.Fallbacks = 0
	}
	return nil, false, nil
}

// toAgent stores a citizen's message while a staff member holds the
// conversation: the bot says nothing.
func (e *Engine) toAgent(ctx context.Context, convID string, st State, m Message, text string, now time.Time) (Reply, error) {
	r := Reply{ID: randomID("r_", 8), ReplyTo: m.ID, Lang: normLang(st.Lang), Silent: true}
	citizen := e.citizenEntry(m, r, text, now)
	st.Turns++
	st.Updated, st.LastMessageID, st.LastReply = now, m.ID, &r
	if err := e.store.Append(ctx, convID, e.cfg.Retention, e.cfg.TranscriptMax, citizen); err != nil {
		return Reply{}, fmt.Errorf("bot: transcript %s: %w", convID, err)
	}
	if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
		return Reply{}, fmt.Errorf("bot: save %s: %w", convID, err)
	}
	e.notify(ctx, Notice{ConversationID: convID, Kind: NoticeCitizen})
	e.observe(ctx, Observation{ConversationID: convID, State: st, Entries: []Entry{citizen}, Started: st.Turns == 1})
	return r, nil
}

// leaveMessage stores the message a citizen leaves for staff outside
// working hours.
func (e *Engine) leaveMessage(ctx context.Context, convID string, st State, m Message, text string, now time.Time) (Reply, error) {
	lang := normLang(st.Lang)
	r := Reply{ID: randomID("r_", 8), ReplyTo: m.ID, Lang: lang, Intent: IntentHandoff, Confidence: 1,
		Text: e.msgs.Text(lang, "handoff_message_left", nil)}
	citizen := e.citizenEntry(m, r, text, now)
	event := Entry{ID: randomID("e_", 8), Role: RoleEvent, Event: EventMessageLeft, Lang: lang, ReplyTo: citizen.ID, At: now}
	botEntry := Entry{ID: r.ID, Role: RoleBot, Text: r.Text, Lang: lang, ReplyTo: m.ID, Intent: r.Intent, Confidence: 1, At: now}
	st.Handoff = ""
	st.Turns++
	st.Updated, st.LastMessageID, st.LastReply = now, m.ID, &r
	entries := []Entry{citizen, event, botEntry}
	if err := e.store.Append(ctx, convID, e.cfg.Retention, e.cfg.TranscriptMax, entries...); err != nil {
		return Reply{}, fmt.Errorf("bot: transcript %s: %w", convID, err)
	}
	if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
		return Reply{}, fmt.Errorf("bot: save %s: %w", convID, err)
	}
	e.notify(ctx, Notice{ConversationID: convID, Kind: NoticeCitizen})
	e.observe(ctx, Observation{ConversationID: convID, State: st, Entries: entries, Started: st.Turns == 1})
	return r, nil
}

// citizenEntry is the transcript line of a citizen's message (redacted
// unless RawTranscripts).
func (e *Engine) citizenEntry(m Message, r Reply, text string, now time.Time) Entry {
	logged := redact.Text(text)
	if e.cfg.RawTranscripts {
		logged = text
	}
	en := Entry{ID: m.ID, Role: RoleCitizen, Text: logged, Lang: r.Lang, At: now}
	if en.ID == "" {
		en.ID = "m_" + r.ID[2:]
	}
	return en
}

func (e *Engine) notify(ctx context.Context, n Notice) {
	if e.cfg.Desk == nil || e.cfg.Desk.Notifier == nil {
		return
	}
	if err := e.cfg.Desk.Notifier.Notify(ctx, n); err != nil {
		e.cfg.Logger.Warn("notice not sent", "conversation_id", n.ConversationID, "kind", n.Kind, "err", err)
	}
}

func (e *Engine) observe(ctx context.Context, o Observation) {
	if e.cfg.Observer != nil {
		e.cfg.Observer.Observe(ctx, o)
	}
}

// staffStep runs f on a conversation's state under its lock and stores
// what f returns: the staff side of a handoff.
func (e *Engine) staffStep(ctx context.Context, convID string, f func(st *State, now time.Time) ([]Entry, Observation, error)) error {
	if e.cfg.Desk == nil {
		return ErrNoDesk
	}
	unlock, err := e.store.Lock(ctx, convID, e.cfg.LockTTL, e.cfg.LockWait)
	if err != nil {
		return fmt.Errorf("bot: lock %s: %w", convID, err)
	}
	defer unlock()
	st, err := e.store.Load(ctx, convID)
	if errors.Is(err, ErrNotFound) {
		// The conversation expired (or was erased) while waiting: nobody
		// can take it any more, so it must not block the queue.
		if pos, qerr := e.cfg.Desk.Queue.Position(ctx, convID); qerr == nil && pos > 0 {
			if e.cfg.Desk.Queue.Leave(ctx, convID) == nil {
				e.notify(ctx, Notice{Kind: NoticeQueue})
			}
		}
	}
	if err != nil {
		return fmt.Errorf("bot: load %s: %w", convID, err)
	}
	now := e.cfg.Now().UTC()
	entries, o, err := f(&st, now)
	if err != nil {
		return err
	}
	st.Updated = now
	if len(entries) > 0 {
		if err := e.store.Append(ctx, convID, e.cfg.Retention, e.cfg.TranscriptMax, entries...); err != nil {
			return fmt.Errorf("bot: transcript %s: %w", convID, err)
		}
	}
	if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
		return fmt.Errorf("bot: save %s: %w", convID, err)
	}
	o.ConversationID, o.State, o.Entries = convID, st, entries
	e.observe(ctx, o)
	return nil
}

// Take lets the staff member agent hold a conversation: it leaves the
// queue, the citizen is told a person joined, and the bot falls silent.
// Taking a conversation one already holds is not an error; taking one
// another staff member holds is ErrHeld.
func (e *Engine) Take(ctx context.Context, convID, agent string) error {
	queueChanged := false
	err := e.staffStep(ctx, convID, func(st *State, now time.Time) ([]Entry, Observation, error) {
		if st.Handoff == HandoffAgent {
			if st.Agent != agent {
				return nil, Observation{}, fmt.Errorf("bot: take %s: %w", convID, ErrHeld)
			}
			return nil, Observation{}, nil
		}
		var o Observation
		if st.Handoff == HandoffQueued {
			if !st.QueuedAt.IsZero() {
				o.Wait = now.Sub(st.QueuedAt)
			}
			if err := e.cfg.Desk.Queue.Leave(ctx, convID); err != nil {
				return nil, o, fmt.Errorf("bot: queue %s: %w", convID, err)
			}
			queueChanged = true
		}
		st.Handoff, st.Agent = HandoffAgent, agent
		lang := normLang(st.Lang)
		return []Entry{{ID: randomID("e_", 8), Role: RoleEvent, Event: EventAgentJoined, Agent: agent, Lang: lang,
			Text: e.msgs.Text(lang, "agent_joined", nil), At: now}}, o, nil
	})
	if err != nil {
		return err
	}
	e.notify(ctx, Notice{ConversationID: convID, Kind: NoticeAgent})
	if queueChanged {
		e.notify(ctx, Notice{Kind: NoticeQueue})
	}
	e.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "conversation taken", slog.String("conversation_id", convID), slog.String("agent", agent))
	return nil
}

// Say stores a message from the staff member holding the conversation
// and returns its transcript line.
func (e *Engine) Say(ctx context.Context, convID, agent, text string) (Entry, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Entry{}, fmt.Errorf("bot: empty staff message: %w", ErrBadRequest)
	}
	var out Entry
	err := e.staffStep(ctx, convID, func(st *State, now time.Time) ([]Entry, Observation, error) {
		if st.Handoff != HandoffAgent || st.Agent != agent {
			return nil, Observation{}, fmt.Errorf("bot: say %s: %w", convID, ErrNotHeld)
		}
		out = Entry{ID: randomID("a_", 8), Role: RoleAgent, Agent: agent, Text: text, Lang: normLang(st.Lang), At: now}
		return []Entry{out}, Observation{}, nil
	})
	if err != nil {
		return Entry{}, err
	}
	e.notify(ctx, Notice{ConversationID: convID, Kind: NoticeAgent})
	return out, nil
}

// Release hands a conversation back to the bot (or takes a waiting one
// out of the queue). Only the staff member holding it may release it,
// unless force is set (an administrator's or a supervisor's decision).
func (e *Engine) Release(ctx context.Context, convID, agent string, force bool) error {
	queueChanged := false
	err := e.staffStep(ctx, convID, func(st *State, now time.Time) ([]Entry, Observation, error) {
		lang := normLang(st.Lang)
		switch st.Handoff {
		case HandoffAgent:
			if st.Agent != agent && !force {
				return nil, Observation{}, fmt.Errorf("bot: release %s: %w", convID, ErrNotHeld)
			}
			held := st.Agent
			st.Handoff, st.Agent, st.Fallbacks = "", "", 0
			return []Entry{{ID: randomID("e_", 8), Role: RoleEvent, Event: EventAgentLeft, Agent: held, Lang: lang,
				Text: e.msgs.Text(lang, "agent_left", nil), At: now}}, Observation{}, nil
		case HandoffQueued:
			if err := e.cfg.Desk.Queue.Leave(ctx, convID); err != nil {
				return nil, Observation{}, fmt.Errorf("bot: queue %s: %w", convID, err)
			}
			queueChanged = true
			st.Handoff = ""
			return []Entry{{ID: randomID("e_", 8), Role: RoleEvent, Event: EventQueueLeft, Agent: agent, Lang: lang, At: now}}, Observation{}, nil
		}
		return nil, Observation{}, fmt.Errorf("bot: release %s: %w", convID, ErrNotHeld)
	})
	if err != nil {
		return err
	}
	e.notify(ctx, Notice{ConversationID: convID, Kind: NoticeAgent})
	if queueChanged {
		e.notify(ctx, Notice{Kind: NoticeQueue})
	}
	return nil
}

// Rate records the citizen's rating of the whole conversation, 1 to 5
// with an optional comment (redacted). A later rating replaces it.
func (e *Engine) Rate(ctx context.Context, convID string, score int, comment string) error {
	if score < 1 || score > 5 {
		return fmt.Errorf("bot: rating %d: want 1 to 5: %w", score, ErrBadRequest)
	}
	if !e.cfg.RawTranscripts {
		comment = redact.Text(comment)
	}
	if r := []rune(comment); len(r) > 1000 {
		comment = string(r[:1000])
	}
	unlock, err := e.store.Lock(ctx, convID, e.cfg.LockTTL, e.cfg.LockWait)
	if err != nil {
		return fmt.Errorf("bot: lock %s: %w", convID, err)
	}
	defer unlock()
	st, err := e.store.Load(ctx, convID)
	if err != nil {
		return fmt.Errorf("bot: rate %s: %w", convID, err)
	}
	now := e.cfg.Now().UTC()
	prev := st.Rating
	st.Rating, st.Updated = score, now
	en := Entry{ID: randomID("rt_", 8), Role: RoleRating, Score: score, Text: comment, Lang: normLang(st.Lang), At: now}
	if err := e.store.Append(ctx, convID, e.cfg.Retention, e.cfg.TranscriptMax, en); err != nil {
		return fmt.Errorf("bot: rate %s: %w", convID, err)
	}
	if err := e.store.Save(ctx, st, e.cfg.StateTTL); err != nil {
		return fmt.Errorf("bot: rate %s: %w", convID, err)
	}
	e.observe(ctx, Observation{ConversationID: convID, State: st, Entries: []Entry{en}, PrevRating: prev})
	e.notify(ctx, Notice{ConversationID: convID, Kind: NoticeCitizen})
	return nil
}

// liveWindow is how many recent transcript lines Live reads.
const liveWindow = 50

// Live returns what an open chat shows besides its own replies: the
// handoff state, the place in the queue, and the staff messages and
// handoff events at or after since (a client skips those it has shown).
func (e *Engine) Live(ctx context.Context, convID string, since time.Time) (Live, error) {
	st, err := e.store.Load(ctx, convID)
	if errors.Is(err, ErrNotFound) {
		return Live{}, nil
	}
	if err != nil {
		return Live{}, fmt.Errorf("bot: live %s: %w", convID, err)
	}
	out := Live{Handoff: st.Handoff}
	if st.Handoff == HandoffQueued && e.cfg.Desk != nil {
		pos, err := e.cfg.Desk.Queue.Position(ctx, convID)
		if err != nil {
			return Live{}, fmt.Errorf("bot: live %s: %w", convID, err)
		}
		if pos > 0 {
			out.Queue = e.queueStatus(normLang(st.Lang), pos)
		} else {
			out.Handoff = ""
		}
	}
	hist, err := e.store.History(ctx, convID, liveWindow)
	if err != nil {
		return Live{}, fmt.Errorf("bot: live %s: %w", convID, err)
	}
	for _, en := range hist {
		if liveEntry(en) && !en.At.Before(since) {
			out.Entries = append(out.Entries, en)
		}
	}
	return out, nil
}

// liveEntry reports whether a citizen's chat shows en as it happens:
// staff messages, and a staff member joining or leaving.
func liveEntry(en Entry) bool {
	return en.Role == RoleAgent || (en.Role == RoleEvent && (en.Event == EventAgentJoined || en.Event == EventAgentLeft))
}

// Holder returns a conversation's handoff state and the staff member
// holding it, if any (bot.ErrNotFound when the conversation has no state).
func (e *Engine) Holder(ctx context.Context, convID string) (handoff, agent string, err error) {
	st, err := e.store.Load(ctx, convID)
	if err != nil {
		return "", "", fmt.Errorf("bot: holder %s: %w", convID, err)
	}
	return st.Handoff, st.Agent, nil
}
