package intents

import (
	"slices"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// cuesAt is cueIndex as an open-addressing table: the same cues for every
// word that starts one, none for the others.
func TestCuesAtIsCueIndex(t *testing.T) {
	same := func(a, b []cueRef) bool {
		return slices.EqualFunc(a, b, func(x, y cueRef) bool { return x.id == y.id && x.list == y.list && x.idx == y.idx })
	}
	for k, refs := range cueIndex {
		if got := cuesAt(k); !same(got, refs) {
			t.Errorf("cuesAt(%q) = %d cues, want %d", k, len(got), len(refs))
		}
	}
	for _, w := range []string{"", "a", "ab", "abc", "how", "fees", "feez", "passpor", "passports", "كم", "بكم", "جواز", "الجواز", "renewal", "x1234567890abcdef", "رسومات"} {
		if got := cuesAt(w); !same(got, cueIndex[w]) {
			t.Errorf("cuesAt(%q) = %d cues, want %d", w, len(got), len(cueIndex[w]))
		}
	}
}

// residualTok and residualStem are the unions of the sets residual looked
// each word up in: a word is in one exactly when it is in one of those.
func TestResidualSets(t *testing.T) {
	words := []string{"", "passport", "جواز", "رسوم", "thanks"}
	for _, set := range []map[string]bool{stopwords, aspectWords, generic, courtesy} {
		for w := range set {
			words = append(words, w)
		}
	}
	for _, w := range words {
		if got, want := residualTok.at(w), stopwords[w] || courtesy[w] || aspectWords[w] || generic[w]; got != want {
			t.Errorf("residualTok[%q] = %v, want %v", w, got, want)
		}
		if got, want := residualStem.at(w), stopwords[w] || aspectWords[w] || generic[w]; got != want {
			t.Errorf("residualStem[%q] = %v, want %v", w, got, want)
		}
	}
}

// matchWordCues reads the cues that start at each word from the words'
// features: it must find what matchCues finds by looking every word up,
// with the same sums, for words of the knowledge base and others, in every
// script.
func TestMatchWordCuesIsMatchCues(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(kb)
	texts, _ := labelled(t)
	texts = append(texts, "السلام عليكم بدي جواز", "thank you so much, how long does it take", "shu el rosoom w 2addesh wa2t",
		"ممكن احكي مع موظف؟", "what do i need and how much", "كم يوم بياخد", "مع السلامه")
	sc := m.getScratch()
	for _, text := range texts {
		an := m.analyze(text, sc)
		if got, want := matchWordCues(an), matchCues(an.seqs); got != want {
			t.Errorf("%q: matchWordCues = %v, matchCues = %v", text, got, want)
		}
	}
}

// matchCues returns, per cue list, the summed weight of its cues found in
// any of the word sequences (surface words, stems, Arabizi
// transliteration), each cue counted once: the definition matchWordCues must
// follow, which looks the cues up instead of reading them from the words.
func matchCues(seqs [][]string) (hits [numLists]float64) {
	var seen [maxCues / 64]uint64 // cues counted already, by id
	eachCue(seqs, func(c cueRef, _ int) { hitCue(&hits, &seen, c) })
	return hits
}

// A word is matched as written and by its stem, and some cues are written
// twice (صورة and صوره normalize alike): each counts once, so "الرسوم" and
// "تكلفة" weigh what "رسم" does, and "a copy of" weighs half a document.
func TestCueWordCountsOnce(t *testing.T) {
	for _, tc := range []struct {
		text string
		list int // index in knowledge.Aspects
		want float64
	}{
		{"رسم", 2, 1}, {"الرسوم", 2, 1}, {"تكلفة", 2, 1}, {"بتكلف", 2, 1}, {"fees", 2, 1},
		{"صورة", 1, 1}, {"الصور", 1, 1}, {"صورة عن", 1, 0.5}, {"documents", 1, 1},
		{"كيفية", 3, 1}, {"كيف", 3, 1.1},
	} {
		toks := Tokens(Normalize(tc.text))
		stems := make([]string, len(toks))
		for i, w := range toks {
			stems[i] = Stem(w)
		}
		if got := matchCues([][]string{toks, stems})[tc.list]; got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("%q: %s cues weigh %v, want %v", tc.text, knowledge.Aspects[tc.list], got, tc.want)
		}
	}
}

// Session 10 (asp11), on phrases written for this test: a conjunction
// (ف، و) before a cue's first word changes nothing; a week or days since
// something happened, and "where has it got to", are not time or place;
// "never" is not an age; "next week" weighs one time word; "official" is
// not a fee.
func TestCuePhrasesInContext(t *testing.T) {
	el, docs, fees, steps, tm, loc := 0, 1, 2, 3, 4, 5
	weigh := func(text string) [numLists]float64 {
		toks := Tokens(Normalize(text))
		stems := make([]string, len(toks))
		for i, w := range toks {
			stems[i] = Stem(w)
		}
		return matchCues([][]string{toks, stems})
	}
	for _, pair := range [][2]string{{"فماذا افعل الان", "ماذا افعل الان"}, {"فهل لازم اكون موجود", "هل لازم اكون موجود"}, {"فكم الرسوم", "كم الرسوم"}, {"وكم يوم", "كم يوم"}} {
		if a, b := weigh(pair[0]), weigh(pair[1]); a != b {
			t.Errorf("%q weighs %v, %q %v", pair[0], a[:numAspects], pair[1], b[:numAspects])
		}
	}
	for _, tc := range []struct {
		text string
		list int // index in knowledge.Aspects
		want float64
	}{
		{"فماذا افعل الان", steps, 1},
		{"جوازي منتهي من اسبوع", tm, 0}, {"صارلها ايام هيك", tm, 0}, {"bought it two weeks ago", tm, 0},
		{"بقالي اسبوع مستني امتى بيطلع", tm, 1}, {"بيطلع باقل من اسبوع", tm, 1}, {"how many weeks", tm, 1},
		{"وين وصل طلبي", loc, 0}, {"وين المكتب", loc, 2.2},
		{"ما عمري سافرت", el, 0}, {"عمري 20", el, 1},
		{"رايح الاسبوع الجاي", tm, 1},
		{"بدي اوثقها بشكل رسمي", fees, 0}, {"كم الرسم", fees, 1.5},
		{"هل علي ان ادفع شي", fees, 2}, {"what should i have handy", docs, 1},
	} {
		if got := weigh(tc.text)[tc.list]; got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("%q: %s cues weigh %v, want %v", tc.text, knowledge.Aspects[tc.list], got, tc.want)
		}
	}
}

// Session 11 (asp13), on phrases written for this test: dialect question
// words name their aspect; a preposition on the article ("بالسفارة",
// "عالموقع") is the cue with the bare article; "how much time does it
// want" is time, not its price; value added tax is no fee.
func TestDialectAspectCues(t *testing.T) {
	aspectOf := func(text string) knowledge.Aspect {
		toks := Tokens(Normalize(text))
		stems := make([]string, len(toks))
		for i, w := range toks {
			stems[i] = Stem(w)
		}
		hits := matchCues([][]string{toks, stems})
		a, _ := detectAspect(hits[:])
		return a
	}
	for _, tc := range []struct {
		text string
		want knowledge.Aspect
	}{
		{"كم تبي الرخصه", knowledge.AspectFees}, {"قديش بدها الهويه", knowledge.AspectFees}, {"قديش بدها وقت الهويه", knowledge.AspectTime},
		{"معي بس عشرين دينار", knowledge.AspectFees}, {"كيف بحسبوها", knowledge.AspectFees}, {"ضريبه القيمه المضافه", knowledge.AspectNone},
		{"شو بدي اجهز", knowledge.AspectDocuments}, {"نجهز ايه", knowledge.AspectDocuments},
		{"من وين بدي ابدا", knowledge.AspectSteps}, {"ابتدي منين", knowledge.AspectSteps}, {"فهمني الطريقه", knowledge.AspectSteps},
		{"يمديني قبل السفر", knowledge.AspectTime}, {"الدوام لايمتى", knowledge.AspectTime},
		{"بيوصلوها عالبيت", knowledge.AspectLocation}, {"بيصير بالسفارة", knowledge.AspectLocation},
		{"بحقلي اقدم", knowledge.AspectEligibility}, {"يجوز لي", knowledge.AspectEligibility}, {"بستاهل", knowledge.AspectEligibility},
	} {
		if got := aspectOf(tc.text); got != tc.want {
			t.Errorf("%q: cues say %q, want %q", tc.text, got, tc.want)
		}
	}
	for _, pair := range [][2]string{{"بالسفارة", "السفارة"}, {"عالموقع", "الموقع"}, {"بالتطبيق", "التطبيق"}} {
		if a, b := cueKey(Normalize(pair[0])), cueKey(Normalize(pair[1])); a != b || a == 0 {
			t.Errorf("cueKey(%q) = %d, cueKey(%q) = %d", pair[0], a, pair[1], b)
		}
	}
	if k := cueKey(Normalize("بالرحلة")); k != 0 { // الرحله starts no cue
		t.Errorf("cueKey(بالرحلة) = %d, want 0", k)
	}
}

// Session 12 (sys15): the helpers that tell a closing from a request.
func TestClosingHelpers(t *testing.T) {
	m := sampleMatcher(t)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"الله يعطيك العافية، بدي اسجل ابني", true},
		{"thanks, I need the fees", true},
		{"شكرا، ما بدي شي تاني", false},
		{"مشكور، مش عايز حاجة تانية", false},
		{"thank you, I don't need anything else", false},
		{"thanks, that's all", false},
		{"شكرا، هاد كل شي كنت بدي ياه", false},
		{"كنت بدي اسأل عن الرسوم", true},
	} {
		if got := wants(Tokens(Normalize(tc.text))); got != tc.want {
			t.Errorf("wants(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct {
		text   string
		recent bool
		want   string
	}{
		{"👍", false, IntentThanks},
		{"🙏🙏", false, IntentThanks},
		{"👍🏻", false, IntentThanks},
		{"❤️", false, IntentThanks},
		{"👋", false, IntentGreeting},
		{"👋", true, IntentGoodbye},
		{"😡", false, IntentFallback},
		{"...", false, IntentFallback},
	} {
		q := Query{Text: tc.text}
		if tc.recent {
			q.Context.LastService = "passport-renewal"
		}
		if got := emojiIntent(q); got != tc.want {
			t.Errorf("emojiIntent(%q, recent %v) = %s, want %s", tc.text, tc.recent, got, tc.want)
		}
	}
	for _, tc := range []struct{ text, want string }{
		{"الله يعطيك العافية، بدي اسجل ابني بالمدرسة", "بدي اسجل ابني بالمدرسه"},
		{"thanks a lot, how do I renew my passport", "how do i renew my passport"},
		{"how do I renew my passport", ""},
		{"shokran ya basha, kif bjadded el jawaz", "kif bjadded el jawaz"},
		{"kif bjadded el jawaz hala2 w ana barra", ""},
		{"how do I renew my passport? thanks", "how do i renew my passport"},
	} {
		got, cut := withoutCourtesy(m.analyze(tc.text, m.getScratch()))
		if !cut {
			got = ""
		}
		if got != tc.want {
			t.Errorf("withoutCourtesy(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct {
		text string
		led  bool
	}{
		{"ok شكرا bye", true},
		{"تمام thanks", true},
		{"passport renewal شو الرسوم", true},
		{"how do I renew جواز", false},
	} {
		if _, led := DetectScript(Tokens(Normalize(tc.text))); led != tc.led {
			t.Errorf("DetectScript(%q): Arabic-led %v, want %v", tc.text, led, tc.led)
		}
	}
}
