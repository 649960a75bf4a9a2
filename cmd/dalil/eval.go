package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/evaluate"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/locales"
	"github.com/dalil-project/dalil/memstore"
)

func evalCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stdout)
	qpath := fs.String("questions", "", "JSONL of labelled questions (../shared/eval/dev.jsonl format)")
	dpath := fs.String("dialogs", "", "JSONL of labelled dialogs")
	kbDir := fs.String("kb", getenv("DALIL_KB"), "knowledge-base folder (default: the embedded sample)")
	fails := fs.Int("fails", 0, "print up to N failures")
	min := fs.Float64("min", 0, "exit 1 when overall question accuracy (percent) is below this")
	llmShare := fs.Bool("llm-share", false, "also print the share of turns the LLM layer would be asked about (its routing rule on the local results)")
	ablate := fs.String("ablate", "", "comma-separated matcher parts to switch off, each measured alone (see dalil bench intents -h)")
	shots := fs.Int("shots", 0, "keep only this many example questions per service and language (a fixed-seed sample; 0 keeps all): how the knowledge base does with fewer")
	seed := fs.Uint64("seed", 1, "the seed of the --shots sample")
	if err := fs.Parse(args); err != nil {
		return usageErr("%v", err)
	}
	if *qpath == "" && *dpath == "" {
		fs.Usage()
		return usageErr("eval: --questions or --dialogs is required")
	}
	var qs []evaluate.Turn
	var ds []evaluate.Dialog
	var err error
	if *qpath != "" {
		if qs, err = evaluate.ReadJSONL[evaluate.Turn](*qpath); err != nil {
			return &exitError{1, fmt.Errorf("eval: %w", err)}
		}
	}
	if *dpath != "" {
		if ds, err = evaluate.ReadJSONL[evaluate.Dialog](*dpath); err != nil {
			return &exitError{1, fmt.Errorf("eval: %w", err)}
		}
	}
	kb, err := loadKB(*kbDir)
	if err != nil {
		return err
	}
	if *shots < 0 {
		return usageErr("eval: --shots must be 0 or more")
	}
	if *shots > 0 {
		var svcs []*knowledge.Service
		for _, s := range kb.Services() {
			c := *s
			svcs = append(svcs, &c)
		}
		sampleShots(svcs, *shots, *seed)
		if kb, err = knowledge.New(svcs); err != nil {
			return &exitError{1, fmt.Errorf("eval: --shots: %w", err)}
		}
	}
	msgs, err := locales.New()
	if err != nil {
		return err
	}
	if *ablate != "" {
		runs, err := ablations(*ablate)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-20s %9s %9s %9s %9s %9s\n", "", "overall", "service", "oos", "aspect", "dialogs")
		for _, r := range runs {
			eng := bot.New(memstore.New(), kb, intents.NewMatcherWith(kb, r.opt), msgs, bot.Config{Logger: slog.New(slog.DiscardHandler)})
			rep, err := evaluate.Run(ctx, eng, qs, ds)
			if err != nil {
				return err
			}
			g := func(k string) float64 {
				if t := rep.Groups[k]; t != nil {
					return t.Pct()
				}
				return 0
			}
			fmt.Fprintf(stdout, "%-20s %8.1f%% %8.1f%% %8.1f%% %8.1f%% %8.1f%%\n", r.name, rep.Overall.Pct(), g("service"), g("out_of_scope"), rep.Aspect.Pct(), rep.Dialogs.Pct())
		}
		return nil
	}
	var classifier bot.Classifier = intents.NewMatcher(kb)
	routes := &routeCounter{local: classifier}
	if *llmShare {
		classifier = routes
	}
	eng := bot.New(memstore.New(), kb, classifier, msgs, bot.Config{Logger: slog.New(slog.DiscardHandler)})
	rep, err := evaluate.Run(ctx, eng, qs, ds)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "knowledge base: %d services, version %s\n", kb.Len(), kb.Version())
	rep.Print(stdout, *fails)
	if *llmShare {
		routes.print(stdout, rep)
	}
	if *min > 0 && rep.Overall.Pct() < *min {
		return &exitError{1, fmt.Errorf("eval: overall %.1f%% below %.1f%%", rep.Overall.Pct(), *min)}
	}
	return nil
}
