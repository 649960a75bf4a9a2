package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/dalil-project/dalil/evaluate"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
)

// benchCmd runs intent benchmarks: `dalil bench intents --train F --test F`
// trains the local matcher on labelled examples (as `kb import --examples`
// would) and reports top-1 accuracy per variety, classifications per second
// on one core, and latency percentiles.
func benchCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) >= 1 && args[0] == "arabizi" {
		return benchArabizi(args[1:], stdout)
	}
	if len(args) < 1 || args[0] != "intents" {
		return usageErr("bench: want `dalil bench intents --train FILE --test FILE` or `dalil bench arabizi --vocab FILE --test FILE`")
	}
	fs := flag.NewFlagSet("bench intents", flag.ContinueOnError)
	fs.SetOutput(stdout)
	train := fs.String("train", "", "JSONL of labelled training examples ({\"text\",\"label\",\"lang\"})")
	test := fs.String("test", "", "JSONL of labelled test questions (\"variety\" groups the figures)")
	passes := fs.Int("passes", 3, "timed passes over the test set")
	name := fs.String("name", "", "a name for this run in the output")
	shots := fs.Int("shots", 0, "keep only this many training examples per label and language (a fixed-seed sample; 0 keeps all): the learning curve")
	seed := fs.Uint64("seed", 1, "the seed of the --shots sample")
	ablate := fs.String("ablate", "", "comma-separated parts to switch off, each measured alone: linear,neighbours,lexicon,translit,spelling,grams,function,bayes,logistic,nearmiss,sysmodel (accuracy only)")
	if err := fs.Parse(args[1:]); err != nil {
		return usageErr("%v", err)
	}
	if *train == "" || *test == "" {
		fs.Usage()
		return usageErr("bench intents: --train and --test are required")
	}
	f, err := os.Open(*train)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	svcs, err := knowledge.ImportExamples(f)
	f.Close()
	if err != nil {
		return &exitError{1, fmt.Errorf("bench: %w", err)}
	}
	if *shots < 0 {
		return usageErr("bench intents: --shots must be 0 or more")
	}
	if *shots > 0 {
		sampleShots(svcs, *shots, *seed)
	}
	qs, err := evaluate.ReadJSONL[evaluate.Turn](*test)
	if err != nil {
		return &exitError{1, fmt.Errorf("bench: %w", err)}
	}
	if len(qs) == 0 {
		return &exitError{1, errors.New("bench: empty test set")}
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	t0 := time.Now()
	kb, err := knowledge.New(svcs)
	if err != nil {
		return &exitError{1, fmt.Errorf("bench: %w", err)}
	}
	m := intents.NewMatcher(kb)
	trainTime := time.Since(t0)
	if *ablate != "" {
		return benchAblations(ctx, kb, qs, *ablate, stdout)
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	nex := 0
	for _, s := range svcs {
		nex += len(s.Examples.AR) + len(s.Examples.EN)
	}

	// Accuracy: one untimed pass. Labels go through the same id mapping as
	// the import (e.g. card_arrival -> card-arrival).
	type tally struct{ ok, n int }
	byVariety := map[string]*tally{}
	var all tally
	for _, q := range qs {
		want := knowledge.LabelID(q.Label)
		r, err := m.Understand(ctx, intents.Query{Text: q.Text})
		if err != nil {
			return err
		}
		got := ""
		if len(r.Candidates) > 0 {
			got = r.Candidates[0].ServiceID
		}
		v := q.Variety
		if v == "" {
			v = q.Lang
		}
		if byVariety[v] == nil {
			byVariety[v] = &tally{}
		}
		ok := got == want
		byVariety[v].n++
		all.n++
		if ok {
			byVariety[v].ok++
			all.ok++
		}
	}
	// Speed: single goroutine, timed passes, per-call latency. Each pass
	// starts with the cache of unknown words empty, as the peer clears its
	// caches before each pass; the clearing is not timed.
	runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(runtime.NumCPU())
	lat := make([]time.Duration, 0, len(qs)**passes)
	var elapsed, cpu time.Duration
	for p := 0; p < *passes; p++ {
		m.ForgetWords()
		cpu0 := cpuTime()
		start := time.Now()
		for _, q := range qs {
			t := time.Now()
			m.Understand(ctx, intents.Query{Text: q.Text})
			lat = append(lat, time.Since(t))
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }

	title := *name
	if title == "" {
		title = *train + " -> " + *test
	}
	fmt.Fprintf(stdout, "== %s\n", title)
	fmt.Fprintf(stdout, "train: %d examples, %d labels, index built in %v (heap %.1f MiB)\n",
		nex, len(svcs), trainTime.Round(time.Millisecond), float64(ms.HeapAlloc-min(before, ms.HeapAlloc))/(1<<20))
	var vs []string
	for v := range byVariety {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	for _, v := range vs {
		t := byVariety[v]
		fmt.Fprintf(stdout, "  %-8s %5.1f%% (%d/%d)\n", v, 100*float64(t.ok)/float64(t.n), t.ok, t.n)
	}
	fmt.Fprintf(stdout, "  %-8s %5.1f%% (%d/%d)\n", "all", 100*float64(all.ok)/float64(all.n), all.ok, all.n)
	// Wall time suffers when other processes share the cores; process CPU
	// time (one goroutine does the work) is the steadier figure.
	fmt.Fprintf(stdout, "speed (1 core): %.0f classifications/s by wall time, %.0f by CPU time; p50 %v, p99 %v\n",
		float64(len(lat))/elapsed.Seconds(), float64(len(lat))/cpu.Seconds(), pct(0.5).Round(100*time.Nanosecond), pct(0.99).Round(100*time.Nanosecond))
	return nil
}

// sampleShots keeps k Arabic and k English examples of each record, drawn
// with a fixed seed, so a learning curve (how many examples per service
// editors should write) is reproducible.
func sampleShots(svcs []*knowledge.Service, k int, seed uint64) {
	for i, s := range svcs {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		s.Examples.AR = draw(rng, s.Examples.AR, k)
		s.Examples.EN = draw(rng, s.Examples.EN, k)
	}
}

// draw returns k of xs, shuffled by rng (xs is left as it was).
func draw(rng *rand.Rand, xs []string, k int) []string {
	xs = slices.Clone(xs)
	rng.Shuffle(len(xs), func(a, b int) { xs[a], xs[b] = xs[b], xs[a] })
	return xs[:min(k, len(xs))]
}

// benchArabizi measures the transliteration step on Arabizi→Arabic word
// pairs: word accuracy of the skeleton lookup against a vocabulary of
// Arabic words (the knowledge base's, in the product).
func benchArabizi(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench arabizi", flag.ContinueOnError)
	fs.SetOutput(stdout)
	vocabFile := fs.String("vocab", "", "JSONL pairs whose Arabic side is the vocabulary")
	test := fs.String("test", "", "JSONL pairs {\"arabizi\",\"arabic\"} to transliterate")
	closed := fs.Bool("closed", false, "also put the test pairs' Arabic words in the vocabulary (ranking among known words)")
	if err := fs.Parse(args); err != nil {
		return usageErr("%v", err)
	}
	type pair struct {
		Arabizi string `json:"arabizi"`
		Arabic  string `json:"arabic"`
	}
	vp, err := evaluate.ReadJSONL[pair](*vocabFile)
	if err != nil {
		return &exitError{1, err}
	}
	tp, err := evaluate.ReadJSONL[pair](*test)
	if err != nil {
		return &exitError{1, err}
	}
	vocab := map[string]int{}
	add := func(ps []pair) {
		for _, p := range ps {
			for _, w := range intents.Tokens(intents.Normalize(p.Arabic)) {
				vocab[w]++
			}
		}
	}
	add(vp)
	if *closed {
		add(tp)
	}
	tr := intents.NewTransliterator(vocab)
	ok, inVocab, okInVocab := 0, 0, 0
	for _, p := range tp {
		want := intents.Normalize(p.Arabic)
		got := tr.Word(p.Arabizi)
		if vocab[want] > 0 {
			inVocab++
		}
		if got == want {
			ok++
			if vocab[want] > 0 {
				okInVocab++
			}
		}
	}
	fmt.Fprintf(stdout, "arabizi word accuracy: %.1f%% (%d/%d); gold word in vocabulary: %d, of those right: %.1f%%\n",
		100*float64(ok)/float64(len(tp)), ok, len(tp), inVocab, 100*float64(okInVocab)/float64(max(inVocab, 1)))
	return nil
}

// accuracy is top-1 accuracy per variety (and "all") of a matcher.
func accuracy(ctx context.Context, m *intents.Matcher, qs []evaluate.Turn) (map[string][2]int, error) {
	out := map[string][2]int{}
	for _, q := range qs {
		r, err := m.Understand(ctx, intents.Query{Text: q.Text})
		if err != nil {
			return nil, err
		}
		ok := 0
		if len(r.Candidates) > 0 && r.Candidates[0].ServiceID == knowledge.LabelID(q.Label) {
			ok = 1
		}
		v := q.Variety
		if v == "" {
			v = q.Lang
		}
		for _, k := range []string{v, "all"} {
			t := out[k]
			out[k] = [2]int{t[0] + ok, t[1] + 1}
		}
	}
	return out, nil
}

// ablations parses --ablate: the full matcher, then one run per part off.
func ablations(list string) ([]ablation, error) {
	runs := []ablation{{"full matcher", intents.Options{}}}
	for _, part := range strings.Split(list, ",") {
		var o intents.Options
		switch strings.TrimSpace(part) {
		case "linear":
			o.NoLinear = true
		case "neighbours":
			o.NoNeighbours = true
		case "lexicon":
			o.NoLexicon = true
		case "translit":
			o.NoTransliteration = true
		case "spelling":
			o.NoSpelling = true
		case "grams":
			o.NoGrams = true
		case "function":
			o.NoFunctionWords = true
		case "bayes":
			o.NoBayes = true
		case "logistic":
			o.NoLogistic = true
		case "nearmiss":
			o.NoNearMisses = true
		case "sysmodel":
			o.NoSystemModel = true
		default:
			return nil, usageErr("unknown part %q (want linear, neighbours, lexicon, translit, spelling, grams, function, bayes, logistic, nearmiss, sysmodel)", part)
		}
		runs = append(runs, ablation{"without " + strings.TrimSpace(part), o})
	}
	return runs, nil
}

type ablation struct {
	name string
	opt  intents.Options
}

func benchAblations(ctx context.Context, kb *knowledge.Base, qs []evaluate.Turn, list string, stdout io.Writer) error {
	runs, err := ablations(list)
	if err != nil {
		return err
	}
	var cols []string
	for _, r := range runs {
		acc, err := accuracy(ctx, intents.NewMatcherWith(kb, r.opt), qs)
		if err != nil {
			return err
		}
		if cols == nil {
			for k := range acc {
				if k != "all" {
					cols = append(cols, k)
				}
			}
			sort.Strings(cols)
			cols = append(cols, "all")
			fmt.Fprintf(stdout, "%-20s", "")
			for _, c := range cols {
				fmt.Fprintf(stdout, " %7s", c)
			}
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "%-20s", r.name)
		for _, c := range cols {
			t := acc[c]
			fmt.Fprintf(stdout, " %6.1f%%", 100*float64(t[0])/float64(max(t[1], 1)))
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

// cpuTime is the CPU time this process has used (user + system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
