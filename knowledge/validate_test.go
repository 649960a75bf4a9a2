package knowledge

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// validRecord is a small full record that passes every rule. Each case below
// breaks it in one place. The Arabic fee uses Arabic-Indic digits on purpose:
// they must agree with the English ASCII ones.
const validRecord = `id: tax-registration
category: economy
title:
  ar: التسجيل الضريبي
  en: Tax registration
summary:
  ar: الحصول على رقم ضريبي لشخص أو منشأة.
  en: Get a tax number for a person or a business.
documents:
  - ar: بطاقة الهوية الوطنية.
    en: The national ID card.
fees:
  - amount: 50
    currency: JOD
    conditions:
      ar: رسوم التسجيل ٥٠ ديناراً.
      en: Registration fee of 50 dinars.
steps:
  - ar: قدّم الطلب عبر البوابة.
    en: Apply on the portal.
processing_time:
  ar: 3 أيام عمل.
  en: 3 working days.
channels:
  online: https://eservices.dalil.example/services/tax-registration
  phone: "+970 2 298 1000"
  offices:
    - name:
        ar: مديرية الضريبة
        en: Tax Directorate
      city:
        ar: رام الله
        en: Ramallah
      hours:
        ar: الأحد إلى الخميس، 8:00 - 14:00
        en: Sunday to Thursday, 8:00 - 14:00
legal_basis:
  ar: قانون ضريبة الدخل رقم 8 لسنة 2011.
  en: Income Tax Law No. 8 of 2011.
notes:
  fees:
    ar: لا رسوم على تعديل البيانات.
    en: Updating your data is free.
examples:
  ar:
    - كيف أحصل على رقم ضريبي؟
    - بدي سجل بالضريبة
  en:
    - how do I get a tax number
    - register for tax
keywords:
  ar: [ضريبة]
  en: [tax]
version: 2
updated: 2026-11-01T09:00:00Z
`

const validImported = `id: lost-card
title:
  en: lost_card
examples:
  en:
    - I lost my card
examples_only: true
`

// edit returns s with old replaced by new, failing the test unless old occurs
// exactly once, so that a case cannot silently stop breaking anything.
func edit(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("edit: %q occurs %d times, want 1", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

func TestValidate(t *testing.T) {
	const file = "tax-registration.yaml"
	type want struct{ file, path, msg string } // msg: a substring of Problem.Msg
	tests := []struct {
		name  string
		files func(t *testing.T) fstest.MapFS
		want  []want
	}{
		{"valid", one(validRecord), nil},
		{"valid imported", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"lost-card.yaml": {Data: []byte(validImported)}}
		}, nil},

		// Files and YAML.
		{"syntax error", one("id: [x\n"), []want{{file, "", "invalid YAML: line 1"}}},
		{"tab indentation", edit1("\n  en: Tax registration", "\n\ten: Tax registration"), []want{{file, "", "invalid YAML: line 4: found a tab"}}},
		{"unknown top-level field", edit1("category: economy\n", "category: economy\ncolour: red\n"),
			[]want{{file, "colour", `line 3: unknown field "colour"`}}},
		{"unknown nested field", edit1("  - amount: 50\n", "  - amount: 50\n    amout: 5\n"),
			[]want{{file, "fees[0].amout", `line 14: unknown field "amout"`}}},
		{"unknown field in office", edit1("      city:\n", "      cty: x\n      city:\n"),
			[]want{{file, "channels.offices[0].cty", `line 31: unknown field "cty"`}}},
		{"wrong type", edit1("amount: 50", "amount: fifty"),
			[]want{{file, "fees[0].amount", "line 13: cannot unmarshal"}}},
		{"duplicate key", edit1("version: 2\n", "version: 2\nversion: 3\n"),
			[]want{{file, "version", `line 55: mapping key "version" already defined at line 54`}}},
		{"two documents", edit1("version: 2\n", "version: 2\n---\nid: other\n"),
			[]want{{file, "", "more than one YAML document"}}},
		{"empty file", one(""), []want{{file, "", "empty file"}}},
		{"comments only", one("# to do\n"), []want{{file, "", "empty file"}}},
		{"not a mapping", one("- id: tax-registration\n"), []want{{file, "", "line 1: cannot unmarshal !!seq into knowledge.Service"}}},
		{"scalar", one("tax registration\n"), []want{{file, "", "cannot unmarshal !!str"}}},
		{"file name differs from id", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"tax.yaml": {Data: []byte(validRecord)}}
		}, []want{{"tax.yaml", "id", "name the file tax-registration.yaml"}}},
		{"yml extension", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"tax-registration.yml": {Data: []byte(validRecord)}}
		}, nil},
		{"duplicate id", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{
				"tax-registration.yaml": {Data: []byte(validRecord)},
				"tax-registration.yml":  {Data: []byte(validRecord)},
			}
		}, []want{
			{"tax-registration.yaml", "id", `duplicate id "tax-registration" (also in tax-registration.yml)`},
			{"tax-registration.yml", "id", `duplicate id "tax-registration" (also in tax-registration.yaml)`},
		}},
		{"no records", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"README.md": {Data: []byte("# records")}}
		}, []want{{".", "", "no .yaml or .yml files"}}},

		// Identity.
		{"id not kebab-case", func(t *testing.T) fstest.MapFS {
			s := edit(t, validRecord, "id: tax-registration", "id: Tax_Registration")
			return fstest.MapFS{"Tax_Registration.yaml": {Data: []byte(s)}}
		}, []want{{"Tax_Registration.yaml", "id", "not lowercase kebab-case"}}},
		{"id missing", edit1("id: tax-registration\n", ""), []want{{file, "id", "missing"}}},
		{"category unknown", edit1("category: economy", "category: taxes"), []want{{file, "category", `unknown category "taxes"`}}},
		{"category missing", edit1("category: economy\n", ""), []want{{file, "category", "missing"}}},

		// Required parts of a full record.
		{"title missing", edit1("title:\n  ar: التسجيل الضريبي\n  en: Tax registration\n", ""), []want{{file, "title", "missing"}}},
		{"summary missing", edit1("summary:\n  ar: الحصول على رقم ضريبي لشخص أو منشأة.\n  en: Get a tax number for a person or a business.\n", ""),
			[]want{{file, "summary", "missing"}}},
		{"no documents nor steps", func(t *testing.T) fstest.MapFS {
			s := edit(t, validRecord, "documents:\n  - ar: بطاقة الهوية الوطنية.\n    en: The national ID card.\n", "")
			s = edit(t, s, "steps:\n  - ar: قدّم الطلب عبر البوابة.\n    en: Apply on the portal.\n", "")
			return fstest.MapFS{file: {Data: []byte(s)}}
		}, []want{{file, "documents", "at least one of documents or steps"}}},
		{"steps without documents is fine", edit1("documents:\n  - ar: بطاقة الهوية الوطنية.\n    en: The national ID card.\n", ""), nil},
		{"processing time missing", edit1("processing_time:\n  ar: 3 أيام عمل.\n  en: 3 working days.\n", ""),
			[]want{{file, "processing_time", "missing"}}},
		{"no channel", edit1(`  online: https://eservices.dalil.example/services/tax-registration
  phone: "+970 2 298 1000"
  offices:
    - name:
        ar: مديرية الضريبة
        en: Tax Directorate
      city:
        ar: رام الله
        en: Ramallah
      hours:
        ar: الأحد إلى الخميس، 8:00 - 14:00
        en: Sunday to Thursday, 8:00 - 14:00
`, "  offices: []\n"), []want{{file, "channels", "need an online URL, a phone number or at least one office"}}},
		{"online is optional", edit1("  online: https://eservices.dalil.example/services/tax-registration\n", ""), nil},
		{"no fee", edit1(`fees:
  - amount: 50
    currency: JOD
    conditions:
      ar: رسوم التسجيل ٥٠ ديناراً.
      en: Registration fee of 50 dinars.
`, ""), []want{{file, "fees", "at least one fee"}}},
		{"free service", func(t *testing.T) fstest.MapFS {
			s := edit(t, validRecord, "amount: 50", "amount: 0")
			s = edit(t, s, "رسوم التسجيل ٥٠ ديناراً.", "التسجيل مجاني.")
			s = edit(t, s, "Registration fee of 50 dinars.", "Registration is free.")
			return fstest.MapFS{file: {Data: []byte(s)}}
		}, nil},
		{"legal basis missing", edit1("legal_basis:\n  ar: قانون ضريبة الدخل رقم 8 لسنة 2011.\n  en: Income Tax Law No. 8 of 2011.\n", ""),
			[]want{{file, "legal_basis", "missing"}}},
		{"no english example", edit1("  en:\n    - how do I get a tax number\n    - register for tax\n", ""),
			[]want{{file, "examples.en", "at least one English example"}}},
		{"no arabic example", edit1("  ar:\n    - كيف أحصل على رقم ضريبي؟\n    - بدي سجل بالضريبة\n", ""),
			[]want{{file, "examples.ar", "at least one Arabic example"}}},

		// Missing languages.
		{"document missing en", edit1("    en: The national ID card.\n", ""), []want{{file, "documents[0].en", "missing English text"}}},
		{"summary missing ar", edit1("  ar: الحصول على رقم ضريبي لشخص أو منشأة.\n", ""), []want{{file, "summary.ar", "missing Arabic text"}}},
		{"blank counts as missing", edit1("  en: 3 working days.", `  en: "  "`), []want{{file, "processing_time.en", "missing English text"}}},
		{"office city missing ar", edit1("        ar: رام الله\n", ""), []want{{file, "channels.offices[0].city.ar", "missing Arabic text"}}},
		{"office hours missing", edit1(`      hours:
        ar: الأحد إلى الخميس، 8:00 - 14:00
        en: Sunday to Thursday, 8:00 - 14:00
`, ""), []want{{file, "channels.offices[0].hours", "missing"}}},
		{"fee conditions missing en", edit1("      en: Registration fee of 50 dinars.\n", ""),
			[]want{{file, "fees[0].conditions.en", "missing English text"}}},
		{"note missing en", edit1("    en: Updating your data is free.\n", ""), []want{{file, "notes.fees.en", "missing English text"}}},

		// Fees, channels, notes, version.
		{"negative fee", edit1("amount: 50", "amount: -50"), []want{{file, "fees[0].amount", "negative amount -50"}}},
		{"currency lower case", edit1("currency: JOD", "currency: jod"), []want{{file, "fees[0].currency", `"jod" is not a 3-letter`}}},
		{"currency too long", edit1("currency: JOD", "currency: JODS"), []want{{file, "fees[0].currency", "not a 3-letter"}}},
		{"currency missing", edit1("    currency: JOD\n", ""), []want{{file, "fees[0].currency", "missing"}}},
		{"online over http", edit1("online: https://", "online: http://"), []want{{file, "channels.online", "not an absolute https URL"}}},
		{"online relative", edit1("online: https://eservices.dalil.example/services/tax-registration", "online: /services/tax-registration"),
			[]want{{file, "channels.online", "not an absolute https URL"}}},
		{"online with spaces", edit1("services/tax-registration\n", "services/tax registration\n"),
			[]want{{file, "channels.online", "not an absolute https URL"}}},
		{"phone with letters", edit1(`phone: "+970 2 298 1000"`, `phone: "+970 2 CALL NOW"`), []want{{file, "channels.phone", "digits, +, spaces and dashes only"}}},
		{"phone too short", edit1(`phone: "+970 2 298 1000"`, `phone: "12-34"`), []want{{file, "channels.phone", "at least 6 digits"}}},
		{"phone with dashes", edit1(`phone: "+970 2 298 1000"`, `phone: "+970-2-298-1000"`), nil},
		{"unknown aspect", edit1("notes:\n  fees:", "notes:\n  price:"), []want{{file, "notes.price", `unknown aspect "price"`}}},
		{"negative version", edit1("version: 2", "version: -1"), []want{{file, "version", "must be >= 0"}}},
		{"missing version", edit1("version: 2\n", ""), nil},

		// Examples.
		{"duplicate example", edit1("    - register for tax\n", "    - register for tax\n    - Register  for TAX\n"),
			[]want{{file, "examples.en[2]", "duplicate of examples.en[1]"}}},
		{"arabizi example is fine", edit1("    - بدي سجل بالضريبة\n", "    - bade sajel bil dareebe\n"), nil},
		{"empty example", edit1("    - register for tax\n", "    - register for tax\n    - \"\"\n"), []want{{file, "examples.en[2]", "empty"}}},
		{"example too long", edit1("    - register for tax\n", "    - "+strings.Repeat("x", MaxExampleLen+1)+"\n"),
			[]want{{file, "examples.en[1]", "too long: 501 characters (max 500)"}}},
		{"example at the limit", edit1("    - register for tax\n", "    - "+strings.Repeat("س", MaxExampleLen)+"\n"), nil},

		// Length, script, markup.
		{"text too long", edit1("  en: Get a tax number for a person or a business.", "  en: "+strings.Repeat("a", MaxTextLen+1)),
			[]want{{file, "summary.en", "too long: 2001 characters (max 2000)"}}},
		{"arabic text without arabic letters", edit1("  ar: الحصول على رقم ضريبي لشخص أو منشأة.", "  ar: Get a tax number."),
			[]want{{file, "summary.ar", "no Arabic letters"}}},
		{"english text in arabic", edit1("  en: Get a tax number for a person or a business.", "  en: الحصول على رقم ضريبي (tax number)."),
			[]want{{file, "summary.en", "mostly Arabic"}}},
		{"swapped languages", edit1("    ar: مديرية الضريبة\n        en: Tax Directorate", "    ar: Tax Directorate\n        en: مديرية الضريبة"),
			[]want{{file, "channels.offices[0].name.ar", "no Arabic letters"}, {file, "channels.offices[0].name.en", "mostly Arabic"}}},
		{"arabic place name in english is fine", edit1("Apply on the portal.", "Apply on the portal (البوابة الإلكترونية) or at the Tax Directorate office."), nil},
		{"html tag", edit1("    en: Apply on the portal.", "    en: Apply on the <b>portal</b>."), []want{{file, "steps[0].en", "HTML or script markup"}}},
		{"script in example", edit1("    - register for tax\n", "    - register for tax <script>alert(1)</script>\n"),
			[]want{{file, "examples.en[1]", "HTML or script markup"}}},
		{"unclosed script", edit1("  ar: 3 أيام عمل.", "  ar: 3 أيام عمل <script"), []want{{file, "processing_time.ar", "HTML or script markup"}}},
		{"less-than is not markup", edit1("  en: 3 working days.", "  en: 3 working days (< 1 week)."),
			[]want{{file, "processing_time", "numbers differ"}}},
		{"markup in keyword", edit1("  en: [tax]", "  en: [tax, <i>vat</i>]"), []want{{file, "keywords.en[1]", "HTML or script markup"}}},

		// Near misses.
		{"near misses are fine", edit1("  en: [tax]\n", "  en: [tax]\nnot_for:\n  ar:\n    - ضريبة دولة أجنبية\n  en:\n    - file my US tax return\n"), nil},
		{"near miss that is an example", edit1("  en: [tax]\n", "  en: [tax]\nnot_for:\n  en:\n    - file my US tax return\n    - Register for  TAX\n"),
			[]want{{file, "not_for.en[1]", "also examples.en[1]: a near miss cannot be an example"}}},
		{"duplicate near miss", edit1("  en: [tax]\n", "  en: [tax]\nnot_for:\n  en:\n    - US tax return\n    - us tax  return\n"),
			[]want{{file, "not_for.en[1]", "duplicate of not_for.en[0]"}}},
		{"empty near miss", edit1("  en: [tax]\n", "  en: [tax]\nnot_for:\n  ar:\n    - \"\"\n"), []want{{file, "not_for.ar[0]", "empty"}}},

		// Numbers.
		{"amount differs between languages", edit1("Registration fee of 50 dinars.", "Registration fee of 60 dinars."),
			[]want{{file, "fees[0].conditions", "numbers differ between ar and en (ar [50], en [60])"}}},
		{"number missing in one language", edit1("  en: 3 working days.", "  en: three working days."),
			[]want{{file, "processing_time", "numbers differ between ar and en (ar [3], en [])"}}},
		{"persian digits fold", edit1("  ar: 3 أيام عمل.", "  ar: ۳ أيام عمل."), nil},
		{"number order does not matter", edit1("  en: Income Tax Law No. 8 of 2011.", "  en: Income Tax Law of 2011, No. 8."), nil},
		{"repeated number counts", edit1("  en: 3 working days.", "  en: 3 working days, 3 at most."),
			[]want{{file, "processing_time", "numbers differ"}}},

		// Every problem, not the first.
		{"several problems in one file", func(t *testing.T) fstest.MapFS {
			s := edit(t, validRecord, "amount: 50", "amount: -1")
			s = edit(t, s, "currency: JOD", "currency: $")
			s = edit(t, s, "online: https://", "online: ftp://")
			s = edit(t, s, "category: economy\n", "category: economy\nextra: 1\n")
			return fstest.MapFS{file: {Data: []byte(s)}}
		}, []want{
			{file, "extra", "unknown field"},
			{file, "fees[0].amount", "negative"},
			{file, "fees[0].currency", "not a 3-letter"},
			{file, "channels.online", "https"},
		}},
		{"problems in several files", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{
				"a.yaml":                {Data: []byte("id: [\n")},
				"tax-registration.yaml": {Data: []byte(edit(t, validRecord, "version: 2", "version: -2"))},
				"z.yaml":                {Data: []byte(validImported)},
			}
		}, []want{
			{"a.yaml", "", "invalid YAML"},
			{"tax-registration.yaml", "version", "must be >= 0"},
			{"z.yaml", "id", "name the file lost-card.yaml"},
		}},

		// Examples-only records.
		{"imported without category", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"lost-card.yaml": {Data: []byte(validImported)}}
		}, nil},
		{"imported without examples", importedEdit("examples:\n  en:\n    - I lost my card\n", ""),
			[]want{{"lost-card.yaml", "examples", "need at least one example"}}},
		{"imported without title", importedEdit("title:\n  en: lost_card\n", ""), []want{{"lost-card.yaml", "title", "missing"}}},
		{"imported with arabic label", importedEdit("  en: lost_card\n", "  ar: بطاقة_مفقودة\n  en: بطاقة_مفقودة\n"), nil},
		{"imported still checks ids", importedEdit("id: lost-card", "id: lost card"), []want{
			{"lost-card.yaml", "id", "does not match the file name"},
			{"lost-card.yaml", "id", "not lowercase kebab-case"},
		}},
		{"imported still checks categories", importedEdit("id: lost-card\n", "id: lost-card\ncategory: misc\n"),
			[]want{{"lost-card.yaml", "category", `unknown category "misc"`}}},
		{"imported still checks examples", importedEdit("    - I lost my card\n", "    - I lost my card\n    - i lost my card\n"),
			[]want{{"lost-card.yaml", "examples.en[1]", "duplicate"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Validate(tt.files(t))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tt.want), problemList(got))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.File != w.file || g.Path != w.path || !strings.Contains(g.Msg, w.msg) {
					t.Errorf("problem %d = %q\nwant %s: %s: ...%s...", i, g, w.file, w.path, w.msg)
				}
			}
		})
	}
}

// one returns a test file system holding data as tax-registration.yaml.
func one(data string) func(*testing.T) fstest.MapFS {
	return func(*testing.T) fstest.MapFS {
		return fstest.MapFS{"tax-registration.yaml": {Data: []byte(data)}}
	}
}

// edit1 is one(edit(validRecord, old, new)).
func edit1(old, new string) func(*testing.T) fstest.MapFS {
	return func(t *testing.T) fstest.MapFS {
		return fstest.MapFS{"tax-registration.yaml": {Data: []byte(edit(t, validRecord, old, new))}}
	}
}

func importedEdit(old, new string) func(*testing.T) fstest.MapFS {
	return func(t *testing.T) fstest.MapFS {
		return fstest.MapFS{"lost-card.yaml": {Data: []byte(edit(t, validImported, old, new))}}
	}
}

func problemList(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\t" + p.String() + "\n")
	}
	return b.String()
}

func TestLoadReturnsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"tax-registration.yaml": {Data: []byte(strings.Replace(validRecord, "version: 2", "version: -2", 1))},
		"lost-card.yaml":        {Data: []byte(strings.Replace(validImported, "- I lost my card", "- <b>lost</b>", 1))},
	}
	b, err := Load(fsys)
	if b != nil {
		t.Error("Load returned a Base along with problems")
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Load error = %v, want a *ValidationError", err)
	}
	want := []Problem{
		{"lost-card.yaml", "examples.en[0]", "contains HTML or script markup"},
		{"tax-registration.yaml", "version", "must be >= 0, got -2"},
	}
	if len(ve.Problems) != len(want) {
		t.Fatalf("problems:\n%s", problemList(ve.Problems))
	}
	for i := range want {
		if ve.Problems[i] != want[i] {
			t.Errorf("problem %d = %+v, want %+v", i, ve.Problems[i], want[i])
		}
	}
	const msg = `knowledge: 2 problems:
	lost-card.yaml: examples.en[0]: contains HTML or script markup
	tax-registration.yaml: version: must be >= 0, got -2`
	if err.Error() != msg {
		t.Errorf("Error() =\n%s\nwant\n%s", err, msg)
	}
}

func TestProblemString(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{"a.yaml", "fees[1].amount", "negative amount -5"}, "a.yaml: fees[1].amount: negative amount -5"},
		{Problem{"a.yaml", "", "empty file"}, "a.yaml: empty file"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestPhraseHash(t *testing.T) {
	same := [][]string{
		{"renew passport", "Renew  Passport", "  renew\tpassport ", "RENEW PASSPORT\n", "renew\u00a0passport"},
		{"كيف أجدد الجواز", "كيف  أجدد   الجواز", " كيف أجدد الجواز"},
		{"Ärger über", "ärger ÜBER"},
		{"", "   "},
	}
	for _, group := range same {
		for _, s := range group {
			if phraseKey(s) != phraseKey(group[0]) {
				t.Fatalf("phraseKey(%q) = %q, want %q", s, phraseKey(s), phraseKey(group[0]))
			}
			if phraseHash(s) != phraseHash(group[0]) {
				t.Errorf("phraseHash(%q) != phraseHash(%q)", s, group[0])
			}
		}
	}
	differ := []string{"renew passport", "renewpassport", "renew passports", "passport renew", "كيف اجدد الجواز", ""}
	for i, a := range differ {
		for _, b := range differ[i+1:] {
			if phraseHash(a) == phraseHash(b) {
				t.Errorf("phraseHash(%q) == phraseHash(%q)", a, b)
			}
		}
	}
}

func TestDigitRuns(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"no numbers", ""},
		{"50 JOD, 1 day", "1 50"},
		{"٥٠ ديناراً خلال ١ يوم", "1 50"},
		{"۱۲۳ and 4", "123 4"},
		{"8:00 - 14:00", "00 00 14 8"},
		{"2.5", "2 5"},
		{"٢٫٥", "2 5"},
		{"007", "007"},
		{"0 07 007", "0 007 07"},
		{"a 12345678901234567890 b", "12345678901234567890"},
	} {
		if got := strings.Join(digitRuns(tt.in), " "); got != tt.want {
			t.Errorf("digitRuns(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// The allocation-free comparison agrees with digitRuns.
		for _, other := range []string{tt.want, "x", "7", "0 07 007", "1 50", strings.Repeat("9", 20)} {
			want := slices.Equal(digitRuns(tt.in), digitRuns(other))
			if got := sameNumbers(tt.in, other); got != want {
				t.Errorf("sameNumbers(%q, %q) = %v, want %v", tt.in, other, got, want)
			}
		}
	}
}
