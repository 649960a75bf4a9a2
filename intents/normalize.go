package intents

import (
	"encoding/binary"
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
	//
	// Runes are handled as their folded form's UTF-8 bytes and length (see
	// foldBytes), which compare as the runes do and are written in one
	// store. A rune folds to at most half as many bytes again (a two-byte
	// rune to three), so the output is written by index into a buffer
	// twice as long as the text (and four bytes of slack for the stores),
	// with no check of its capacity.
	var buf [512]byte // most messages: no allocation but the result's
	out := buf[:]
	if 2*len(s)+4 > len(buf) {
		out = make([]byte, 2*len(s)+4)
	}
	n := 0                               // the output's length
	last, run, runAt := ^uint64(0), 0, 0 // the last rune kept, its run length, where the run starts in out
	const space = ' ' | 1<<32            // ' ' as foldBytes gives it
	for i := 0; i < len(s); {
		if j, m, e := foldLetters(out, n, s, i, last); j > i {
			// The runes up to the next that needs more than a store or a
			// skip, at once (where foldLetters has assembly).
			if m > n { // the last one stored starts a run
				last, run, runAt = e, 1, m-int(e>>32)
			}
			i, n = j, m
			continue
		}
		// Decode by hand: ASCII and the two-byte runes (the Arabic
		// block) are nearly every rune of a message.
		c := s[i]
		var e uint64 // the folded rune: its bytes, and their count << 32; 0 drops it
		switch {
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			e = foldBytes[(uint32(c&0x1F)<<6|uint32(s[i+1]&0x3F))&0x7FF]
			i += 2
		case c < utf8.RuneSelf:
			i++
			e = foldBytes[c]
			if e == space && !signs && (c == '$' || c == '\'') { // both fold to a space
				return normalize(arabiziSigns(s), true)
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if !signs && r == '’' {
				return normalize(arabiziSigns(s), true)
			}
			e = foldedBytes(foldRune(r))
		}
		// Nearly every rune is kept and starts a run of its own: one
		// test for that (e above space: neither dropped nor a space).
		if e > space && e != last {
			last, run, runAt = e, 1, n
		} else {
			if e == 0 || (e == space && (n == 0 || last == space)) {
				continue
			}
			if e != last {
				last, run, runAt = e, 1, n
			} else if run++; run >= 3 && e != space && e-('0'|1<<32) > 9 {
				if run == 3 {
					keep := 2
					if e>>32 == 2 && e&0xFF >= 0xD8 && e&0xFF <= 0xDB { // the Arabic block, U+0600 to U+06FF
						keep = 1
					}
					n = runAt + keep*int(e>>32)
				}
				continue
			}
		}
		binary.LittleEndian.PutUint32(out[n:n+4:n+4], uint32(e))
		n += int(e >> 32)
	}
	for n > 0 && out[n-1] == ' ' {
		n--
	}
	return string(out[:n])
}

// foldBytes is foldTable as normalize reads it: each one- or two-byte
// rune's fold as its UTF-8 bytes (little-endian) plus their count << 32, 0
// for a rune dropped.
var foldBytes = func() (t [0x800]uint64) {
	for r := range t {
		t[r] = foldedBytes(foldTable[r])
	}
	return t
}()

// foldedBytes is a folded rune as normalize handles it: its UTF-8 bytes
// (little-endian) plus their count << 32; 0 for 0 (a rune dropped).
func foldedBytes(r rune) uint64 {
	if r == 0 {
		return 0
	}
	var b [4]byte
	n := utf8.EncodeRune(b[:], r)
	return uint64(binary.LittleEndian.Uint32(b[:])) | uint64(n)<<32
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
// "$" for ش ("$arekt"), "3'" for غ ("3'ali") and the other dotted letters
// (9' ض, 6' ظ, 7' خ), when they stand inside a word. "$5" and "it's" are
// left alone.
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
		case r == '$' && (isLatin(next) || i > 0 && isLatin(rs[i-1])): // and at a word's end: m$ مش
			b.WriteString("sh")
		case r == '3' && (next == '\'' || next == '’') && i+2 < len(rs) && isLatin(rs[i+2]):
			b.WriteString("gh")
			i++
		case (r == '9' || r == '6' || r == '7') && (next == '\'' || next == '’') &&
			(i+2 < len(rs) && isLatin(rs[i+2]) || i > 0 && isLatin(rs[i-1])):
			// The dotted letters: 9' ض, 6' ظ, 7' خ ("9'arbe", "ma7'zan").
			switch r {
			case '9':
				b.WriteString("dh")
			case '6':
				b.WriteString("z")
			default:
				b.WriteString("kh")
			}
			i++
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldRune maps one rune to its normalized form; 0 drops it, ' ' separates.
// foldTable holds foldRune's answer for the one- and two-byte runes (ASCII
// and the Arabic block are nearly every rune of a message), so the common
// case is one array read.
var foldTable = func() (t [0x800]rune) {
	for r := rune(0); r < 0x800; r++ {
		t[r] = foldSlow(r)
	}
	return t
}()

func foldRune(r rune) rune {
	if r >= 0 && r < 0x800 {
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

// appendTokens appends the words of normalized text to toks. Its spaces
// are found first, in one pass (spacesAt: assembly where it has it), for a
// few dozen instructions a question; then the words between them.
func appendTokens(toks []string, norm string) []string {
	var buf [64]int32
	k := spacesAt(norm, buf[:])
	if k > len(buf) {
		return appendTokensSlow(toks, norm)
	}
	prev := 0
	for _, i := range buf[:k] {
		if int(i) > prev {
			toks = append(toks, norm[prev:i])
		}
		prev = int(i) + 1
	}
	if prev < len(norm) {
		toks = append(toks, norm[prev:])
	}
	return toks
}

// appendTokensSlow is appendTokens for text of many spaces, with
// strings.IndexByte.
func appendTokensSlow(toks []string, norm string) []string {
	for norm != "" {
		i := strings.IndexByte(norm, ' ')
		if i < 0 {
			return append(toks, norm)
		}
		if i > 0 {
			toks = append(toks, norm[:i])
		}
		norm = norm[i+1:]
	}
	return toks
}

// spacesAtGo puts the index of each space (' ') of s in at, as many as at
// holds, and returns how many s has: spacesAt without assembly, and its
// reference in the tests.
func spacesAtGo(s string, at []int32) int {
	k := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			if k < len(at) {
				at[k] = int32(i)
			}
			k++
		}
	}
	return k
}
