package staff

import (
	"context"
	"log/slog"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// Config tunes the staff side. The zero value works.
type Config struct {
	Retention     time.Duration  // index records live as long as transcripts (default 90 days)
	ReportTTL     time.Duration  // daily counters are kept this long (default 400 days)
	Location      *time.Location // days of the reports begin at midnight here (default UTC)
	LowConfidence float64        // an answer below this confidence counts as unanswered (default 0.6)
	Logger        *slog.Logger
	Now           func() time.Time
}

func (c Config) withDefaults() Config {
	if c.Retention <= 0 {
		c.Retention = 90 * 24 * time.Hour
	}
	if c.ReportTTL <= 0 {
		c.ReportTTL = 400 * 24 * time.Hour
	}
	if c.Location == nil {
		c.Location = time.UTC
	}
	if c.LowConfidence <= 0 {
		c.LowConfidence = 0.6
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Recorder keeps the index and the report counters up to date as turns are
// stored: it is the engine's bot.Observer.
type Recorder struct {
	store interface {
		Index
		Counters
	}
	cfg Config
}

var _ bot.Observer = (*Recorder)(nil)

// NewRecorder returns a Recorder writing to store.
func NewRecorder(store Store, cfg Config) *Recorder {
	return &Recorder{store: store, cfg: cfg.withDefaults()}
}

// Report counters (the metric part of a counter field; see countKey).
const (
	cConversations = "conversations"  // conversations with at least one citizen message
	cMessages      = "messages"       // citizen messages
	cAnswered      = "answered"       // answered from a service with enough confidence, without a person
	cLowConfidence = "low_confidence" // answered from a service, unsure
	cClarify       = "clarify"
	cOutOfScope    = "out_of_scope"
	cFallback      = "fallback"
	cHandoffs      = "handoffs"      // citizens who joined the queue for a person
	cTaken         = "taken"         // conversations a staff member took
	cMessagesLeft  = "messages_left" // messages left for staff outside working hours
	cAgentMessages = "agent_messages"
	cHelpful       = "helpful"
	cUnhelpful     = "unhelpful"
	cRatings       = "ratings"
	cCSATSum       = "csat_sum"
)

// countKey is the field of a counter: metric|lang|service.
func countKey(metric, lang, service string) string { return metric + "|" + lang + "|" + service }

// Unanswered reports why a bot reply counts as unanswered ("" if it
// does not): fallback, out of scope, clarify, or an answer below the
// confidence threshold.
func Unanswered(e bot.Entry, low float64) string {
	if e.Role != bot.RoleBot {
		return ""
	}
	switch e.Intent {
	case bot.IntentFallback, bot.IntentOutOfScope, bot.IntentClarify:
		return e.Intent
	case bot.IntentServiceInfo:
		if e.Confidence < low {
			return "low_confidence"
		}
	}
	return ""
}

// recordCounter is an index that also takes a step's report counters in
// the same write (the Redis store: one round trip instead of two, and the
// citizen's reply waits for it).
type recordCounter interface {
	RecordCount(ctx context.Context, u Update, ttl time.Duration, day string, add map[string]int64, reportTTL time.Duration) error
}

// Observe implements bot.Observer. Failures are logged: the turn is
// already stored, and the citizen must not wait for the staff index.
func (r *Recorder) Observe(ctx context.Context, o bot.Observation) {
	u, counts, wait := r.digest(o)
	day := o.State.Updated
	if len(o.Entries) > 0 {
		day = o.Entries[0].At
	}
	if day.IsZero() {
		day = r.cfg.Now()
	}
	u.At = day
	d := day.In(r.cfg.Location).Format(time.DateOnly)
	if rc, ok := r.store.(recordCounter); ok && len(counts) > 0 {
		if err := rc.RecordCount(ctx, u, r.cfg.Retention, d, counts, r.cfg.ReportTTL); err != nil {
			r.cfg.Logger.Warn("staff index and report counters not updated", "conversation_id", o.ConversationID, "err", err)
		}
	} else {
		if err := r.store.Record(ctx, u, r.cfg.Retention); err != nil {
			r.cfg.Logger.Warn("staff index not updated", "conversation_id", o.ConversationID, "err", err)
		}
		if len(counts) > 0 {
			if err := r.store.Count(ctx, d, counts, r.cfg.ReportTTL); err != nil {
				r.cfg.Logger.Warn("report counters not updated", "conversation_id", o.ConversationID, "err", err)
			}
		}
	}
	if wait != nil {
		if err := r.store.AddWait(ctx, d, *wait, r.cfg.ReportTTL); err != nil {
			r.cfg.Logger.Warn("report wait not recorded", "conversation_id", o.ConversationID, "err", err)
		}
	}
}

// digest turns an observation into the index update, the counters to add
// and the wait to record.
func (r *Recorder) digest(o bot.Observation) (Update, map[string]int64, *Wait) {
	st := o.State
	lang := st.Lang
	if lang == "" {
		lang = "ar"
	}
	// Counts go to the service of this step's answer, else the one the
	// conversation is about.
	service := st.LastService
	for _, e := range o.Entries {
		if e.Role == bot.RoleBot && e.ServiceID != "" {
			service = e.ServiceID
		}
	}
	u := Update{ID: o.ConversationID, Lang: lang}
	counts := map[string]int64{}
	add := func(metric string, n int64) { counts[countKey(metric, lang, service)] += n }
	var wait *Wait
	if o.Started {
		add(cConversations, 1)
	}
	for _, e := range o.Entries {
		switch e.Role {
		case bot.RoleCitizen:
			u.Messages++
			u.Terms = append(u.Terms, Terms(e.Text)...)
			if u.Preview == "" {
				u.Preview = shorten(e.Text, 160)
			}
			add(cMessages, 1)
		case bot.RoleBot:
			if e.Intent != "" {
				u.Intents = append(u.Intents, e.Intent)
			}
			if e.ServiceID != "" {
				u.Services = append(u.Services, e.ServiceID)
			}
			switch why := Unanswered(e, r.cfg.LowConfidence); why {
			case "":
				if e.Intent == bot.IntentServiceInfo {
					add(cAnswered, 1)
				}
			default:
				u.Unanswered++
				add(why, 1)
			}
		case bot.RoleAgent:
			u.Terms = append(u.Terms, Terms(e.Text)...)
			add(cAgentMessages, 1)
		case bot.RoleFeedback:
			if e.Helpful != nil && *e.Helpful {
				add(cHelpful, 1)
			} else {
				u.Negative++
				add(cUnhelpful, 1)
			}
		case bot.RoleRating:
			u.Rating = e.Score
			add(cCSATSum, int64(e.Score-o.PrevRating))
			if o.PrevRating == 0 {
				add(cRatings, 1)
			}
		case bot.RoleEvent:
			switch e.Event {
			case bot.EventQueued:
				u.HandedOff = true
				add(cHandoffs, 1)
			case bot.EventAgentJoined:
				u.HandedOff = true
				u.Held = e.Agent
				add(cTaken, 1)
				if o.Wait > 0 {
					wait = &Wait{Lang: lang, Service: service, Seconds: o.Wait.Seconds()}
				}
			case bot.EventAgentLeft:
				u.Held = HeldNobody
				u.LeftMessage = -1
			case bot.EventMessageLeft:
				u.LeftMessage = 1
				add(cMessagesLeft, 1)
			}
		}
	}
	for k, v := range counts {
		if v == 0 {
			delete(counts, k)
		}
	}
	return u, counts, wait
}
