package locales

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// contract is every message ID package bot relies on, with the template
// fields it documents and sample values for them. Adding a message means
// adding it here, so its fields are written down.
var contract = map[string]map[string]any{
	"welcome":                nil,
	"greeting_reply":         nil,
	"thanks_reply":           nil,
	"goodbye_reply":          nil,
	"handoff_reply":          {"Phone": "06-5008080"},
	"out_of_scope_reply":     nil,
	"fallback_reply":         nil,
	"clarify_reply":          nil,
	"service_unknown_aspect": {"Title": "Renew a passport"},
	"heading_summary":        nil,
	"heading_eligibility":    nil,
	"heading_documents":      nil,
	"heading_fees":           nil,
	"heading_steps":          nil,
	"heading_time":           nil,
	"heading_location":       nil,
	"heading_online":         nil,
	"heading_phone":          nil,
	"heading_offices":        nil,
	"heading_legal":          nil,
	"heading_source":         nil,
	"heading_more":           nil,
	"fee_line":               {"Amount": "20", "Currency": "JOD-NAME", "Conditions": "for adults"},
	"fee_free":               nil,
	"office_line":            {"Name": "Civil Status Dept", "City": "Amman", "Hours": "8:00-15:00"},
	"currency_JOD":           nil,
	"currency_USD":           nil,
	"currency_EGP":           nil,
	"currency_ILS":           nil,
	"error_bad_request":      nil,
	"error_too_large":        {"Max": "2000"},
	"error_rate_limited":     nil,
	"error_unavailable":      nil,
	"error_internal":         nil,
	"error_not_json":         nil,
	"error_unknown_type":     nil,
	"error_missing_text":     nil,
	"error_invalid_utf8":     nil,
	"lang_switched":          nil,
	"handoff_offer":          {"Phone": "06-5008080"},
	"handoff_suggest":        nil,
	"handoff_yes":            nil,
	"handoff_no":             nil,
	"handoff_declined":       nil,
	"handoff_queued":         nil,
	"queue_status":           {"Position": "POS-3", "Wait": "WAIT-9"},
	"handoff_closed":         {"Hours": "HOURS-X", "Next": "NEXT-Y"},
	"handoff_leave_yes":      nil,
	"handoff_leave_prompt":   nil,
	"handoff_message_left":   nil,
	"agent_joined":           nil,
	"agent_left":             nil,
	"next_opening":           {"Day": "DAY-1", "Time": "08:00"},
	"day_range":              {"From": "DAY-A", "To": "DAY-B"},
	"opening_span":           {"Days": "DAYS-Z", "From": "08:00", "To": "15:00"},
	"weekday_sun":            nil,
	"weekday_mon":            nil,
	"weekday_tue":            nil,
	"weekday_wed":            nil,
	"weekday_thu":            nil,
	"weekday_fri":            nil,
	"weekday_sat":            nil,
}

// pluralContract are the plural message IDs; Plural supplies Count.
var pluralContract = []string{"documents_count", "steps_count", "days_count", "services_count", "queue_position", "wait_minutes"}

// newCatalog is New for tests: a broken file fails the test that needs the
// catalog, not the whole run, so TestFileParity still reports what is wrong.
func newCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestNew(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if MustNew() == nil {
		t.Error("MustNew returned nil")
	}
	if got, want := Langs(), []string{"ar", "en"}; !slices.Equal(got, want) {
		t.Errorf("Langs() = %v, want %v", got, want)
	}
	want := slices.Collect(maps.Keys(contract))
	want = append(want, pluralContract...)
	slices.Sort(want)
	if got := c.IDs(); !slices.Equal(got, want) {
		t.Errorf("IDs() differ from the contract with bot:\n got %v\nwant %v", got, want)
	}
}

// TestTemplatesRender renders every message in both languages with its
// documented fields and checks each field reaches the text.
func TestTemplatesRender(t *testing.T) {
	c := newCatalog(t)
	for id, data := range contract {
		t.Run(id, func(t *testing.T) {
			wantFields := slices.Sorted(maps.Keys(data))
			if got := c.Fields(id); !slices.Equal(got, wantFields) {
				t.Errorf("Fields(%q) = %v, documented %v", id, got, wantFields)
			}
			texts := map[string]string{}
			for _, l := range Langs() {
				s := c.Text(l, id, data)
				texts[l] = s
				if strings.TrimSpace(s) == "" || s == id {
					t.Errorf("Text(%q, %q) = %q, want a message", l, id, s)
				}
				if strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
					t.Errorf("Text(%q, %q) = %q, has an unrendered field", l, id, s)
				}
				for f, v := range data {
					if !strings.Contains(s, v.(string)) {
						t.Errorf("Text(%q, %q) = %q, lacks field %s=%q", l, id, s, f, v)
					}
				}
			}
			if texts["ar"] == texts["en"] && len(data) == 0 {
				t.Errorf("%q is the same in ar and en: %q", id, texts["ar"])
			}
		})
	}
	for _, id := range pluralContract {
		if got, want := c.Fields(id), []string{"Count"}; !slices.Equal(got, want) {
			t.Errorf("Fields(%q) = %v, want %v", id, got, want)
		}
		for _, l := range Langs() {
			for n := range 125 {
				s := c.Plural(l, id, n, nil)
				if strings.TrimSpace(s) == "" || s == id || strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
					t.Errorf("Plural(%q, %q, %d) = %q", l, id, n, s)
				}
				if l == "ar" && strings.ContainsAny(s, "0123456789") {
					t.Errorf("Plural(ar, %q, %d) = %q, has ASCII digits", id, n, s)
				}
				if l == "en" && n > 1 && !strings.Contains(s, strconv.Itoa(n)) {
					t.Errorf("Plural(en, %q, %d) = %q, lacks the count", id, n, s)
				}
			}
		}
	}
	if m := c.Misses(); len(m) > 0 {
		t.Errorf("rendering with documented fields recorded misses: %v", m)
	}
}

// TestFileParity walks the raw files, independently of go-i18n, so a
// message in one language only fails here even if New's checks regress.
func TestFileParity(t *testing.T) {
	raw := map[string]map[string]any{}
	for _, l := range Langs() {
		b, err := files.ReadFile("active." + l + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		raw[l] = m
	}
	required := map[string][]string{
		"ar": {"few", "many", "one", "other", "two", "zero"},
		"en": {"one", "other"},
	}
	for _, l := range Langs() {
		for id, v := range raw[l] {
			for _, other := range Langs() {
				if _, ok := raw[other][id]; !ok {
					t.Errorf("%q is in %s but not in %s", id, l, other)
				}
			}
			switch v := v.(type) {
			case string:
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s/%s is empty", l, id)
				}
			case map[string]any:
				forms := slices.Sorted(maps.Keys(v))
				if !slices.Equal(forms, required[l]) {
					t.Errorf("%s/%s has plural forms %v, want exactly %v", l, id, forms, required[l])
				}
				for f, s := range v {
					if s, ok := s.(string); !ok || strings.TrimSpace(s) == "" {
						t.Errorf("%s/%s form %s is empty or not text", l, id, f)
					}
				}
			default:
				t.Errorf("%s/%s is a %T, want text or plural forms", l, id, v)
			}
		}
	}
}

func TestPluralArabicDocuments(t *testing.T) {
	c := newCatalog(t)
	// CLDR Arabic: 0 zero, 1 one, 2 two, n%100 in 3..10 few, n%100 in 11..99 many, else other.
	tests := []struct {
		n    int
		want string
	}{
		{0, "لا توجد مستندات"},
		{1, "مستند واحد"},
		{2, "مستندان"},
		{3, "٣ مستندات"},
		{10, "١٠ مستندات"},
		{11, "١١ مستنداً"},
		{99, "٩٩ مستنداً"},
		{100, "١٠٠ مستند"},
		{101, "١٠١ مستند"},
		{102, "١٠٢ مستند"},
		{103, "١٠٣ مستندات"},
		{111, "١١١ مستنداً"},
		{1000, "١٠٠٠ مستند"},
	}
	for _, tt := range tests {
		if got := c.Plural("ar", "documents_count", tt.n, nil); got != tt.want {
			t.Errorf("Plural(ar, documents_count, %d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPluralEnglish(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		id   string
		n    int
		want string
	}{
		{"documents_count", 0, "0 documents"},
		{"documents_count", 1, "1 document"},
		{"documents_count", 2, "2 documents"},
		{"documents_count", 11, "11 documents"},
		{"days_count", 1, "1 working day"},
		{"days_count", 5, "5 working days"},
		{"services_count", 3, "3 services"},
		{"steps_count", 1, "1 step"},
		{"queue_position", 4, "You are number 4 in the queue"},
	}
	for _, tt := range tests {
		if got := c.Plural("en", tt.id, tt.n, nil); got != tt.want {
			t.Errorf("Plural(en, %s, %d) = %q, want %q", tt.id, tt.n, got, tt.want)
		}
	}
}

func TestPluralArabicOthers(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		id   string
		n    int
		want string
	}{
		{"days_count", 2, "يوما عمل"},
		{"days_count", 7, "٧ أيام عمل"},
		{"days_count", 14, "١٤ يوم عمل"},
		{"services_count", 1, "خدمة واحدة"},
		{"services_count", 40, "٤٠ خدمةً"},
		{"steps_count", 5, "٥ خطوات"},
		{"queue_position", 12, "ترتيبك في قائمة الانتظار: ١٢"},
	}
	for _, tt := range tests {
		if got := c.Plural("ar", tt.id, tt.n, nil); got != tt.want {
			t.Errorf("Plural(ar, %s, %d) = %q, want %q", tt.id, tt.n, got, tt.want)
		}
	}
}

func TestPluralKeepsData(t *testing.T) {
	c := newCatalog(t)
	data := map[string]any{"Count": "ignored", "Extra": "x"}
	if got, want := c.Plural("ar", "documents_count", 3, data), "٣ مستندات"; got != want {
		t.Errorf("Plural = %q, want %q", got, want)
	}
	if data["Count"] != "ignored" {
		t.Errorf("Plural changed the caller's data: %v", data)
	}
}

func TestLangFallback(t *testing.T) {
	c := newCatalog(t)
	ar := c.Text("ar", "welcome", nil)
	en := c.Text("en", "welcome", nil)
	if ar == en {
		t.Fatalf("ar and en welcome are the same: %q", ar)
	}
	if !strings.Contains(en, "Dalil") || !strings.Contains(ar, "دليل") {
		t.Errorf("welcome texts: ar %q, en %q", ar, en)
	}
	for _, l := range []string{"", "fr", "EN", "en-US", "arabic", "zz"} {
		if got := c.Text(l, "welcome", nil); got != ar {
			t.Errorf("Text(%q, welcome) = %q, want the Arabic %q", l, got, ar)
		}
		if got, want := c.Plural(l, "documents_count", 3, nil), "٣ مستندات"; got != want {
			t.Errorf("Plural(%q, documents_count, 3) = %q, want %q", l, got, want)
		}
	}
}

func TestMisses(t *testing.T) {
	tests := []struct {
		name     string
		render   func(c *Catalog) string
		want     string // rendered text
		wantMiss string
	}{
		{
			name:     "unknown id",
			render:   func(c *Catalog) string { return c.Text("en", "no_such_message", nil) },
			want:     "no_such_message",
			wantMiss: "en/no_such_message: unknown id",
		},
		{
			name:     "unknown plural id",
			render:   func(c *Catalog) string { return c.Plural("ar", "no_such_count", 3, nil) },
			want:     "no_such_count",
			wantMiss: "ar/no_such_count: unknown id",
		},
		{
			name:     "missing field",
			render:   func(c *Catalog) string { return c.Text("en", "handoff_reply", nil) },
			want:     "I'll connect you with a member of staff. You can also call .",
			wantMiss: "en/handoff_reply: missing field Phone",
		},
		{
			name:     "nil field",
			render:   func(c *Catalog) string { return c.Text("en", "handoff_reply", map[string]any{"Phone": nil}) },
			want:     "I'll connect you with a member of staff. You can also call .",
			wantMiss: "en/handoff_reply: missing field Phone",
		},
		{
			name:     "Text on a plural message",
			render:   func(c *Catalog) string { return c.Text("en", "documents_count", nil) },
			want:     " documents",
			wantMiss: "en/documents_count: missing field Count",
		},
		{
			name:     "Plural on a plain message",
			render:   func(c *Catalog) string { return c.Plural("en", "fee_free", 3, nil) },
			want:     "Free of charge",
			wantMiss: "en/fee_free: Plural on a message with no plural forms",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCatalog(t)
			var got string
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panicked: %v", r)
					}
				}()
				got = tt.render(c)
			}()
			if got != tt.want {
				t.Errorf("rendered %q, want %q", got, tt.want)
			}
			if !slices.Contains(c.Misses(), tt.wantMiss) {
				t.Errorf("Misses() = %q, want it to contain %q", c.Misses(), tt.wantMiss)
			}
		})
	}
	if c := newCatalog(t); c.Has("no_such_message") || !c.Has("welcome") {
		t.Errorf("Has is wrong")
	}
}

func TestMissesBounded(t *testing.T) {
	c := newCatalog(t)
	for i := range maxMisses + 50 {
		c.Text("ar", fmt.Sprintf("nope_%d", i), nil)
	}
	if n := len(c.Misses()); n != maxMisses {
		t.Errorf("len(Misses()) = %d, want %d", n, maxMisses)
	}
}

func TestDigits(t *testing.T) {
	tests := []struct {
		lang, in, want string
	}{
		{"ar", "0123456789", "٠١٢٣٤٥٦٧٨٩"},
		{"ar", "11", "١١"},
		{"ar", "-3 of 12", "-٣ of ١٢"},
		{"ar", "٣", "٣"},
		{"ar", "", ""},
		{"en", "0123456789", "0123456789"},
		{"xx", "42", "٤٢"},
	}
	for _, tt := range tests {
		if got := Digits(tt.lang, tt.in); got != tt.want {
			t.Errorf("Digits(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

// TestConcurrent renders from many goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	c := newCatalog(t)
	type call struct {
		lang, id string
		n        int // -1 for Text
	}
	var calls []call
	want := map[call]string{}
	for _, l := range Langs() {
		for id, data := range contract {
			k := call{l, id, -1}
			calls = append(calls, k)
			want[k] = c.Text(l, id, data)
		}
		for _, id := range pluralContract {
			for n := range 15 {
				k := call{l, id, n}
				calls = append(calls, k)
				want[k] = c.Plural(l, id, n, nil)
			}
		}
	}
	fresh := newCatalog(t) // templates not yet parsed: the first renders race on go-i18n's cache
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 32 {
		wg.Go(func() {
			for i := range calls {
				k := calls[(i+g*7)%len(calls)]
				var got string
				if k.n < 0 {
					got = fresh.Text(k.lang, k.id, contract[k.id])
				} else {
					got = fresh.Plural(k.lang, k.id, k.n, nil)
				}
				if got != want[k] {
					select {
					case errs <- fmt.Sprintf("%v: got %q, want %q", k, got, want[k]):
					default:
					}
				}
			}
			fresh.Text("en", "no_such_message", nil) // Misses is written concurrently too
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if got := fresh.Misses(); !slices.Equal(got, []string{"en/no_such_message: unknown id"}) {
		t.Errorf("Misses() = %q", got)
	}
}

// TestLoadRejects checks that New's load refuses broken message files
// instead of letting a citizen see an ID, the wrong language or "<no value>".
func TestLoadRejects(t *testing.T) {
	const ar = "a: \"أ\"\nb: \"{{.X}} ب\"\nn:\n  zero: \"٠\"\n  one: \"١\"\n  two: \"٢\"\n  few: \"{{.Count}} ق\"\n  many: \"{{.Count}} ك\"\n  other: \"{{.Count}} غ\"\n"
	const en = "a: \"A\"\nb: \"B {{.X}}\"\nn:\n  one: \"{{.Count}} thing\"\n  other: \"{{.Count}} things\"\n"
	tests := []struct {
		name    string
		ar, en  string
		wantErr string // "" means load must succeed
	}{
		{"valid", ar, en, ""},
		{"en missing id", ar, "b: \"B {{.X}}\"\nn:\n  one: \"1\"\n  other: \"{{.Count}}\"\n", "a: in ar only"},
		{"ar missing id", strings.Replace(ar, "a: \"أ\"\n", "", 1), en, "a: in en only"},
		{"fields differ", ar, strings.Replace(en, "{{.X}}", "{{.Y}}", 1), "b: fields differ"},
		{"ar plural form missing", strings.Replace(ar, "  many: \"{{.Count}} ك\"\n", "", 1), en, `plural form "many" missing`},
		{"en plural form missing", ar, strings.Replace(en, "  other: \"{{.Count}} things\"\n", "", 1), `plural form "other" missing`},
		// With only "other" left, the message is plain text: a plural in ar only.
		{"en plural only other", ar, strings.Replace(en, "  one: \"{{.Count}} thing\"\n", "", 1), "n: plural in one language only"},
		{"plural in one language", ar, strings.Replace(en, "n:\n  one: \"{{.Count}} thing\"\n  other: \"{{.Count}} things\"\n", "n: \"{{.Count}} things\"\n", 1), "n: plural in one language only"},
		{"bad template", ar, strings.Replace(en, "B {{.X}}", "B {{.X}", 1), "b (other)"},
		{"empty text", ar, strings.Replace(en, "a: \"A\"", "a: \" \"", 1), "a: empty text"},
		{"bad yaml", ar, "a: [\n", "active.en.yaml"},
		{"empty file", ar, "", "active.en.yaml has no messages"},
		{"no en file", ar, "-", "active.en.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"active.ar.yaml": {Data: []byte(tt.ar)}}
			if tt.en != "-" {
				fsys["active.en.yaml"] = &fstest.MapFile{Data: []byte(tt.en)}
			}
			c, err := load(fsys)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("load: %v", err)
				}
				if got := c.Text("en", "b", map[string]any{"X": "x"}); got != "B x" {
					t.Errorf("Text(en, b) = %q", got)
				}
				if got := c.Plural("ar", "n", 4, nil); got != "٤ ق" {
					t.Errorf("Plural(ar, n, 4) = %q", got)
				}
				return
			}
			if err == nil {
				t.Fatalf("load succeeded, want error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("load error %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
