package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/redisstore"
)

// openKB opens the shared knowledge store named by the environment, or
// returns nil when REDIS_URL is not set.
func openKB(ctx context.Context, getenv func(string) string) (*editor.Workflow, func() error, error) {
	url := getenv("REDIS_URL")
	if url == "" {
		return nil, nil, nil
	}
	rs, err := redisstore.Open(ctx, redisstore.Options{URL: url, Prefix: getenv("DALIL_REDIS_PREFIX")})
	if err != nil {
		return nil, nil, err
	}
	return editor.New(rs.KB(), editor.Config{Logger: slog.New(slog.DiscardHandler)}), rs.Close, nil
}

// kbImportDir publishes a folder of records into the shared store: every
// record is checked first and nothing changes if any has a problem.
func kbImportDir(ctx context.Context, dir, as, reason string, getenv func(string) string, stdout io.Writer) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return &exitError{1, fmt.Errorf("kb import: %s is not a readable folder", dir)}
	}
	problems := knowledge.Validate(os.DirFS(dir))
	for _, p := range problems {
		fmt.Fprintln(stdout, p.String())
	}
	if len(problems) > 0 {
		return &exitError{1, fmt.Errorf("kb import: %d problem(s) in %s; nothing imported", len(problems), dir)}
	}
	kb, err := knowledge.Load(os.DirFS(dir))
	if err != nil {
		return &exitError{1, fmt.Errorf("kb import: %w; nothing imported", err)}
	}
	wf, closeStore, err := openKB(ctx, getenv)
	if err != nil {
		return err
	}
	if wf == nil {
		return &exitError{1, errors.New("kb import: the knowledge store is in Redis: set REDIS_URL (without Redis, start `dalil serve --kb DIR`)")}
	}
	defer closeStore()
	res, err := wf.Import(ctx, as, kb.Services(), reason)
	if err != nil {
		return &exitError{1, fmt.Errorf("kb import: %w", err)}
	}
	fmt.Fprintf(stdout, "imported %s: %d added, %d changed, %d unchanged; revision %d\n",
		dir, len(res.Added), len(res.Changed), res.Unchanged, res.Revision)
	for _, id := range res.Added {
		fmt.Fprintln(stdout, "  added  ", id)
	}
	for _, id := range res.Changed {
		fmt.Fprintln(stdout, "  changed", id)
	}
	if len(res.Absent) > 0 {
		fmt.Fprintf(stdout, "not in the folder, left published (retire them in the console): %s\n", strings.Join(res.Absent, ", "))
	}
	return nil
}

// kbExport writes the published knowledge base (Redis) or, without Redis,
// the one dalil serve starts from (--kb or the embedded sample) to DIR.
func kbExport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stdout, "usage: dalil kb export DIR")
		return usageErr("kb export: want one folder")
	}
	dir := args[0]
	wf, closeStore, err := openKB(ctx, getenv)
	if err != nil {
		return err
	}
	var services []*knowledge.Service
	from := ""
	if wf != nil {
		defer closeStore()
		var rev int64
		if services, rev, err = wf.Published(ctx); err != nil {
			return &exitError{1, fmt.Errorf("kb export: %w", err)}
		}
		from = fmt.Sprintf("the published knowledge base (revision %d)", rev)
		if rev == 0 {
			return &exitError{1, errors.New("kb export: the knowledge store is empty (it is seeded when dalil serve first starts)")}
		}
	} else {
		kb, err := loadKB(getenv("DALIL_KB"))
		if err != nil {
			return &exitError{1, fmt.Errorf("kb export: %w", err)}
		}
		services, from = kb.Services(), "the seed knowledge base (no REDIS_URL)"
	}
	if err := knowledge.WriteDir(dir, services); err != nil {
		return &exitError{1, fmt.Errorf("kb export: %w", err)}
	}
	// Records of services no longer published would come back on the next
	// import: remove them.
	keep := make([]string, len(services))
	for i, s := range services {
		keep[i] = s.ID
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		if id := strings.TrimSuffix(e.Name(), ext); ext == ".yml" || !slices.Contains(keep, id) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return &exitError{1, fmt.Errorf("kb export: %w", err)}
			}
			fmt.Fprintln(stdout, "removed", e.Name(), "(not published)")
		}
	}
	fmt.Fprintf(stdout, "exported %d services from %s to %s\n", len(services), from, dir)
	return nil
}
