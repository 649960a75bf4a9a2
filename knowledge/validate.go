package knowledge

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits, in characters. Longer texts make unreadable chat replies;
// a long "example" is usually a pasted document, not a citizen's question.
const (
	MaxTextLen    = 2000 // each language of a Text field
	MaxExampleLen = 500
	MaxKeywordLen = 100
)

// Problem is one thing wrong with a record.
type Problem struct {
	File string // file name relative to the loaded root, e.g. passport-renewal.yaml
	Path string // field path, e.g. fees[1].amount or channels.offices[0].city.ar; empty for the whole file
	Msg  string
}

// String returns "file: path: msg", or "file: msg" when the problem concerns
// the whole file.
func (p Problem) String() string {
	if p.Path == "" {
		return p.File + ": " + p.Msg
	}
	return p.File + ": " + p.Path + ": " + p.Msg
}

// ValidationError is returned by Load, New and WriteDir when records have
// problems. It carries every problem found, not just the first.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString("knowledge: 1 problem:")
	} else {
		fmt.Fprintf(&b, "knowledge: %d problems:", len(e.Problems))
	}
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// checkService returns the problems of one record, in field order. It knows
// nothing of files or of other records: readRecord checks the file name and
// duplicateIDs the ids across records.
func checkService(file string, s *Service) []Problem {
	c := checker{file: file}
	c.service(s)
	return c.problems
}

type checker struct {
	file     string
	problems []Problem
}

func (c *checker) add(p at, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: c.file, Path: p.String(), Msg: fmt.Sprintf(format, args...)})
}

// at is a field path, formatted only when a problem is reported: building
// a path string for every field of every record was most of the validation
// cost of a load.
type at struct {
	base string // e.g. "fees"
	i    int    // index into base, or -1 for none
	rest string // e.g. ".conditions.ar"
}

func field(path string) at { return at{base: path, i: -1} }

func item(list string, i int) at { return at{base: list, i: i} }

// dot returns the path of a sub-field, e.g. p.dot("ar").
func (p at) dot(name string) at {
	p.rest += "." + name
	return p
}

func (p at) String() string {
	if p.i < 0 {
		return p.base + p.rest
	}
	return p.base + "[" + strconv.Itoa(p.i) + "]" + p.rest
}

func (c *checker) service(s *Service) {
	full := !s.ExamplesOnly

	switch {
	case s.ID == "":
		c.add(field("id"), "missing")
	case !validID(s.ID):
		c.add(field("id"), "%q is not lowercase kebab-case (a-z, 0-9, single dashes)", s.ID)
	}

	switch {
	case s.Category == "" && !full:
		// Imported records get their category when an editor completes them.
	case s.Category == "":
		c.add(field("category"), "missing")
	case !slices.Contains(Categories, s.Category):
		c.add(field("category"), "unknown category %q (want one of %s)", s.Category, strings.Join(Categories, ", "))
	}

	if full {
		c.text(field("title"), s.Title, true)
	} else {
		c.importedTitle(field("title"), s.Title)
	}
	c.text(field("summary"), s.Summary, full)
	c.texts("eligibility", s.Eligibility)
	c.texts("documents", s.Documents)
	for i, f := range s.Fees {
		c.fee(i, f)
	}
	if full && len(s.Fees) == 0 {
		c.add(field("fees"), "need at least one fee (amount 0 for a free service)")
	}
	c.texts("steps", s.Steps)
	if full && len(s.Documents) == 0 && len(s.Steps) == 0 {
		c.add(field("documents"), "need at least one of documents or steps")
	}
	c.text(field("processing_time"), s.ProcessingTime, full)
	c.channels(s.Channels, full)
	c.text(field("legal_basis"), s.LegalBasis, full)

	notes := make([]Aspect, 0, len(s.Notes))
	for a := range s.Notes {
		notes = append(notes, a)
	}
	slices.Sort(notes)
	for _, a := range notes {
		p := field("notes").dot(string(a))
		if !slices.Contains(Aspects, a) {
			c.add(p, "unknown aspect %q (want one of %s)", a, aspectList())
		}
		c.text(p, s.Notes[a], true)
	}

	c.phrases("examples", s.Examples, MaxExampleLen, true)
	if full {
		if len(s.Examples.AR) == 0 {
			c.add(field("examples.ar"), "need at least one Arabic example")
		}
		if len(s.Examples.EN) == 0 {
			c.add(field("examples.en"), "need at least one English example")
		}
	} else if len(s.Examples.AR)+len(s.Examples.EN) == 0 {
		c.add(field("examples"), "need at least one example")
	}
	c.phrases("keywords", s.Keywords, MaxKeywordLen, false)
	c.phrases("not_for", s.NotFor, MaxExampleLen, true)
	// A phrase cannot be both how citizens ask for the service and what
	// it does not cover.
	for _, l := range [...]struct {
		lang          string
		examples, not []string
	}{{"ar", s.Examples.AR, s.NotFor.AR}, {"en", s.Examples.EN, s.NotFor.EN}} {
		ex := make(map[string]int, len(l.examples))
		for i, e := range l.examples {
			ex[phraseKey(e)] = i
		}
		for i, n := range l.not {
			if j, ok := ex[phraseKey(n)]; ok && !isBlank(n) {
				c.add(item("not_for."+l.lang, i), "also %s: a near miss cannot be an example", item("examples."+l.lang, j))
			}
		}
	}

	if s.Version < 0 {
		c.add(field("version"), "must be >= 0, got %d", s.Version)
	}
}

// text checks one bilingual Text. A required Text that is entirely absent is
// one problem ("missing"), not one per language.
func (c *checker) text(p at, t Text, required bool) {
	if t.IsZero() {
		if required {
			c.add(p, "missing")
		}
		return
	}
	ar, en := c.lang(p, "ar", "Arabic", t.AR), c.lang(p, "en", "English", t.EN)
	if ar && !hasArabicLetter(t.AR) {
		c.add(p.dot("ar"), "Arabic text has no Arabic letters (languages swapped?)")
	}
	if en && mostlyArabic(t.EN) {
		c.add(p.dot("en"), "English text is mostly Arabic script (languages swapped?)")
	}
	if ar && en {
		c.numbers(p, t)
	}
}

// lang checks one language of a Text and reports whether it is present.
func (c *checker) lang(p at, code, name, s string) bool {
	if isBlank(s) {
		c.add(p.dot(code), "missing %s text", name)
		return false
	}
	c.str(p, code, s, MaxTextLen)
	return true
}

// importedTitle checks the title of an examples-only record. Import copies
// the label into both languages, so one language is enough and the script
// checks do not apply.
func (c *checker) importedTitle(p at, t Text) {
	if isBlank(t.AR) && isBlank(t.EN) {
		c.add(p, "missing")
		return
	}
	if t.AR != "" {
		c.str(p, "ar", t.AR, MaxTextLen)
	}
	if t.EN != "" {
		c.str(p, "en", t.EN, MaxTextLen)
	}
	if t.AR != "" && t.EN != "" {
		c.numbers(p, t)
	}
}

func (c *checker) texts(list string, ts []Text) {
	for i, t := range ts {
		c.text(item(list, i), t, true)
	}
}

// numbers catches a fee or a duration edited in one language only: both
// languages must mention the same numbers, whatever digits they are written in.
func (c *checker) numbers(p at, t Text) {
	if sameNumbers(t.AR, t.EN) {
		return
	}
	c.add(p, "numbers differ between ar and en (ar %v, en %v)", digitRuns(t.AR), digitRuns(t.EN))
}

// sameNumbers reports whether slices.Equal(digitRuns(a), digitRuns(b)),
// without allocating in the common case of a few short numbers.
func sameNumbers(a, b string) bool {
	var abuf, bbuf [16]uint64
	ar, aok := packedRuns(a, abuf[:0])
	br, bok := packedRuns(b, bbuf[:0])
	if !aok || !bok {
		return slices.Equal(digitRuns(a), digitRuns(b))
	}
	if len(ar) != len(br) {
		return false
	}
	slices.Sort(ar)
	slices.Sort(br)
	return slices.Equal(ar, br)
}

// packedRuns appends each digit run of s to runs as value<<5 | length, the
// length keeping "007" apart from "7". ok is false if a run is too long to pack.
func packedRuns(s string, runs []uint64) (_ []uint64, ok bool) {
	var v, n uint64
	for _, r := range s {
		if d, isDigit := foldDigit(r); isDigit {
			if n == 15 {
				return runs, false
			}
			v, n = v*10+uint64(d-'0'), n+1
			continue
		}
		if n > 0 {
			runs = append(runs, v<<5|n)
			v, n = 0, 0
		}
	}
	if n > 0 {
		runs = append(runs, v<<5|n)
	}
	return runs, true
}

// str checks what every free text must respect: a length limit and no markup,
// since replies are rendered by clients that may not escape HTML. The path is
// p, or p.sub when sub is not empty.
func (c *checker) str(p at, sub, s string, max int) {
	// A string of at most max bytes has at most max characters.
	if len(s) > max {
		if n := utf8.RuneCountInString(s); n > max {
			c.add(p.sub(sub), "too long: %d characters (max %d)", n, max)
		}
	}
	if hasMarkup(s) {
		c.add(p.sub(sub), "contains HTML or script markup")
	}
}

func (p at) sub(name string) at {
	if name == "" {
		return p
	}
	return p.dot(name)
}

func (c *checker) fee(i int, f Fee) {
	p := item("fees", i)
	switch {
	case math.IsNaN(f.Amount) || math.IsInf(f.Amount, 0):
		c.add(p.dot("amount"), "not a number")
	case f.Amount < 0:
		c.add(p.dot("amount"), "negative amount %v", f.Amount)
	}
	switch {
	case f.Currency == "":
		c.add(p.dot("currency"), "missing")
	case !validCurrency(f.Currency):
		c.add(p.dot("currency"), "%q is not a 3-letter upper-case ISO 4217 code", f.Currency)
	}
	c.text(at{"fees", i, ".conditions"}, f.Conditions, true)
}

func (c *checker) channels(ch Channels, full bool) {
	if ch.Online != "" && !validHTTPS(ch.Online) {
		c.add(field("channels.online"), "%q is not an absolute https URL", ch.Online)
	}
	if ch.Phone != "" && !validPhone(ch.Phone) {
		c.add(field("channels.phone"), "%q: use digits, +, spaces and dashes only, with at least 6 digits", ch.Phone)
	}
	for i, o := range ch.Offices {
		c.text(at{"channels.offices", i, ".name"}, o.Name, true)
		c.text(at{"channels.offices", i, ".city"}, o.City, true)
		c.text(at{"channels.offices", i, ".hours"}, o.Hours, true)
	}
	if full && ch.Online == "" && ch.Phone == "" && len(ch.Offices) == 0 {
		c.add(field("channels"), "need an online URL, a phone number or at least one office")
	}
}

// phrases checks examples or keywords. Duplicates are compared after case and
// space folding, the way the matcher will see them.
func (c *checker) phrases(path string, p Phrases, max int, noDuplicates bool) {
	for _, l := range [...]struct {
		path string
		list []string
	}{{path + ".ar", p.AR}, {path + ".en", p.EN}} {
		var seen map[uint64]int
		if noDuplicates {
			seen = make(map[uint64]int, len(l.list))
		}
		for i, s := range l.list {
			ip := item(l.path, i)
			if isBlank(s) {
				c.add(ip, "empty")
				continue
			}
			c.str(ip, "", s, max)
			if noDuplicates {
				k := phraseHash(s)
				if j, ok := seen[k]; ok && phraseKey(l.list[j]) == phraseKey(s) {
					c.add(ip, "duplicate of %s", item(l.path, j))
					continue
				}
				seen[k] = i
			}
		}
	}
}

// duplicateIDs reports an id used by more than one record, once on each:
// report(i, p) for record i. ids[i] is empty for records without an id.
func duplicateIDs(ids, files []string, report func(i int, p Problem)) {
	byID := make(map[string][]int, len(ids))
	for i, id := range ids {
		if id != "" {
			byID[id] = append(byID[id], i)
		}
	}
	for i, id := range ids {
		dup := byID[id]
		if len(dup) < 2 {
			continue
		}
		var others []string
		for _, j := range dup {
			if j != i {
				others = append(others, files[j])
			}
		}
		report(i, Problem{File: files[i], Path: "id", Msg: fmt.Sprintf("duplicate id %q (also in %s)", id, strings.Join(others, ", "))})
	}
}

func aspectList() string {
	s := make([]string, len(Aspects))
	for i, a := range Aspects {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validID(id string) bool { return idPattern.MatchString(id) }

func validCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func validHTTPS(s string) bool {
	if strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Hostname() != "" && u.User == nil && u.Opaque == ""
}

func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == ' ' || r == '-':
		default:
			return false
		}
	}
	return digits >= 6
}

// markup matches HTML tags and comments. Applied only to texts containing '<',
// so plain texts cost one byte scan.
var markup = regexp.MustCompile(`(?i)<script|<!--|</?[a-z][a-z0-9-]*(\s[^<>]*)?/?>`)

func hasMarkup(s string) bool {
	return strings.IndexByte(s, '<') >= 0 && markup.MatchString(s)
}

func isArabicLetter(r rune) bool { return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) }

func hasArabicLetter(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && isArabicLetter(r) {
			return true
		}
	}
	return false
}

// mostlyArabic reports whether more than half of the letters of s are Arabic.
// Place names or a quoted Arabic term in an English text stay well below that.
func mostlyArabic(s string) bool {
	letters, arabic := 0, 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r|0x20 && r|0x20 <= 'z' {
				letters++
			}
		case isArabicLetter(r):
			letters++
			arabic++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return arabic*2 > letters
}

// digitRuns returns the maximal runs of digits in s, sorted, after folding
// Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII.
func digitRuns(s string) []string {
	var runs []string
	var cur []byte
	for _, r := range s {
		d, ok := foldDigit(r)
		if ok {
			cur = append(cur, d)
			continue
		}
		if len(cur) > 0 {
			runs = append(runs, string(cur))
			cur = cur[:0]
		}
	}
	if len(cur) > 0 {
		runs = append(runs, string(cur))
	}
	slices.Sort(runs)
	return runs
}

func foldDigit(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= '٠' && r <= '٩':
		return byte('0' + r - '٠'), true
	case r >= '۰' && r <= '۹':
		return byte('0' + r - '۰'), true
	}
	return 0, false
}

// phraseKey folds case and spacing, so "Renew  Passport" and "renew passport"
// count as the same example.
func phraseKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// phraseHash is an FNV-1a hash of phraseKey(s), computed without allocating.
// Equal hashes are confirmed with phraseKey before a duplicate is reported.
func phraseHash(s string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	space := false // a space is pending: emitted before the next word only
	started := false
	for _, r := range s {
		if r < utf8.RuneSelf {
			if asciiSpace[r] {
				space = true
				continue
			}
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else if unicode.IsSpace(r) {
			space = true
			continue
		} else if r < 0x600 || r > 0x6ff { // the Arabic block has no case
			r = unicode.ToLower(r)
		}
		if space && started {
			h = (h ^ ' ') * prime
		}
		space, started = false, true
		for ; r > 0; r >>= 8 {
			h = (h ^ uint64(r&0xff)) * prime
		}
	}
	return h
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
