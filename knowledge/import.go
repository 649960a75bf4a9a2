package knowledge

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// maxImportLine bounds one JSONL line; an example is at most MaxExampleLen
// characters, so anything near this is not an example.
const maxImportLine = 1 << 20

// ImportExamples reads labelled example questions, one JSON object a line:
//
//	{"text": "how do I renew my passport", "label": "passport_renewal", "lang": "en"}
//
// lang is "ar" or "en"; other fields are ignored and blank lines skipped. It
// returns one ExamplesOnly record per label, sorted by id: the id is the label
// made kebab-case (lowercase, '_' and spaces to '-', other characters
// dropped), the title is the label in both languages, and the examples are the
// texts, without duplicates. A malformed line is an error naming its line
// number. The records are not validated here; New or WriteDir does that.
func ImportExamples(r io.Reader) ([]*Service, error) {
	type group struct {
		label string
		line  int
		svc   *Service
		seen  map[string]bool // lang + "\x00" + phraseKey
	}
	groups := map[string]*group{}

	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxImportLine)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var ex struct {
			Text  string `json:"text"`
			Label string `json:"label"`
			Lang  string `json:"lang"`
		}
		if err := json.Unmarshal(line, &ex); err != nil {
			return nil, fmt.Errorf("knowledge: import line %d: %w", n, err)
		}
		text, label := strings.TrimSpace(ex.Text), strings.TrimSpace(ex.Label)
		switch {
		case text == "":
			return nil, fmt.Errorf("knowledge: import line %d: missing text", n)
		case label == "":
			return nil, fmt.Errorf("knowledge: import line %d: missing label", n)
		case ex.Lang != string(AR) && ex.Lang != string(EN):
			return nil, fmt.Errorf("knowledge: import line %d: lang %q, want \"ar\" or \"en\"", n, ex.Lang)
		}
		id := labelID(label)
		if id == "" {
			return nil, fmt.Errorf("knowledge: import line %d: label %q has no letters or digits usable in an id", n, label)
		}
		g := groups[id]
		switch {
		case g == nil:
			g = &group{label: label, line: n, seen: map[string]bool{}, svc: &Service{
				ID:           id,
				Title:        Text{AR: label, EN: label},
				ExamplesOnly: true,
			}}
			groups[id] = g
		case g.label != label:
			return nil, fmt.Errorf("knowledge: import line %d: label %q and label %q (line %d) both make id %q", n, label, g.label, g.line, id)
		}
		key := ex.Lang + "\x00" + phraseKey(text)
		if g.seen[key] {
			continue
		}
		g.seen[key] = true
		if ex.Lang == string(AR) {
			g.svc.Examples.AR = append(g.svc.Examples.AR, text)
		} else {
			g.svc.Examples.EN = append(g.svc.Examples.EN, text)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("knowledge: import line %d: %w", n+1, err)
	}

	services := make([]*Service, 0, len(groups))
	for _, g := range groups {
		services = append(services, g.svc)
	}
	slices.SortFunc(services, func(a, b *Service) int { return cmp.Compare(a.ID, b.ID) })
	return services, nil
}

// labelID makes a label safe as a record id and file name.
func labelID(label string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '-' || r == '_' || unicode.IsSpace(r):
			dash = true
		}
	}
	return b.String()
}

// WriteDir writes each record to dir/<id>.yaml, creating dir if needed, in
// the layout editors write by hand (2-space indent, empty fields left out).
// The records are validated first, as by New, and nothing is written if any
// has a problem. Each file is written to a temporary name and renamed, so a
// concurrent Load or a crash never sees half a file.
func WriteDir(dir string, services []*Service) error {
	if problems := checkServices(services); len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("knowledge: %w", err)
	}
	for _, s := range services {
		data, err := marshalService(s)
		if err != nil {
			return fmt.Errorf("knowledge: write %s: %w", s.ID, err)
		}
		if err := writeFileAtomic(filepath.Join(dir, s.ID+".yaml"), data); err != nil {
			return fmt.Errorf("knowledge: write %s: %w", s.ID, err)
		}
	}
	return nil
}

// marshalService encodes s as YAML without the fields that are empty and
// decode back to their zero value anyway, so that imported records stay short.
func marshalService(s *Service) ([]byte, error) {
	var n yaml.Node
	if err := n.Encode(s); err != nil {
		return nil, err
	}
	pruneEmpty(&n)
	// Top-level zero version and update time are noise in a new record.
	dropKeys(&n, func(k, v *yaml.Node) bool {
		return (k.Value == "version" && v.Value == "0") ||
			(k.Value == "updated" && v.Tag == "!!timestamp" && v.Value == "0001-01-01T00:00:00Z")
	})
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pruneEmpty removes mapping entries whose value is an empty string or a
// mapping that is empty after pruning. Sequence items are kept: removing one
// would change the record.
func pruneEmpty(n *yaml.Node) {
	for _, c := range n.Content {
		pruneEmpty(c)
	}
	if n.Kind == yaml.MappingNode {
		dropKeys(n, func(_, v *yaml.Node) bool {
			return (v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value == "") ||
				(v.Kind == yaml.MappingNode && len(v.Content) == 0)
		})
	}
}

func dropKeys(n *yaml.Node, drop func(k, v *yaml.Node) bool) {
	kept := n.Content[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !drop(n.Content[i], n.Content[i+1]) {
			kept = append(kept, n.Content[i], n.Content[i+1])
		}
	}
	n.Content = kept
}

func writeFileAtomic(name string, data []byte) (err error) {
	// The temporary name does not end in .yaml, so Load never picks it up.
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
