package bot

import (
	"context"
	"log/slog"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/redact"
)

// ConversationClassifier is a Classifier that also keeps accounts per
// conversation (the LLM layer charges its token budget). The engine uses
// it when the classifier has it.
type ConversationClassifier interface {
	UnderstandIn(ctx context.Context, conversationID string, q intents.Query) (intents.Result, error)
}

// Rephraser turns an approved answer into a conversational one in the
// reply language (the LLM layer in rephrase mode, package intents/llm).
// check is the engine's grounding rule: the Rephraser passes it the text
// so far (final false) before streaming each piece to delta, and the whole
// text at the end (final true). Any error means the approved text is sent
// as it is.
type Rephraser interface {
	Rephrase(ctx context.Context, conversationID, lang, question, approved string,
		check func(text string, final bool) error, delta func(text string)) (string, error)
}

// recentMax bounds State.Recent: three exchanges.
const recentMax = 6

// recentRunes bounds a citizen turn kept in State.Recent.
const recentRunes = 300

// remember returns recent with this turn added, oldest dropped. It always
// builds a new slice: a store may share the old one.
func remember(recent []Turn, citizenText string, r Reply) []Turn {
	if rs := []rune(citizenText); len(rs) > recentRunes {
		citizenText = string(rs[:recentRunes]) + "…"
	}
	bot := r.Intent
	switch r.Intent {
	case IntentServiceInfo:
		bot += " " + r.ServiceID
		if r.Aspect != "" {
			bot += " " + r.Aspect
		}
	case IntentClarify:
		for i, s := range r.Suggestions {
			if i == 0 {
				bot += ":"
			}
			bot += " " + s.ServiceID
		}
	}
	all := append(append([]Turn(nil), recent...), Turn{Role: "citizen", Text: citizenText}, Turn{Role: "bot", Text: bot})
	if len(all) > recentMax {
		all = all[len(all)-recentMax:]
	}
	return all
}

func contextTurns(recent []Turn) []intents.Turn {
	if len(recent) == 0 {
		return nil
	}
	out := make([]intents.Turn, len(recent))
	for i, t := range recent {
		out[i] = intents.Turn{Role: t.Role, Text: t.Text}
	}
	return out
}

// rephrase asks the Rephraser for a conversational answer in place of
// r.Text and keeps it only when every number, amount, duration, phone and
// link in it is in the approved text (checked here again, whatever the
// Rephraser did). It reports whether r.Text was replaced.
func (e *Engine) rephrase(ctx context.Context, convID, question string, r *Reply, delta func(string)) bool {
	src := factsOf(r.Text)
	check := func(text string, final bool) error { return src.covers(factsOf(text), final) }
	text, err := e.cfg.Rephraser.Rephrase(ctx, convID, r.Lang, redact.Text(question), r.Text, check, delta)
	if err == nil {
		err = check(text, true)
	}
	if err != nil {
		e.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "verbatim answer", slog.String("conversation_id", convID),
			slog.String("service_id", r.ServiceID), slog.String("why", err.Error()))
		return false
	}
	r.Text = isolateLTR(r.Lang, text)
	return true
}
