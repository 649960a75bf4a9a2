package bot

import "testing"

func TestGrounding(t *testing.T) {
	const feesEN = "Renew a passport\n\nFees:\n- 50 Jordanian dinars: adults\n- 25 Jordanian dinars: children under 16"
	const timeEN = "Renew a passport\n\nProcessing time: 5 working days"
	const whereEN = "Renew a passport\n\nWhere to apply:\n- Online: https://eservices.dalil.example/passport-renewal\n- Phone: +970 2 298 1000"
	const feesAR = "تجديد جواز السفر\n\nالرسوم:\n- 50 دينار أردني: للبالغين\n- 25 دينار أردني: للأطفال دون 16 سنة"
	const timeAR = "تجديد جواز السفر\n\nمدة الإنجاز: 5 أيام عمل"
	const oneDayAR = "شهادة الميلاد\n\nمدة الإنجاز: يوم عمل واحد لتسجيل المولود، ويوما عمل للنسخ."
	const whereAR = "تجديد جواز السفر\n\nأين أقدّم:\n- عبر الإنترنت: \u2066https://eservices.dalil.example/passport-renewal\u2069\n- الهاتف: \u2066+970 2 298 1000\u2069"
	for _, tc := range []struct {
		name, src, ans string
		ok             bool
	}{
		{"same amounts", feesEN, "It costs 50 dinars for adults and 25 dinars for children under 16.", true},
		{"amount in words", feesEN, "Adults pay fifty Jordanian dinars, children 25 dinars.", true},
		{"invented amount", feesEN, "It costs 60 dinars for adults.", false},
		{"other currency", feesEN, "It costs 50 dollars for adults.", false},
		{"invented age", feesEN, "Children under 18 pay 25 dinars.", false},
		{"thousands separator", "Fee: 1000 Jordanian dinars", "The fee is 1,000 dinars.", true},
		{"decimals", "Fee: 2.5 Jordanian dinars", "You pay 2.50 JOD.", true},
		{"same duration", timeEN, "It takes 5 working days.", true},
		{"duration in words", timeEN, "It takes five business days.", true},
		{"working days become days", timeEN, "It takes 5 days.", false},
		{"other unit", timeEN, "It takes 5 weeks.", false},
		{"a week", timeEN, "It takes about a week.", false},
		{"same link and phone", whereEN, "Apply at https://eservices.dalil.example/passport-renewal or call +970 2 298 1000.", true},
		{"the link's site", whereEN, "Apply on eservices.dalil.example.", true},
		{"link with www and slash", whereEN, "Go to www.eservices.dalil.example/passport-renewal/ to apply.", true},
		{"other link", whereEN, "Pay at https://dalil-payments.example/pay now.", false},
		{"other phone", whereEN, "Call +970 2 298 1001.", false},
		{"phone rewritten", whereEN, "Call 02 298 1000.", false},
		{"e-mail not in the record", whereEN, "Or write to help@dalil.example.", false},
		{"arabic same", feesAR, "رسوم التجديد 50 ديناراً أردنياً للبالغين و25 ديناراً للأطفال دون 16 سنة.", true},
		{"arabic-indic digits", feesAR, "الرسوم ٥٠ ديناراً للبالغين و٢٥ ديناراً للأطفال.", true},
		{"arabic amount in words", feesAR, "يدفع البالغون خمسين ديناراً.", true},
		{"arabic invented amount", feesAR, "يدفع البالغون ستين ديناراً.", false},
		{"arabic invented digits", feesAR, "الرسوم ٥٥ ديناراً.", false},
		{"arabic other currency", feesAR, "الرسوم 50 شيكل.", false},
		{"arabic same duration", timeAR, "تستغرق المعاملة خمسة أيام عمل.", true},
		{"arabic days not working days", timeAR, "تستغرق المعاملة خمسة أيام.", false},
		{"arabic two weeks", timeAR, "تستغرق أسبوعين.", false},
		{"arabic a week", timeAR, "تستغرق خلال أسبوع.", false},
		{"arabic one working day", oneDayAR, "التسجيل يأخذ يوم عمل واحد، والنسخ يوما عمل.", true},
		{"arabic one day becomes two", oneDayAR, "التسجيل يأخذ يومين.", false},
		{"arabic link and phone without isolates", whereAR, "قدّم عبر https://eservices.dalil.example/passport-renewal أو اتصل على +970 2 298 1000", true},
		{"arabic other phone", whereAR, "اتصل على ٠٥٩٩١٢٣٤٥٦", false},
		{"no facts at all", feesEN, "Happy to help with that!", true},
	} {
		err := factsOf(tc.src).covers(factsOf(tc.ans), true)
		if (err == nil) != tc.ok {
			t.Errorf("%s: covers = %v, want ok=%v\n  answer: %s", tc.name, err, tc.ok, tc.ans)
		}
	}
}

// A streamed prefix may stop before "working": it is not held against it,
// but the final text is.
func TestGroundingPrefix(t *testing.T) {
	src := factsOf("مدة الإنجاز: 5 أيام عمل، ويوم عمل واحد للطلب المستعجل")
	for _, prefix := range []string{"تستغرق 5 أيام ", "والمستعجل خلال يوم "} {
		if err := src.covers(factsOf(prefix), false); err != nil {
			t.Errorf("prefix %q: %v", prefix, err)
		}
		if err := src.covers(factsOf(prefix), true); err == nil {
			t.Errorf("final %q accepted", prefix)
		}
	}
	if err := src.covers(factsOf("تستغرق 6 أيام "), false); err == nil {
		t.Error("prefix with another number accepted")
	}
}

func TestIsolateLTR(t *testing.T) {
	got := isolateLTR("ar", "اتصل على +970 2 298 1000 أو زر https://eservices.dalil.example/x")
	want := "اتصل على \u2066+970 2 298 1000\u2069 أو زر \u2066https://eservices.dalil.example/x\u2069"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if isolateLTR("en", "call +970 2 298 1000") != "call +970 2 298 1000" {
		t.Error("English text changed")
	}
	if again := isolateLTR("ar", want); again != want {
		t.Errorf("not idempotent: %q", again)
	}
}
