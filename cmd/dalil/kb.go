package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dalil-project/dalil/knowledge"
)

// loadKB loads the knowledge base from dir, or the embedded sample when dir
// is empty.
func loadKB(dir string) (*knowledge.Base, error) {
	if dir == "" {
		return knowledge.Load(knowledge.Sample())
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("knowledge base: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("knowledge base: %s is not a folder", dir)
	}
	return knowledge.Load(os.DirFS(dir))
}

func kbValidate(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("kb validate", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() { fmt.Fprintln(stdout, "usage: dalil kb validate DIR") }
	if err := fs.Parse(args); err != nil {
		return usageErr("%v", err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageErr("kb validate: want one folder")
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return &exitError{1, fmt.Errorf("kb validate: %s is not a readable folder", dir)}
	}
	problems := knowledge.Validate(os.DirFS(dir))
	for _, p := range problems {
		fmt.Fprintln(stdout, p.String())
	}
	if len(problems) > 0 {
		return &exitError{1, fmt.Errorf("kb validate: %d problem(s) in %s", len(problems), dir)}
	}
	kb, err := knowledge.Load(os.DirFS(dir))
	if err != nil {
		return &exitError{1, err}
	}
	fmt.Fprintf(stdout, "ok: %d services, version %s\n", kb.Len(), kb.Version())
	return nil
}

func kbImport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("kb import", flag.ContinueOnError)
	fs.SetOutput(stdout)
	examples := fs.String("examples", "", "JSONL of labelled questions: {\"text\",\"label\",\"lang\"} per line")
	out := fs.String("out", "", "folder to write one YAML record per label into")
	as := fs.String("as", "cli", "who the new versions are recorded as published by (folder import)")
	reason := fs.String("reason", "", "why, recorded with each new version (folder import)")
	fs.Usage = func() {
		fmt.Fprintln(stdout, "usage: dalil kb import DIR [--as NAME] [--reason TEXT]\n       dalil kb import --examples FILE.jsonl --out DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageErr("%v", err)
	}
	if *examples == "" && *out == "" && fs.NArg() == 1 {
		return kbImportDir(ctx, fs.Arg(0), *as, *reason, getenv, stdout)
	}
	if *examples == "" || *out == "" {
		fs.Usage()
		return usageErr("kb import: --examples and --out are required")
	}
	f, err := os.Open(*examples)
	if err != nil {
		return fmt.Errorf("kb import: %w", err)
	}
	defer f.Close()
	svcs, err := knowledge.ImportExamples(f)
	if err != nil {
		return &exitError{1, fmt.Errorf("kb import: %w", err)}
	}
	if len(svcs) == 0 {
		return &exitError{1, errors.New("kb import: no examples found")}
	}
	if err := knowledge.WriteDir(*out, svcs); err != nil {
		return fmt.Errorf("kb import: %w", err)
	}
	n := 0
	for _, s := range svcs {
		n += len(s.Examples.AR) + len(s.Examples.EN)
	}
	fmt.Fprintf(stdout, "wrote %d services (%d examples) to %s\n", len(svcs), n, *out)
	return nil
}
