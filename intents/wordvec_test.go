package intents

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// fewExamples returns the sample knowledge base cut to k Arabic and k
// English examples a service (the first ones), the situation of a new
// knowledge base whose editors have written only a few.
func fewExamples(t *testing.T, k int) *knowledge.Base {
	t.Helper()
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	var svcs []*knowledge.Service
	for _, s := range kb.Services() {
		c := *s
		c.Examples.AR = s.Examples.AR[:min(k, len(s.Examples.AR))]
		c.Examples.EN = s.Examples.EN[:min(k, len(s.Examples.EN))]
		svcs = append(svcs, &c)
	}
	few, err := knowledge.New(svcs)
	if err != nil {
		t.Fatal(err)
	}
	return few
}

// labelled reads the team-written calibration questions: text and the
// service expected ("" when out of scope or a system intent).
func labelled(t *testing.T) (texts, services []string) {
	t.Helper()
	f, err := os.Open("testdata/calibration.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q struct {
			Text    string  `json:"text"`
			Service *string `json:"expect_service"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		svc := ""
		if q.Service != nil {
			svc = *q.Service
		}
		texts, services = append(texts, q.Text), append(services, svc)
	}
	if len(texts) < 200 {
		t.Fatalf("read %d questions from the calibration set", len(texts))
	}
	return texts, services
}

// TestWordVectorsScoreLikeRows: a question scored through the words'
// precomputed score vectors (with the shared-feature corrections) must rank
// exactly as one scored feature by feature through the sparse rows, which
// is what a knowledge base too large for the vectors does. Both with the
// sample knowledge base and with a few-example one, where naive Bayes
// takes part (and the logistic model, when it is made to).
func TestWordVectorsScoreLikeRows(t *testing.T) {
	full, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	texts, _ := labelled(t)
	// Repeated words and shared n-grams are where the corrections matter.
	texts = append(texts, "جواز جواز السفر السفر", "بطاقة البطاقة بطاقتي", "passport passports passport renewal", "pasport jawaz safar")
	for _, tc := range []struct {
		name            string
		kb              *knowledge.Base
		bayes, logistic bool
	}{
		{"sample", full, false, false},
		{"few examples", fewExamples(t, 5), true, false},
		{"few examples, logistic model", fewExamples(t, 5), true, true},
	} {
		if tc.logistic {
			fixedBeta = 0.5
		}
		fast := NewMatcher(tc.kb)
		saved := maxWordVecFloats
		maxWordVecFloats = 0
		rows := NewMatcher(tc.kb)
		maxWordVecFloats = saved
		fixedBeta = -1
		if (fast.nb != nil) != tc.bayes || (fast.lr != nil) != tc.logistic {
			t.Fatalf("%s: naive Bayes present %v, logistic model %v, want %v, %v", tc.name, fast.nb != nil, fast.lr != nil, tc.bayes, tc.logistic)
		}
		if wf := fast.wordTab.get("جواز", cueHash("جواز"), false); wf == nil || wf.vec == nil {
			t.Fatalf("%s: the knowledge base should keep word score vectors", tc.name)
		}
		if rows.wordTab.get("جواز", cueHash("جواز"), false).vec != nil {
			t.Fatalf("%s: with no budget there should be no word score vectors", tc.name)
		}
		ctx := context.Background()
		for _, text := range texts {
			a, _ := fast.Understand(ctx, Query{Text: text})
			b, _ := rows.Understand(ctx, Query{Text: text})
			if a.Intent != b.Intent || a.ServiceID != b.ServiceID || a.Confidence != b.Confidence || len(a.Candidates) != len(b.Candidates) {
				t.Fatalf("%s: %q: with vectors %s %s %.3f, by rows %s %s %.3f", tc.name, text, a.Intent, a.ServiceID, a.Confidence, b.Intent, b.ServiceID, b.Confidence)
			}
			for i := range a.Candidates {
				ca, cb := a.Candidates[i], b.Candidates[i]
				if ca.ServiceID != cb.ServiceID || math.Abs(ca.Score-cb.Score) > 1e-5 {
					t.Fatalf("%s: %q: candidate %d: %s %.6f with vectors, %s %.6f by rows", tc.name, text, i, ca.ServiceID, ca.Score, cb.ServiceID, cb.Score)
				}
			}
		}
	}
}

// TestBayesPaysWithFewExamples: with five examples a language per service,
// naive Bayes in the ranking must rank more of the team-written questions'
// services first than the matcher without it (the reason it is there), and
// a knowledge base with many examples must not have it at all.
func TestBayesPaysWithFewExamples(t *testing.T) {
	few := fewExamples(t, 5)
	texts, services := labelled(t)
	top1 := func(m *Matcher) int {
		ok := 0
		for i, text := range texts {
			if services[i] == "" {
				continue
			}
			r, _ := m.Understand(context.Background(), Query{Text: text})
			if len(r.Candidates) > 0 && r.Candidates[0].ServiceID == services[i] {
				ok++
			}
		}
		return ok
	}
	with, without := top1(NewMatcher(few)), top1(NewMatcherWith(few, Options{NoBayes: true}))
	t.Logf("five examples a language: %d with naive Bayes, %d without", with, without)
	if with <= without {
		t.Errorf("naive Bayes should pay with few examples: %d with, %d without", with, without)
	}
	if m := NewMatcher(fewExamples(t, 100)); m.nb != nil || m.nbMix != 0 {
		t.Errorf("the sample knowledge base has enough examples: naive Bayes should be off (mix %.2f)", m.nbMix)
	}
}
