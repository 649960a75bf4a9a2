package editor_test

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/knowledge"
)

// TestConsoleStrings: every string the console shows exists in Arabic and
// English, and every key the page uses is in the catalog.
func TestConsoleStrings(t *testing.T) {
	c := editor.Console()
	b, err := fs.ReadFile(c, "i18n.json")
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
	placeholders := regexp.MustCompile(`\{[a-z]+\}`)
	for k, v := range en {
		a, ok := ar[k]
		switch {
		case !ok:
			t.Errorf("%s: no Arabic", k)
		case strings.TrimSpace(v) == "" || strings.TrimSpace(a) == "":
			t.Errorf("%s: empty", k)
		case !strings.ContainsFunc(a, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }):
			t.Errorf("%s: Arabic %q has no Arabic letters", k, a)
		case strings.Join(placeholders.FindAllString(a, -1), ",") != strings.Join(placeholders.FindAllString(v, -1), ","):
			if !sameSet(placeholders.FindAllString(a, -1), placeholders.FindAllString(v, -1)) {
				t.Errorf("%s: placeholders differ: %q / %q", k, a, v)
			}
		}
	}

	js, _ := fs.ReadFile(c, "console.js")
	html, _ := fs.ReadFile(c, "index.html")
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bt\('([a-z_]+)'`).FindAllStringSubmatch(string(js), -1) {
		used[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`data-t="([a-z_]+)"`).FindAllStringSubmatch(string(html), -1) {
		used[m[1]] = true
	}
	dynamic := map[string][]string{
		"action_": {editor.ActionSeed, editor.ActionPublish, editor.ActionRetire, editor.ActionRevert, editor.ActionImport},
		"status_": {"any", "published", editor.StatusEditing, editor.StatusInReview, editor.StatusRejected},
		"cat_":    knowledge.Categories,
	}
	for _, a := range knowledge.Aspects {
		dynamic["aspect_"] = append(dynamic["aspect_"], string(a))
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
	if len(used) < 50 {
		t.Errorf("only %d keys found in the console: the pattern is broken", len(used))
	}
	// No markup from data: the console never assigns innerHTML or similar.
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
		if strings.Contains(string(js), bad) {
			t.Errorf("console.js uses %s", bad)
		}
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}
