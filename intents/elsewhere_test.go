package intents

import (
	"context"
	"strings"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

func TestElsewhereWords(t *testing.T) {
	bank := elsewhereOf("bank")
	if bank == 0 {
		t.Fatal("bank names no provider")
	}
	for _, tc := range []struct {
		word string
		want uint16
	}{
		{"bank", bank}, {"banks", bank}, {"بنك", bank}, {"البنك", bank}, {"بالبنك", bank}, {"للبنك", bank}, {"مصرف", bank},
		{"gmail", elsewhereOf("جيميل")}, {"تركيا", elsewhereOf("turkey")}, {"بتركيا", elsewhereOf("turkey")},
		// Everyday words that look like a provider's name, and stems.
		{"ترك", 0}, {"زين", 0}, {"us", 0}, {"visa", 0}, {"noon", 0}, {"windows", 0}, {"salon", 0}, {"company", 0}, {"hospital", 0},
	} {
		if got := elsewhereOf(Normalize(tc.word)); got != tc.want {
			t.Errorf("elsewhereOf(%q) = %d, want %d", tc.word, got, tc.want)
		}
	}
	// Other bodies have groups of their own after the providers'.
	for _, w := range []string{"private", "خاصة", "الخاص", "بالخاصة", "embassy", "السفارة", "بالسفارة", "consulate"} {
		if g := elsewhereOf(Normalize(w)); int(g) <= len(elsewhereGroups) {
			t.Errorf("elsewhereOf(%q) = %d, want another body's group", w, g)
		}
	}
	if elsewhereOf("gmail") == bank || elsewhereOf("gmail") == 0 {
		t.Error("gmail is not a provider of its own")
	}
}

// Questions written for this test: a provider the best service does not
// name lowers the confidence below the answer threshold; one it names
// ("the bank wants a death certificate") does not.
func TestElsewhere(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(kb)
	for _, tc := range []struct {
		q         string
		elsewhere bool
		intent    string
		service   string
	}{
		{"I can't sign in to my Hotmail account anymore, how do I reset the password?", true, IntentOutOfScope, ""},
		{"نسيت كلمة السر لحسابي في البنك، كيف استرجعها؟", true, IntentOutOfScope, ""},
		{"how do I renew my driving licence with the DVLA in London?", true, IntentOutOfScope, ""},
		{"البنك بطلب شهادة وفاة ابوي عشان حسابه، من وين بطلعها؟", false, IntentServiceInfo, "death-certificate"},
		{"اشتريت اغراض من امازون والطرد محجوز بالجمارك، شو بعمل؟", false, IntentServiceInfo, "customs-clearance"},
	} {
		r, err := m.Understand(context.Background(), Query{Text: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Candidates) == 0 {
			t.Errorf("%q: no candidates", tc.q)
			continue
		}
		sc := m.getScratch()
		got := m.elsewhere(m.analyze(tc.q, sc), m.svcIndex[r.Candidates[0].ServiceID])
		m.pool.Put(sc)
		if got != tc.elsewhere || r.Intent != tc.intent || r.ServiceID != tc.service {
			t.Errorf("%q: elsewhere %v, %s %s (%.3f); want %v, %s %s", tc.q, got, r.Intent, r.ServiceID, r.Confidence, tc.elsewhere, tc.intent, tc.service)
		}
	}
	// Without near misses the editors have not said that other providers'
	// requests are not the knowledge base's own: no term.
	if NewMatcherWith(kb, Options{NoNearMisses: true}).providers != nil {
		t.Error("providers kept without near misses")
	}
}

// Questions written for this test: another body the best service's texts
// do not name counts against it (body), unless the citizen asks for a paper
// for it, owns it, or the embassy is not a foreign one. Without the term
// the German embassy's passport is answered (passport-issue, 0.85).
func TestOtherBodies(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(kb)
	for _, tc := range []struct {
		q       string
		body    bool
		intent  string
		service string
	}{
		{"is there a private clinic that does teeth whitening near me?", true, IntentOutOfScope, ""},
		{"الشركة الخاصة اللي بشتغل فيها ما دفعت راتبي من شهرين، لمين بشتكي؟", true, IntentOutOfScope, ""},
		{"my German wife needs a new passport from the German embassy, how?", true, IntentOutOfScope, ""},
		{"how do I get an appointment at the Italian embassy for a visa?", true, IntentOutOfScope, ""},
		// For the body, the citizen's own, a vehicle class, the portal's own
		// embassies.
		{"بدي شهادة ميلاد عشان السفارة، من وين بطلعها؟", false, IntentServiceInfo, "birth-certificate"},
		{"can I renew my passport at the embassy while I live abroad?", false, IntentServiceInfo, "passport-renewal"},
		{"كم رسوم تجديد ترخيص سيارة خاصة؟", false, IntentServiceInfo, "vehicle-registration-renewal"},
	} {
		r, err := m.Understand(context.Background(), Query{Text: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Candidates) == 0 {
			t.Errorf("%q: no candidates", tc.q)
			continue
		}
		sc := m.getScratch()
		_, got := m.away(m.analyze(tc.q, sc), m.svcIndex[r.Candidates[0].ServiceID])
		m.pool.Put(sc)
		if got != tc.body || r.Intent != tc.intent || r.ServiceID != tc.service {
			t.Errorf("%q: body %v, %s %s (%.3f, best %s); want %v, %s %s", tc.q, got, r.Intent, r.ServiceID, r.Confidence, r.Candidates[0].ServiceID, tc.body, tc.intent, tc.service)
		}
	}
}

func TestForBody(t *testing.T) {
	for _, tc := range []struct {
		q    string
		at   int
		want bool
	}{
		{"محتاجها للسفاره", 1, true},
		{"عشان السفاره", 1, true},
		{"for the embassy", 2, true},
		{"el jam3a talbe menni wara2a", 1, true},
		{"طلبت مني الجامعه ورقه", 2, true},
		{"الرخصه الخاصه بي", 1, true},
		{"my company", 1, true},
		{"سياره خاصه", 1, true},
		{"عياده خاصه", 1, false},
		{"at the embassy", 2, false},
		{"from a private company", 2, false},
	} {
		tokens := strings.Fields(Normalize(tc.q))
		if got := forBody(tokens, tc.at); got != tc.want {
			t.Errorf("forBody(%q, %d) = %v, want %v", tc.q, tc.at, got, tc.want)
		}
	}
}
