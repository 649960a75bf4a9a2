package intents_test

import (
	"context"
	"os"
	"testing"

	"github.com/dalil-project/dalil/evaluate"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
)

// BenchmarkUnderstandArBanking77 classifies ArBanking77 test questions with
// a matcher trained on its full training set (skipped without the shared
// data folder).
func BenchmarkUnderstandArBanking77(b *testing.B) { benchBank(b, intents.Options{}, false) }

// BenchmarkUnderstandArBanking77Cold: the same, with the cache of words
// outside the knowledge base emptied before each pass over the questions.
func BenchmarkUnderstandArBanking77Cold(b *testing.B) { benchBank(b, intents.Options{}, true) }

// BenchmarkUnderstandArBanking77NoNeighbours: the same without the
// per-example index, to weigh its cost against its accuracy.
func BenchmarkUnderstandArBanking77NoNeighbours(b *testing.B) {
	benchBank(b, intents.Options{NoNeighbours: true}, false)
}

// BenchmarkUnderstandArBanking77TenShotCold: the 10-shot protocol's
// matcher (ten examples an intent, naive Bayes on), cold like the above:
// most of a question's words are then outside the knowledge base.
func BenchmarkUnderstandArBanking77TenShotCold(b *testing.B) {
	benchBankFrom(b, "train10.jsonl", intents.Options{}, true)
}

func benchBank(b *testing.B, opt intents.Options, cold bool) {
	benchBankFrom(b, "train.jsonl", opt, cold)
}

func benchBankFrom(b *testing.B, train string, opt intents.Options, cold bool) {
	benchBankOn(b, train, "test.jsonl", opt, cold)
}

func benchBankOn(b *testing.B, train, test string, opt intents.Options, cold bool) {
	dir := "../../shared/eval/external/arbanking77/"
	f, err := os.Open(dir + train)
	if err != nil {
		b.Skipf("no ArBanking77 data: %v", err)
	}
	svcs, err := knowledge.ImportExamples(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	kb, err := knowledge.New(svcs)
	if err != nil {
		b.Fatal(err)
	}
	m := intents.NewMatcherWith(kb, opt)
	qs, err := evaluate.ReadJSONL[evaluate.Turn](dir + test)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if cold && i%len(qs) == 0 {
			b.StopTimer()
			m.ForgetWords()
			b.StartTimer()
		}
		m.Understand(ctx, intents.Query{Text: qs[i%len(qs)].Text})
	}
}

// BenchmarkUnderstandArBanking77DevTenShotCold and ...DevCold: the 10-shot
// and full-train matchers on ArBanking77's dev split (the split tuned on),
// cold, for profiles and allocation counts that need not read the test
// split.
func BenchmarkUnderstandArBanking77DevTenShotCold(b *testing.B) {
	benchBankOn(b, "train10.jsonl", "dev.jsonl", intents.Options{}, true)
}

func BenchmarkUnderstandArBanking77DevCold(b *testing.B) {
	benchBankOn(b, "train.jsonl", "dev.jsonl", intents.Options{}, true)
}
