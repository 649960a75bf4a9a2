package llm

import (
	"bufio"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/intents/llm/llmtest"
)

// The figures of docs/llm.md. Run:
//
//	go test ./intents/llm -run '^$' -bench . -benchtime 1x
//
// They use the development questions (../shared/eval/dev.jsonl) with the
// real local matcher and the fake model server.

var (
	matcherOnce sync.Once
	matcher     *intents.Matcher
)

func devSet(b *testing.B) ([]string, *intents.Matcher) {
	f, err := os.Open("../../../shared/eval/dev.jsonl")
	if err != nil {
		b.Skipf("no development set: %v", err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var t struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &t) == nil && t.Text != "" {
			texts = append(texts, t.Text)
		}
	}
	matcherOnce.Do(func() { matcher = intents.NewMatcher(sample(b)) })
	return texts, matcher
}

// routed are the questions the default route sends to the model.
func routed(b *testing.B, texts []string, m *intents.Matcher) []string {
	var out []string
	for _, t := range texts {
		q := intents.Query{Text: t}
		res, _ := m.Understand(context.Background(), q)
		if DefaultRoute.Unsure(q, res) != "" {
			out = append(out, t)
		}
	}
	return out
}

// Share of single questions that ask the model (dalil eval --llm-share
// gives it with the dialogs too).
func BenchmarkRouteShare(b *testing.B) {
	texts, m := devSet(b)
	var n int
	for b.Loop() {
		n = len(routed(b, texts, m))
	}
	b.ReportMetric(100*float64(n)/float64(len(texts)), "%asked")
}

// Prompt size of a classification call: characters, and tokens estimated
// at 4 characters a token for Latin text and 2.5 for Arabic (close to
// OpenAI's o200k tokenizer; other tokenizers differ).
func BenchmarkPromptTokens(b *testing.B) {
	texts, m := devSet(b)
	ask := routed(b, texts, m)
	srv := llmtest.NewServer()
	defer srv.Close()
	c := newTest(b, srv, func(o *Options) { o.Cache = NewLRU(1) })
	k := c.Classifier(m, sample(b))
	var chars, toks []float64
	for b.Loop() {
		srv.Reset()
		chars, toks = nil, nil
		for i, t := range ask {
			k.Understand(context.Background(), intents.Query{Text: t + " " + string(rune('a'+i%26))})
		}
		for _, r := range srv.Requests() {
			text := r.Text("system") + r.Text("user")
			for _, tool := range r.Chat.Tools {
				text += string(tool.Function.Parameters)
			}
			chars = append(chars, float64(len([]rune(text))))
			toks = append(toks, estimateTokens(text))
		}
	}
	b.ReportMetric(mean(chars), "chars/call")
	b.ReportMetric(mean(toks), "tokens/call")
	b.ReportMetric(percentile(toks, 95), "p95-tokens/call")
}

func estimateTokens(s string) float64 {
	var latin, arabic float64
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			arabic++
		} else {
			latin++
		}
	}
	return latin/4 + arabic/2.5
}

// Cache hit rate on a replay: 2000 turns drawn from the development
// questions with a Zipf law (s = 1.1: a few questions are asked often, as
// on a real portal), through the real matcher and the model.
func BenchmarkCacheReplay(b *testing.B) {
	texts, m := devSet(b)
	srv := llmtest.NewServer()
	defer srv.Close()
	var hits, misses, calls float64
	for b.Loop() {
		srv.Reset()
		c := newTest(b, srv, nil)
		k := c.Classifier(m, sample(b))
		rng := rand.New(rand.NewPCG(1, 2))
		order := slices.Clone(texts)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		z := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 1, uint64(len(order)-1))
		for range 2000 {
			k.Understand(context.Background(), intents.Query{Text: order[z.Uint64()]})
		}
		hits = testutil.ToFloat64(c.m.cache.WithLabelValues("classify", "hit"))
		misses = testutil.ToFloat64(c.m.cache.WithLabelValues("classify", "miss"))
		calls = float64(srv.Count("classify"))
	}
	b.ReportMetric(100*hits/(hits+misses), "%hits")
	b.ReportMetric(calls, "calls/2000turns")
}

// Added latency when the model hangs: how long past the deadline the
// local answer comes back (the deadline is 100 ms here; four turns at a
// time).
func BenchmarkHangingModel(b *testing.B) {
	texts, m := devSet(b)
	ask := routed(b, texts, m)
	srv := llmtest.NewServer()
	defer srv.Close()
	srv.SetDefault(func(llmtest.Request) llmtest.Reply { return llmtest.Reply{Hang: true} })
	const deadline = 100 * time.Millisecond
	var added []float64
	for b.Loop() {
		c := newTest(b, srv, func(o *Options) { o.Timeout, o.BreakerFailures = deadline, 1<<30 })
		k := c.Classifier(m, sample(b))
		var mu sync.Mutex
		added = nil
		work := make(chan string)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for t := range work {
					start := time.Now()
					res, _ := k.Understand(context.Background(), intents.Query{Text: t})
					d := time.Since(start) - deadline
					if res.Source != "local" {
						b.Errorf("hanging model, yet %s", res.Source)
					}
					mu.Lock()
					added = append(added, float64(d)/float64(time.Millisecond))
					mu.Unlock()
				}
			}()
		}
		for i := range 200 {
			work <- ask[i%len(ask)]
		}
		close(work)
		wg.Wait()
	}
	b.ReportMetric(percentile(added, 50), "p50-added-ms")
	b.ReportMetric(percentile(added, 99), "p99-added-ms")
	b.ReportMetric(slices.Max(added), "max-added-ms")
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}
