package staff

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
)

func TestFeatures(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		// Spelling variants of one Arabic question have the same features.
		{"كم رسوم تجديد جواز السفر؟", "كَم رُسوم تَجديد جَواز السَّفَر", true},
		{"كم رسوم تجديد جواز السفر؟", "ما هي رسوم تجديد جواز السفر", true},
		{"كم رسوم تجديد جواز السفر؟", "كم رسوم تجديد الجواز السفر", true},
		{"شو الاوراق المطلوبة للهوية", "شو الأوراق المطلوبه للهويه", true},
		{"كيف أجدد رخصة القيادة", "كيف اجدد رخصه القياده؟؟", true},
		{"رخصة بناء", "رخصة قيادة", false},
		{"how much is the passport fee", "passport fee?", true},
		{"How much is the passport fee", "how much is the PASSPORT fee!!", true},
	}
	for _, tt := range tests {
		fa, fb := features(tt.a), features(tt.b)
		if same := slices.Equal(fa, fb); same != tt.same {
			t.Errorf("%q %v / %q %v: same %v, want %v", tt.a, fa, tt.b, fb, same, tt.same)
		}
	}
}

func TestJaccard(t *testing.T) {
	tests := []struct {
		a, b []string
		want float64
	}{
		{nil, nil, 1},
		{[]string{"a"}, nil, 0},
		{[]string{"a", "b"}, []string{"a", "b"}, 1},
		{[]string{"a", "b", "c"}, []string{"a", "b"}, 2.0 / 3},
		{[]string{"a", "c"}, []string{"b", "d"}, 0},
		{[]string{"a", "b", "c", "d"}, []string{"b", "d", "e"}, 2.0 / 5},
	}
	for _, tt := range tests {
		if got := jaccard(tt.a, tt.b); got != tt.want {
			t.Errorf("jaccard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func q(conv, lang, text string) Question {
	return Question{ConversationID: conv, MessageID: "m_" + conv, Text: text, Lang: lang, Reasons: []string{"fallback"},
		At: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
}

// groups renders groups as "lang:count:text" sorted by group, with each
// group's texts sorted, for comparing.
func groupTexts(gs []Group) []string {
	var out []string
	for _, g := range gs {
		var texts []string
		for _, e := range g.Examples {
			texts = append(texts, e.Text)
		}
		sort.Strings(texts)
		out = append(out, g.Lang+":"+strings.Join(texts, "|"))
	}
	return out
}

// TestGroupQuestions: Arabic variants of one question fall in one group,
// different questions do not, languages are apart, the most frequent
// wording speaks for the group, and resolved questions stop appearing.
func TestGroupQuestions(t *testing.T) {
	tests := []struct {
		name     string
		qs       []Question
		resolved []Resolution
		want     []string // lang:examples sorted, groups largest first
		text     string   // the first group's text
	}{
		{
			name: "arabic variants in one group",
			qs: []Question{
				q("1", "ar", "كم رسوم تجديد جواز السفر؟"),
				q("2", "ar", "ما هي رسوم تجديد جواز السفر"),
				q("3", "ar", "كَم رُسوم تجديد الجواز"),
				q("4", "ar", "كم رسوم تجديد جواز السفر؟"),
				q("5", "ar", "وين مكتب الأحوال المدنية بنابلس"),
			},
			want: []string{"ar:كَم رُسوم تجديد الجواز|كم رسوم تجديد جواز السفر؟|كم رسوم تجديد جواز السفر؟|ما هي رسوم تجديد جواز السفر",
				"ar:وين مكتب الأحوال المدنية بنابلس"},
			text: "كم رسوم تجديد جواز السفر؟",
		},
		{
			name: "languages apart, unrelated apart",
			qs: []Question{
				q("1", "en", "how do I register a boat"),
				q("2", "ar", "كيف اسجل قارب"),
				q("3", "en", "register my boat?"),
				q("4", "en", "what is the weather tomorrow"),
			},
			want: []string{"en:how do I register a boat|register my boat?", "ar:كيف اسجل قارب", "en:what is the weather tomorrow"},
		},
		{
			name: "questions with nothing to go on are left out",
			qs:   []Question{q("1", "ar", "؟؟"), q("2", "en", "hi"), q("3", "en", "what is the weather tomorrow")},
			want: []string{"en:what is the weather tomorrow"},
		},
		{
			name: "a resolution hides its question and similar ones, in its language only",
			qs: []Question{
				q("1", "en", "what is the weather tomorrow"),
				q("2", "en", "weather tomorrow?"),
				q("3", "ar", "كم رسوم تجديد جواز السفر؟"),
				q("4", "en", "how do I register a boat"),
			},
			resolved: []Resolution{{Lang: "en", Key: strings.Join(features("what's the weather tomorrow"), " ")},
				{Lang: "en", Key: strings.Join(features("كم رسوم تجديد جواز السفر"), " ")}},
			want: []string{"ar:كم رسوم تجديد جواز السفر؟", "en:how do I register a boat"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := GroupQuestions(tt.qs, tt.resolved)
			got := groupTexts(gs)
			norm := func(s []string) []string {
				out := make([]string, len(s))
				for i, g := range s {
					lang, texts, _ := strings.Cut(g, ":")
					ts := strings.Split(texts, "|")
					sort.Strings(ts)
					out[i] = lang + ":" + strings.Join(ts, "|")
				}
				sort.Strings(out)
				return out
			}
			if !slices.Equal(norm(got), norm(tt.want)) {
				t.Errorf("groups\n got %q\nwant %q", got, tt.want)
			}
			for i := 1; i < len(gs); i++ {
				if gs[i].Count > gs[i-1].Count {
					t.Errorf("group %d (%d questions) after a smaller one", i, gs[i].Count)
				}
			}
			if tt.text != "" && gs[0].Text != tt.text {
				t.Errorf("group text %q, want the most frequent wording %q", gs[0].Text, tt.text)
			}
		})
	}
}

func TestQuestionsIn(t *testing.T) {
	f, tr := false, true
	es := []bot.Entry{
		{ID: "m1", Role: bot.RoleCitizen, Text: "كم رسوم الجواز", Lang: "ar"},
		{ID: "r1", Role: bot.RoleBot, ReplyTo: "m1", Intent: bot.IntentServiceInfo, ServiceID: "passport-renewal", Confidence: 0.9},
		{ID: "m2", Role: bot.RoleCitizen, Text: "طيب وين", Lang: "ar"},
		{ID: "r2", Role: bot.RoleBot, ReplyTo: "m2", Intent: bot.IntentServiceInfo, ServiceID: "passport-renewal", Confidence: 0.4},
		{ID: "m3", Role: bot.RoleCitizen, Text: "what is the weather", Lang: "en"},
		{ID: "r3", Role: bot.RoleBot, ReplyTo: "m3", Intent: bot.IntentOutOfScope},
		{ID: "fb_r1", Role: bot.RoleFeedback, ReplyTo: "r1", Helpful: &f},
		{ID: "fb_r2", Role: bot.RoleFeedback, ReplyTo: "r2", Helpful: &f},
		{ID: "fb_r3", Role: bot.RoleFeedback, ReplyTo: "r3", Helpful: &tr},
	}
	got := questionsIn("c1", es, 0.6)
	var lines []string
	for _, q := range got {
		lines = append(lines, q.MessageID+":"+strings.Join(q.Reasons, ","))
	}
	want := []string{"m2:low_confidence,unhelpful", "m3:out_of_scope", "m1:unhelpful"}
	if !slices.Equal(lines, want) {
		t.Errorf("questions %v, want %v", lines, want)
	}
}
