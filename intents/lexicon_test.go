package intents

import (
	"context"
	"slices"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// A dialect word reads as the written word only when the knowledge base
// uses that word: otherwise it adds no feature and stays unknown (the
// out-of-scope decision counts it).
func TestLexiconOnlyKnownWords(t *testing.T) {
	for _, tc := range []struct {
		name      string
		known     []string
		word      string
		wantKnown bool
		want      []string // lexicon features the word must have
		not       []string // and must not
	}{
		{"target known", []string{"اموال"}, "مصاري", true, []string{"w|" + Stem("اموال")}, []string{"w|" + Stem("نقود")}},
		{"both known", []string{"اموال", "نقود"}, "مصاري", true, []string{"w|" + Stem("اموال"), "w|" + Stem("نقود")}, nil},
		{"target unknown", []string{"بطاقه"}, "مصاري", false, nil, []string{"w|" + Stem("اموال"), "w|" + Stem("نقود")}},
		{"Maghrebi verb", []string{"ارسل"}, "صيفط", true, []string{"w|" + Stem("ارسل")}, nil},
		{"Levantine clitic, by stem", []string{"اموال"}, "للمصاري", true, []string{"w|" + Stem("اموال")}, nil},
		{"Levantine glottal ق", []string{"كم"}, "اديش", true, []string{"w|" + Stem("كم")}, nil},
		{"Levantine b- present, by stem", []string{"ياخذ"}, "بيوخد", true, []string{"w|" + Stem("ياخذ")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			known := map[string]bool{}
			for _, w := range tc.known {
				known[Stem(w)] = true
			}
			a := analyzer{known: known}
			ti := a.tokenInfo(tc.word, false, nil)
			if ti.known != tc.wantKnown {
				t.Errorf("known = %v, want %v", ti.known, tc.wantKnown)
			}
			var keys []string
			for _, f := range ti.feats {
				featKeys(f, new(keyBuf), func(k []byte) { keys = append(keys, string(k)) })
			}
			for _, k := range tc.want {
				if !slices.Contains(keys, k) {
					t.Errorf("features %v lack %s", keys, k)
				}
			}
			for _, k := range tc.not {
				if slices.Contains(keys, k) {
					t.Errorf("features %v have %s", keys, k)
				}
			}
		})
	}
}

// Everyday dialect words (Levantine بعتت، مصاري، صاحبي) meet a knowledge
// base written in the standard language, and only through the lexicon.
func TestDialectLexiconRanks(t *testing.T) {
	kb, err := knowledge.New([]*knowledge.Service{
		{ID: "send-money", Title: knowledge.Text{AR: "تحويل", EN: "transfer"}, ExamplesOnly: true,
			Examples: knowledge.Phrases{AR: []string{"كيف ارسل اموال الى صديقي", "ارسلت اموال الى صديقي"}}},
		{ID: "lost-card", Title: knowledge.Text{AR: "بطاقة مفقودة", EN: "lost card"}, ExamplesOnly: true,
			Examples: knowledge.Phrases{AR: []string{"فقدت بطاقتي البنكية", "بطاقتي مفقودة ماذا افعل"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opt  Options
		want string
	}{
		{Options{}, "send-money"},
		{Options{NoLexicon: true}, ""},
	} {
		r, err := NewMatcherWith(kb, tc.opt).Understand(context.Background(), Query{Text: "بعتت مصاري لصاحبي"})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(r.Candidates) > 0 {
			got = r.Candidates[0].ServiceID
		}
		if got != tc.want {
			t.Errorf("%+v: ranked %q first (%v), want %q", tc.opt, got, r.Candidates, tc.want)
		}
	}
}

// A nationality the editors did not name reads as "foreign", which their
// near misses use: another country's passport is declined, and a question
// in scope for foreigners still finds its service. In Arabizi too, where it
// also makes an embassy a foreign state's (otherBodies).
func TestForeignNationality(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(kb)
	for _, tc := range []struct{ q, intent, service string }{
		{"I want to renew my Turkish passport", IntentOutOfScope, ""},
		{"renew my German passport", IntentOutOfScope, ""},
		{"تجديد جواز سفري الالماني", IntentOutOfScope, ""},
		{"بدي اجدد الباسبور الكندي", IntentOutOfScope, ""},
		{"how do I renew my passport", IntentServiceInfo, "passport-renewal"},
		{"can a German register a company here", IntentServiceInfo, "business-registration"},
		{"I am Indian, can I get a work permit", IntentServiceInfo, "work-permit"},
		{"تصديق شهادة جامعية امريكية", IntentServiceInfo, "certificate-attestation"},
		// Arabizi: a foreign state's embassy (without the nationalities'
		// Arabizi spellings both were answered).
		{"bade maw3ed bel safara el amrikiye la visa", IntentOutOfScope, ""},
		{"el basbor el turki taba3i 5elset, bjaddedo bel safara?", IntentOutOfScope, ""},
		{"bade ajaded jawaz el safar", IntentServiceInfo, "passport-renewal"},
		{"bade ajaded jawaz el safar bel safara", IntentServiceInfo, "passport-renewal"},
	} {
		r, err := m.Understand(context.Background(), Query{Text: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if r.Intent != tc.intent || r.ServiceID != tc.service {
			t.Errorf("%q: %s %s (%.2f), want %s %s", tc.q, r.Intent, r.ServiceID, r.Confidence, tc.intent, tc.service)
		}
	}
}

// The lexicons are looked up by a normalized word: a key written otherwise
// (ة for ه) is never met.
func TestLexiconKeysNormalized(t *testing.T) {
	for k := range dialectLexicon {
		if Normalize(k) != k {
			t.Errorf("dialect lexicon key %q is not normalized (%q)", k, Normalize(k))
		}
	}
	for k := range englishLexicon {
		if Normalize(k) != k {
			t.Errorf("English lexicon key %q is not normalized (%q)", k, Normalize(k))
		}
	}
}

// With few examples a service, a dialect question word adds the function
// feature of the written question word it asks as (ليش as لماذا); with
// more (the sample knowledge base), or without the lexicon, it does not.
func TestDialectFunctionWords(t *testing.T) {
	for _, tc := range []struct {
		word, as string
		fewShot  bool
		want     bool
	}{
		{"ليش", "لماذا", true, true},
		{"ليش", "لماذا", false, false},
		{"شو", "ماذا", true, true}, // a stopword: the function feature beside its own
		{"قديش", "كم", true, true},
		{"وين", "اين", true, true},
		{"ايمتى", "متي", true, true},
		{"بطاقه", "لماذا", true, false},
	} {
		a := analyzer{known: map[string]bool{}, fewShot: tc.fewShot}
		ti := a.tokenInfo(Normalize(tc.word), false, nil)
		var keys []string
		for _, f := range ti.feats {
			featKeys(f, new(keyBuf), func(k []byte) { keys = append(keys, string(k)) })
		}
		if got := slices.Contains(keys, "s|"+Stem(tc.as)); got != tc.want {
			t.Errorf("%s (few-shot %v): the feature of %s is %v, want %v (%v)", tc.word, tc.fewShot, tc.as, got, tc.want, keys)
		}
	}
	// The few-shot switch follows naive Bayes (the sample knowledge base,
	// about 80 examples a service, has neither) and the lexicon.
	few, err := knowledge.New([]*knowledge.Service{
		{ID: "a", Title: knowledge.Text{AR: "ا", EN: "a"}, ExamplesOnly: true, Examples: knowledge.Phrases{AR: []string{"لماذا رفضت بطاقتي"}}},
		{ID: "b", Title: knowledge.Text{AR: "ب", EN: "b"}, ExamplesOnly: true, Examples: knowledge.Phrases{AR: []string{"كم رسوم التحويل"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if m := NewMatcher(few); !m.an.fewShot {
		t.Errorf("one example a service: fewShot off")
	}
	sample, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	if m := NewMatcher(sample); m.an.fewShot {
		t.Errorf("the sample knowledge base: fewShot on")
	}
	for _, opt := range []Options{{NoBayes: true}, {NoLexicon: true}} {
		if m := NewMatcherWith(few, opt); m.an.fewShot {
			t.Errorf("%+v: fewShot on", opt)
		}
	}
}
