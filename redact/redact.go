package redact

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Placeholders that replace what was found.
const (
	Email    = "[EMAIL]"
	IBAN     = "[IBAN]"
	Passport = "[PASSPORT]"
	Phone    = "[PHONE]"
	ID       = "[ID]"
	Card     = "[CARD]"
	Date     = "[DATE]"
	Number   = "[NUMBER]"
)

// Fold removes direction marks and other invisible format characters, and
// turns Arabic-Indic, Persian and full-width digits into ASCII digits. Unusual
// spaces become a plain space and dashes a hyphen-minus, so numbers written
// with them are still seen as one. Everything else is left as it is.
func Fold(s string) string {
	clean := true
	for _, r := range s {
		if r >= utf8.RuneSelf && foldRune(r) != r {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := foldRune(r); f >= 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// foldRune maps one rune; -1 drops it.
func foldRune(r rune) rune {
	switch {
	case r >= 0x0660 && r <= 0x0669: // Arabic-Indic
		return '0' + r - 0x0660
	case r >= 0x06F0 && r <= 0x06F9: // Extended Arabic-Indic (Persian, Urdu)
		return '0' + r - 0x06F0
	case r >= 0xFF10 && r <= 0xFF19: // full-width
		return '0' + r - 0xFF10
	case r == 0xFF0B:
		return '+'
	case r == 0x066B: // Arabic decimal separator
		return '.'
	case r == 0x066C: // Arabic thousands separator
		return ','
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r >= 0x2066 && r <= 0x2069, r == 0x061C, r == 0xFEFF, r == 0x00AD, r == 0x180E:
		return -1 // zero-width, bidi embeddings/overrides/isolates, ALM, BOM, soft hyphen
	case r == 0x00A0, r == 0x2007, r == 0x202F, r >= 0x2000 && r <= 0x200A, r == 0x3000:
		return ' '
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63, r == 0xFF0D:
		return '-'
	}
	return r
}

var (
	emailRE = regexp.MustCompile(`(?i)[a-z0-9._%+\-]+ ?@ ?[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)+`)
	// An IBAN starts with a country code and two check digits; its length
	// is settled in iban().
	ibanStartRE = regexp.MustCompile(`(?i)\b[a-z]{2}[0-9]{2}`)
	passportRE  = regexp.MustCompile(`(?i)\b[a-z]{1,2}[0-9]{6,9}\b`)
	// A passport number without letters is told by the word before it.
	passportWordRE = regexp.MustCompile(`(?i)(passport|جواز|جوز|باسبور|باسبورت|باسپورت)[^0-9]{0,14}$`)
)

// Text returns s folded (see Fold) with personal data replaced by the
// placeholders above. It is idempotent: Text(Text(s)) == Text(s).
func Text(s string) string {
	s = Fold(s)
	if !hasCandidate(s) {
		return s
	}
	s = emailRE.ReplaceAllString(s, Email)
	s = ibans(s)
	s = passportRE.ReplaceAllString(s, Passport)
	return numbers(s)
}

// hasCandidate is a fast path: no '@' and fewer than six digits in a row
// or in total means nothing to find.
func hasCandidate(s string) bool {
	if strings.IndexByte(s, '@') >= 0 {
		return true
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
			if n >= 6 {
				return true
			}
		}
	}
	return false
}

// ibanLen is the length of the IBAN of some countries (those Dalil's
// citizens are likeliest to write, and a few common abroad).
var ibanLen = map[string]int{
	"PS": 29, "EG": 29, "JO": 30, "SA": 24, "AE": 23, "IL": 23, "LB": 28, "KW": 30,
	"QA": 29, "BH": 22, "OM": 23, "IQ": 23, "TR": 26, "GB": 22, "DE": 22,
	"FR": 27, "IT": 27, "ES": 24, "NL": 18, "BE": 16, "CH": 21, "AT": 20, "SE": 24,
}

// ibans replaces IBANs, written compact or in groups ("PS92 PALS 0000 …").
// A known country's IBAN of the right length is removed even with a wrong
// check (a typo is still an account number); for other countries the
// longest run of 15-34 characters that passes the mod-97 check is removed.
func ibans(s string) string {
	locs := ibanStartRE.FindAllStringIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		if loc[0] < last {
			continue
		}
		// Collect up to 34 alphanumerics, allowing one space or dash
		// between them; ends[k] is where the k+1-th character ends.
		var chars []byte
		var ends []int
		i := loc[0]
		for i < len(s) && len(chars) < 34 {
			c := s[i]
			if isAlnum(c) {
				chars = append(chars, upper(c))
				ends = append(ends, i+1)
				i++
				continue
			}
			if (c == ' ' || c == '-') && i+1 < len(s) && isAlnum(s[i+1]) && len(chars) >= 4 {
				i++
				continue
			}
			break
		}
		end := -1
		if n, ok := ibanLen[string(chars[:2])]; ok && n > 0 {
			if len(chars) >= n && (len(ends) == n || !isAlnum(s[ends[n-1]])) {
				end = ends[n-1]
			}
		} else {
			for n := len(chars); n >= 15; n-- {
				if mod97(chars[:n]) == 1 && (n == len(chars) || s[ends[n-1]] == ' ' || s[ends[n-1]] == '-') {
					end = ends[n-1]
					break
				}
			}
		}
		if end < 0 {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(IBAN)
		last = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// mod97 is ISO 13616's check: the first four characters moved to the end,
// letters as 10..35, the whole read as a number modulo 97.
func mod97(chars []byte) int {
	r := 0
	add := func(c byte) {
		if c >= 'A' {
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
			return
		}
		r = (r*10 + int(c-'0')) % 97
	}
	for _, c := range chars[4:] {
		add(c)
	}
	for _, c := range chars[:4] {
		add(c)
	}
	return r
}

// chunk is one written number: digit groups joined by separators.
type chunk struct {
	start, end int    // byte offsets in the text
	plus       bool   // written with a leading +
	digits     []byte // every digit, in order
	groups     []int  // length of each run of digits
	seps       []byte // the separators between groups (one per gap, the first if several)
}

// numbers finds every written number and replaces those that are personal
// data.
func numbers(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		startsNumber := isDigit(c) || ((c == '+' || c == '(') && i+1 < len(s) && isDigit(s[i+1]))
		if !startsNumber {
			i++
			continue
		}
		ch := scan(s, i)
		if label := classify(s, ch); label != "" {
			b.WriteString(s[last:ch.start])
			b.WriteString(label)
			last = ch.end
		}
		i = ch.end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSep(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')'
}

// scan reads the number starting at i: digits, and separators of at most
// two characters ("-", ") ") between digit groups.
func scan(s string, i int) chunk {
	ch := chunk{start: i}
	if s[i] == '+' {
		ch.plus = true
		i++
	}
	run := 0
	for i < len(s) {
		c := s[i]
		if isDigit(c) {
			ch.digits = append(ch.digits, c)
			run++
			i++
			continue
		}
		// A separator counts only when digits follow it.
		j := i
		for j < len(s) && j-i < 2 && isSep(s[j]) {
			j++
		}
		if j > i && j < len(s) && isDigit(s[j]) && (run > 0 || s[i] == '(') {
			if run > 0 {
				ch.groups = append(ch.groups, run)
				ch.seps = append(ch.seps, c)
			}
			run = 0
			i = j
			continue
		}
		if run == 0 && c == '(' && j > i {
			i = j
			continue
		}
		break
	}
	if run > 0 {
		ch.groups = append(ch.groups, run)
	}
	ch.end = i
	// A closing parenthesis right after the digits belongs to the number.
	if ch.end < len(s) && s[ch.end] == ')' && strings.IndexByte(s[ch.start:ch.end], '(') >= 0 {
		ch.end++
	}
	return ch
}

var (
	egyMobile   = regexp.MustCompile(`^(?:20|0)?1[0125][0-9]{8}$`)
	palMobile   = regexp.MustCompile(`^(?:97[02]|0)5[0-9]{8}$`)
	landline    = regexp.MustCompile(`^0[1-9][0-9]{6,9}$`)
	passportLen = func(n int) bool { return n >= 6 && n <= 9 }
)

// classify says what a number is, or "" when it may stay.
func classify(s string, ch chunk) string {
	d := string(ch.digits)
	n := len(d)
	if n < 6 {
		return ""
	}
	// International forms: + or 00, then a country code and the number.
	if ch.plus && n >= 8 && n <= 15 {
		return Phone
	}
	if strings.HasPrefix(d, "00") && n >= 10 && n <= 17 {
		return Phone
	}
	switch {
	case egyMobile.MatchString(d), palMobile.MatchString(d):
		return Phone
	case n == 14:
		return ID
	case n >= 13 && n <= 19 && luhn(ch.digits):
		return Card
	}
	if n == 9 && luhn(ch.digits) {
		return ID
	}
	if passportLen(n) && len(ch.groups) == 1 && passportWordRE.MatchString(s[:ch.start]) {
		return Passport
	}
	switch {
	case landline.MatchString(d) && len(ch.groups) <= 4:
		return Phone
	case isDate(ch):
		return Date
	case n < 7:
		return ""
	}
	biggest := 0
	for _, g := range ch.groups {
		biggest = max(biggest, g)
	}
	// Two short groups ("150 2024") are more likely two numbers than one.
	if len(ch.groups) == 2 && biggest < 5 {
		return ""
	}
	return Number
}

// isDate reports a day-month-year or year-month-day date.
func isDate(ch chunk) bool {
	if len(ch.groups) != 3 || ch.seps[0] != ch.seps[1] || ch.seps[0] == ' ' || ch.seps[0] == '(' || ch.seps[0] == ')' {
		return false
	}
	g := ch.groups
	return (g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4)) || (g[0] == 4 && g[1] <= 2 && g[2] <= 2)
}

// luhn is the Luhn check (cards, and Palestinian ids: see the package doc).
func luhn(digits []byte) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		v := int(digits[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}
