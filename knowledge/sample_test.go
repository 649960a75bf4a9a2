package knowledge

import (
	"io/fs"
	"testing"
)

// sampleServices are the 40 services of the sample base, with their
// categories (from the project's service list, copied here so that the
// package tests stay self-contained).
var sampleServices = []struct{ id, category string }{
	{"passport-issue", "civil-status"},
	{"passport-renewal", "civil-status"},
	{"national-id-issue", "civil-status"},
	{"national-id-replacement", "civil-status"},
	{"birth-certificate", "civil-status"},
	{"death-certificate", "civil-status"},
	{"marriage-certificate", "civil-status"},
	{"family-registry-extract", "civil-status"},
	{"change-of-address", "civil-status"},
	{"good-conduct-certificate", "security"},
	{"driving-license-issue", "transport"},
	{"driving-license-renewal", "transport"},
	{"vehicle-registration-renewal", "transport"},
	{"vehicle-ownership-transfer", "transport"},
	{"traffic-fines-payment", "transport"},
	{"business-registration", "economy"},
	{"trade-license-renewal", "economy"},
	{"tax-registration", "economy"},
	{"tax-return-filing", "economy"},
	{"customs-clearance", "economy"},
	{"building-permit", "municipal"},
	{"property-registration", "municipal"},
	{"electricity-connection", "utilities"},
	{"water-bill-payment", "utilities"},
	{"municipal-complaint", "municipal"},
	{"social-assistance", "social"},
	{"health-insurance", "health"},
	{"disability-card", "social"},
	{"school-enrollment", "education"},
	{"certificate-attestation", "education"},
	{"exam-results", "education"},
	{"scholarship-application", "education"},
	{"work-permit", "labor"},
	{"job-seeker-registration", "labor"},
	{"pension-application", "labor"},
	{"power-of-attorney", "legal"},
	{"digital-identity", "digital"},
	{"appointment-booking", "digital"},
	{"application-status", "digital"},
	{"general-complaint", "digital"},
}

// minSampleExamples is how many examples per language a sample service needs
// for the matcher to tell the services apart.
const minSampleExamples = 10

func TestSampleEmbedded(t *testing.T) {
	// The records sit at the root of Sample(), as Load expects.
	if _, err := fs.Stat(Sample(), "passport-renewal.yaml"); err != nil {
		t.Fatal(err)
	}
}

func TestSampleValid(t *testing.T) {
	if ps := Validate(Sample()); len(ps) > 0 {
		t.Errorf("sample has %d problems:\n%s", len(ps), problemList(ps))
	}
}

func TestSampleComplete(t *testing.T) {
	// Read the records without requiring them to be valid: TestSampleValid
	// reports problems, this test what is missing.
	recs, _, err := readAll(Sample())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*Service{}
	for _, r := range recs {
		if r.svc != nil {
			byID[r.svc.ID] = r.svc
		}
	}
	if len(recs) != len(sampleServices) {
		t.Errorf("sample has %d files, want %d", len(recs), len(sampleServices))
	}
	for _, want := range sampleServices {
		s, ok := byID[want.id]
		if !ok {
			t.Errorf("%s: missing from the sample", want.id)
			continue
		}
		if s.ExamplesOnly {
			t.Errorf("%s: sample records must be full records, not examples-only", want.id)
		}
		if s.Category != want.category {
			t.Errorf("%s: category %q, want %q", want.id, s.Category, want.category)
		}
		if n := len(s.Examples.AR); n < minSampleExamples {
			t.Errorf("%s: %d Arabic examples, want at least %d", want.id, n, minSampleExamples)
		}
		if n := len(s.Examples.EN); n < minSampleExamples {
			t.Errorf("%s: %d English examples, want at least %d", want.id, n, minSampleExamples)
		}
	}
}
