package intents

import "strings"

// Stem reduces a normalized word to a light stem. Arabic: the article and
// attached prepositions (ال، وال، بال، لل …), the dialect verb prefixes (ب،
// ح، ه before an imperfect letter; the ما…ش negation) and common suffixes
// (pronouns, plurals, nisba). English: a few plural and verb endings. It is
// deliberately light: a wrong cut costs more than a missed one, and the
// character n-grams catch the rest.
func Stem(w string) string {
	if w == "" {
		return w
	}
	r := []rune(w)
	if isArabic(r[0]) {
		return stemAR(r)
	}
	if isLatin(r[0]) {
		return stemEN(w)
	}
	return w
}

var arPrefixes = [][]rune{
	[]rune("وبال"), []rune("وال"), []rune("بال"), []rune("كال"), []rune("فال"), []rune("لل"), []rune("ال"),
	[]rune("ولل"), []rune("عال"), // عالموقع = على الموقع (dialect)
}

var arSuffixes = [][]rune{
	[]rune("كما"), []rune("هما"), []rune("تين"), []rune("تها"), []rune("اتها"),
	[]rune("ها"), []rune("هم"), []rune("هن"), []rune("كم"), []rune("كن"), []rune("نا"), []rune("ني"),
	[]rune("ات"), []rune("ون"), []rune("ين"), []rune("ان"), []rune("يه"), []rune("يات"),
	[]rune("ه"), []rune("ي"), []rune("ك"),
}

func hasPrefix(r, p []rune) bool {
	if len(r) < len(p) {
		return false
	}
	for i := range p {
		if r[i] != p[i] {
			return false
		}
	}
	return true
}

func hasSuffix(r, s []rune) bool {
	if len(r) < len(s) {
		return false
	}
	off := len(r) - len(s)
	for i := range s {
		if r[off+i] != s[i] {
			return false
		}
	}
	return true
}

func stemAR(r []rune) string {
	// ما…ش negation (مابعرفش، ماعنديش)
	if len(r) >= 5 && r[0] == 'م' && r[1] == 'ا' && r[len(r)-1] == 'ش' {
		r = r[2 : len(r)-1]
	}
	if len(r) >= 4 && r[0] == 'و' {
		r = r[1:]
	}
	for _, p := range arPrefixes {
		if hasPrefix(r, p) && len(r)-len(p) >= 2 {
			r = r[len(p):]
			break
		}
	}
	// Dialect imperfect: ب/ح/ه + imperfect letter (بيعمل، حنروح، هنسافر, بتاخد).
	if len(r) >= 5 && (r[0] == 'ب' || r[0] == 'ح' || r[0] == 'ه') && strings.ContainsRune("يتنا", r[1]) {
		r = r[2:]
	} else if len(r) >= 5 && strings.ContainsRune("يتن", r[0]) && r[1] != 'ا' {
		// Imperfect prefix of a verb (يجدد، تسجل، نطلع); only on longer
		// words so nouns like تصريح keep their letters more often than not.
		r = r[1:]
	}
	pronoun := false
	for pass := 0; pass < 2; pass++ {
		for _, s := range arSuffixes {
			if hasSuffix(r, s) && len(r)-len(s) >= 3 {
				r = r[:len(r)-len(s)]
				if pass == 0 && isPronoun(s) {
					pronoun = true
				}
				break
			}
		}
	}
	// A pronoun on a word with ta marbuta shows it as ت (بطاقتي، سيارتك):
	// drop it as the bare form's ة is dropped (بطاقة -> بطاق), so both meet.
	if pronoun && len(r) >= 4 && r[len(r)-1] == 'ت' && r[len(r)-2] != 'ا' {
		r = r[:len(r)-1]
	}
	return string(r)
}

func isPronoun(s []rune) bool {
	switch string(s) {
	case "ي", "ك", "ها", "هم", "هن", "كم", "كن", "نا", "ني", "كما", "هما":
		return true
	}
	return false
}

func stemEN(w string) string {
	if len(w) <= 3 {
		return w
	}
	w = strings.TrimSuffix(w, "'s")
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = w[:len(w)-3]
		if n := len(w); n > 2 && w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) {
			w = w[:n-1] // renewing -> renew, getting -> get
		}
		return w
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		w = w[:len(w)-2]
		if n := len(w); n > 2 && w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) {
			w = w[:n-1]
		}
		return w
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}
