package staff

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dalil-project/dalil/intents"
)

// Terms returns the search terms of a text: the light stems of its
// normalized words (the matcher's intents.Normalize and intents.Stem), so
// that alef and hamza forms, ta marbuta, diacritics, Arabic-Indic digits
// and attached articles or prepositions meet: "الجوازات" finds "جواز".
// Duplicates are dropped, order is kept; one-letter words and words over 40
// bytes are left out.
func Terms(text string) []string {
	var out []string
	for _, w := range intents.Tokens(intents.Normalize(text)) {
		st := intents.Stem(w)
		if utf8.RuneCountInString(st) < 2 || len(st) > 40 || slices.Contains(out, st) {
			continue
		}
		out = append(out, st)
	}
	return out
}

// groupStop are words that say nothing about what a question is about:
// question words, pronouns, particles and fillers, in the normalized and
// stemmed form features compares.
var groupStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		كيف كم ما ماذا متى اين وين فين شو ايش وش ليش لماذا هل من مين الي لي في على عن مع او و يا
		انا احنا انت هو هي هم بدي بدنا عايز عاوز ابغي ابي اريد نريد ممكن لو سمحت من فضلك ايه اي اللي الذي التي هذا هذه ذلك
		عند عندي كان يكون بس لسه قديش كام برضو طيب يعني شي شيء حاجه
		how what when where which who why is are was do does did can could would should will i me my we our you your
		it its the a an to of for in on at by with from about and or please hi hello there this that need want get
		much many some any much
		ana eh ezay shu ma3 fi 3ala men`) {
		for _, t := range Terms(w) {
			m[t] = true
		}
	}
	return m
}()

// features are what grouping compares: the terms of a question less the
// words in groupStop, sorted. Two spellings of one question have the same
// features.
func features(text string) []string {
	var out []string
	for _, t := range Terms(text) {
		if !groupStop[t] {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets (1 for two empty ones).
func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// shorten cuts s to at most n runes, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
