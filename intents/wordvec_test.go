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

// TestWordVectorsScoreLikeRows: a question scored through the words'
// precomputed score vectors (with the shared-feature corrections) must rank
// exactly as one scored feature by feature through the sparse rows, which
// is what a knowledge base too large for the vectors does.
func TestWordVectorsScoreLikeRows(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	fast := NewMatcher(kb)
	saved := maxWordVecFloats
	maxWordVecFloats = 0
	rows := NewMatcher(kb)
	maxWordVecFloats = saved
	if fast.words["جواز"] == nil || fast.words["جواز"].vec == nil {
		t.Fatal("the sample knowledge base should keep word score vectors")
	}
	if rows.words["جواز"].vec != nil {
		t.Fatal("with no budget there should be no word score vectors")
	}
	// Repeated words and shared n-grams are where the corrections matter.
	texts := []string{"جواز جواز السفر السفر", "بطاقة البطاقة بطاقتي", "passport passports passport renewal", "pasport jawaz safar"}
	f, err := os.Open("testdata/calibration.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, q.Text)
	}
	if len(texts) < 200 {
		t.Fatalf("read %d questions from the calibration set", len(texts))
	}
	ctx := context.Background()
	for _, text := range texts {
		a, _ := fast.Understand(ctx, Query{Text: text})
		b, _ := rows.Understand(ctx, Query{Text: text})
		if a.Intent != b.Intent || a.ServiceID != b.ServiceID || a.Confidence != b.Confidence || len(a.Candidates) != len(b.Candidates) {
			t.Fatalf("%q: with vectors %s %s %.3f, by rows %s %s %.3f", text, a.Intent, a.ServiceID, a.Confidence, b.Intent, b.ServiceID, b.Confidence)
		}
		for i := range a.Candidates {
			ca, cb := a.Candidates[i], b.Candidates[i]
			if ca.ServiceID != cb.ServiceID || math.Abs(ca.Score-cb.Score) > 1e-5 {
				t.Fatalf("%q: candidate %d: %s %.6f with vectors, %s %.6f by rows", text, i, ca.ServiceID, ca.Score, cb.ServiceID, cb.Score)
			}
		}
	}
}
