package intents

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

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
		// Levantine forms: -و for "him/it", b- and bt- presents, ما…ش.
		{"شحنتو", "تعبئة", true},
		{"بيوخد", "يأخذ", true},
		{"رجعولي", "استرداد", true},
		{"بتستعمل", "استخدام", true},
		{"ماوصلت", "استلام", true},
		{"كلفتني", "رسوم", true},
		{"لهلأ", "بعد", true},
		{"تعب", "تعبئة", false},
		{"للولاد", "ميلاد", false},
		{"الخاصة", "الشخصية", false},
		{"عالمي", "مي", false},
		// Members written with "=" and synonymNonMembers: words that have
		// a member's stem, or meet one once a letter is cut, but mean
		// something else, while the member still meets its group.
		{"فين", "فيني", false},
		{"فيني", "أستطيع", true},
		{"رقم", "رقمية", false},
		{"الرقمية", "افتراضية", true},
		{"بغيت", "ألغيت", false},
		{"ألغيت", "كنسلت", true},
		{"لدي", "ولدي", false},
		{"لولدي", "ابني", true},
		{"انه", "أنهي", false},
		{"كانت", "انتهى", false},
		{"العمل", "العملة", false},
		{"عملية", "عملات", false},
		{"بالعملات", "دولار", true},
		{"تصديق", "صديقي", false},
		{"وكالة", "آلة", false},
		{"البلدية", "البلد", false},
		{"بالفعل", "فعلية", false},
		{"القديم", "تقديم", false},
		{"حوالي", "حوالة", false},
		{"السبت", "حاسبت", false},
		{"مرت", "مرتين", false},
		{"بالنيابة", "اليابان", false},
		{"قبل", "بيقبل", false},
		{"بقبل", "مقبول", true},
		{"تقبلونها", "مقبول", true},
		{"جديد", "تجديد", false},
		{"تجديدها", "أجدد", true},
		// The accusative's tanween alif (session 9), not a plural's وا.
		{"رسوماً", "عمولة", true},
		{"تحويلا", "أرسلت", true},
		{"مبلغا", "قيمة", true},
		{"بعتوا", "أرسلت", false},
		// Session 9's groups: بضائع "goods" met ضائع "lost" once its ب
		// was cut; بتصل "I call" is not ب and تصل "it arrives".
		{"يستغرق", "مدة", true},
		{"تصل", "استلام", true},
		{"تخطي", "أتجاوز", true},
		{"بضائع", "منتجات", true},
		{"بضائع", "مفقودة", false},
		{"بتصل", "استلام", false},
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

// commonWords are everyday words that a group member's stem used to catch
// (or that meet one once an attached letter is cut) though they mean
// something else; TestSynonymNonMembers checks them with the function words
// and the dialect lexicon's words.
var commonWords = []string{
	"فين", "رقم", "الرقم", "برقم", "بغيت", "لدي", "لديك", "لديه", "انه", "لانه", "بانه", "كانت", "انت",
	"قبل", "وقبل", "العمل", "عمل", "عملية", "العمليات", "بالفعل", "فعل", "عادة", "عاد", "بالعادة", "تحقيق",
	"تصديق", "وكالة", "كفالة", "فعالة", "البلدية", "رسمي", "الرسمية", "حسب", "بحسب", "القديم", "قديمة",
	"جمع", "مرت", "حوالي", "السبت", "الناس", "ناس", "المالك", "مالك", "المركزي", "المحلية", "محلي",
	"محافظة", "بضاعة", "عادت", "للغاية", "الغاية", "بلغ", "تبلغني", "يخلوني", "خلو", "اجريت", "اجريها",
	"نبي", "بعتوا", "ليا", "عليا", "كليا", "حين", "اهلية", "بالنيابة", "المشترك", "شراكة", "باقي", "علاقة",
	"اتمنى", "قدرها", "ولادي", "مصر", "مصري", "عقلي", "كادر", "برايك", "يواصل", "اكل", "لقيت", "جديد",
	"تجديد", "شراكة", "كمان", "ترك",
}

// Every common word that takes a synonym group is one of the group's
// members, as written or with the article or an attached letter, or a
// word listed here with why it belongs: the stem alone no longer decides.
func TestSynonymNonMembers(t *testing.T) {
	related := map[string]string{ // word -> the group it rightly takes
		"سكرت":    "~حظر",   // "I closed": closing and locking
		"عطلان":   "~مشكله", // "broken": a fault
		"عطلانه":  "~مشكله",
		"رخصتي":   "~رخصه",  // "my licence"
		"العيال":  "~ابن",   // "the kids"
		"محتاجين": "~يجب",   // "in need"
		"الكارته": "~بطاقه", // "the card"
		"وخد":     "~حصل",   // the stem of بيوخد "he takes" (a lexicon key)
		"مصار":    "~مال",   // the stem of مصاري "money" (a lexicon key)
		"اسرتي":   "~عايله", // "my family"
		"لاسرتي":  "~عايله",
		"ميعادي":  "~موعد",  // "my appointment" (Egyptian)
		"بعزل":    "~انتقل", // "I move house" (Levantine)
	}
	member := make([]map[string]bool, len(synonymGroups))
	for g, ws := range synonymGroups {
		member[g] = map[string]bool{}
		for _, w := range ws {
			member[g][Normalize(strings.TrimPrefix(w, "="))] = true
		}
	}
	isMember := func(g int32, w string) bool {
		if member[g][w] {
			return true
		}
		for _, p := range arArticles {
			if rest, ok := strings.CutPrefix(w, p); ok && member[g][rest] {
				return true
			}
		}
		r, n := utf8.DecodeRuneInString(w)
		return strings.ContainsRune(cliticLetters, r) && member[g][w[n:]]
	}
	words := slices.Clone(commonWords)
	for w := range stopwords {
		words = append(words, w)
	}
	for w, xs := range dialectLexicon {
		words = append(words, w)
		words = append(words, xs...)
	}
	for _, w := range words {
		w = Normalize(w)
		if r, _ := utf8.DecodeRuneInString(w); !isArabic(r) {
			continue
		}
		for _, g := range synonymsOf(w, Stem(w)) {
			if !isMember(g, w) && related[w] != synonymKeys[g] {
				t.Errorf("%s (stem %s) takes the group %s, of which it is no member", w, Stem(w), synonymKeys[g])
			}
		}
	}
}

// TestSynonymFormWords: synonymForm's one lookup reads every word as the
// walk over articles and attached letters it replaces does (formRef).
func TestSynonymFormWords(t *testing.T) {
	formRef := func(t string) ([]int32, bool) {
		if gs, ok := synonymForms[t]; ok {
			return gs, true
		}
		for _, p := range arArticles {
			if rest, ok := strings.CutPrefix(t, p); ok {
				if gs, ok := synonymForms[rest]; ok {
					return gs, true
				}
			}
		}
		if r, n := utf8.DecodeRuneInString(t); strings.ContainsRune(cliticLetters, r) {
			gs, ok := synonymForms[t[n:]]
			return gs, ok
		}
		return nil, false
	}
	words := []string{"", "ال", "و", "\xff", "لل"}
	for w := range dialectLexicon {
		words = append(words, w)
	}
	for w := range synonymStems {
		words = append(words, w)
	}
	prefixes := append([]string{"", "ا", "ل", "وال", "ولل"}, arArticles...)
	for _, c := range cliticLetters {
		prefixes = append(prefixes, string(c), string(c)+"ال", string(c)+string(c))
	}
	for f := range synonymForms {
		for _, p := range prefixes {
			words = append(words, p+f, p+f[:len(f)/2])
		}
	}
	for _, w := range words {
		got, ok := synonymForm(w)
		want, wantOK := formRef(w)
		if ok != wantOK || !slices.Equal(got, want) {
			t.Errorf("synonymForm(%q) = %v, %v; want %v, %v", w, got, ok, want, wantOK)
		}
	}
}
