package intents

import (
	"sort"
	"strings"
)

// Arabizi (Arabic in Latin letters and digits) is understood in two ways at
// once: its Latin form is matched against the Arabizi examples of the
// knowledge base, and each word is transliterated to the Arabic word of the
// knowledge-base vocabulary that has the same consonant skeleton. Short
// vowels are written freely in Arabizi and not at all in Arabic, so both
// sides are reduced to consonant classes (ح and ه share one, as do the
// emphatic and plain t/d/s) before they meet.

// arabiziWords are function and dialect words whose skeleton is too short
// to look up safely; they map straight to a normalized Arabic word.
var arabiziWords = map[string]string{
	"bade": "بدي", "baddi": "بدي", "badi": "بدي", "bdi": "بدي", "biddi": "بدي", "baddna": "بدنا", "badna": "بدنا",
	"biddo": "بدو", "baddo": "بدو", "bado": "بدو",
	"3ayez": "عايز", "3ayza": "عايزه", "3awez": "عاوز", "3ayz": "عايز", "3ayzeen": "عايزين", "abi": "ابي", "abgha": "ابغي", "abga": "ابغي", "ab8a": "ابغي",
	"kam": "كم", "bkam": "بكام", "bekam": "بكام", "2addesh": "قديش", "addesh": "قديش", "adesh": "قديش", "2adesh": "قديش", "2adeh": "قد ايه",
	"shu": "شو", "sho": "شو", "shou": "شو", "esh": "ايش", "eish": "ايش", "wesh": "وش", "eh": "ايه", "eih": "ايه",
	"kif": "كيف", "keef": "كيف", "kaif": "كيف", "ezay": "ازاي", "ezzay": "ازاي", "izzay": "ازاي", "izay": "ازاي",
	"wein": "وين", "wen": "وين", "wain": "وين", "fein": "فين", "feen": "فين", "fen": "فين",
	"emta": "امتي", "imta": "امتي", "eimta": "امتي", "leh": "ليه", "lesh": "ليش", "laish": "ليش",
	"lazem": "لازم", "lazim": "لازم", "momken": "ممكن", "mumkin": "ممكن", "mumken": "ممكن",
	"a2dar": "اقدر", "2adar": "اقدر", "ba2dar": "بقدر", "bi2dar": "بقدر", "yenfa3": "ينفع", "ynfa3": "ينفع",
	"fi": "في", "fe": "في", "mn": "من", "min": "من", "men": "من", "3ala": "علي", "3a": "علي", "3al": "علي", "3an": "عن",
	"ana": "انا", "enta": "انت", "inta": "انت", "enti": "انتي", "e7na": "احنا", "i7na": "احنا", "ehna": "احنا",
	"mesh": "مش", "msh": "مش", "mish": "مش", "mush": "مش", "wala": "ولا", "walla": "ولا", "ma": "ما", "la": "لا",
	"3ashan": "عشان", "3shan": "عشان", "ashan": "عشان", "ma3": "مع", "ma3i": "معي", "3andi": "عندي", "3indi": "عندي",
	"ibni": "ابني", "ebni": "ابني", "binti": "بنتي", "benti": "بنتي", "abuya": "ابويا", "abooy": "ابوي", "abuy": "ابوي",
	"ummi": "امي", "omi": "امي", "marti": "مرتي", "mrati": "مراتي", "merati": "مراتي",
	"awwel": "اول", "awal": "اول", "2awel": "اول", "awel": "اول",
	"el": "", "il": "", "al": "", "ya": "", "w": "و", "wa": "و",
}

// skeletonAR reduces a normalized Arabic word to consonant classes.
func skeletonAR(w string) string {
	var b strings.Builder
	var last byte
	for _, r := range w {
		c := arClass(r)
		if c == 0 || c == last {
			continue
		}
		b.WriteByte(c)
		last = c
	}
	return b.String()
}

func arClass(r rune) byte {
	switch r {
	case 'ب':
		return 'b'
	case 'ت', 'ط', 'ث':
		return 't'
	case 'ج':
		return 'j'
	case 'ح', 'ه':
		return 'h'
	case 'خ':
		return 'x'
	case 'د', 'ذ', 'ض':
		return 'd'
	case 'ر':
		return 'r'
	case 'ز', 'ظ':
		return 'z'
	case 'س', 'ص':
		return 's'
	case 'ش':
		return 'S'
	case 'ع':
		return '3'
	case 'غ':
		return 'g'
	case 'ف':
		return 'f'
	case 'ق':
		return 'q'
	case 'ك':
		return 'k'
	case 'ل':
		return 'l'
	case 'م':
		return 'm'
	case 'ن':
		return 'n'
	}
	return 0 // ا و ي ء and anything else: vowels and hamza
}

// skeletonsLatin returns the consonant skeletons an Arabizi word may stand
// for (a few letters are ambiguous: 2 is hamza or an Egyptian ق, g is ج or ق
// or غ, 9 is ق or ص), at most max of them.
func skeletonsLatin(w string, max int) []string {
	outs := []string{""}
	add := func(opts ...byte) {
		var next []string
		for _, o := range outs {
			for _, c := range opts {
				s := o
				if c != 0 && (len(s) == 0 || s[len(s)-1] != c) {
					s += string(c)
				}
				next = append(next, s)
				if len(next) >= max {
					break
				}
			}
		}
		outs = next
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		var n byte
		if i+1 < len(w) {
			n = w[i+1]
		}
		switch {
		case c == 's' && n == 'h', c == 'c' && n == 'h':
			add('S')
			i++
		case c == 'k' && n == 'h':
			add('x')
			i++
		case c == 'g' && n == 'h':
			add('g')
			i++
		case c == 't' && n == 'h':
			add('t', 's')
			i++
		case c == 'd' && n == 'h':
			add('d', 'z')
			i++
		case c == '2':
			add(0, 'q')
		case c == '3':
			add('3')
		case c == '5', c == 'x':
			add('x')
		case c == '6':
			add('t')
		case c == '7':
			add('h')
		case c == '8':
			add('g', 'q')
		case c == '9':
			add('q', 's')
		case c == 'g':
			add('j', 'q', 'g')
		case c == 'p':
			add('b')
		case c == 'v':
			add('f')
		case c == 'c':
			add('k', 's')
		case c == 'e':
			add(0)
		case strings.IndexByte("aiouyw", c) >= 0:
			add(0)
		case c >= 'a' && c <= 'z':
			add(c)
		}
	}
	return outs
}

// transliterator maps Arabizi words to Arabic words of the knowledge base.
type transliterator struct {
	bySkeleton map[string]string // skeleton -> most frequent KB stem with it
}

func newTransliterator(freq map[string]int) *transliterator {
	type cand struct {
		w string
		n int
	}
	best := map[string]cand{}
	words := make([]string, 0, len(freq))
	for w := range freq {
		words = append(words, w)
	}
	sort.Strings(words) // deterministic ties
	for _, w := range words {
		sk := skeletonAR(w)
		if len(sk) < 2 {
			continue
		}
		if c, ok := best[sk]; !ok || freq[w] > c.n {
			best[sk] = cand{w, freq[w]}
		}
	}
	t := &transliterator{bySkeleton: make(map[string]string, len(best))}
	for sk, c := range best {
		t.bySkeleton[sk] = c.w
	}
	return t
}

// word returns the Arabic word for one normalized Arabizi token, or "".
func (t *transliterator) word(tok string) string {
	if a, ok := arabiziWords[tok]; ok {
		return a
	}
	// Attached article or preposition: elpassport, bel-, lel-, fel-, wel-, 3al-.
	cands := []string{tok}
	for _, p := range []string{"el", "il", "al", "bel", "bil", "lel", "lil", "fel", "fil", "wel", "wil", "3al", "b", "l", "w"} {
		if strings.HasPrefix(tok, p) && len(tok)-len(p) >= 3 {
			cands = append(cands, tok[len(p):])
		}
	}
	// ta marbuta in construct: shahadet, wasiqat.
	for _, c := range cands {
		if strings.HasSuffix(c, "et") || strings.HasSuffix(c, "at") || strings.HasSuffix(c, "it") {
			cands = append(cands, c[:len(c)-2])
		}
	}
	for _, c := range cands {
		for _, sk := range skeletonsLatin(c, 16) {
			if len(sk) < 2 {
				continue
			}
			if a, ok := t.bySkeleton[sk]; ok {
				return a
			}
		}
	}
	return ""
}
