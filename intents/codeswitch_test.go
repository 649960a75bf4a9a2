package intents

import (
	"context"
	"sync"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// The sample knowledge base's matcher, built once for this file's tests.
var (
	sampleOnce sync.Once
	sampleM    *Matcher
)

func sampleMatcher(t *testing.T) *Matcher {
	sampleOnce.Do(func() {
		kb, err := knowledge.Load(knowledge.Sample())
		if err != nil {
			panic(err)
		}
		sampleM = NewMatcher(kb)
	})
	return sampleM
}

// TestArabiziLean: Arabizi without a marker word but with words that read
// as Arabic (or the knowledge base's Arabizi) is answered in Arabic, with
// English courtesy in it; English with a local term or a name stays
// English. Phrasings written for this test.
func TestArabiziLean(t *testing.T) {
	m := sampleMatcher(t)
	for _, tc := range []struct{ text, lang string }{
		{"natijet el tawjihi plz", "ar"},
		{"natijet el tawjihi", "ar"},
		{"shahadet milad el bebe please", "ar"},
		{"tajdeed el jawaz sorry", "ar"},
		{"tawjihi results plz", "en"},
		{"renew passport fees", "en"},
		{"amman passport office", "en"},
		{"ahmad passport", "en"},
		{"how do you say good morning in French", "en"},
		{"the tawjihi certificate attestation", "en"},
		{"mashkoor", "ar"},
	} {
		an := m.analyze(tc.text, m.getScratch())
		if got := an.script.ReplyLang(an.arabicLed); got != tc.lang {
			t.Errorf("%q: reply in %q (script %q), want %q", tc.text, got, an.script, tc.lang)
		}
	}
}

// TestLoanWordsNotTransliterated: English and French words inside Arabizi
// are not read as Arabic words (merci was امريكا, sorry صور "photos",
// card سورد), while the Arabizi around them still is.
func TestLoanWordsNotTransliterated(t *testing.T) {
	m := sampleMatcher(t)
	for _, tc := range []struct {
		text   string
		loans  []string // words that must keep no Arabic reading
		arabic []string // words that must have one
	}{
		{"merci ktir 3al mosa3ade", []string{"merci"}, []string{"ktir"}},
		{"sorry bas bdi a7ki ma3 mwazaf", []string{"sorry"}, []string{"a7ki", "mwazaf"}},
		{"bdi a7jez appointment online plz", []string{"appointment", "online", "plz"}, []string{"a7jez"}},
		{"el card taba3i da3at", []string{"card"}, []string{"da3at"}},
		{"3ayez akalem customer service", []string{"customer", "service"}, []string{"akalem"}},
	} {
		an := m.analyze(tc.text, m.getScratch())
		reading := map[string]string{}
		for i, wf := range an.words {
			r := wf.tr
			if r == "" {
				r = wf.cueTr
			}
			reading[an.tokens[i]] = r
		}
		for _, w := range tc.loans {
			if r := reading[w]; r != "" {
				t.Errorf("%q: %s read as %s, want no Arabic reading", tc.text, w, r)
			}
		}
		for _, w := range tc.arabic {
			if reading[w] == "" {
				t.Errorf("%q: %s has no Arabic reading", tc.text, w)
			}
		}
	}
}

// TestArabiziSystemSpellings: greetings, thanks and requests for a person
// in Arabizi spellings the phrase lists do not hold, or with courtesy
// words around them, are still recognised and answered in Arabic.
// Phrasings written for this test.
func TestArabiziSystemSpellings(t *testing.T) {
	m := sampleMatcher(t)
	for _, tc := range []struct{ text, intent string }{
		{"assalamu 3alaykom", IntentGreeting},
		{"essalam 3alaikum ya shabab", IntentGreeting},
		{"marhaba ya jama3a", IntentGreeting},
		{"mar7abten", IntentGreeting},
		{"mashkoor", IntentThanks},
		{"mamnoon ktir", IntentThanks},
		{"shokrn 3al mosa3ada", IntentThanks},
		{"ya3tik el 3afye", IntentThanks},
		{"merci ktir", IntentThanks},
		{"sorry bas bdi a7ki ma3 mwazaf", IntentHandoff},
		{"please bdi a7ki ma3 mwazaf", IntentHandoff},
		{"momkin akallem 7ada plz", IntentHandoff},
		{"salam 3lykm, bdi a7ki ma3 mwazaf", IntentHandoff},
		{"mumkin a7ki ma3 el mas2ool", IntentHandoff},
	} {
		r, err := m.Understand(context.Background(), Query{Text: tc.text})
		if err != nil {
			t.Fatal(err)
		}
		if r.Intent != tc.intent || r.Lang != "ar" {
			t.Errorf("%q: %s in %s, want %s in ar", tc.text, r.Intent, r.Lang, tc.intent)
		}
	}
}

// TestPlainAdjectives: a common adjective does not carry a service alone
// ("good" is in the good-conduct certificate's name), and the service is
// still found when its own words are there.
func TestPlainAdjectives(t *testing.T) {
	m := sampleMatcher(t)
	for _, tc := range []struct{ text, service string }{
		{"how do you say good morning in French", ""},
		{"is it a good idea to learn french", ""},
		{"what is the best restaurant near me", ""},
		{"good conduct certificate", "good-conduct-certificate"},
		{"certificate of good behaviour for a job abroad", "good-conduct-certificate"},
		{"what is the best way to renew my driving licence", "driving-license-renewal"},
	} {
		r, err := m.Understand(context.Background(), Query{Text: tc.text})
		if err != nil {
			t.Fatal(err)
		}
		if r.ServiceID != tc.service {
			t.Errorf("%q: %s %q, want service %q", tc.text, r.Intent, r.ServiceID, tc.service)
		}
	}
}

// TestArabiziCommonWords: common words whose skeleton had no reading
// (hawiyye: one letter, h) or a neighbour's (bde بدء "start", metta مات
// "died", ta2min تمن "price", 2addem قدام "in front") read as meant, and
// ta3ti (the possessive تاع) is a function word, not an unknown one.
// Spellings written for this test.
func TestArabiziCommonWords(t *testing.T) {
	m := sampleMatcher(t)
	for _, tc := range []struct{ word, want string }{
		{"hawiyye", "هويه"},
		{"bde", "بدي"},
		{"metta", "متي"},
		{"ta2min", "تامين"},
		{"2addem", "قدم"},
		{"ra2amiye", "رقميه"},
		{"le2sens", "ليسنس"},
		{"tanazol", "تنازل"},
		{"3enwan", "عنوان"},
	} {
		if got := m.an.tr.word(tc.word); got != tc.want {
			t.Errorf("%s read as %q, want %q", tc.word, got, tc.want)
		}
	}
	an := m.analyze("dayya3t el hawiyye ta3ti", m.getScratch())
	for i, wf := range an.words {
		if an.tokens[i] == "ta3ti" && !wf.skip {
			t.Errorf("ta3ti is not read as a function word (reading %q)", wf.tr)
		}
	}
}
