package staff_test

import (
	"testing"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/internal/consolekit/kittest"
	"github.com/dalil-project/dalil/staff"
)

// TestConsoleStrings: every string the staff console shows exists in
// Arabic and English with the same placeholders, every key the page uses
// is in the catalog, and the page never turns data into markup
// (kittest.Check).
func TestConsoleStrings(t *testing.T) {
	kittest.Check(t, staff.Console(), kittest.Console{Script: "staff.js", Style: "staff.css", MinKeys: 60, Dynamic: map[string][]string{
		"role_":    {bot.RoleCitizen, bot.RoleBot, bot.RoleAgent, bot.RoleFeedback, bot.RoleRating, bot.RoleEvent},
		"event_":   {bot.EventQueued, bot.EventQueueLeft, bot.EventAgentJoined, bot.EventAgentLeft, bot.EventMessageLeft},
		"handoff_": {bot.HandoffOffered, bot.HandoffOfferMessage, bot.HandoffLeaving, bot.HandoffQueued, bot.HandoffAgent},
		"intent_": {bot.IntentServiceInfo, bot.IntentClarify, bot.IntentOutOfScope, bot.IntentFallback, bot.IntentHandoff,
			bot.IntentGreeting, bot.IntentThanks, bot.IntentGoodbye},
		"lang_":   {"ar", "en"},
		"reason_": {"fallback", "out_of_scope", "clarify", "low_confidence", "unhelpful"},
		"filter_": {"unanswered", "handed_off", "negative", "flagged", "left_message"},
		"col_": {"conversations", "messages", "answered", "answered_rate", "clarify", "out_of_scope", "fallback", "handoffs",
			"helpful_rate", "csat", "median_wait_seconds"},
	}})
}
