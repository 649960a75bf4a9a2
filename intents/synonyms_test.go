package intents

import (
	"context"
	"slices"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// synonymFeats is the synonym-group features of a text (of its words and
// phrases), as a matcher with every group in use reads them.
func synonymFeats(text string) []string {
	a := analyzer{}
	var keys []string
	var words []*wordFeats
	for _, t := range Tokens(Normalize(text)) {
		ti := a.tokenInfo(t, false, nil)
		words = append(words, &wordFeats{stem: ti.stem, phrases: synonymPhrases[ti.stem]})
		for _, f := range ti.feats {
			if f.kind == 's' && f.s[0] == '~' {
				keys = append(keys, f.s)
			}
		}
	}
	for _, g := range phraseGroups(words, nil) {
		keys = append(keys, synonymKeys[g])
	}
	return keys
}

// Words of one meaning, written or dialect, in any inflection, with an
// attached preposition or as a phrase, share a feature; words that only
// look alike to the stemmer (ولاد "kids" and ولادة "birth", عالمي "global"
// and مي "water") or are only near in meaning (خاصة "private" and شخصية
// "personal") do not.
func TestSynonymGroups(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		share bool
	}{
		{"حولت", "أرسلت", true},
		{"بعتها", "إرسال", true},
		{"لتحويل", "أرسل", true},
		{"ضيعتها", "مفقودة", true},
		{"انسرقت", "سرقة", true},
		{"استلمت", "وصلتني", true},
		{"الغاء", "كنسلت", true},
		{"فلوسي", "النقود", true},
		{"عمولة", "رسوم", true},
		{"تجديد", "أجدد", true},
		{"الرقم السري", "رقم التعريف الشخصي", true},
		{"لا يعمل", "معطلة", true},
		{"مش شغالة", "خربانة", true},
		{"للولاد", "ميلاد", false},
		{"الخاصة", "الشخصية", false},
		{"عالمي", "مي", false},
	} {
		fa, fb := synonymFeats(tc.a), synonymFeats(tc.b)
		share := slices.ContainsFunc(fa, func(k string) bool { return slices.Contains(fb, k) })
		if share != tc.share {
			t.Errorf("%s %v and %s %v: share = %v, want %v", tc.a, fa, tc.b, fb, share, tc.share)
		}
	}
}

// A question whose words the knowledge base lacks, but whose synonyms it
// has, finds its service; the words stay unknown (a synonym is evidence of
// what is asked, not a word the knowledge base has), and the lexicon
// switch turns the groups off.
func TestSynonymsRank(t *testing.T) {
	kb, err := knowledge.New([]*knowledge.Service{
		{ID: "send-money", Title: knowledge.Text{AR: "ارسال", EN: "send"}, ExamplesOnly: true,
			Examples: knowledge.Phrases{AR: []string{"كيف ارسل نقود الى الخارج", "ارسلت نقود الى اخي"}}},
		{ID: "lost-card", Title: knowledge.Text{AR: "بطاقة مفقودة", EN: "lost card"}, ExamplesOnly: true,
			Examples: knowledge.Phrases{AR: []string{"فقدت بطاقتي البنكية", "بطاقتي مفقودة ماذا افعل"}}},
		{ID: "open-account", Title: knowledge.Text{AR: "فتح حساب", EN: "open account"}, ExamplesOnly: true,
			Examples: knowledge.Phrases{AR: []string{"اريد فتح حساب جديد", "كيف افتح حساب"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, want string }{
		{"بحول لاهلي", "send-money"},
		{"الكرت ضاع مني", "lost-card"},
		{"بدي اعمل اكاونت", "open-account"},
	} {
		for _, opt := range []Options{{}, {NoLexicon: true}} {
			m := NewMatcherWith(kb, opt)
			r, err := m.Understand(context.Background(), Query{Text: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(r.Candidates) > 0 {
				got = r.Candidates[0].ServiceID
			}
			if (got == tc.want) != !opt.NoLexicon {
				t.Errorf("%q %+v: ranked %q first (%v), want %q only with the lexicon", tc.q, opt, got, r.Candidates, tc.want)
			}
		}
	}
	m := NewMatcher(kb)
	if wf := m.word(Normalize("حولت"), false, m.getScratch()); wf.known {
		t.Errorf("حولت reads as a word of the knowledge base")
	}
}
