package llm

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/intents/llm/llmtest"
	"github.com/dalil-project/dalil/redact"
)

// personal is a message with the personal data it carries, written as the
// citizen wrote it.
var personal = []struct {
	text    string
	secrets []string
}{
	{"رقمي القومي 29801011234567 وعايز أجدد الباسبور، موبايلي 01012345678", []string{"29801011234567", "01012345678"}},
	{"my ID is 407595966 and my phone +970 59 912 3456, email ahmed.ali@example.com: passport renewal fees?",
		[]string{"407595966", "59 912 3456", "970599123456", "ahmed.ali", "ahmed.ali@example.com"}},
	{"هويتي ٤٠٧٥٩٥٩٦٦ وجوالي ٠٥٩٩١٢٣٤٥٦ بدي أجدد جواز السفر", []string{"٤٠٧٥٩٥٩٦٦", "407595966", "٠٥٩٩١٢٣٤٥٦", "0599123456"}},
	{"رقم هويتي ۸۵۴۱۲۳۴۵۲ ضاعت البطاقة", []string{"۸۵۴۱۲۳۴۵۲", "854123452"}},
	{"جوالي \u200f0599123456\u200e ابعتولي الموعد", []string{"0599123456"}},
	{"IBAN PS92PALS000000000400123456702 refund for the passport fee", []string{"PS92PALS000000000400123456702", "000000000400123456702"}},
	{"card 4111 1111 1111 1111 was charged twice for my passport", []string{"4111 1111 1111 1111", "4111111111111111"}},
	{"passport number A12345678 expired, how do I renew?", []string{"A12345678", "12345678"}},
	{"ايميلي sara.k@mail.example.org ورقم الجواز 4123456", []string{"sara.k", "mail.example.org", "4123456"}},
	{"أنا مواليد 12/05/1990 ورقمي +20 101 234 5678 بدي شهادة ميلاد", []string{"12/05/1990", "101 234 5678", "201012345678"}},
}

// Whatever a citizen writes, no personal data reaches the model server:
// not in a classification (the message or the recent turns), not in a
// rephrase (the question), not in an embeddings request.
func TestNoPersonalDataOnTheWire(t *testing.T) {
	srv := fakeServer(t)
	c := newTest(t, srv, func(o *Options) { o.EmbeddingsModel = "test-embed"; o.Timeout = 2 * time.Second })
	k := c.Classifier(unsure(), sample(t))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := k.emb.wait(ctx); err != nil {
		t.Fatal(err)
	}
	for i, m := range personal {
		prev := personal[(i+1)%len(personal)]
		q := intents.Query{Text: m.text, Context: intents.Context{LastService: "passport-renewal",
			Recent: []intents.Turn{{Role: "citizen", Text: prev.text}, {Role: "bot", Text: "service_info passport-renewal"}}}}
		if res, _ := k.Understand(context.Background(), q); res.Source != "llm" {
			t.Errorf("%q: the model was not asked", m.text)
		}
		if _, err := c.Rephrase(context.Background(), "c_1", "ar", m.text, approvedEN, no999, nil); err != nil {
			t.Errorf("%q: rephrase: %v", m.text, err)
		}
	}
	kinds := map[string]int{}
	for _, r := range srv.Requests() {
		kinds[r.Kind()]++
		wire := string(r.Body) + "\n" + decoded(t, r.Body)
		digits := onlyDigits(wire)
		for _, m := range personal {
			for _, s := range m.secrets {
				if strings.Contains(wire, s) || strings.Contains(wire, redact.Fold(s)) {
					t.Errorf("%s request carries %q:\n%s", r.Kind(), s, r.Body)
				}
				if d := onlyDigits(redact.Fold(s)); len(d) >= 9 && strings.Contains(digits, d) {
					t.Errorf("%s request carries the digits of %q", r.Kind(), s)
				}
			}
		}
	}
	if kinds["classify"] != len(personal) || kinds["rephrase"] != len(personal) || kinds["embed"] < len(personal) {
		t.Errorf("requests by kind %v: every path must have been exercised", kinds)
	}
	// What did go: placeholders.
	for _, want := range []string{"[ID]", "[PHONE]", "[EMAIL]", "[IBAN]", "[CARD]", "[PASSPORT]", "[DATE]"} {
		found := false
		for _, r := range srv.Requests() {
			if strings.Contains(decoded(t, r.Body), want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no request carries the placeholder %s", want)
		}
	}
}

// decoded is every string in a JSON body, unescaped, one per line.
func decoded(t *testing.T, body []byte) string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("request body is not JSON: %v", err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x)
			b.WriteByte('\n')
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

// onlyDigits keeps the digits of each line, so "59 912 3456" is seen as
// 599123456; lines stay apart.
func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '\n' {
			return r
		}
		if r >= '٠' && r <= '٩' {
			return '0' + r - '٠'
		}
		if r >= '۰' && r <= '۹' {
			return '0' + r - '۰'
		}
		return -1
	}, s)
}

var _ = llmtest.Dim
