package evaluate

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/dalil-project/dalil/bot"
)

func ptr(s string) *string { return &s }

// scriptedChat replies from a table keyed by question text.
type scriptedChat map[string]bot.Reply

func (s scriptedChat) Start(context.Context, string, string) (bot.Session, error) {
	return bot.Session{ConversationID: "c_1"}, nil
}

func (s scriptedChat) Handle(_ context.Context, _ string, m bot.Message) (bot.Reply, error) {
	return s[m.Text], nil
}

func TestScoring(t *testing.T) {
	chat := scriptedChat{
		"right":      {Intent: "service_info", ServiceID: "a", Aspect: "fees", Lang: "ar"},
		"wrong-asp":  {Intent: "service_info", ServiceID: "a", Aspect: "time", Lang: "ar"},
		"clarify":    {Intent: "clarify", Lang: "en", Suggestions: []bot.Suggestion{{ServiceID: "b"}, {ServiceID: "a"}}},
		"oos":        {Intent: "out_of_scope", Lang: "en"},
		"fallback":   {Intent: "fallback", Lang: "en"},
		"hi":         {Intent: "greeting", Lang: "ar"},
		"wrong-lang": {Intent: "thanks", Lang: "en"},
		"bye":        {Intent: "goodbye", Lang: "en"},
	}
	qs := []Turn{
		{ID: "1", Text: "right", Lang: "ar", Variety: "msa", ExpectIntent: "service_info", ExpectSvc: ptr("a"), ExpectAspect: ptr("fees")},
		{ID: "2", Text: "wrong-asp", Lang: "ar", Variety: "egy", ExpectIntent: "service_info", ExpectSvc: ptr("a"), ExpectAspect: ptr("fees")},
		{ID: "3", Text: "clarify", Lang: "en", Variety: "en", ExpectIntent: "service_info", ExpectSvc: ptr("a")},
		{ID: "4", Text: "oos", Lang: "en", ExpectIntent: "out_of_scope"},
		{ID: "5", Text: "fallback", Label: "none", Lang: "en"},
		{ID: "6", Text: "hi", Lang: "ar", ExpectIntent: "greeting"},
		{ID: "7", Text: "wrong-lang", Lang: "ar", ExpectIntent: "thanks"},
		{ID: "8", Text: "bye", Lang: "en", ExpectIntent: "thanks"},
	}
	ds := []Dialog{{ID: "d", Turns: []Turn{
		{Text: "right", Lang: "ar", ExpectIntent: "service_info", ExpectSvc: ptr("a")},
		{Text: "hi", Lang: "ar", ExpectIntent: "greeting"},
	}}, {ID: "e", Turns: []Turn{{Text: "oos", Lang: "ar", ExpectIntent: "greeting"}}}}
	rep, err := Run(context.Background(), chat, qs, ds)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name    string
		got     Tally
		ok, all int
	}{
		{"overall", rep.Overall, 6, 8},
		{"service", *rep.Groups["service"], 2, 3},
		{"oos", *rep.Groups["out_of_scope"], 2, 2},
		{"aspect", rep.Aspect, 1, 2},
		{"lang", rep.Lang, 9, 11},
		{"dialogs", rep.Dialogs, 1, 2},
		{"dialog turns", rep.DialogTurns, 2, 3},
	}
	for _, c := range checks {
		if c.got.OK != c.ok || c.got.N != c.all {
			t.Errorf("%s: %d/%d, want %d/%d", c.name, c.got.OK, c.got.N, c.ok, c.all)
		}
	}
	if rep.Clarify != 1 {
		t.Errorf("clarify %d", rep.Clarify)
	}
	if rep.ThanksAsGoodbye != 1 {
		t.Errorf("thanks answered as a goodbye %d, want 1", rep.ThanksAsGoodbye)
	}
	var out bytes.Buffer
	rep.Print(&out, 10)
	for _, want := range []string{"overall (questions)       75.0% (6/8)", "FAIL 3 ", "egy", "thanks answered as a goodbye (counted wrong above): 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
