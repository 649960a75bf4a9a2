package intents

import (
	"context"
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
		{"ترك", 0}, {"زين", 0}, {"us", 0}, {"visa", 0}, {"noon", 0}, {"windows", 0}, {"salon", 0}, {"company", 0},
	} {
		if got := elsewhereOf(Normalize(tc.word)); got != tc.want {
			t.Errorf("elsewhereOf(%q) = %d, want %d", tc.word, got, tc.want)
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
