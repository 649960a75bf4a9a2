package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dalil-project/dalil/redact"
)

// facts are the parts of a text a grounding check compares: every number
// (as a value), every quantity (a number with its unit or currency), every
// phone number and every link. A rephrased answer may only contain facts
// that the approved text it was made from contains.
type facts struct {
	values     map[string]bool // "150", "2.5"
	quantities map[string]bool // "150 JOD", "5 workday", "2 week"
	phones     map[string]bool // digits only
	links      []string        // lower case, without scheme, "www." or a trailing slash
}

// ungrounded explains the first fact of ans that src lacks.
type ungrounded struct{ kind, fact string }

func (u ungrounded) Error() string {
	return fmt.Sprintf("%s %q is not in the approved text", u.kind, u.fact)
}

// covers returns nil when every fact of ans is in src. A text that is not
// final (a prefix of a streamed answer) may end before a word that makes
// "5 days" into "5 working days", so there days also match working days;
// the final text gets no such allowance.
func (src facts) covers(ans facts, final bool) error {
	for _, v := range sortedKeys(ans.values) {
		if !src.values[v] {
			return ungrounded{"number", v}
		}
	}
	for _, q := range sortedKeys(ans.quantities) {
		if src.quantities[q] {
			continue
		}
		if v, ok := strings.CutSuffix(q, " day"); ok && !final && src.quantities[v+" workday"] {
			continue
		}
		return ungrounded{"quantity", q}
	}
	for _, p := range sortedKeys(ans.phones) {
		if !src.phones[p] {
			return ungrounded{"phone", p}
		}
	}
	for _, l := range ans.links {
		ok := false
		for _, s := range src.links {
			if s == l || (strings.HasPrefix(s, l) && (s[len(l)] == '/' || s[len(l)] == '?')) {
				ok = true
				break
			}
		}
		if !ok {
			return ungrounded{"link", l}
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

var (
	linkRE  = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]{}،]+|\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+|\b[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.(?:gov|ps|eg|jo|sa|ae|com|org|net|example|info)\b(?:/[^\s<>"'()\[\]{}،]*)?`)
	phoneRE = regexp.MustCompile(`\+?\(?\d[\d \-()]*\d\)?`)
	numRE   = regexp.MustCompile(`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`)
)

// factsOf reads the facts of a text, in Arabic or English, after folding
// digits (Arabic-Indic, Persian) and dropping direction marks.
func factsOf(text string) facts {
	f := facts{values: map[string]bool{}, quantities: map[string]bool{}, phones: map[string]bool{}}
	s := strings.ToLower(redact.Fold(text))
	s = linkRE.ReplaceAllStringFunc(s, func(l string) string {
		f.links = append(f.links, normLink(l))
		return " "
	})
	s = phoneRE.ReplaceAllStringFunc(s, func(p string) string {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, p)
		if len(digits) < 7 {
			return p
		}
		f.phones[digits] = true
		return " "
	})
	toks := tokenize(s)
	for i, t := range toks {
		switch {
		case t.num != "":
			f.values[t.num] = true
			if u := unitNear(toks, i); u != "" {
				f.quantities[t.num+" "+u] = true
			}
		case t.word != "":
			w := t.word
			if v, ok := numberWords[w]; ok {
				f.values[v] = true
				if u := unitNear(toks, i); u != "" {
					f.quantities[v+" "+u] = true
				}
				continue
			}
			if u, ok := dualUnits[w]; ok {
				f.values["2"] = true
				f.quantities["2 "+workday(toks, i, u)] = true
				continue
			}
			// An Arabic unit in the singular with no number says one:
			// "خلال أسبوع" is within one week.
			if u, ok := units[w]; ok && singularAR[w] && (i == 0 || !isNumber(toks[i-1])) && noWeakNumberAfter(toks, i) {
				f.quantities["1 "+workday(toks, i, u)] = true
				continue
			}
			if v, ok := weakNumberWords[w]; ok {
				// "one" counts only with a unit: "one working day", "يوم عمل واحد".
				if u := unitNear(toks, i); u != "" {
					f.values[v] = true
					f.quantities[v+" "+u] = true
				} else if u := unitBefore(toks, i); u != "" {
					f.values[v] = true
					f.quantities[v+" "+u] = true
				}
			}
		}
	}
	return f
}

// singularAR are the Arabic units whose singular means "one".
var singularAR = map[string]bool{"دقيقه": true, "ساعه": true, "يوم": true, "اسبوع": true, "شهر": true, "سنه": true, "عام": true}

func isNumber(t token) bool {
	_, w := numberWords[t.word]
	_, weak := weakNumberWords[t.word]
	return t.num != "" || w || weak
}

// noWeakNumberAfter reports that no weak number word follows the unit at i
// (that case, "يوم عمل واحد", is counted at the number word).
func noWeakNumberAfter(toks []token, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+2; j++ {
		if _, ok := weakNumberWords[toks[j].word]; ok {
			return false
		}
		if toks[j].word != "عمل" {
			break
		}
	}
	return true
}

func normLink(l string) string {
	l = strings.TrimRight(l, ".,;:!?")
	for _, p := range []string{"https://", "http://", "www."} {
		l = strings.TrimPrefix(l, p)
	}
	return strings.TrimSuffix(l, "/")
}

// token is a number (its canonical value) or a normalized word.
type token struct{ num, word string }

func tokenize(s string) []token {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r >= '0' && r <= '9':
			m := numRE.FindString(string(rs[i:]))
			out = append(out, token{num: canonical(m)})
			i += len([]rune(m))
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j]) || rs[j] == 0x0640) {
				j++
			}
			out = append(out, token{word: lexWord(string(rs[i:j]))})
			i = j
		case r == '$' || r == '₪':
			out = append(out, token{word: string(r)})
			i++
		default:
			i++
		}
	}
	return out
}

// canonical writes a number the same way whatever its form: "1,000" and
// "1000.00" are "1000".
func canonical(m string) string {
	v, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
	if err != nil {
		return m
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// lexWord normalizes an Arabic word (diacritics, tatweel, alef and
// hamza forms, ta marbuta, alef maqsura) and drops a leading conjunction,
// preposition or article when what remains is a word the check knows.
func lexWord(w string) string {
	w = strings.Map(func(r rune) rune {
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
			return -1
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			return 'ا'
		case r == 'ة':
			return 'ه'
		case r == 'ى':
			return 'ي'
		}
		return r
	}, w)
	if known(w) {
		return w
	}
	for _, p := range []string{"وبال", "وال", "بال", "لل", "فال", "ال", "و", "ب", "ل", "ف"} {
		if rest, ok := strings.CutPrefix(w, p); ok && len([]rune(rest)) >= 2 && known(rest) {
			return rest
		}
	}
	return w
}

func known(w string) bool {
	_, a := numberWords[w]
	_, b := weakNumberWords[w]
	_, c := units[w]
	_, d := dualUnits[w]
	_, e := currencies[w]
	return a || b || c || d || e || fillers[w] || w == "عمل"
}

// unitNear finds the unit or currency of the number at i: right after it
// (past at most two words like "working" or "Jordanian"), or a currency
// right before it ("$50", "JOD 50").
func unitNear(toks []token, i int) string {
	for j := i + 1; j < len(toks) && j <= i+3; j++ {
		w := toks[j].word
		if c, ok := currencies[w]; ok {
			return c
		}
		if u, ok := units[w]; ok {
			return workday(toks, j, u)
		}
		if !fillers[w] {
			break
		}
	}
	if i > 0 {
		if c, ok := currencies[toks[i-1].word]; ok {
			return c
		}
	}
	return ""
}

// unitBefore finds a unit just before a weak number word ("يوم عمل واحد").
func unitBefore(toks []token, i int) string {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if u, ok := units[toks[j].word]; ok {
			return workday(toks, j, u)
		}
		if toks[j].word != "عمل" {
			break
		}
	}
	return ""
}

// workday turns "day" into "workday" when the day is a working one:
// "working days", "business day", "أيام عمل", "يوما عمل".
func workday(toks []token, j int, u string) string {
	if u != "day" {
		return u
	}
	if j+1 < len(toks) && toks[j+1].word == "عمل" {
		return "workday"
	}
	if j > 0 && (toks[j-1].word == "working" || toks[j-1].word == "business" || toks[j-1].word == "work") {
		return "workday"
	}
	return u
}

var numberWords = map[string]string{
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
	"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
	"sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
	"forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
	"hundred": "100", "thousand": "1000", "million": "1000000", "half": "0.5", "twice": "2", "dozen": "12",
	"اثنان": "2", "اثنين": "2", "اثنتان": "2", "اثنتين": "2", "ثلاث": "3", "ثلاثه": "3", "اربع": "4", "اربعه": "4",
	"خمس": "5", "خمسه": "5", "ست": "6", "سته": "6", "سبع": "7", "سبعه": "7", "ثمان": "8", "ثماني": "8", "ثمانيه": "8",
	"تسع": "9", "تسعه": "9", "عشر": "10", "عشره": "10", "عشرون": "20", "عشرين": "20", "ثلاثون": "30", "ثلاثين": "30",
	"اربعون": "40", "اربعين": "40", "خمسون": "50", "خمسين": "50", "ستون": "60", "ستين": "60", "سبعون": "70",
	"سبعين": "70", "ثمانون": "80", "ثمانين": "80", "تسعون": "90", "تسعين": "90", "مئه": "100", "مائه": "100",
	"ميه": "100", "مئتان": "200", "مئتين": "200", "مائتان": "200", "مائتين": "200", "الف": "1000", "الفان": "2000",
	"الفين": "2000", "مليون": "1000000", "نصف": "0.5",
}

var weakNumberWords = map[string]string{"one": "1", "a": "1", "an": "1", "single": "1", "واحد": "1", "واحده": "1"}

var units = map[string]string{
	"minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute", "دقيقه": "minute", "دقائق": "minute", "دقايق": "minute",
	"hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "ساعه": "hour", "ساعات": "hour",
	"day": "day", "days": "day", "يوم": "day", "ايام": "day", "يوما": "day",
	"week": "week", "weeks": "week", "اسبوع": "week", "اسابيع": "week",
	"month": "month", "months": "month", "شهر": "month", "شهور": "month", "اشهر": "month",
	"year": "year", "years": "year", "سنه": "year", "سنوات": "year", "سنين": "year", "عام": "year", "اعوام": "year",
}

var dualUnits = map[string]string{
	"دقيقتان": "minute", "دقيقتين": "minute", "ساعتان": "hour", "ساعتين": "hour", "يومان": "day", "يومين": "day",
	"اسبوعان": "week", "اسبوعين": "week", "شهران": "month", "شهرين": "month", "سنتان": "year", "سنتين": "year",
	"عامان": "year", "عامين": "year",
}

var currencies = map[string]string{
	"dinar": "JOD", "dinars": "JOD", "jod": "JOD", "jd": "JOD", "دينار": "JOD", "دينارا": "JOD", "دنانير": "JOD",
	"shekel": "ILS", "shekels": "ILS", "sheqel": "ILS", "ils": "ILS", "nis": "ILS", "شيكل": "ILS", "شيكلا": "ILS",
	"شيقل": "ILS", "شواكل": "ILS", "₪": "ILS",
	"pound": "EGP", "pounds": "EGP", "egp": "EGP", "جنيه": "EGP", "جنيها": "EGP", "جنيهات": "EGP",
	"dollar": "USD", "dollars": "USD", "usd": "USD", "$": "USD", "دولار": "USD", "دولارا": "USD", "دولارات": "USD",
}

// fillers may stand between a number and its unit.
var fillers = map[string]bool{
	"working": true, "business": true, "work": true, "calendar": true, "jordanian": true, "us": true,
	"egyptian": true, "israeli": true, "new": true, "اردني": true, "اردنيا": true, "امريكي": true, "امريكيا": true,
	"مصري": true, "مصريا": true, "جديد": true,
}

// isolateLTR wraps phone numbers and links of an Arabic text in
// left-to-right isolates (as render does for approved text), so the bidi
// algorithm does not reorder them.
func isolateLTR(lang, text string) string {
	if lang != "ar" {
		return text
	}
	text = redact.Fold(text) // drops isolates the model may have kept
	wrap := func(s string) string { return ltr(lang, s) }
	text = linkRE.ReplaceAllStringFunc(text, wrap)
	return phoneRE.ReplaceAllStringFunc(text, func(p string) string {
		n := 0
		for _, r := range p {
			if r >= '0' && r <= '9' {
				n++
			}
		}
		if n < 7 {
			return p
		}
		return wrap(p)
	})
}
