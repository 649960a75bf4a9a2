package intents

// Transliterator turns Arabizi words into Arabic words of a vocabulary
// (normally the knowledge base's). Exposed for the transliteration
// benchmark (dalil bench arabizi).
type Transliterator struct{ t *transliterator }

// NewTransliterator ranks candidates by how often each Arabic word occurs
// in vocab (normalized words).
func NewTransliterator(vocab map[string]int) *Transliterator {
	return &Transliterator{newTransliterator(vocab)}
}

// Word returns the Arabic word for one Arabizi word (normalized first), or "".
func (t *Transliterator) Word(arabizi string) string {
	toks := Tokens(Normalize(arabizi))
	if len(toks) != 1 {
		return ""
	}
	return t.t.word(toks[0])
}
