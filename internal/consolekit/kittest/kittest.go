package kittest

import (
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/internal/consolekit"
)

// Console is what Check needs to know of a console.
type Console struct {
	Script string // its own script beside kit.js, e.g. "console.js"
	Style  string // its own stylesheet beside kit.css
	// Dynamic maps each key prefix the console completes at run time, as
	// in t('event_' + e.event), to the values it takes there. The kit's own
	// (role_ with every account role, for the account line) is added.
	Dynamic map[string][]string
	// MinKeys is a floor on the keys found in the page: finding fewer means
	// the patterns below no longer match how the page names them.
	MinKeys int
}

var (
	placeholder = regexp.MustCompile(`\{[a-z]+\}`)
	scriptKey   = regexp.MustCompile(`\bt\('([a-z_]+)'`)
	pageKey     = regexp.MustCompile(`data-t="([a-z_]+)"`)
	// The CSP allows the console's own files only: no inline script, no
	// resource from another origin.
	inlineScript = regexp.MustCompile(`<script(\s[^>]*)?>\s*[^<\s]`)
	external     = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//`)
	loaded       = regexp.MustCompile(`(?:src|href)="(/[^"]*)"`)
)

// Check checks files, a console as its Console() returns it (with the
// kit's files overlaid).
func Check(t testing.TB, files fs.FS, c Console) {
	t.Helper()
	en := checkCatalog(t, files)
	read := func(name string) string {
		t.Helper()
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	page := read("index.html")
	scripts := map[string]string{consolekit.Script: read(consolekit.Script), c.Script: read(c.Script)}

	used := map[string]bool{}
	for _, js := range scripts {
		for _, m := range scriptKey.FindAllStringSubmatch(js, -1) {
			used[m[1]] = true
		}
	}
	for _, m := range pageKey.FindAllStringSubmatch(page, -1) {
		used[m[1]] = true
	}
	dynamic := maps.Clone(c.Dynamic)
	if dynamic == nil {
		dynamic = map[string][]string{}
	}
	for _, r := range auth.Roles {
		dynamic["role_"] = append(dynamic["role_"], string(r))
	}
	for k := range used {
		if vals, ok := dynamic[k]; ok {
			for _, v := range vals {
				if en[k+v] == "" {
					t.Errorf("console uses %s%s, not in i18n.json", k, v)
				}
			}
			continue
		}
		if en[k] == "" {
			t.Errorf("console uses %q, not in i18n.json", k)
		}
	}
	if len(used) < c.MinKeys {
		t.Errorf("only %d keys found in the console: the pattern is broken", len(used))
	}

	// No markup from data: nothing assigns innerHTML or the like, and no
	// inline style (the CSP refuses it).
	for name, text := range map[string]string{"index.html": page, consolekit.Script: scripts[consolekit.Script], c.Script: scripts[c.Script]} {
		for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "style="} {
			if strings.Contains(text, bad) {
				t.Errorf("%s uses %s", name, bad)
			}
		}
	}
	if inlineScript.MatchString(page) || external.MatchString(page) {
		t.Error("index.html has an inline script or an external resource: the CSP forbids them")
	}

	// The page loads the kit before its own files, and every file it loads
	// is there.
	var names []string
	for _, m := range loaded.FindAllStringSubmatch(page, -1) {
		name := path.Base(m[1])
		names = append(names, name)
		if _, err := fs.Stat(files, name); err != nil {
			t.Errorf("index.html loads %s: %v", m[1], err)
		}
	}
	for _, pair := range [][2]string{{consolekit.Style, c.Style}, {consolekit.Script, c.Script}} {
		kit, own := slices.Index(names, pair[0]), slices.Index(names, pair[1])
		if kit < 0 || own < 0 || kit > own {
			t.Errorf("index.html loads %v: want %s, then %s", names, pair[0], pair[1])
		}
	}
}

// checkCatalog checks i18n.json and returns its English strings.
func checkCatalog(t testing.TB, files fs.FS) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(files, "i18n.json")
	if err != nil {
		t.Fatal(err)
	}
	var cat map[string]map[string]string
	if err := json.Unmarshal(b, &cat); err != nil {
		t.Fatal(err)
	}
	ar, en := cat["ar"], cat["en"]
	if len(ar) == 0 || len(ar) != len(en) {
		t.Fatalf("ar has %d strings, en %d", len(ar), len(en))
	}
	for k, v := range en {
		a, ok := ar[k]
		switch {
		case !ok:
			t.Errorf("%s: no Arabic", k)
		case strings.TrimSpace(v) == "" || strings.TrimSpace(a) == "":
			t.Errorf("%s: empty", k)
		case !strings.ContainsFunc(a, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }):
			t.Errorf("%s: Arabic %q has no Arabic letters", k, a)
		case !slices.Equal(sorted(placeholder.FindAllString(a, -1)), sorted(placeholder.FindAllString(v, -1))):
			// The same placeholders, in any order: word order differs.
			t.Errorf("%s: placeholders differ: %q / %q", k, a, v)
		}
	}
	return en
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}
