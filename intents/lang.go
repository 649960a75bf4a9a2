package intents

import (
	"strings"
	"unicode/utf8"
)

// Script is what a message is written in.
type Script string

const (
	ScriptArabic  Script = "ar"      // Arabic letters (MSA or dialect)
	ScriptEnglish Script = "en"      // Latin letters, English
	ScriptArabizi Script = "arabizi" // Arabic written in Latin letters and digits
	ScriptMixed   Script = "mixed"   // both scripts in one message
	ScriptNone    Script = ""        // no letters at all
)

// ReplyLang is the language to answer a message in: Arabic for Arabic,
// Arabizi and Arabic-led mixed text; English for English and English-led
// mixed text; "" when the message has no letters (keep the previous one).
func (s Script) ReplyLang(arabicLed bool) string {
	switch s {
	case ScriptArabic, ScriptArabizi:
		return "ar"
	case ScriptEnglish:
		return "en"
	case ScriptMixed:
		if arabicLed {
			return "ar"
		}
		return "en"
	}
	return ""
}

// arabiziMarkers are Latin words that only Arabic written in Latin letters
// uses; one strong marker or two weak ones make a message Arabizi.
var arabiziStrong = toSet(
	"bade", "baddi", "badi", "bdi", "biddi", "3ayez", "3ayza", "3awez", "3ayz", "ezay", "ezzay", "izzay", "izay",
	"shu", "sho", "shou", "kif", "keef", "kaif", "wein", "fein", "lazem", "lazim", "momken", "mumkin", "mumken",
	"2addesh", "addesh", "adesh", "2adesh", "adeh", "2adeh", "bkam", "bekam", "3ashan", "3shan", "ashan", "3ala",
	"ana", "enta", "enti", "inta", "inti", "e7na", "i7na", "ehna", "ihna", "mesh", "msh", "mish", "mush", "wala",
	"walla", "lel", "bel", "fel", "wel", "lil", "bil", "fil", "abgha", "abga", "ab8a", "yalla", "ya3ni", "y3ni",
	"mafi", "ma3", "ma3i", "3andi", "3indi", "andi", "ibni", "ebni", "binti", "benti", "abuya", "abooy", "abuy",
	"ummi", "omi", "marti", "merati", "mrati", "lessa", "lissa", "hal2", "halla2", "delwa2ti", "dilwa2ti", "el7en",
	"alhin", "keda", "kida", "hek", "heik", "kteer", "ktir", "awi", "shway", "shwaya", "tayeb", "khalas",
	"5alas", "feen", "wen", "wain", "emta", "imta", "eimta", "leh", "lesh", "laish", "eish", "wesh",
	"a2dar", "2adar", "2a2dar", "ba2dar", "bi2dar", "yenfa3", "ynfa3", "biddo", "baddo", "bado", "ra7", "7a",
	"mafish", "mafeesh", "fi", "fe", "3an", "3al", "3a", "el", "il", "al", "mn", "min", "men",
	"rosoom", "rusoom", "rsoom", "floos", "awra2", "wara2", "a2addem", "2addem", "ba2dar", "bi2dar", "bta3", "bta3i", "taba3i",
	"shukran", "shokran", "shukhran", "marhaba", "mar7aba", "ahlan", "ahleen", "salam", "salamo", "3alaykom", "alaykom",
	"slm", "yislamo", "yeslamo", "basha", "mwazaf", "mowazaf", "mwazzaf", "mowazzaf", "7ad", "7ada", "a7ad", "akalem", "akallem", "wasselni", "7awelni", "a7ki", "e7ki", "hala", "kifak", "kifik", "ezayak", "ezayek", "shlonak", "shlonich", "saba7", "kheir", "5eir", "5er", "khair", "masa2", "assalamu", "alaikum", "alaykum", "3alekom", "wallah", "ahlein", "ahlain",
	"inshallah", "insha2allah", "mashallah", "habibi", "7abibi", "teslam", "tislam", "ya3tik", "3afye", "ma3a", "salama",
	// Session 12 (sys15): a closing's "fine", "OK then" (tamam, mashi).
	"tamam", "tamaam", "tmam", "mashi", "tayyeb", "tayyib", "tayb",
)

// weak markers: common in Arabizi but also seen in other Latin text.
var arabiziWeak = toSet("fi", "fe", "el", "il", "al", "mn", "min", "men", "ya", "w", "wa", "la", "ma", "3a")

// hasArabiziDigit reports whether a token mixes Latin letters with the
// digits Arabizi uses for Arabic sounds (2 ء, 3 ع, 5 خ, 6 ط, 7 ح, 8 غ, 9 ق),
// ruling out English forms like 3rd, 5pm, 4g, 10km.
func hasArabiziDigit(tok string) bool {
	letters, digits := 0, 0
	for _, r := range tok {
		switch {
		case isLatin(r):
			letters++
		case r >= '0' && r <= '9':
			digits++
		}
	}
	if letters == 0 || digits == 0 {
		return false
	}
	t := strings.TrimLeft(tok, "0123456789")
	for _, suf := range []string{"st", "nd", "rd", "th", "am", "pm", "g", "k", "kg", "km", "m", "cm", "mm", "x", "s", "h", "d", "mb", "gb"} {
		if t == suf {
			return false
		}
	}
	for _, r := range tok {
		if strings.ContainsRune("2356789", r) {
			return true
		}
	}
	return false
}

// DetectScript tells what a normalized message is written in and, for mixed
// text, whether Arabic leads (as many Arabic words as Latin ones, Latin courtesy
// words not counted).
func DetectScript(tokens []string) (s Script, arabicLed bool) {
	var n scriptCounts
	for _, t := range tokens {
		n.add(tokenScript(t))
	}
	return n.script()
}

// What one token tells DetectScript (tokenScript): the index build reads
// each distinct word of its texts once and tallies the texts' words.
const (
	tokOther         uint8 = iota // neither script: counts for nothing
	tokArabic                     // Arabic letters
	tokLatin                      // Latin, no Arabizi marker
	tokArabiziWeak                // Latin, a weak Arabizi marker
	tokArabiziStrong              // Latin, a strong one (or an Arabizi digit)
	tokLatinCourtesy              // Latin courtesy (ok, thanks, bye): no language of its own beside Arabic
)

// latinCourtesy are English courtesy words that Arabic-script messages
// borrow ("ok شكرا bye", "تمام thanks"): beside Arabic words they do not
// make the reply English (session 12, sys15).
var latinCourtesy = toSet("ok", "okay", "okk", "okey", "k", "thanks", "thx", "thnx", "thanx", "tnx", "ty", "thank", "bye", "byee",
	"hi", "hii", "hello", "hey", "plz", "pls", "please", "merci", "mersi", "sorry", "btw", "lol")

// tokenScript classifies a normalized token for DetectScript.
func tokenScript(t string) uint8 {
	if len(t) >= 2 && t[0] >= 0xD8 && t[0] <= 0xDB && t[1]&0xC0 == 0x80 {
		return tokArabic // the Arabic block, U+0600 to U+06FF: most words, without decoding
	}
	r0, _ := utf8.DecodeRuneInString(t)
	switch {
	case isArabic(r0):
		return tokArabic
	case isLatin(r0) || (r0 >= '0' && r0 <= '9' && hasArabiziDigit(t)):
		switch {
		case hasArabiziDigit(t):
			return tokArabiziStrong
		case arabiziWeak[t]:
			return tokArabiziWeak
		case arabiziStrong[t] || arabiziWords[t] != "":
			return tokArabiziStrong
		case latinCourtesy[t]:
			return tokLatinCourtesy
		}
		return tokLatin
	}
	return tokOther
}

// scriptCounts tallies a message's tokens by tokenScript.
type scriptCounts struct{ ar, lat, strong, weak, courtesy int }

func (n *scriptCounts) add(c uint8) {
	switch c {
	case tokArabic:
		n.ar++
	case tokLatin:
		n.lat++
	case tokLatinCourtesy:
		n.lat++
		n.courtesy++
	case tokArabiziWeak:
		n.lat++
		n.weak++
	case tokArabiziStrong:
		n.lat++
		n.strong++
	}
}

// script is DetectScript's answer for the tally.
func (n *scriptCounts) script() (Script, bool) {
	switch {
	case n.ar == 0 && n.lat == 0:
		return ScriptNone, false
	case n.ar > 0 && n.lat > 0:
		return ScriptMixed, n.ar >= n.lat-n.courtesy
	case n.ar > 0:
		return ScriptArabic, true
	case n.strong >= 1 || n.weak >= 2:
		return ScriptArabizi, true
	}
	return ScriptEnglish, false
}
