package knowledge

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"go.yaml.in/yaml/v3"
)

// genService returns a valid full record about the size of a real one
// (passport-renewal.yaml: ~6 KB of YAML, a dozen examples per language).
func genService(id string, n int) *Service {
	t := func(ar, en string) Text { return Text{AR: ar, EN: en} }
	s := &Service{
		ID:       id,
		Category: Categories[n%len(Categories)],
		Title:    t(fmt.Sprintf("خدمة رقم %d", n), fmt.Sprintf("Service number %d", n)),
		Summary: t("تقديم طلب الخدمة الحكومية إلكترونياً أو في أحد المكاتب، مع متابعة حالة الطلب حتى استلام الوثيقة.",
			"Apply for the government service online or at an office, and follow the request until you collect the document."),
		Eligibility: []Text{
			t("المواطنون المقيمون الذين أتموا 18 سنة.", "Resident citizens aged 18 or over."),
			t("يقدّم ولي الأمر الطلب عن القاصر.", "A parent applies on behalf of a minor."),
			t("يمكن للمقيمين في الخارج التقديم عبر السفارة.", "Citizens abroad can apply through the embassy."),
		},
		Documents: []Text{
			t("بطاقة الهوية الوطنية سارية المفعول.", "A valid national ID card."),
			t("صورتان شخصيتان حديثتان (4×6 سم).", "Two recent personal photos (4×6 cm)."),
			t("إثبات السكن: فاتورة كهرباء أو مياه حديثة.", "Proof of address: a recent electricity or water bill."),
			t("للقاصر، شهادة الميلاد وهوية ولي الأمر.", "For a minor, the birth certificate and the parent's ID."),
		},
		Fees: []Fee{
			{Amount: 25, Currency: "JOD", Conditions: t("الخدمة العادية، خلال ٥ أيام عمل.", "Standard service, within 5 working days.")},
			{Amount: 50.5, Currency: "JOD", Conditions: t("الخدمة المستعجلة، خلال 24 ساعة.", "Express service, within 24 hours.")},
			{Amount: 0, Currency: "JOD", Conditions: t("معفى لذوي الإعاقة.", "Free for people with disabilities.")},
		},
		Steps: []Text{
			t("سجّل الدخول إلى البوابة بالهوية الرقمية.", "Log in to the portal with your digital identity."),
			t("عبّئ نموذج الطلب وحمّل الوثائق المطلوبة.", "Fill in the application form and upload the documents."),
			t("ادفع الرسوم إلكترونياً واحتفظ بإيصال الدفع.", "Pay the fee online and keep the receipt."),
			t("استلم الوثيقة من المكتب عند وصول رسالة الجاهزية.", "Collect the document at the office when you get the ready message."),
		},
		ProcessingTime: t("5 أيام عمل للخدمة العادية، و24 ساعة للمستعجلة.", "5 working days for the standard service, 24 hours for express."),
		Channels: Channels{
			Online: "https://eservices.dalil.example/services/" + id,
			Phone:  "+970 2 298 1000",
			Offices: []Office{
				{Name: t("مركز الخدمات الحكومية - المركز الرئيسي", "Government Service Center - Head Office"), City: t("رام الله", "Ramallah"), Hours: t("الأحد إلى الخميس، 8:00 - 14:00", "Sunday to Thursday, 8:00 - 14:00")},
				{Name: t("مركز الخدمات الحكومية - فرع الشمال", "Government Service Center - North Branch"), City: t("نابلس", "Nablus"), Hours: t("الأحد إلى الخميس، 8:00 - 14:00", "Sunday to Thursday, 8:00 - 14:00")},
			},
		},
		LegalBasis: t("قانون الخدمات الحكومية رقم 4 لسنة 2019، المادة 12.", "Government Services Law No. 4 of 2019, article 12."),
		Notes: map[Aspect]Text{
			AspectLocation: t("المقيمون في الخارج يقدّمون الطلب في أقرب سفارة.", "Citizens abroad apply at the nearest embassy."),
			AspectFees:     t("تُدفع الرسوم إلكترونياً أو نقداً في المكتب.", "Pay online or in cash at the office."),
		},
		Keywords: Phrases{AR: []string{"خدمة", "طلب", "وثيقة"}, EN: []string{"service", "apply", "document"}},
		NotFor:   Phrases{AR: []string{"خدمة شركة خاصة"}, EN: []string{"a private company's service"}},
		Version:  n % 7,
		Updated:  time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute),
	}
	for i := range 12 {
		s.Examples.AR = append(s.Examples.AR, fmt.Sprintf("كيف أقدّم طلب الخدمة رقم %d من البيت؟ سؤال %d", n, i))
		s.Examples.EN = append(s.Examples.EN, fmt.Sprintf("how do I apply for service %d from home, question %d", n, i))
	}
	return s
}

// genFS returns n generated records as YAML files.
func genFS(tb testing.TB, n int) fstest.MapFS {
	tb.Helper()
	// Encode one template and vary the id, so setup stays fast next to the load.
	const tmplID = "svc-template"
	tmpl, err := yaml.Marshal(genService(tmplID, 1))
	if err != nil {
		tb.Fatal(err)
	}
	fsys := make(fstest.MapFS, n)
	for i := range n {
		id := fmt.Sprintf("svc-%05d", i)
		fsys[id+".yaml"] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(string(tmpl), tmplID, id))}
	}
	return fsys
}

func TestGeneratedRecordIsRealistic(t *testing.T) {
	data, err := yaml.Marshal(genService("svc-1", 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 5000 {
		t.Errorf("generated record is %d bytes; keep it at least as big as a real one (~6 KB) so the load benchmark means something", len(data))
	}
	if ps := checkService("svc-1.yaml", genService("svc-1", 1)); len(ps) > 0 {
		t.Fatalf("generated record has problems:\n%s", problemList(ps))
	}
}

func TestNew(t *testing.T) {
	in := []*Service{genService("b", 2), genService("c", 3), genService("a", 1)}
	b, err := New(in)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 {
		t.Errorf("Len() = %d, want 3", b.Len())
	}
	var ids []string
	for _, s := range b.Services() {
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Errorf("Services() ids = %v, want sorted", ids)
	}
	if in[0].ID != "b" {
		t.Error("New reordered the caller's slice")
	}
	if s, ok := b.Get("c"); !ok || s != in[1] {
		t.Errorf("Get(c) = %v, %v", s, ok)
	}
	if _, ok := b.Get("d"); ok {
		t.Error("Get(d) found a record")
	}

	// Services returns a copy: reordering it does not reorder the base.
	got := b.Services()
	got[0], got[2] = got[2], got[0]
	if b.Services()[0].ID != "a" {
		t.Error("Services() exposes the base's own slice")
	}
}

func TestNewValidates(t *testing.T) {
	bad := genService("b", 2)
	bad.Fees[1].Amount = -3
	_, err := New([]*Service{genService("a", 1), bad, nil, genService("a", 4), {Title: Text{EN: "x"}, ExamplesOnly: true, Examples: Phrases{EN: []string{"x"}}}})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *ValidationError", err)
	}
	want := []string{
		`a.yaml: id: duplicate id "a" (also in a.yaml)`,
		"b.yaml: fees[1].amount: negative amount -3",
		"services[2]: nil record",
		`a.yaml: id: duplicate id "a" (also in a.yaml)`,
		"services[4]: id: missing",
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestZeroBase(t *testing.T) {
	var b Base
	if b.Len() != 0 || len(b.Services()) != 0 || b.Version() != "" {
		t.Errorf("zero Base: Len %d, Services %v, Version %q", b.Len(), b.Services(), b.Version())
	}
	if _, ok := b.Get("x"); ok {
		t.Error("zero Base found a record")
	}
	empty, err := New(nil)
	if err != nil || empty.Len() != 0 {
		t.Fatalf("New(nil) = %v, %v", empty, err)
	}
}

func TestVersion(t *testing.T) {
	mk := func(mutate func([]*Service) []*Service) string {
		t.Helper()
		ss := []*Service{genService("a", 1), genService("b", 2), genService("c", 3)}
		if mutate != nil {
			ss = mutate(ss)
		}
		b, err := New(ss)
		if err != nil {
			t.Fatal(err)
		}
		return b.Version()
	}
	base := mk(nil)
	if len(base) != 12 {
		t.Errorf("Version() = %q, want 12 hex digits", base)
	}
	if v := mk(nil); v != base {
		t.Errorf("same records, different versions %q and %q", base, v)
	}
	if v := mk(func(ss []*Service) []*Service { return []*Service{ss[2], ss[0], ss[1]} }); v != base {
		t.Errorf("input order changed the version")
	}
	for name, mutate := range map[string]func([]*Service) []*Service{
		"fee amount":   func(ss []*Service) []*Service { ss[1].Fees[0].Amount = 26; return ss },
		"one example":  func(ss []*Service) []*Service { ss[2].Examples.EN[3] += "?"; return ss },
		"note":         func(ss []*Service) []*Service { ss[0].Notes[AspectTime] = ss[0].Title; return ss },
		"updated":      func(ss []*Service) []*Service { ss[0].Updated = ss[0].Updated.Add(time.Second); return ss },
		"record added": func(ss []*Service) []*Service { return append(ss, genService("d", 4)) },
		"record gone":  func(ss []*Service) []*Service { return ss[:2] },
	} {
		if v := mk(mutate); v == base {
			t.Errorf("changing the %s did not change the version", name)
		}
	}
}

// Load and New agree on the version of the same records, and YAML formatting
// does not count.
func TestVersionIgnoresFormatting(t *testing.T) {
	dir := t.TempDir()
	ss := []*Service{genService("a", 1), genService("b", 2)}
	if err := WriteDir(dir, ss); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	built, err := New(ss)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Version() != built.Version() {
		t.Errorf("Load version %s, New version %s", loaded.Version(), built.Version())
	}
	a := filepath.Join(dir, "a.yaml")
	data, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(a, append([]byte("# edited by hand\n\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if again.Version() != loaded.Version() {
		t.Error("a comment changed the version")
	}
}

func TestLoadIgnoresOtherFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"tax-registration.yaml": {Data: []byte(validRecord)},
		"lost-card.yml":         {Data: []byte(validImported)},
		"README.md":             {Data: []byte("not a record")},
		"old/broken.yaml":       {Data: []byte("id: [")},
		".lost-card.yaml.1.tmp": {Data: []byte("id: [")},
	}
	b, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := b.Services()
	if len(got) != 2 || got[0].ID != "lost-card" || got[1].ID != "tax-registration" {
		t.Fatalf("Services() = %v", got)
	}
	want := &Service{
		ID:           "lost-card",
		Title:        Text{EN: "lost_card"},
		Examples:     Phrases{EN: []string{"I lost my card"}},
		ExamplesOnly: true,
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("lost-card = %+v, want %+v", got[0], want)
	}
	tax := got[1]
	if tax.Fees[0].Amount != 50 || tax.Fees[0].Conditions.AR != "رسوم التسجيل ٥٠ ديناراً." || tax.Notes[AspectFees].EN != "Updating your data is free." ||
		tax.Channels.Offices[0].City.EN != "Ramallah" || tax.Version != 2 || !tax.Updated.Equal(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("tax-registration decoded as %+v", tax)
	}
}

func TestLoadReadError(t *testing.T) {
	_, err := Load(os.DirFS(filepath.Join(t.TempDir(), "missing")))
	var ve *ValidationError
	if err == nil || errors.As(err, &ve) {
		t.Fatalf("Load of a missing directory: err = %v, want an I/O error", err)
	}
	ps := Validate(os.DirFS(filepath.Join(t.TempDir(), "missing")))
	if len(ps) != 1 || ps[0].File != "." {
		t.Errorf("Validate of a missing directory = %v", ps)
	}
}

// TestLoadMany loads a generated catalogue through the parallel parse. How
// fast (the 1 s budget for 5,000 records on 2 cores) is BenchmarkLoad5000's
// to show: a timed unit test fails on a busy machine, not on a regression.
func TestLoadMany(t *testing.T) {
	n := 5000
	if raceEnabled || testing.Short() {
		n = 500 // the race detector slows YAML parsing several times over
	}
	b, err := Load(genFS(t, n))
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != n {
		t.Fatalf("loaded %d records, want %d", b.Len(), n)
	}
}

// BenchmarkLoad5000: go test -run '^$' -bench Load5000 ./knowledge (budget:
// 1 s a load on 2 cores, so hot reload of a national catalogue stays cheap).
func BenchmarkLoad5000(b *testing.B) {
	fsys := genFS(b, 5000)
	var size int64
	for _, f := range fsys {
		size += int64(len(f.Data))
	}
	b.SetBytes(size)
	for b.Loop() {
		if _, err := Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// recordHash lists fields by hand; this fails when a field (present or
// future) does not change the hash.
func TestRecordHashCoversEveryField(t *testing.T) {
	orig := recordHash(genService("a", 1))
	covered := map[string]bool{}
	n := 0
	for ; ; n++ {
		s := genService("a", 1)
		k := n
		field, ok := mutateLeaf(reflect.ValueOf(s), "", &k)
		if !ok {
			break
		}
		covered[field] = true
		if recordHash(s) == orig {
			t.Errorf("changing %s does not change the record hash", field)
		}
	}
	// Every field must have been mutated at least once, or a field that
	// genService leaves empty would escape the check.
	for _, f := range structFields(reflect.TypeFor[Service](), "") {
		if !covered[f] {
			t.Errorf("field %s never mutated: fill it in genService", f)
		}
	}
	if n < 50 {
		t.Errorf("only %d leaves mutated", n)
	}
}

var timeType = reflect.TypeFor[time.Time]()

// mutateLeaf changes the *n-th leaf value under v, depth first, and returns
// the path of the field holding it, e.g. Channels.Offices.City.AR.
func mutateLeaf(v reflect.Value, field string, n *int) (string, bool) {
	leaf := func(set func()) (string, bool) {
		if *n > 0 {
			*n--
			return "", false
		}
		set()
		return field, true
	}
	if v.Type() == timeType {
		return leaf(func() { v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second))) })
	}
	switch v.Kind() {
	case reflect.Pointer:
		return mutateLeaf(v.Elem(), field, n)
	case reflect.Struct:
		for i := range v.NumField() {
			if f, ok := mutateLeaf(v.Field(i), join(field, v.Type().Field(i).Name), n); ok {
				return f, true
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if f, ok := mutateLeaf(v.Index(i), field, n); ok {
				return f, true
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			if f, ok := mutateLeaf(e, field, n); ok {
				v.SetMapIndex(k, e)
				return f, true
			}
		}
	case reflect.String:
		return leaf(func() { v.SetString(v.String() + "x") })
	case reflect.Int:
		return leaf(func() { v.SetInt(v.Int() + 1) })
	case reflect.Float64:
		return leaf(func() { v.SetFloat(v.Float() + 0.5) })
	case reflect.Bool:
		return leaf(func() { v.SetBool(!v.Bool()) })
	default:
		panic("mutateLeaf: unhandled kind " + v.Kind().String() + " in " + field)
	}
	return "", false
}

// structFields lists the paths of the leaf fields of t, as mutateLeaf names them.
func structFields(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType {
		return []string{prefix}
	}
	var out []string
	for i := range t.NumField() {
		out = append(out, structFields(t.Field(i).Type, join(prefix, t.Field(i).Name))...)
	}
	return out
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
