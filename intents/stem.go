package intents

import (
	"strings"
	"unicode/utf8"
)

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
	r0, _ := utf8.DecodeRuneInString(w)
	if isArabic(r0) {
		return stemARString(w)
	}
	if isLatin(r0) {
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

// The prefixes by their first letter and the suffixes by their last, in
// list order (indexes into arPrefixes and arSuffixes), so a word is
// compared only with those that can fit it. Every one is a letter of the
// Arabic block, U+0600 to U+06FF.
var arPrefixesBy, arSuffixesBy = func() (pre, suf [256][]int8) {
	for i, p := range arPrefixes {
		pre[p[0]-0x600] = append(pre[p[0]-0x600], int8(i))
	}
	for i, s := range arSuffixes {
		c := s[len(s)-1] - 0x600
		suf[c] = append(suf[c], int8(i))
	}
	return pre, suf
}()

// arPronoun tells which of arSuffixes are pronouns (isPronoun).
var arPronoun = func() []bool {
	p := make([]bool, len(arSuffixes))
	for i, s := range arSuffixes {
		p[i] = isPronoun(s)
	}
	return p
}()

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

// stemARString is stemAR([]rune(w)) without the conversions: the stem is
// a run of w's letters, so it is cut from w itself (words of more than 64
// letters, or not valid UTF-8, take the conversions). The letters are
// decoded as a range over w would, the two-byte ones (the Arabic block)
// inline.
func stemARString(w string) string {
	var rb [64]rune
	var at [65]int32 // where each rune starts in w, then len(w)
	n := 0
	for i := 0; i < len(w); {
		c, size := rune(w[i]), 1
		switch {
		case c < utf8.RuneSelf:
		case c >= 0xC2 && c < 0xE0 && i+1 < len(w) && w[i+1]&0xC0 == 0x80:
			c, size = (c&0x1F)<<6|rune(w[i+1]&0x3F), 2
		default:
			c, size = utf8.DecodeRuneInString(w[i:])
		}
		if n == len(rb) || c == utf8.RuneError {
			return stemAR([]rune(w))
		}
		rb[n], at[n] = c, int32(i)
		n++
		i += size
	}
	at[n] = int32(len(w))
	lo, hi := stemARSpan(rb[:n])
	return w[at[lo]:at[hi]]
}

func stemAR(r []rune) string {
	lo, hi := stemARSpan(r)
	return string(r[lo:hi])
}

// stemARSpan returns where the stem of the word r starts and ends in r.
func stemARSpan(r []rune) (lo, hi int) {
	whole := cap(r) // r is only ever cut (r[i:j]): its start is whole-cap(r)
	// ما…ش negation (مابعرفش، ماعنديش)
	if len(r) >= 5 && r[0] == 'م' && r[1] == 'ا' && r[len(r)-1] == 'ش' {
		r = r[2 : len(r)-1]
	}
	if len(r) >= 4 && r[0] == 'و' {
		r = r[1:]
	}
	if len(r) > 0 && uint32(r[0]-0x600) < 256 {
		for _, i := range arPrefixesBy[r[0]-0x600] {
			if p := arPrefixes[i]; hasPrefix(r, p) && len(r)-len(p) >= 2 {
				r = r[len(p):]
				break
			}
		}
	}
	// Dialect imperfect: ب/ح/ه + imperfect letter (بيعمل، حنروح، هنسافر, بتاخد).
	// (The letters compared one by one: strings.ContainsRune is a call.)
	if len(r) >= 5 && (r[0] == 'ب' || r[0] == 'ح' || r[0] == 'ه') && (r[1] == 'ي' || r[1] == 'ت' || r[1] == 'ن' || r[1] == 'ا') {
		r = r[2:]
	} else if len(r) >= 5 && (r[0] == 'ي' || r[0] == 'ت' || r[0] == 'ن') && r[1] != 'ا' {
		// Imperfect prefix of a verb (يجدد، تسجل، نطلع); only on longer
		// words so nouns like تصريح keep their letters more often than not.
		r = r[1:]
	}
	// The adverb's tanween (رسمياً، شخصياً، ضريبياً), its mark dropped by
	// Normalize: the alif after the nisba ي, so the adverb meets its
	// adjective and noun. Not after ا: معايا "with me", قضايا "cases".
	if len(r) >= 5 && r[len(r)-1] == 'ا' && r[len(r)-2] == 'ي' && r[len(r)-3] != 'ا' {
		r = r[:len(r)-1]
	}
	pronoun := false
	for pass := 0; pass < 2; pass++ {
		if len(r) == 0 || uint32(r[len(r)-1]-0x600) >= 256 {
			break
		}
		for _, i := range arSuffixesBy[r[len(r)-1]-0x600] {
			if s := arSuffixes[i]; hasSuffix(r, s) && len(r)-len(s) >= 3 {
				r = r[:len(r)-len(s)]
				if pass == 0 && arPronoun[i] {
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
	lo = whole - cap(r)
	return lo, lo + len(r)
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
