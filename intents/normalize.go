package intents

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize folds the spelling variation of Arabic (and the case of Latin
// text) so that knowledge-base text and citizen questions meet in one form.
// It is the only normalizer: the index and the matcher both call it.
//
//   - diacritics, tatweel and direction marks are removed;
//   - alef forms (أ إ آ ٱ) become ا, ى becomes ي, ة becomes ه, ؤ becomes و, ئ becomes ي;
//   - Persian letters (ک ی گ) become Arabic (ك ي ك);
//   - Arabic-Indic and Persian digits become ASCII digits;
//   - a letter repeated three or more times collapses to one ("شكراااا");
//   - punctuation (also ، ؛ ؟) becomes a space; runs of space collapse.
func Normalize(s string) string { return normalize(s, false) }

// normalize is Normalize; signs reports that s has been through
// arabiziSigns already. The Arabizi signs ($, the apostrophe, ’) are looked for
// in the folding pass itself, which starts over on the spelled-out text
// when it meets one (rare), instead of scanning the text beforehand.
func normalize(s string, signs bool) string {
	// One pass: fold each rune, collapse spaces, and collapse elongation (a
	// run of three or more of one letter is emphasis, "شكراااا",
	// "pleaaase", never spelling; an Arabic run becomes one letter, a Latin
	// run two, since English doubles letters, Arabic "ممكن" too).
	var buf [192]byte // most messages: no allocation but the result's
	out := buf[:0]
	if len(s) > len(buf) {
		out = make([]byte, 0, len(s))
	}
	last, run, runAt := rune(-1), 0, 0 // the last rune kept, its run length, where the run starts in out
	for i := 0; i < len(s); {
		// Decode by hand: ASCII and the two-byte runes (the Arabic
		// block) are nearly every rune of a message.
		c := s[i]
		var r rune
		switch {
		case c < utf8.RuneSelf:
			i++
			r = foldTable[c]
			if r == ' ' && !signs && (c == '$' || c == '\'') { // both fold to a space
				return normalize(arabiziSigns(s), true)
			}
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			r = rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			i += 2
			r = foldRune(r)
		default:
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
			if !signs && r == '’' {
				return normalize(arabiziSigns(s), true)
			}
			r = foldRune(r)
		}
		if r == 0 || (r == ' ' && (len(out) == 0 || last == ' ')) {
			continue
		}
		if r != last {
			last, run, runAt = r, 1, len(out)
			out = appendRune(out, r)
			continue
		}
		run++
		if run < 3 || r == ' ' || (r >= '0' && r <= '9') {
			out = appendRune(out, r)
			continue
		}
		if run == 3 {
			keep := 2
			if isArabic(r) {
				keep = 1
			}
			out = out[:runAt+keep*utf8.RuneLen(r)]
		}
	}
	for len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	return string(out)
}

// appendRune is utf8.AppendRune with the two-byte case inline.
func appendRune(p []byte, r rune) []byte {
	if r < utf8.RuneSelf && r >= 0 {
		return append(p, byte(r))
	}
	if r < 0x800 && r >= 0 {
		return append(p, 0xC0|byte(r>>6), 0x80|byte(r)&0x3F)
	}
	return utf8.AppendRune(p, r)
}

// arabiziSigns spells out the non-letter signs Arabizi uses for letters:
// "$" for ش ("$arekt") and "3'" for غ ("3'ali"), when they stand inside a
// word. "$5" and "it's" are left alone.
func arabiziSigns(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == '$' && isLatin(next):
			b.WriteString("sh")
		case r == '3' && (next == '\'' || next == '’') && i+2 < len(rs) && isLatin(rs[i+2]):
			b.WriteString("gh")
			i++
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldRune maps one rune to its normalized form; 0 drops it, ' ' separates.
// foldTable holds foldRune's answer for ASCII and the Arabic block, the
// runes of nearly every message, so the common case is one array read.
var foldTable = func() (t [0x700]rune) {
	for r := rune(0); r < 0x700; r++ {
		t[r] = foldSlow(r)
	}
	return t
}()

func foldRune(r rune) rune {
	if r >= 0 && r < 0x700 {
		return foldTable[r]
	}
	return foldSlow(r)
}

func foldSlow(r rune) rune {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640: // harakat, superscript alef, tatweel
		return 0
	case r == 0x200E, r == 0x200F, r == 0x200B, r == 0x200C, r == 0x200D, r == 0xFEFF,
		r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // direction marks, zero-width
		return 0
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ی', 'ئ':
		return 'ي'
	case 'ة':
		return 'ه'
	case 'ؤ':
		return 'و'
	case 'ک':
		return 'ك'
	case 'گ':
		return 'ك'
	case 'ء':
		return 'ء'
	case '،', '؛', '؟', '٪', '«', '»':
		return ' '
	}
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			return r
		}
		return ' '
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return unicode.ToLower(r)
	}
	return ' '
}

func isArabic(r rune) bool { return r >= 0x0600 && r <= 0x06FF }

func isLatin(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

// Tokens splits normalized text (Normalize's output, whose only space is
// ' ') into words. Digits glued to Latin letters stay (Arabizi "3ayez").
func Tokens(norm string) []string {
	return appendTokens(make([]string, 0, tokenCount(norm)), norm)
}

// tokenCount is at least the number of Tokens of normalized text (exactly
// that for Normalize's output).
func tokenCount(norm string) int {
	if norm == "" {
		return 0
	}
	return strings.Count(norm, " ") + 1
}

// appendTokens appends the words of normalized text to toks.
func appendTokens(toks []string, norm string) []string {
	start := 0 // of the current word
	for i := 0; i < len(norm); i++ {
		if norm[i] == ' ' {
			if i > start {
				toks = append(toks, norm[start:i])
			}
			start = i + 1
		}
	}
	if start < len(norm) {
		toks = append(toks, norm[start:])
	}
	return toks
}
