package editor_test

import (
	"testing"

	"github.com/dalil-project/dalil/editor"
	"github.com/dalil-project/dalil/internal/consolekit/kittest"
	"github.com/dalil-project/dalil/knowledge"
)

// TestConsoleStrings: every string the console shows exists in Arabic and
// English, every key the page uses is in the catalog, and the page never
// turns data into markup (kittest.Check).
func TestConsoleStrings(t *testing.T) {
	var aspects []string
	for _, a := range knowledge.Aspects {
		aspects = append(aspects, string(a))
	}
	kittest.Check(t, editor.Console(), kittest.Console{Script: "console.js", Style: "console.css", MinKeys: 50, Dynamic: map[string][]string{
		"action_": {editor.ActionSeed, editor.ActionPublish, editor.ActionRetire, editor.ActionRevert, editor.ActionImport},
		"status_": {"any", "published", editor.StatusEditing, editor.StatusInReview, editor.StatusRejected},
		"cat_":    knowledge.Categories,
		"aspect_": aspects,
	}})
}
