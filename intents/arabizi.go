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
	// Session 9 (dia10): spellings of the same words met in dialect
	// questions, and "and I", "or not", "can I" (Levantine فيني), "wait".
	"wana": "وانا", "wla": "ولا", "wela": "ولا", "willa": "ولا", "la2": "لا", "la2a": "لا",
	"fini": "فيني", "fiyi": "فيني", "fiye": "فيني", "feni": "فيني", "fina": "فينا",
	"estanna": "استنا", "stanna": "استنا", "astanna": "استنا", "bastanna": "بستنا", "nestanna": "نستنا",
	"ween": "وين", "leish": "ليش", "lish": "ليش", "3awz": "عاوز", "3awza": "عاوزه",
	"m7tag": "محتاج", "me7tag": "محتاج", "mo7tag": "محتاج", "m7taj": "محتاج", "mi7taj": "محتاج", "me7taj": "محتاج",
	"badde": "بدي", "bedi": "بدي", "beddi": "بدي", "bidi": "بدي",
	"agdar": "اقدر", "yagdar": "يقدر", "y8dar": "يقدر", "mmkn": "ممكن", "momkin": "ممكن", "lazm": "لازم", "laazem": "لازم",
	"bukra": "بكرا", "bokra": "بكرا", "el7een": "الحين", "al7een": "الحين", "el7in": "الحين",
	"byballesh": "بلش", "btballesh": "بلش", "biballesh": "بلش", "bballesh": "بلش", "ballesh": "بلش", // "starts", not ببلاش "free"
	"addeh": "قديش", "2addeh": "قديش", "wsh": "وش", "shlon": "شلون", "shloon": "شلون", "aish": "ايش",
}

// skeletonAR reduces a normalized Arabic word to consonant classes.
func skeletonAR(w string) string {
	var b strings.Builder
	var last byte
	for i, r := range w {
		c := arClass(r)
		if i == 0 && r == 'و' {
			c = 'w' // a word's first و is a consonant, and Arabizi writes it w
		}
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
		case c == 'w' && i == 0:
			add('w')
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
	bySkeleton map[string][]cand // skeleton -> KB words with it, most frequent first
}

type cand struct {
	w     string
	n     int
	shape string // consonant classes and long vowels, for ranking (see shapeAR)
}

const maxCands = 8

func newTransliterator(freq map[string]int) *transliterator {
	words := make([]string, 0, len(freq))
	for w := range freq {
		words = append(words, w)
	}
	sort.Strings(words) // deterministic ties
	t := &transliterator{bySkeleton: map[string][]cand{}}
	for _, w := range words {
		sk := skeletonAR(w)
		if len(sk) < 2 {
			continue
		}
		c := cand{w, freq[w], shapeAR(w)}
		t.bySkeleton[sk] = append(t.bySkeleton[sk], c)
		// A final ة (normalized to ه) is written a or e as often as ah,
		// so the word is also found without it: shahada, wafa.
		if bare := strings.TrimSuffix(w, "ه"); bare != w {
			if sk2 := skeletonAR(bare); sk2 != sk && len(sk2) >= 2 {
				t.bySkeleton[sk2] = append(t.bySkeleton[sk2], c)
			}
		}
	}
	for sk, cs := range t.bySkeleton {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].n > cs[j].n })
		if len(cs) > maxCands {
			cs = cs[:maxCands]
		}
		t.bySkeleton[sk] = cs
	}
	return t
}

// shapeAR is a word's consonant classes with its long vowels (A, I, U) and
// a final ة as a: what an Arabizi spelling of it shows.
func shapeAR(w string) string {
	var b strings.Builder
	rs := []rune(w)
	for i, r := range rs {
		switch r {
		case 'ا', 'ى':
			b.WriteByte('A')
		case 'ي':
			b.WriteByte('I')
		case 'و':
			b.WriteByte('U')
		case 'ه':
			if i == len(rs)-1 && i > 1 {
				b.WriteByte('a') // ة (normalized to ه) at the end
			} else {
				b.WriteByte('h')
			}
		default:
			if c := arClass(r); c != 0 {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// shapeLatin is an Arabizi word's consonant classes (first reading of each
// ambiguous letter) and vowels: a/e short a, i/ee/y i, o/u/w u.
func shapeLatin(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		var n byte
		if i+1 < len(w) {
			n = w[i+1]
		}
		switch {
		case (c == 's' || c == 'c') && n == 'h':
			b.WriteByte('S')
			i++
		case c == 'k' && n == 'h':
			b.WriteByte('x')
			i++
		case c == 'g' && n == 'h':
			b.WriteByte('g')
			i++
		case c == 't' && n == 'h':
			b.WriteByte('t')
			i++
		case c == 'd' && n == 'h':
			b.WriteByte('d')
			i++
		case c == 'e' && n == 'e', c == 'i' && n == 'i':
			b.WriteByte('i')
			i++
		case c == 'o' && n == 'o', c == 'o' && n == 'u', c == 'u' && n == 'u':
			b.WriteByte('u')
			i++
		case c == 'a' && n == 'a':
			b.WriteByte('A')
			i++
		case c == 'a', c == 'e':
			b.WriteByte('a')
		case c == 'i', c == 'y':
			b.WriteByte('i')
		case c == 'o', c == 'u', c == 'w':
			b.WriteByte('u')
		case c == '2':
			b.WriteByte('\'')
		case c == '3':
			b.WriteByte('3')
		case c == '5', c == 'x':
			b.WriteByte('x')
		case c == '6':
			b.WriteByte('t')
		case c == '7':
			b.WriteByte('h')
		case c == '8':
			b.WriteByte('q')
		case c == '9':
			b.WriteByte('s')
		case c == 'p':
			b.WriteByte('b')
		case c == 'v':
			b.WriteByte('f')
		case c >= 'a' && c <= 'z':
			b.WriteByte(c)
		}
	}
	return b.String()
}

// shapeCost is an edit distance between an Arabizi shape and an Arabic one
// in which short vowels come and go cheaply and long vowels match their
// Latin spellings.
func shapeCost(lat, ar string) float64 {
	prev := make([]float64, len(ar)+1)
	cur := make([]float64, len(ar)+1)
	del := func(c byte) float64 { // an Arabic letter the Latin does not show
		switch c {
		case 'A', 'I', 'U':
			return 0.6
		case 'a':
			return 0.3
		}
		return 1
	}
	ins := func(c byte) float64 { // a Latin letter the Arabic does not show
		switch c {
		case 'a', '\'':
			return 0.25
		case 'i', 'u':
			return 0.5
		}
		return 1
	}
	sub := func(l, a byte) float64 {
		switch {
		case l == a:
			return 0
		case l == 'a' && (a == 'A' || a == 'a'), l == 'A' && a == 'A', l == 'i' && a == 'I', l == 'u' && a == 'U':
			return 0
		case l == '\'' && (a == 'A' || a == 'q'): // 2 for hamza, or ق in Egyptian and Levantine speech
			return 0.1
		case l == 'g' && (a == 'j' || a == 'q'): // g for ج (Egypt) or ق (Gulf)
			return 0.2
		case l == 'a' && a == 'h', l == 'i' && a == 'A', l == 'u' && a == 'A':
			return 0.5
		}
		return 1.2
	}
	for j := 1; j <= len(ar); j++ {
		prev[j] = prev[j-1] + del(ar[j-1])
	}
	for i := 1; i <= len(lat); i++ {
		cur[0] = prev[0] + ins(lat[i-1])
		for j := 1; j <= len(ar); j++ {
			cur[j] = min(prev[j-1]+sub(lat[i-1], ar[j-1]), prev[j]+ins(lat[i-1]), cur[j-1]+del(ar[j-1]))
		}
		prev, cur = cur, prev
	}
	return prev[len(ar)]
}

// prefixPen and suffixPen are what a reading costs for each letter group
// it takes off: an attached article or conjunction, a construct ending. A
// word read whole wins over a shorter one that fits a little better
// (wafat is وفاة, not و+فات). Chosen on the Jordanian word pairs' train
// split (dalil bench arabizi --closed): 65.9 % with none, 72.1 % with these.
const prefixPen, suffixPen = 1.0, 0.5

// word returns the Arabic word for one normalized Arabizi token, or "".
func (t *transliterator) word(tok string) string {
	if a, ok := arabiziWords[tok]; ok {
		return a
	}
	// Attached article or preposition: elpassport, bel-, lel-, fel-, wel-, 3al-.
	type form struct {
		s   string
		pen float64 // a reading that takes letters off costs more than one that keeps them
	}
	cands := []form{{tok, 0}}
	for _, p := range []string{"el", "il", "al", "bel", "bil", "lel", "lil", "fel", "fil", "wel", "wil", "3al", "b", "l", "w"} {
		if strings.HasPrefix(tok, p) && len(tok)-len(p) >= 3 {
			cands = append(cands, form{tok[len(p):], prefixPen})
		}
	}
	// ta marbuta in construct: shahadet, wasiqat (read shahade, wasiqa).
	for _, c := range cands {
		if strings.HasSuffix(c.s, "et") || strings.HasSuffix(c.s, "at") || strings.HasSuffix(c.s, "it") {
			cands = append(cands, form{c.s[:len(c.s)-1], c.pen + suffixPen})
		}
	}
	// Every reading of every form is a set of candidates; the one whose
	// vowels and letters fit the spelling best wins, then the most frequent.
	best, bestCost, bestN := "", 1e9, 0
	for _, c := range cands {
		shape := shapeLatin(c.s)
		for _, sk := range skeletonsLatin(c.s, 16) {
			if len(sk) < 2 {
				continue
			}
			for _, cd := range t.bySkeleton[sk] {
				cost := c.pen + shapeCost(shape, cd.shape)
				if cost < bestCost-1e-9 || (cost < bestCost+1e-9 && cd.n > bestN) {
					best, bestCost, bestN = cd.w, cost, cd.n
				}
			}
		}
	}
	return best
}
