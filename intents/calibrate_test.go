package intents

import (
	"context"
	"math"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// The near-miss calibration counts the margin up to its cap; the other
// keeps counting it (ArBanking77 and Banking77 keep their decisions).
func TestCalibrateMarginCap(t *testing.T) {
	in := func(margin float64) calibInputs {
		return calibInputs{margin: margin, unknownShare: 0.5, coverage: 0.3, content: 3}
	}
	for _, tc := range []struct {
		name       string
		c          calibModel
		a, b       float64
		wantEqual  bool
		wantHigher bool // b's confidence above a's
	}{
		{"near misses: above the cap", calibrationNearMiss, 0.3, 0.7, true, false},
		{"near misses: below the cap", calibrationNearMiss, 0.1, 0.2, false, true},
		{"no near misses: no cap", calibration, 0.3, 0.7, false, true},
	} {
		pa, pb := calibrate(tc.c, in(tc.a)), calibrate(tc.c, in(tc.b))
		if (pa == pb) != tc.wantEqual || (pb > pa) != tc.wantHigher {
			t.Errorf("%s: margin %.1f -> %.3f, %.1f -> %.3f", tc.name, tc.a, pa, tc.b, pb)
		}
	}
}

// The runner-up being the best service's own near misses lowers the
// confidence of a knowledge base with near misses, and only of one.
func TestCalibrateOwnNear(t *testing.T) {
	in := calibInputs{margin: 0.1, unknownShare: 0.2, coverage: 0.6, content: 5}
	own := in
	own.ownNear = 1
	for _, tc := range []struct {
		name  string
		c     calibModel
		lower bool
	}{
		{"near misses", calibrationNearMiss, true},
		{"no near misses", calibration, false},
	} {
		a, b := calibrate(tc.c, in), calibrate(tc.c, own)
		if (b < a) != tc.lower || b > a {
			t.Errorf("%s: %.3f without, %.3f with the own near misses second", tc.name, a, b)
		}
	}
}

func TestNearLeanOf(t *testing.T) {
	for _, tc := range []struct {
		own, near, services int
		lean, trust         float64
	}{
		{3319, 935, 40, 1.127, 1},    // the sample
		{400, 400, 40, 4, 0.125},     // ten examples a service, as many near misses
		{1600, 935, 40, 2.3375, 0.5}, // forty a service
		{3319, 0, 40, 0, 0},          // no near misses: no term
	} {
		lean, trust := nearLeanOf(tc.own, tc.near, tc.services)
		if math.Abs(lean-tc.lean) > 0.001 || math.Abs(trust-tc.trust) > 0.001 {
			t.Errorf("nearLeanOf(%d, %d, %d) = %.4f, %.4f; want %.4f, %.4f", tc.own, tc.near, tc.services, lean, trust, tc.lean, tc.trust)
		}
	}
}

// Questions written for this test. A word that the sample's near misses
// use far more than its services do (a hunting licence's "hunting") and
// that the best service's texts never use declines a question its other
// words would have answered; the body that asks for a paper ("the bank
// needs") does not count, so a covered request keeps its confidence.
func TestNearShare(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(kb)
	if m.nearTrust != 1 {
		t.Fatalf("nearTrust %.3f on the sample, want 1", m.nearTrust)
	}
	// nearTrust also fades ownNear: this test weighs the near-leaning
	// words alone (no test runs in parallel).
	defer func(w float64) { calibrationNearMiss.ownNear = w }(calibrationNearMiss.ownNear)
	calibrationNearMiss.ownNear = 0
	for _, tc := range []struct {
		q             string
		with, without string
		service       string
		lower         bool // the term lowers the confidence
	}{
		{"how much is the fee to renew a hunting licence?", IntentOutOfScope, IntentServiceInfo, "", true},
		{"the bank needs my birth certificate, where do I get a copy?", IntentServiceInfo, IntentServiceInfo, "birth-certificate", false},
		{"for the bank I need a copy of my birth certificate", IntentServiceInfo, IntentServiceInfo, "birth-certificate", false},
		{"how do I renew my passport?", IntentServiceInfo, IntentServiceInfo, "passport-renewal", false},
	} {
		with, _ := m.Understand(context.Background(), Query{Text: tc.q})
		m.nearTrust = 0
		without, _ := m.Understand(context.Background(), Query{Text: tc.q})
		m.nearTrust = 1
		if with.Intent != tc.with || without.Intent != tc.without || with.ServiceID != tc.service ||
			(with.Confidence < without.Confidence) != tc.lower {
			t.Errorf("%q: with the term %s %s (%.3f), without %s (%.3f); want %s %s, %s, lower %v",
				tc.q, with.Intent, with.ServiceID, with.Confidence, without.Intent, without.Confidence, tc.with, tc.service, tc.without, tc.lower)
		}
	}
}

// Questions written for this test. A word of the best service's own near
// misses that its texts never use and that other services' near misses
// use too ("visa" beside an appointment) lowers the confidence; a covered
// request without one keeps it, and so does a knowledge base without near
// misses (no such class).
func TestOwnTheme(t *testing.T) {
	with, without := withoutNearMisses(t)
	defer func(w float64) { calibrationNearMiss.ownWords = w }(calibrationNearMiss.ownWords)
	for _, tc := range []struct {
		kb      *knowledge.Base
		q       string
		service string
		lower   bool
	}{
		{with, "I want to book an appointment for a visa at the office", "appointment-booking", true},
		{with, "I want to book an appointment at the service center", "appointment-booking", false},
		{without, "I want to book an appointment for a visa at the office", "appointment-booking", false},
	} {
		m := NewMatcher(tc.kb)
		calibrationNearMiss.ownWords = 0
		before, _ := m.Understand(context.Background(), Query{Text: tc.q})
		calibrationNearMiss.ownWords = -2
		after, _ := m.Understand(context.Background(), Query{Text: tc.q})
		if len(after.Candidates) == 0 || after.Candidates[0].ServiceID != tc.service ||
			(after.Confidence < before.Confidence) != tc.lower || after.Confidence > before.Confidence {
			t.Errorf("%q: confidence %.3f without the term, %.3f with (best %v); want %s, lower %v",
				tc.q, before.Confidence, after.Confidence, after.Candidates, tc.service, tc.lower)
		}
	}
}
