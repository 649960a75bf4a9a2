package knowledge

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func importTestdata(t *testing.T) []*Service {
	t.Helper()
	f, err := os.Open("testdata/import/examples.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ss, err := ImportExamples(f)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestImportExamples(t *testing.T) {
	got := importTestdata(t)
	want := []*Service{
		{
			ID:           "lost-id-card",
			Title:        Text{AR: "lost-id-card", EN: "lost-id-card"},
			Examples:     Phrases{AR: []string{"ضاعت هويتي"}, EN: []string{"I lost my ID card", "123"}},
			ExamplesOnly: true,
		},
		{
			ID:           "passport-renewal",
			Title:        Text{AR: "passport_renewal", EN: "passport_renewal"},
			Examples:     Phrases{AR: []string{"كيف أجدد جواز السفر؟", "jawazi khalas kif ajaddid"}, EN: []string{"how do I renew my passport"}},
			ExamplesOnly: true,
		},
		{
			ID:           "track-application",
			Title:        Text{AR: "Track Application", EN: "Track Application"},
			Examples:     Phrases{AR: []string{"وين وصل طلبي"}, EN: []string{"where is my application", "status of request 2024-118"}},
			ExamplesOnly: true,
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ImportExamples:\n%s\nwant:\n%s", dump(t, got), dump(t, want))
	}
	if _, err := New(got); err != nil {
		t.Errorf("imported records do not validate: %v", err)
	}
}

func dump(t *testing.T, ss []*Service) string {
	var b strings.Builder
	for _, s := range ss {
		data, err := marshalService(s)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("---\n")
	}
	return b.String()
}

func TestImportExamplesErrors(t *testing.T) {
	const ok = `{"text": "hi", "label": "greeting", "lang": "en"}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"not json", ok + "\n" + "text=hi\n", "line 3: invalid character"},
		{"wrong type", ok + `{"text": 5, "label": "x", "lang": "en"}`, "line 2: json: cannot unmarshal number"},
		{"missing text", ok + `{"label": "x", "lang": "en"}`, "line 2: missing text"},
		{"blank text", ok + `{"text": " ", "label": "x", "lang": "en"}`, "line 2: missing text"},
		{"missing label", `{"text": "hi", "lang": "en"}`, "line 1: missing label"},
		{"unknown lang", ok + ok + `{"text": "salut", "label": "x", "lang": "fr"}`, `line 3: lang "fr", want "ar" or "en"`},
		{"missing lang", `{"text": "hi", "label": "x"}`, `line 1: lang "", want "ar" or "en"`},
		{"label without id characters", `{"text": "مرحبا", "label": "تحية", "lang": "ar"}`, `line 1: label "تحية" has no letters or digits usable in an id`},
		{"labels colliding", ok + `{"text": "hello", "label": "Greeting", "lang": "en"}`, `line 2: label "Greeting" and label "greeting" (line 1) both make id "greeting"`},
		{"line too long", ok + `{"text": "` + strings.Repeat("a", maxImportLine) + `"}`, "line 2: bufio.Scanner: token too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := ImportExamples(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ...%s...", err, tt.want)
			}
			if ss != nil {
				t.Errorf("returned records along with an error")
			}
		})
	}
}

func TestImportExamplesEmpty(t *testing.T) {
	ss, err := ImportExamples(strings.NewReader("\n  \n"))
	if err != nil || len(ss) != 0 {
		t.Errorf("ImportExamples(blank) = %v, %v", ss, err)
	}
}

func TestLabelID(t *testing.T) {
	for _, tt := range []struct{ label, want string }{
		{"passport_renewal", "passport-renewal"},
		{"Track Application", "track-application"},
		{"  lost--ID__card ", "lost-id-card"},
		{"payment.status/v2", "paymentstatusv2"},
		{"_leading and trailing_", "leading-and-trailing"},
		{"ضريبة_tax", "tax"},
		{"Éclair", "clair"},
		{"../../etc/passwd", "etcpasswd"},
		{"تحية", ""},
	} {
		got := labelID(tt.label)
		if got != tt.want {
			t.Errorf("labelID(%q) = %q, want %q", tt.label, got, tt.want)
		}
		if got != "" && !validID(got) {
			t.Errorf("labelID(%q) = %q is not a valid id", tt.label, got)
		}
	}
}

func TestWriteDirGolden(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "imported") // WriteDir creates it
	ss := importTestdata(t)
	if err := WriteDir(dir, ss); err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		name := s.ID + ".yaml"
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "import", "golden", name)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, want)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(ss) {
		t.Errorf("dir holds %d files, want %d (temporary files left?)", len(entries), len(ss))
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v, want 0644", e.Name(), info.Mode().Perm())
		}
	}
}

func TestWriteDirRoundTrip(t *testing.T) {
	full := genService("full-record", 3)
	full.Fees[0].Conditions = Text{AR: "الرسوم ٢٫٥ دينار.", EN: "The fee is 2.5 dinars."}
	full.Fees[0].Amount = 2.5
	full.Examples.EN = append(full.Examples.EN, "yes", "null", "- dash", "#hash", "key: value", "1e3")
	full.Updated = time.Date(2026, 3, 4, 5, 6, 7, 890, time.UTC)
	minimal := genService("minimal-record", 4)
	minimal.Channels = Channels{Phone: "06 500 0000"}
	minimal.Documents, minimal.Eligibility, minimal.Notes, minimal.Keywords = nil, nil, nil, Phrases{}
	minimal.Version, minimal.Updated = 0, time.Time{}

	for name, ss := range map[string][]*Service{
		"imported": importTestdata(t),
		"full":     {full, minimal},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteDir(dir, ss); err != nil {
				t.Fatal(err)
			}
			b, err := Load(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			want, err := New(ss)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(b.Services(), want.Services()) {
				t.Errorf("loaded back:\n%s\nwant:\n%s", dump(t, b.Services()), dump(t, want.Services()))
			}
			if b.Version() != want.Version() {
				t.Errorf("version %s after the round trip, %s before", b.Version(), want.Version())
			}
		})
	}
}

func TestWriteDirOverwrites(t *testing.T) {
	dir := t.TempDir()
	s := genService("a", 1)
	if err := WriteDir(dir, []*Service{s}); err != nil {
		t.Fatal(err)
	}
	s2 := genService("a", 1)
	s2.Version = 6
	if err := WriteDir(dir, []*Service{s2}); err != nil {
		t.Fatal(err)
	}
	b, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Get("a"); got.Version != 6 {
		t.Errorf("version %d after overwrite, want 6", got.Version)
	}
}

func TestWriteDirValidatesFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	bad := genService("b", 2)
	bad.Channels.Online = "http://insecure.example"
	err := WriteDir(dir, []*Service{genService("a", 1), bad, {ID: "../escape", Title: Text{EN: "x"}, ExamplesOnly: true, Examples: Phrases{EN: []string{"x"}}}})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *ValidationError", err)
	}
	want := []string{
		`b.yaml: channels.online: "http://insecure.example" is not an absolute https URL`,
		`services[2]: id: "../escape" is not lowercase kebab-case (a-z, 0-9, single dashes)`,
	}
	if len(ve.Problems) != len(want) {
		t.Fatalf("problems:\n%s", problemList(ve.Problems))
	}
	for i, p := range ve.Problems {
		if p.String() != want[i] {
			t.Errorf("problem %d = %q, want %q", i, p, want[i])
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("WriteDir created %s despite problems (stat: %v)", dir, err)
	}
}
