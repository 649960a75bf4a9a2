package intents

import (
	"context"
	"testing"
	"time"

	"github.com/dalil-project/dalil/knowledge"
)

// Messages written for this test, in none of the corpus's wording and of
// no question set: system messages the cue lists alone miss, which the
// model catches, and questions about a service that courtesy or a person
// in them must not turn into a system message. Each is checked with the
// model and without it (the lists alone), so the table also shows what
// the model adds.
func TestSystemModel(t *testing.T) {
	start := time.Now()
	sm := theSystemModel()
	t.Logf("trained in %v, %d table slots", time.Since(start), len(sm.keys))
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	with, without := NewMatcher(kb), NewMatcherWith(kb, Options{NoSystemModel: true})
	tests := []struct {
		text, last     string
		intent, listed string // with the model, and with the lists alone
		lang           string
	}{
		// What the lists miss.
		{"howdy", "", IntentGreeting, IntentOutOfScope, "en"},
		{"yo", "", IntentGreeting, IntentServiceInfo, "en"}, // the lists alone answer some service
		{"hey! hope your day is going great", "", IntentGreeting, IntentOutOfScope, "en"},
		{"ازيكم عاملين ايه النهارده", "", IntentGreeting, IntentOutOfScope, "ar"},
		{"اهلين فيكم يا جماعة", "", IntentGreeting, IntentGreeting, "ar"}, // the lists too since arz13 (يا جماعة is courtesy)
		{"you've been a big help", "", IntentThanks, IntentOutOfScope, "en"},
		{"bravo, that's exactly it", "", IntentThanks, IntentOutOfScope, "en"},
		{"الله يرضى عليك يا رب", "", IntentThanks, IntentOutOfScope, "ar"},
		{"i'd rather deal with a real clerk", "", IntentHandoff, IntentOutOfScope, "en"},
		{"this is going nowhere, i want a human", "", IntentHandoff, IntentHandoff, "en"},
		{"ما عم تفيدني بشي، بدي حدا يرد علي", "", IntentHandoff, IntentHandoff, "ar"},
		// Service questions stay questions.
		{"hello, what does a birth certificate cost?", "", IntentServiceInfo, IntentServiceInfo, "en"},
		{"please, how do I renew my passport", "", IntentServiceInfo, IntentServiceInfo, "en"},
		{"شكرا، وكم الرسوم؟", "passport-renewal", IntentServiceInfo, IntentServiceInfo, "ar"},
		{"can my sister collect my passport instead of me?", "", IntentServiceInfo, IntentServiceInfo, "en"},
		{"الموظف بالمكتب طلب مني شهادة ميلاد جديدة", "", IntentServiceInfo, IntentServiceInfo, "ar"},
		// Off the topic stays off the topic.
		{"tell me a joke", "", IntentOutOfScope, IntentOutOfScope, "en"},
	}
	for _, tc := range tests {
		for _, run := range []struct {
			m    *Matcher
			want string
		}{{with, tc.intent}, {without, tc.listed}} {
			r, err := run.m.Understand(context.Background(), Query{Text: tc.text, Context: Context{LastService: tc.last}})
			if err != nil {
				t.Fatal(err)
			}
			if r.Intent != run.want || r.Lang != tc.lang {
				t.Errorf("%q (model off: %v): got %s in %s, want %s in %s", tc.text, run.m.opt.NoSystemModel, r.Intent, r.Lang, run.want, tc.lang)
			}
		}
	}
}

// BenchmarkSystemModel: the model's cost for one short question as
// Understand pays it (a short message, or one with a system cue).
func BenchmarkSystemModel(b *testing.B) {
	sm := theSystemModel()
	toks := Tokens(Normalize("بدي اعرف كم رسوم تجديد جواز السفر"))
	stems := make([]string, len(toks))
	for i, w := range toks {
		stems[i] = Stem(w)
	}
	b.ResetTimer()
	for range b.N {
		sm.decide(toks, stems, false, false)
	}
}

// BenchmarkSystemTrain: training the model (once per process).
func BenchmarkSystemTrain(b *testing.B) {
	for range b.N {
		trainSystemModel()
	}
}

// probsOf, from the words' sysWords, gives probs' probabilities without
// the Arabizi reading (an Arabizi message goes through probs, for it) to
// the bit: over the corpus's own texts (each message once cold, once with its
// new words cached) and a few written here, with the sample knowledge
// base's words and new ones, in Arabic, English and Arabizi.
func TestSystemProbsOf(t *testing.T) {
	m := sampleMatcher(t)
	sm := theSystemModel()
	texts, _ := systemExamples()
	texts = append(texts, "", "hi", "salam 3alaykom, kifak ya zalame", "ok thx bye", "بدي احكي مع موظف لو سمحت",
		"how do i renew my passport online", "مرحبا بدي جدد جواز السفر", "zzzqqq xyzzy", "شكرااااا كتير")
	for pass := 0; pass < 2; pass++ {
		m.ForgetWords()
		for i := 0; i < 2; i++ {
			for _, text := range texts {
				sc := m.getScratch()
				an := m.analyze(text, sc)
				if got, want := sm.probsOf(an.words), sm.probs(an.tokens, an.seqs[1], false); got != want {
					t.Fatalf("%q: probsOf %v, probs %v", text, got, want)
				}
				m.pool.Put(sc)
			}
		}
	}
}
