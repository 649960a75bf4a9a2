package intents

import "strings"

// Arabizi writers switch to English (and French) words in mid-sentence:
// "natijet el tawjihi plz", "bdi a7jez appointment online", "merci ktir".
// Those words are read as what they are, not forced into Arabic letters
// (transliterated, merci read امريكا and sorry صور "photos"), and a
// message of Arabizi words with an English one is still Arabizi.

// loanWords are English and French words common inside Arabizi: never
// transliterated, and neither Arabizi nor English evidence when a message's
// script is weighed (arabiziLean). No word that is also an Arabizi word
// (law "if", bas "only", min, man, fen, hal, la, ma).
var loanWords = toSet(
	// courtesy and chat
	"please", "plz", "pls", "plzz", "plss", "plis", "pleeease", "pleez", "ok", "okay", "okk", "okey", "oki", "k", "merci", "mersi",
	"sorry", "sry", "soory", "thanks", "thx", "thnx", "thanx", "tnx", "ty", "thank", "hi", "hii", "hello", "helo", "hey", "bye",
	"yes", "no", "yeah", "yup", "nope", "bro", "sis", "sir", "madam", "mister", "miss", "mr", "mrs", "dr", "btw", "asap",
	"lol", "pardon", "bonjour", "bonsoir", "salut", "oui", "non", "svp", "normal", "normally", "fine", "cool", "welcome",
	// the channel and the paperwork
	"online", "offline", "app", "application", "apps", "website", "site", "web", "link", "email", "mail", "gmail", "password",
	"username", "user", "account", "login", "logout", "signup", "code", "otp", "pin", "sms", "message", "pdf", "scan", "print",
	"upload", "download", "file", "files", "system", "error", "bug", "update", "portal", "page", "click", "button", "screen",
	"mobile", "laptop", "internet", "wifi", "data", "form", "forms", "card", "fees", "fee", "appointment", "appointments",
	"booking", "book", "cancel", "deadline", "urgent", "status", "delivery", "cash", "visa", "credit", "debit", "transfer",
	"office", "center", "centre", "branch", "service", "services", "customer", "staff", "support", "manager", "team",
	"process", "document", "documents", "paper", "papers", "copy", "original", "stamp", "number", "id", "request", "order",
	"ticket", "receipt", "invoice", "discount", "offer", "price", "cost", "total", "deposit", "refund", "check",
	"week", "weekend", "today", "tomorrow", "dentist", "doctor", "clinic", "hospital", "school", "university", "uni",
	"college", "exam", "test", "result", "results", "course", "training", "job", "company", "salary", "contract",
	"insurance", "license", "licence", "renew", "renewal", "apply", "register", "registration", "payment", "pay",
	"bot", "chatbot", "robot", // Session 12 (arz15): read بيوت "houses", رابط "link"
)

// englishMarkers are English function words that Arabizi does not use:
// evidence that a Latin message is English.
var englishMarkers = toSet(
	"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "from", "with", "by", "is", "are", "was", "were",
	"be", "been", "am", "i", "me", "my", "we", "our", "you", "your", "it", "its", "this", "that", "these", "those", "do",
	"does", "did", "can", "could", "would", "should", "will", "how", "what", "which", "who", "where", "when", "why",
	"there", "here", "want", "need", "get", "have", "has", "had", "if", "so", "about", "into", "any", "some", "i'm", "im",
	"just", "also", "too", "very", "much", "many", "not", "he", "she", "they", "them", "his", "her", "their", "us",
	"than", "then", "now", "still", "after", "before", "long", "lost", "new", "old", "dont", "don't", "cant", "can't",
)

// maxLeanCost is the dearest transliteration (transliterator.wordCost)
// that counts as an Arabic word for arabiziLean.
const maxLeanCost = 1.0

// arabiziLean reports whether a message that DetectScript found English
// (Latin letters, no strong Arabizi marker) reads more as Arabizi: more of
// its words are weak markers, Arabizi words of the knowledge base or words
// that transliterate closely to an Arabic word than are English words
// (englishMarkers, words of the knowledge base's English texts alone),
// and at least two.
func (a *analyzer) arabiziLean(toks []string) bool {
	if a.tr == nil {
		return false
	}
	ar, en := 0, 0
	for _, t := range toks {
		if !hasLatin(t) {
			continue
		}
		st := Stem(t)
		switch {
		case loanWords[t]:
		case englishMarkers[t] || a.latinEn[st]:
			en++
		case arabiziWeak[t] || a.latinAr[st]:
			ar++
		case !a.known[st] && len(t) >= 4:
			if w, c := a.tr.wordCost(t); w != "" && c <= maxLeanCost || a.latinAr[constructBase(t)] {
				ar++
			}
		}
	}
	return ar >= 2 && ar > en
}

// englishLike reports whether a Latin word is read as English inside
// Arabizi: a loanword, or a word of the knowledge base's English texts
// that its Arabizi texts do not use (card, not wain).
func (a *analyzer) englishLike(t, st string) bool {
	return loanWords[t] || a.latinEn[st]
}

// constructBase is an Arabizi word in construct state without its t
// (natijet → natije, shahadat → shahada), or "" when it has none.
func constructBase(t string) string {
	if n := len(t); n >= 5 && t[n-1] == 't' && strings.IndexByte("aei", t[n-2]) >= 0 {
		return Stem(t[:n-1])
	}
	return ""
}

// plainAdjectives name no service on their own, though a service's title
// may use one: "good" made "how do you say good morning in French" the
// good-conduct certificate. A question's adjective is read as a function
// word (asPlain); the knowledge base's texts keep theirs, so "good conduct
// certificate" still meets its examples through "conduct" and
// "certificate", and nothing it learned moves. Not low, wrong, small or
// bad: low income, a wrong bill, a small business and bad service say
// something.
var plainAdjectives = toSet("good", "great", "nice", "best", "better", "worse", "worst", "big", "bigger", "easy", "easier", "hard",
	"simple", "important", "awesome", "amazing", "perfect", "beautiful", "happy", "interesting", "cool", "lovely", "excellent")

// plainTab is plainAdjectives as a table (a new word is looked up in it).
var plainTab = newStrTable(plainAdjectives)

// asPlain is wf without its features, as a function word: a copy in sc's
// slab (wf may be the index's).
func asPlain(wf *wordFeats, sc *scratch) *wordFeats {
	p := sc.slab.wordFeats()
	*p = wordFeats{skip: true, known: true, system: wf.system, away: wf.away, cues: wf.cues, asp: wf.asp, phrases: wf.phrases,
		stem: wf.stem, stemID: wf.stemID}
	return p
}
