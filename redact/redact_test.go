package redact

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		// Nothing personal: text, fees, years, counts stay as written.
		{"plain arabic", "كم رسوم تجديد جواز السفر؟", "كم رسوم تجديد جواز السفر؟"},
		{"fee and year", "الرسوم 150 شيكل سنة 2024", "الرسوم 150 شيكل سنة 2024"},
		{"two short numbers", "paid 150 2024", "paid 150 2024"},
		{"arabizi digits", "3ayez ajadded el passport", "3ayez ajadded el passport"},
		{"arabic-indic fee folded", "الرسوم ١٥٠ شيكل", "الرسوم 150 شيكل"},

		// National ids.
		{"egyptian id", "رقمي القومي 29801011234567 ومحتاج بطاقة", "رقمي القومي [ID] ومحتاج بطاقة"},
		{"egyptian id arabic-indic", "الرقم القومي ٢٩٨٠١٠١١٢٣٤٥٦٧", "الرقم القومي [ID]"},
		{"palestinian id", "my ID number is 407595966, I lost the card", "my ID number is [ID], I lost the card"},
		{"palestinian id persian digits", "رقم هويتي ۸۵۴۱۲۳۴۵۲", "رقم هويتي [ID]"},
		{"palestinian id with marks", "هويتي \u200f٤٠٧٥٩٥٩٦٦\u200e ضاعت", "هويتي [ID] ضاعت"},
		{"palestinian id glued to arabic", "هويتي123456782", "هويتي[ID]"},
		{"id after the word passport", "passport renewal fee? my id is 407595966", "passport renewal fee? my id is [ID]"},
		{"nine digits bad check", "application 123456789 status", "application [NUMBER] status"},

		// Phones.
		{"egyptian mobile", "كلموني على 01012345678", "كلموني على [PHONE]"},
		{"egyptian mobile spaced", "رقمي 0101 234 5678", "رقمي [PHONE]"},
		{"egyptian mobile +20", "call me +20 101 234 5678 please", "call me [PHONE] please"},
		{"egyptian mobile 0020", "0020-101-234-5678", "[PHONE]"},
		{"palestinian mobile", "جوالي 0599123456", "جوالي [PHONE]"},
		{"palestinian mobile arabic-indic", "جوالي ٠٥٩٩١٢٣٤٥٦ شكرا", "جوالي [PHONE] شكرا"},
		{"palestinian mobile +970", "whatsapp +970 59 912 3456", "whatsapp [PHONE]"},
		{"palestinian mobile 972", "972599123456", "[PHONE]"},
		{"landline parentheses", "مكتبي (02) 298-1000", "مكتبي [PHONE]"},
		{"international", "my brother abroad: +44 20 7946 0958", "my brother abroad: [PHONE]"},

		// E-mail, IBAN, cards, passports, dates.
		{"email", "ابعتولي على ahmed.ali+gov@example.com لو سمحتم", "ابعتولي على [EMAIL] لو سمحتم"},
		{"email spaced at", "mail: sara_1990 @ mail.example.org", "mail: [EMAIL]"},
		{"iban compact", "حسابي PS92PALS000000000400123456702", "حسابي [IBAN]"},
		{"iban grouped", "IBAN EG38 0019 0005 0000 0000 2631 8000 2 please", "IBAN [IBAN] please"},
		{"iban other country", "DE89 3704 0044 0532 0130 00 thanks", "[IBAN] thanks"},
		{"card", "charged my card 4111 1111 1111 1111 twice", "charged my card [CARD] twice"},
		{"card dashes", "بطاقتي 5454-5454-5454-5454", "بطاقتي [CARD]"},
		{"passport letters", "passport A12345678 expired", "passport [PASSPORT] expired"},
		{"passport after word", "رقم جواز السفر 4123456", "رقم جواز السفر [PASSPORT]"},
		{"passport six digits", "passport no. 412345", "passport no. [PASSPORT]"},
		{"date of birth", "مواليد 12/05/1990", "مواليد [DATE]"},
		{"iso date", "born 1990-05-12", "born [DATE]"},

		// Several in one message.
		{"mixed", "انا احمد، هويتي 407595966 وجوالي +970599123456 وايميلي a@b.ps",
			"انا احمد، هويتي [ID] وجوالي [PHONE] وايميلي [EMAIL]"},
		{"two numbers one space", "0599123456 0101234567", "[NUMBER]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.in)
			if got != tc.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if again := Text(got); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

// No digit run of seven or more survives, whatever the script or marks.
func TestNoLongNumberSurvives(t *testing.T) {
	digits := []string{"0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "０１２３４５６７８９"}
	seps := []string{"", " ", "-", "\u200f", "\u2066", ".", "\u00a0"}
	for _, ds := range digits {
		d := []rune(ds)
		for _, sep := range seps {
			for n := 7; n <= 20; n++ {
				var b strings.Builder
				b.WriteString("رقمي ")
				for i := 0; i < n; i++ {
					if i > 0 && i%3 == 0 {
						b.WriteString(sep)
					}
					b.WriteRune(d[(i*7+3)%10])
				}
				b.WriteString(" شكرا")
				out := Text(b.String())
				if run := longestDigitRun(out); run >= 7 {
					t.Errorf("%q -> %q keeps %d digits", b.String(), out, run)
				}
			}
		}
	}
}

func longestDigitRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case isDigit(s[i]):
			run++
			best = max(best, run)
		case isSep(s[i]) && i+1 < len(s) && isDigit(s[i+1]):
		default:
			run = 0
		}
	}
	return best
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"٠١٢٣٤٥٦٧٨٩":         "0123456789",
		"۰۱۲۳۴۵۶۷۸۹":         "0123456789",
		"\u2066+970 2\u2069": "+970 2",
		"٢٫٥":                "2.5",
		"a\u00a0b":           "a b",
		"05\u20139":          "05-9",
		"بلا أرقام":          "بلا أرقام",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPalestinianCheckDigit(t *testing.T) {
	for d, ok := range map[string]bool{"123456782": true, "407595966": true, "123456789": false, "407595967": false} {
		if luhn([]byte(d)) != ok {
			t.Errorf("check(%s) = %v, want %v", d, !ok, ok)
		}
	}
}

func BenchmarkText(b *testing.B) {
	msgs := []string{
		"كم رسوم تجديد جواز السفر؟",
		"انا احمد، هويتي 407595966 وجوالي +970599123456 وايميلي a@b.ps",
		"bade ajadded rokhset el swa2a, kam el rosoom?",
	}
	for b.Loop() {
		for _, m := range msgs {
			Text(m)
		}
	}
}
