package locales

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

//go:embed active.*.yaml
var files embed.FS

// Languages Dalil answers in. Arabic is the default: the portal's citizens
// write Arabic first, and anything unrecognised is treated as Arabic.
const (
	AR = "ar"
	EN = "en"
)

// Langs returns the languages the catalog holds, default first.
func Langs() []string { return []string{AR, EN} }

// lang maps any requested language onto one the catalog has.
func lang(l string) string {
	if l == EN {
		return EN
	}
	return AR
}

// pluralForms are the CLDR plural categories, in CLDR order.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// requiredForms are the plural categories each language's grammar uses
// (CLDR); a plural message missing one would fall back to "other" and read
// wrongly for some counts.
var requiredForms = map[string][]string{
	AR: {"zero", "one", "two", "few", "many", "other"},
	EN: {"one", "other"},
}

// message is what the catalog knows about one message in one language,
// beyond what go-i18n keeps.
type message struct {
	plural bool
	fields []string // top-level template fields used by any form, sorted
}

// Catalog renders Dalil's messages. It is safe for concurrent use.
type Catalog struct {
	localizers map[string]*i18n.Localizer
	messages   map[string]map[string]message // lang -> id -> message
	ids        []string

	mu     sync.Mutex
	misses map[string]struct{}
}

// New loads the embedded message files and checks them.
func New() (*Catalog, error) {
	return load(files)
}

// MustNew is New for main and tests: the files are embedded, so an error is a
// programming error caught by this package's tests.
func MustNew() *Catalog {
	c, err := New()
	if err != nil {
		panic(err)
	}
	return c
}

// load reads active.<lang>.yaml for every language in Langs from fsys.
func load(fsys fs.FS) (*Catalog, error) {
	bundle := i18n.NewBundle(language.Arabic)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &Catalog{
		localizers: make(map[string]*i18n.Localizer),
		messages:   make(map[string]map[string]message),
		misses:     make(map[string]struct{}),
	}
	for _, l := range Langs() {
		name := "active." + l + ".yaml"
		mf, err := bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locales: load %s: %w", name, err)
		}
		if len(mf.Messages) == 0 {
			return nil, fmt.Errorf("locales: %s has no messages", name)
		}
		msgs := make(map[string]message, len(mf.Messages))
		for _, m := range mf.Messages {
			info, err := inspect(l, m)
			if err != nil {
				return nil, fmt.Errorf("locales: %s: %w", name, err)
			}
			msgs[m.ID] = info
		}
		c.messages[l] = msgs
		c.localizers[l] = i18n.NewLocalizer(bundle, l)
	}
	if err := c.checkParity(); err != nil {
		return nil, err
	}
	c.ids = slices.Sorted(maps.Keys(c.messages[AR]))
	return c, nil
}

// inspect checks one message's plural forms and templates and records the
// fields they use.
func inspect(l string, m *i18n.Message) (message, error) {
	forms := map[string]string{
		"zero": m.Zero, "one": m.One, "two": m.Two,
		"few": m.Few, "many": m.Many, "other": m.Other,
	}
	info := message{plural: m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""}
	if info.plural {
		for _, f := range requiredForms[l] {
			if strings.TrimSpace(forms[f]) == "" {
				return message{}, fmt.Errorf("%s: plural form %q missing", m.ID, f)
			}
		}
	} else if strings.TrimSpace(m.Other) == "" {
		return message{}, fmt.Errorf("%s: empty text", m.ID)
	}
	seen := map[string]bool{}
	for _, f := range pluralForms {
		if forms[f] == "" {
			continue
		}
		t, err := template.New(m.ID).Parse(forms[f])
		if err != nil {
			return message{}, fmt.Errorf("%s (%s): %w", m.ID, f, err)
		}
		if t.Tree != nil {
			collectFields(t.Tree.Root, seen)
		}
	}
	info.fields = slices.Sorted(maps.Keys(seen))
	return info, nil
}

// collectFields adds the top-level fields ({{.Phone}}) a template reads.
// Bodies of range and with are skipped: their dot is not the template data.
func collectFields(n parse.Node, seen map[string]bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			collectFields(c, seen)
		}
	case *parse.ActionNode:
		collectFields(n.Pipe, seen)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			collectFields(c, seen)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			collectFields(a, seen)
		}
	case *parse.FieldNode:
		seen[n.Ident[0]] = true
	case *parse.IfNode:
		collectFields(n.Pipe, seen)
		collectFields(n.List, seen)
		collectFields(n.ElseList, seen)
	case *parse.RangeNode:
		collectFields(n.Pipe, seen)
	case *parse.WithNode:
		collectFields(n.Pipe, seen)
	}
}

// checkParity makes a missing translation a load error rather than a
// citizen seeing the other language (or an ID) at run time.
func (c *Catalog) checkParity() error {
	var errs []error
	ar, en := c.messages[AR], c.messages[EN]
	for _, id := range slices.Sorted(maps.Keys(ar)) {
		e, ok := en[id]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: in ar only", id))
			continue
		}
		a := ar[id]
		if a.plural != e.plural {
			errs = append(errs, fmt.Errorf("%s: plural in one language only", id))
		}
		if !slices.Equal(a.fields, e.fields) {
			errs = append(errs, fmt.Errorf("%s: fields differ: ar %v, en %v", id, a.fields, e.fields))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(en)) {
		if _, ok := ar[id]; !ok {
			errs = append(errs, fmt.Errorf("%s: in en only", id))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("locales: ar and en differ: %w", err)
	}
	return nil
}

// IDs returns every message ID, sorted. Both languages have the same IDs.
func (c *Catalog) IDs() []string { return slices.Clone(c.ids) }

// Has reports whether id is a message in the catalog.
func (c *Catalog) Has(id string) bool {
	_, ok := c.messages[AR][id]
	return ok
}

// Fields returns the template fields message id reads, sorted; nil for an
// unknown id or a message without fields. Plural messages include Count.
func (c *Catalog) Fields(id string) []string {
	return slices.Clone(c.messages[AR][id].fields)
}

// Text renders message id in lang ("ar" or "en"; anything else is Arabic)
// with data as its template fields. It never panics: an unknown id renders as
// the id itself, a missing field renders empty, and both are recorded for
// Misses so tests can catch them.
func (c *Catalog) Text(lang, id string, data map[string]any) string {
	return c.render(lang, id, data, nil)
}

// Plural renders the plural message id for count. The count is available to
// the template as {{.Count}}, written in the language's digits (Arabic-Indic
// for Arabic), and picks the CLDR plural form: in Arabic 3 is "٣ مستندات",
// 11 is "١١ مستنداً", 100 is "١٠٠ مستند".
func (c *Catalog) Plural(lang, id string, count int, data map[string]any) string {
	return c.render(lang, id, data, &count)
}

func (c *Catalog) render(l, id string, data map[string]any, count *int) string {
	l = lang(l)
	m, ok := c.messages[l][id]
	if !ok {
		c.miss(l, id, "unknown id")
		return id
	}
	if count != nil && !m.plural {
		c.miss(l, id, "Plural on a message with no plural forms")
	}
	d := make(map[string]any, len(data)+1)
	maps.Copy(d, data)
	if count != nil {
		d["Count"] = Digits(l, strconv.Itoa(*count))
	}
	for _, f := range m.fields {
		// A nil or absent field would print "<no value>" to a citizen.
		if v, ok := d[f]; !ok || v == nil {
			d[f] = ""
			c.miss(l, id, "missing field "+f)
		}
	}
	lc := &i18n.LocalizeConfig{MessageID: id, TemplateData: d}
	if count != nil {
		lc.PluralCount = *count
	}
	s, err := c.localizers[l].Localize(lc)
	if err != nil {
		c.miss(l, id, err.Error())
		if s == "" {
			return id
		}
	}
	return s
}

// maxMisses bounds the memory a long-running server spends on Misses.
const maxMisses = 1000

func (c *Catalog) miss(l, id, why string) {
	c.mu.Lock()
	if len(c.misses) < maxMisses {
		c.misses[l+"/"+id+": "+why] = struct{}{}
	}
	c.mu.Unlock()
}

// Misses returns, sorted, the problems met while rendering since the catalog
// was made (the first maxMisses distinct ones): unknown IDs, fields not
// supplied, render errors. A consumer's
// tests can render their replies and fail if this is not empty.
func (c *Catalog) Misses() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Sorted(maps.Keys(c.misses))
}

// arabicDigits are ٠ to ٩, indexed by the ASCII digit's value.
var arabicDigits = []rune("٠١٢٣٤٥٦٧٨٩")

// Digits writes the ASCII digits of s in lang's digits: Arabic-Indic for
// Arabic (and any language other than "en"), unchanged for English. It is for
// counts the bot computes; fees and phones stay as written in the record.
func Digits(l, s string) string {
	if lang(l) != AR {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return arabicDigits[r-'0']
		}
		return r
	}, s)
}
