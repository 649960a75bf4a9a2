package editor

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dalil-project/dalil/knowledge"
)

// Check returns every problem that stops s from being published, with
// needsReview the draft's unconfirmed texts:
//
//   - knowledge's validation (the same as for YAML files): a text in one
//     language only, an unknown category, a malformed link or phone, a
//     negative fee, an over-long text, markup, numbers (amounts,
//     durations, phone digits) that differ between the two languages;
//   - links written in a text must be the same in both languages;
//   - texts marked as needing review since the other language changed.
func Check(s *knowledge.Service, needsReview []string) []FieldError {
	if s == nil {
		return []FieldError{{Message: "missing record"}}
	}
	var out []FieldError
	c := *s
	if _, err := knowledge.New([]*knowledge.Service{&c}); err != nil {
		var ve *knowledge.ValidationError
		if !errors.As(err, &ve) {
			return []FieldError{{Message: err.Error()}}
		}
		for _, p := range ve.Problems {
			out = append(out, FieldError{Path: p.Path, Message: p.Msg})
		}
	}
	m := fieldMap(s)
	for _, b := range textBases(m) {
		ar, en := links(m[b+".ar"]), links(m[b+".en"])
		if m[b+".ar"] != "" && m[b+".en"] != "" && !slices.Equal(ar, en) {
			out = append(out, FieldError{Path: b, Message: fmt.Sprintf("links differ between ar and en (ar %v, en %v)", ar, en)})
		}
	}
	for _, p := range needsReview {
		other := "English"
		if strings.HasSuffix(p, ".en") {
			other = "Arabic"
		}
		out = append(out, FieldError{Path: p, Message: "needs review: the " + other + " text changed; edit this text or confirm it still matches"})
	}
	return out
}

var linkPattern = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'()\x{060C}\x{061B}]+`)

// links returns the sorted links written in a text, without trailing
// punctuation.
func links(s string) []string {
	found := linkPattern.FindAllString(s, -1)
	for i, l := range found {
		found[i] = strings.TrimRight(l, ".,;:!?")
	}
	slices.Sort(found)
	return found
}
