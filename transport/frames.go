package transport

import (
	"encoding/json"
	"math"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// Wire frames of PROTOCOL.md v1, and the additions of v1.1 (docs/PROTOCOL.md:
// rate, queue, agent_joined, agent_message, agent_left, ack of a message a
// staff member receives). Every field the protocol names is always present
// (empty when it does not apply), so clients need no existence checks.

const (
	maxIDLen    = 128 // client message ids and reply ids: they are stored in transcripts
	maxTokenLen = 512 // resume tokens longer than this cannot be ours
)

// inFrame is any client frame; which fields matter depends on Type.
type inFrame struct {
	Type      string  `json:"type"`
	ID        string  `json:"id"`
	Text      *string `json:"text"`
	MessageID string  `json:"message_id"`
	Helpful   *bool   `json:"helpful"`
	Comment   string  `json:"comment"`
	Lang      string  `json:"lang"`
	Score     *int    `json:"score"` // rate (v1.1)
}

type welcomeFrame struct {
	Type           string `json:"type"` // "welcome"
	ConversationID string `json:"conversation_id"`
	ResumeToken    string `json:"resume_token"`
	Resumed        bool   `json:"resumed"`
	Lang           string `json:"lang"`
	Text           string `json:"text"`
}

type historyFrame struct {
	Type     string           `json:"type"` // "history"
	Messages []historyMessage `json:"messages"`
}

// historyMessage adds id, reply_to and lang to the protocol's fields
// (allowed: fields may be added) so a reconnecting page can skip turns it
// already shows, tell which of its messages were answered, and set the
// direction of each bubble.
type historyMessage struct {
	ID        string `json:"id,omitempty"`
	Role      string `json:"role"` // "citizen" or "bot"
	Text      string `json:"text"`
	Lang      string `json:"lang,omitempty"`
	ReplyTo   string `json:"reply_to,omitempty"`
	Intent    string `json:"intent,omitempty"`
	ServiceID string `json:"service_id,omitempty"`
	Event     string `json:"event,omitempty"` // role "event" (v1.1): agent_joined or agent_left
	At        string `json:"at"`              // RFC 3339, UTC
}

type typingFrame struct {
	Type    string `json:"type"` // "typing"
	ReplyTo string `json:"reply_to"`
}

type deltaFrame struct {
	Type    string `json:"type"` // "delta"
	ReplyTo string `json:"reply_to"`
	Text    string `json:"text"`
}

type suggestionJSON struct {
	ServiceID string `json:"service_id"`
	Title     string `json:"title"`
}

type sourceJSON struct {
	ServiceID string `json:"service_id"`
	Version   int    `json:"version"`
	URL       string `json:"url"`
}

type replyFrame struct {
	Type        string           `json:"type"` // "reply"
	ID          string           `json:"id"`
	ReplyTo     string           `json:"reply_to"`
	Lang        string           `json:"lang"`
	Intent      string           `json:"intent"`
	ServiceID   string           `json:"service_id"`
	Aspect      string           `json:"aspect"`
	Confidence  float64          `json:"confidence"`
	Text        string           `json:"text"`
	Suggestions []suggestionJSON `json:"suggestions"` // [] when none
	Source      *sourceJSON      `json:"source"`      // null when the reply has no source
}

type errorFrame struct {
	Type    string `json:"type"` // "error"
	ReplyTo string `json:"reply_to"`
	Code    string `json:"code"`
	Text    string `json:"text"`
}

type ackFrame struct {
	Type    string `json:"type"` // "ack"
	Ref     string `json:"ref"`
	ReplyTo string `json:"reply_to,omitempty"` // v1.1: the final frame of a message a staff member receives
}

// queueFrame (v1.1) is the citizen's place in the queue for a person.
type queueFrame struct {
	Type        string `json:"type"` // "queue"
	Position    int    `json:"position"`
	WaitSeconds int    `json:"wait_seconds"`
	Text        string `json:"text"`
}

// agentFrame (v1.1) is a staff member joining, writing or leaving.
type agentFrame struct {
	Type string `json:"type"` // "agent_joined", "agent_message" or "agent_left"
	ID   string `json:"id"`
	Lang string `json:"lang"`
	Text string `json:"text"`
	At   string `json:"at"`
}

func newQueue(q *bot.QueueStatus) queueFrame {
	return queueFrame{Type: "queue", Position: q.Position, WaitSeconds: int(q.Wait.Seconds()), Text: q.Text}
}

// newAgent maps a live transcript line to its frame.
func newAgent(e bot.Entry) agentFrame {
	typ := "agent_message"
	if e.Role == bot.RoleEvent {
		typ = e.Event
	}
	return agentFrame{Type: typ, ID: e.ID, Lang: e.Lang, Text: e.Text, At: e.At.UTC().Format(time.RFC3339)}
}

func newWelcome(s bot.Session) welcomeFrame {
	return welcomeFrame{
		Type:           "welcome",
		ConversationID: s.ConversationID,
		ResumeToken:    s.ResumeToken,
		Resumed:        s.Resumed,
		Lang:           s.Lang,
		Text:           s.Welcome,
	}
}

// newHistory keeps the turns of a transcript: the citizen's, the bot's,
// staff messages (role "agent") and staff joining or leaving (role
// "event"); feedback, ratings and other events are not turns.
func newHistory(entries []bot.Entry) historyFrame {
	f := historyFrame{Type: "history", Messages: []historyMessage{}}
	for _, e := range entries {
		switch {
		case e.Role == bot.RoleCitizen, e.Role == bot.RoleBot, e.Role == bot.RoleAgent:
		case e.Role == bot.RoleEvent && (e.Event == bot.EventAgentJoined || e.Event == bot.EventAgentLeft):
		default:
			continue
		}
		f.Messages = append(f.Messages, historyMessage{
			ID:        e.ID,
			Role:      e.Role,
			Text:      e.Text,
			Lang:      e.Lang,
			ReplyTo:   e.ReplyTo,
			Intent:    e.Intent,
			ServiceID: e.ServiceID,
			Event:     e.Event,
			At:        e.At.UTC().Format(time.RFC3339),
		})
	}
	return f
}

// newReply maps an engine reply to its frame. replyTo is the citizen's
// message id, whatever the engine filled in: the contract is to echo it.
func newReply(r bot.Reply, replyTo string) replyFrame {
	f := replyFrame{
		Type:        "reply",
		ID:          r.ID,
		ReplyTo:     replyTo,
		Lang:        r.Lang,
		Intent:      r.Intent,
		ServiceID:   r.ServiceID,
		Aspect:      r.Aspect,
		Confidence:  finite(r.Confidence),
		Text:        r.Text,
		Suggestions: make([]suggestionJSON, 0, len(r.Suggestions)),
	}
	for _, s := range r.Suggestions {
		f.Suggestions = append(f.Suggestions, suggestionJSON{ServiceID: s.ServiceID, Title: s.Title})
	}
	if r.Source != nil {
		f.Source = &sourceJSON{ServiceID: r.Source.ServiceID, Version: r.Source.Version, URL: r.Source.URL}
	}
	return f
}

// finite keeps a broken confidence from making the frame unencodable.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

func parseLang(s string) string {
	if s == "en" {
		return "en"
	}
	return "ar" // the protocol's default
}

func validLang(s string) bool { return s == "ar" || s == "en" }

// peekID extracts a message id from a frame that is refused before being
// parsed properly, so the refusal can still carry reply_to. Invalid UTF-8 is
// replaced by U+FFFD by encoding/json, which is fine for an echo.
func peekID(data []byte) string {
	var f struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(data, &f) != nil || len(f.ID) > maxIDLen {
		return ""
	}
	return f.ID
}
