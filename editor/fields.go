package editor

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/dalil-project/dalil/knowledge"
)

// Field is one leaf of a record: its path, as knowledge's validation names
// it (fees[0].conditions.en, examples.ar[3]), and its value as text.
type Field struct {
	Path  string
	Value string
}

// skipped fields are bookkeeping set by publishing, not content.
var skipped = map[string]bool{"version": true, "updated": true}

// Fields lists the non-empty leaves of s in field order. It walks the
// struct by reflection, so a field added to knowledge.Service is diffed and
// reviewed without a change here.
func Fields(s *knowledge.Service) []Field {
	if s == nil {
		return nil
	}
	var out []Field
	walk(reflect.ValueOf(*s), "", &out)
	return out
}

func walk(v reflect.Value, path string, out *[]Field) {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" || (path == "" && skipped[name]) {
				continue
			}
			walk(v.Field(i), join(path, name), out)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walk(v.Index(i), path+"["+strconv.Itoa(i)+"]", out)
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			walk(v.MapIndex(k), join(path, k.String()), out)
		}
	case reflect.String:
		if s := v.String(); s != "" {
			*out = append(*out, Field{path, s})
		}
	case reflect.Float64, reflect.Float32:
		// Amounts are always shown, 0 included: a free service says so.
		*out = append(*out, Field{path, strconv.FormatFloat(v.Float(), 'f', -1, 64)})
	case reflect.Int, reflect.Int64:
		if v.Int() != 0 {
			*out = append(*out, Field{path, strconv.FormatInt(v.Int(), 10)})
		}
	case reflect.Bool:
		if v.Bool() {
			*out = append(*out, Field{path, "true"})
		}
	default:
		panic(fmt.Sprintf("editor: field %s of kind %s not handled", path, v.Kind()))
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Change is one field that differs between two versions. An empty From
// means the field was added, an empty To that it was removed.
type Change struct {
	Path string `json:"path"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// Diff lists the fields that differ between a and b (either may be nil),
// in field order: those of b first, then those only a had.
func Diff(a, b *knowledge.Service) []Change {
	fa, fb := Fields(a), Fields(b)
	old := make(map[string]string, len(fa))
	for _, f := range fa {
		old[f.Path] = f.Value
	}
	var out []Change
	seen := make(map[string]bool, len(fb))
	for _, f := range fb {
		seen[f.Path] = true
		if o, ok := old[f.Path]; !ok || o != f.Value {
			out = append(out, Change{Path: f.Path, From: o, To: f.Value})
		}
	}
	for _, f := range fa {
		if !seen[f.Path] {
			out = append(out, Change{Path: f.Path, From: f.Value})
		}
	}
	return out
}

// fieldMap indexes Fields(s) by path.
func fieldMap(s *knowledge.Service) map[string]string {
	fs := Fields(s)
	m := make(map[string]string, len(fs))
	for _, f := range fs {
		m[f.Path] = f.Value
	}
	return m
}

// textBases returns the paths P of the bilingual texts in the maps: those
// with a P.ar or P.en leaf. Examples and keywords (examples.ar[0]) are not
// translations of each other and are not included.
func textBases(ms ...map[string]string) []string {
	set := map[string]bool{}
	for _, m := range ms {
		for p := range m {
			if b, ok := strings.CutSuffix(p, ".ar"); ok {
				set[b] = true
			} else if b, ok := strings.CutSuffix(p, ".en"); ok {
				set[b] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for b := range set {
		out = append(out, b)
	}
	slices.Sort(out)
	return out
}

// reviewFlags updates the needs-review marks of a draft after a save from
// prev to next: changing one language of a text marks the other, unless it
// changed too or is empty; changing a marked text (or confirming it)
// clears its mark. Marks on texts that are now empty are dropped.
func reviewFlags(prev, next *knowledge.Service, flags, confirm []string) []string {
	pm, nm := fieldMap(prev), fieldMap(next)
	set := make(map[string]bool, len(flags))
	for _, f := range flags {
		set[f] = true
	}
	for _, b := range textBases(pm, nm) {
		ar, en := b+".ar", b+".en"
		arChanged, enChanged := pm[ar] != nm[ar], pm[en] != nm[en]
		// An edit of a marked text is the review it asked for: it clears
		// the mark and does not mark the other language back.
		arAnswer, enAnswer := arChanged && set[ar], enChanged && set[en]
		if arChanged {
			delete(set, ar)
		}
		if enChanged {
			delete(set, en)
		}
		if arChanged && !enChanged && !arAnswer && nm[en] != "" {
			set[en] = true
		}
		if enChanged && !arChanged && !enAnswer && nm[ar] != "" {
			set[ar] = true
		}
	}
	for _, c := range confirm {
		delete(set, c)
	}
	out := make([]string, 0, len(set))
	for p := range set {
		if nm[p] != "" {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}
