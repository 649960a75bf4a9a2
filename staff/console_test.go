package staff_test

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/staff"
)

// TestConsoleStrings: every string the staff console shows exists in
// Arabic and English with the same placeholders, every key the page uses
// is in the catalog, and the page never turns data into markup.
func TestConsoleStrings(t *testing.T) {
	c := staff.Console()
	b, err := fs.ReadFile(c, "i18n.json")
	if err != nil {
		t.Fatal(err)
	}
	var cat map[string]map[string]string
	if err := json.Unmarshal(b, &cat); err != nil {
		t.Fatal(err)
	}
	ar, en := cat["ar"], cat["en"]
	if len(ar) == 0 || len(ar) != len(en) {
		t.Fatalf("ar has %d strings, en %d", len(ar), len(en))
	}
	ph := regexp.MustCompile(`\{[a-z]+\}`)
	for k, v := range en {
		a, ok := ar[k]
		switch {
		case !ok:
			t.Errorf("%s: no Arabic", k)
		case strings.TrimSpace(v) == "" || strings.TrimSpace(a) == "":
			t.Errorf("%s: empty", k)
		case !strings.ContainsFunc(a, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }):
			t.Errorf("%s: Arabic %q has no Arabic letters", k, a)
		case strings.Join(sorted(ph.FindAllString(a, -1)), ",") != strings.Join(sorted(ph.FindAllString(v, -1)), ","):
			t.Errorf("%s: placeholders differ: %q / %q", k, a, v)
		}
	}
	js, _ := fs.ReadFile(c, "staff.js")
	html, _ := fs.ReadFile(c, "index.html")
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bt\('([a-z_]+)'`).FindAllStringSubmatch(string(js), -1) {
		used[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`data-t="([a-z_]+)"`).FindAllStringSubmatch(string(html), -1) {
		used[m[1]] = true
	}
	dynamic := map[string][]string{
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
	}
	for _, r := range auth.Roles {
		dynamic["role_"] = append(dynamic["role_"], string(r))
	}
	for k := range used {
		if vals, ok := dynamic[k]; ok {
			for _, v := range vals {
				if en[k+v] == "" {
					t.Errorf("console uses %s%s, not in i18n.json", k, v)
				}
			}
			continue
		}
		if en[k] == "" {
			t.Errorf("console uses %q, not in i18n.json", k)
		}
	}
	if len(used) < 60 {
		t.Errorf("only %d keys found in the console: the pattern is broken", len(used))
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "style="} {
		if strings.Contains(string(js), bad) || strings.Contains(string(html), bad) {
			t.Errorf("the console uses %s", bad)
		}
	}
	if regexp.MustCompile(`<script(\s[^>]*)?>\s*[^<\s]`).Match(html) || regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//`).Match(html) {
		t.Error("index.html has an inline script or an external resource: the CSP forbids them")
	}
}

func sorted(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
