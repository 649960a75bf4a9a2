package intents

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"أَهْلاً وَسَهْلاً", "اهلا وسهلا"},
		{"إصدار جواز السفر", "اصدار جواز السفر"},
		{"آمنة", "امنه"},
		{"مستشفى", "مستشفي"},
		{"مؤسسة", "موسسه"},
		{"رئيس", "رييس"},
		{"الـــجـــواز", "الجواز"},
		{"شكراااااا!!!", "شكرا"},
		{"ممكن", "ممكن"},
		{"رقم ١٢٣٤ و ۵۶", "رقم 1234 و 56"},
		{"كم الرسوم؟", "كم الرسوم"},
		{"Passport   RENEWAL,  please", "passport renewal please"},
		{"pleeeease", "pleease"},
		{"3ayez ajadded el passport", "3ayez ajadded el passport"},
		{"\u200fمرحبا\u200e", "مرحبا"},
		{"گاز ی", "كاز ي"},
		{"، ؛ ؟", ""},
		{"", ""},
		{"$arekt el$ams", "sharekt elshams"},
		{"3'ali", "ghali"},
		{"it's $5", "it s 5"},
		{"9'arbe ma7'zan 6'ohr m$ 9' 5'9'", "dharbe makhzan zohr msh 9 5 9"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"الجواز", "جواز"},
		{"والجواز", "جواز"},
		{"بالجواز", "جواز"},
		{"للمدارس", "مدارس"},
		{"جوازات", "جواز"},
		{"مابيعرفش", "عرف"},
		{"هنسافر", "سافر"},
		{"بيعمل", "عمل"},
		{"رخصتي", "رخص"},
		{"رخصة", "رخص"},
		{"بطاقتي", "بطاق"},
		{"سيارتك", "سيار"},
		{"بنتي", "بنت"},
		{"مكافآتي", "مكاف"},
		// the adverb's tanween meets the adjective; ايا is a pronoun or a plural
		{"رسمياً", "رسم"},
		{"ضريبيا", "ضريب"},
		{"ضريبي", "ضريب"},
		{"معايا", "معايا"},
		{"قضايا", "قضايا"},
		{"renewing", "renew"},
		{"passports", "passport"},
		{"certificates", "certificate"},
		{"fees", "fee"},
		{"applies", "apply"},
		{"id", "id"},
	}
	for _, tt := range tests {
		if got := Stem(Normalize(tt.in)); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDetectScript(t *testing.T) {
	tests := []struct {
		in    string
		want  Script
		reply string
	}{
		{"كم رسوم تجديد جواز السفر؟", ScriptArabic, "ar"},
		{"how much is a passport renewal", ScriptEnglish, "en"},
		{"3ayez ajadded el passport", ScriptArabizi, "ar"},
		{"bade jadded passport marti, kam soura lazem?", ScriptArabizi, "ar"},
		{"momken tewasalni b 7ad mn el staff?", ScriptArabizi, "ar"},
		{"بنتي لسه مولودة وعايزين نطلعلها passport", ScriptMixed, "ar"},
		{"how do I get a هوية card", ScriptMixed, "en"},
		{"I fly in 10 days, 3rd of May at 5pm", ScriptEnglish, "en"},
		{"POA for selling a car", ScriptEnglish, "en"},
		{"؟؟ 123", ScriptNone, ""},
	}
	for _, tt := range tests {
		s, led := DetectScript(Tokens(Normalize(tt.in)))
		if s != tt.want || s.ReplyLang(led) != tt.reply {
			t.Errorf("DetectScript(%q) = %q (reply %q), want %q (reply %q)", tt.in, s, s.ReplyLang(led), tt.want, tt.reply)
		}
	}
}

func TestTransliterate(t *testing.T) {
	freq := map[string]int{}
	for _, w := range []string{"جواز", "سفر", "شهاد", "ميلاد", "تجديد", "رخص", "قياد", "جدد", "وفا", "مخالف", "قوم", "بطاق", "بيت"} {
		freq[w] = 3
	}
	tr := newTransliterator(freq)
	tests := []struct{ in, want string }{
		{"jawaz", "جواز"},
		{"safar", "سفر"},
		{"shahadet", "شهاد"},
		{"milad", "ميلاد"},
		{"ajadded", "جدد"},
		{"rokhsa", "رخص"},
		{"2iyade", "قياد"},
		{"mokhalfa", "مخالف"},
		{"2awmy", "قوم"},
		{"bata2a", "بطاق"},
		{"bade", "بدي"},
		{"el", ""},
		{"xyzzy", ""},
	}
	for _, tt := range tests {
		if got := tr.word(tt.in); got != tt.want {
			t.Errorf("word(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTransliterateWords: a vocabulary of whole words, with a final ة
// (normalized ه) that Arabizi writes a, e or, in construct, at; a first و
// written w; and look-alikes that a reading taking letters off would pick.
func TestTransliterateWords(t *testing.T) {
	freq := map[string]int{}
	for _, w := range []string{"وفاه", "فات", "بطاقه", "بيت", "شهاده", "سياره", "سير", "ولد", "لد", "وظيفه"} {
		freq[w] = 3
	}
	tr := newTransliterator(freq)
	tests := []struct{ in, want string }{
		{"wafa", "وفاه"},
		{"wafat", "وفاه"},
		{"bita2at", "بطاقه"},
		{"bta2a", "بطاقه"},
		{"shahada", "شهاده"},
		{"sayyara", "سياره"},
		{"walad", "ولد"},
		{"wazifa", "وظيفه"},
		{"bet", "بيت"},
	}
	for _, tt := range tests {
		if got := tr.word(tt.in); got != tt.want {
			t.Errorf("word(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTransliterateSpoken: the letters Arabizi writes with digits (9 ض
// as well as ص, 8 غ as well as ق, 7 only ح), a pronoun after ta marbuta,
// and words the knowledge base does not write (spokenWords): a dialect
// word whose reading it has, a function word, dearer than a content word.
func TestTransliterateSpoken(t *testing.T) {
	freq := map[string]int{}
	for _, w := range []string{"ارض", "رييس", "غير", "اقرار", "منحه", "شهاده", "ابتعاث", "ذات", "طبي"} {
		freq[w] = 3
	}
	known := map[string]bool{"ميلاد": true}
	tr := newTransliteratorWith(freq, spokenWords(known))
	tests := []struct{ in, want string }{
		{"ar9", "ارض"},
		{"8eer", "غير"},
		{"a8ayer", "غير"},
		{"men7a", "منحه"}, // not the function word منها
		{"shahadti", "شهاده"},
		{"beta3ti", "بتاعتي"}, // not ابتعاث "scholarship"
		{"wildat", "ولدت"},    // the lexicon's ولدت (ميلاد), not و+ذات
		{"tibbi", "طبي"},
	}
	for _, tt := range tests {
		if got := tr.word(tt.in); got != tt.want {
			t.Errorf("word(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSpeller(t *testing.T) {
	known := map[string]bool{"passport": true, "renew": true, "certificate": true, "جواز": true, "رخصه": true, "قياده": true}
	count := map[string]int{"passport": 5, "renew": 3, "certificate": 2, "جواز": 4, "رخصه": 2, "قياده": 2}
	s := newSpeller(known, count)
	tests := []struct{ in, want string }{
		{"pasport", "passport"},
		{"passsport", "passport"},
		{"passpotr", "passport"},
		{"certifcate", "certificate"},
		{"رخسه", "رخصه"},
		{"قيادة", "قياده"}, // ة for ه: one substitution
		{"renew", ""},      // already a word
		{"xyzzyq", ""},
		{"jaw", ""}, // too short to correct
	}
	for _, tt := range tests {
		if got := s.correct(tt.in); got != tt.want {
			t.Errorf("correct(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The dialect pronoun و is read as ه only when that makes a word of the
// knowledge base, never for a word the knowledge base has.
func TestDialectPronoun(t *testing.T) {
	a := analyzer{known: map[string]bool{Stem("صفحاته"): true, Stem("راديو"): true}}
	for _, tc := range []struct {
		word, stem string
		known      bool
	}{
		{"صفحاتو", Stem("صفحاته"), true},
		{"راديو", Stem("راديو"), true},
		{"جديدو", Stem("جديدو"), false},
	} {
		ti := a.tokenInfo(tc.word, false, nil)
		if ti.stem != tc.stem || ti.known != tc.known {
			t.Errorf("%s: stem %s known %v, want %s %v", tc.word, ti.stem, ti.known, tc.stem, tc.known)
		}
	}
}
