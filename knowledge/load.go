package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

// Load reads every *.yaml and *.yml file at the root of fsys (subdirectories
// are ignored), one record per file, and returns them as a Base. If any record
// has a problem, Load returns a *ValidationError listing all of them. fsys
// must be safe for concurrent use, as os.DirFS, embed.FS and fstest.MapFS are:
// files are parsed in parallel because YAML parsing dominates load time.
func Load(fsys fs.FS) (*Base, error) {
	recs, problems, err := readAll(fsys)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	services := make([]*Service, len(recs))
	hashes := make([][hashSize]byte, len(recs))
	for i, r := range recs {
		services[i], hashes[i] = r.svc, r.hash
	}
	return newBase(services, hashes), nil
}

// Validate reports every problem of the records in fsys, as Load would see
// them: YAML errors, unknown fields, file names, duplicate ids and the content
// rules. It returns nil when Load would succeed. A directory that cannot be
// read is reported as a problem of the file ".".
func Validate(fsys fs.FS) []Problem {
	_, problems, err := readAll(fsys)
	if err != nil {
		return []Problem{{File: ".", Msg: err.Error()}}
	}
	return problems
}

// record is one file as read by readAll.
type record struct {
	file     string
	svc      *Service // nil if the file could not be decoded
	problems []Problem
	hash     [hashSize]byte
}

// readAll parses and checks every record file of fsys. The error is for I/O
// failures only; everything wrong with the content is a Problem.
func readAll(fsys fs.FS) ([]record, []Problem, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("knowledge: %w", err)
	}
	var names []string
	for _, e := range entries {
		// Not e.Type().IsRegular(): mounted config maps are symlinks.
		if !e.IsDir() && isRecordFile(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, []Problem{{File: ".", Msg: "no .yaml or .yml files"}}, nil
	}

	recs := make([]record, len(names))
	errs := make([]error, len(names))
	parallel(len(names), func(i int) {
		recs[i], errs[i] = readRecord(fsys, names[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}

	ids := make([]string, len(recs))
	for i, r := range recs {
		if r.svc != nil {
			ids[i] = r.svc.ID
		}
	}
	duplicateIDs(ids, names, func(i int, p Problem) {
		recs[i].problems = append(recs[i].problems, p)
	})
	var problems []Problem
	for _, r := range recs {
		problems = append(problems, r.problems...)
	}
	return recs, problems, nil
}

func readRecord(fsys fs.FS, name string) (record, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return record{}, fmt.Errorf("knowledge: %w", err)
	}
	r := record{file: name}
	r.svc, r.problems = decode(name, data)
	if r.svc == nil {
		return r, nil
	}
	if id := r.svc.ID; id != "" && fileID(name) != id {
		r.problems = append(r.problems, Problem{File: name, Path: "id", Msg: fmt.Sprintf("id %q does not match the file name; name the file %s.yaml", id, id)})
	}
	r.problems = append(r.problems, checkService(name, r.svc)...)
	if len(r.problems) == 0 {
		r.hash = recordHash(r.svc)
	}
	return r, nil
}

func isRecordFile(name string) bool {
	ext := path.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

func fileID(name string) string { return name[:len(name)-len(path.Ext(name))] }

// decode parses one record strictly. It returns the record even when some
// fields could not be decoded, so that its other problems are reported too.
func decode(file string, data []byte) (*Service, []Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Service
	var problems []Problem
	err := dec.Decode(&s)
	if err == io.EOF {
		return nil, []Problem{{File: file, Msg: "empty file"}}
	}
	if err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, []Problem{{File: file, Msg: "invalid YAML: " + trimYAMLPrefix(err.Error())}}
		}
		problems = typeProblems(file, data, te.Errors)
		for _, msg := range te.Errors {
			// yaml.v3 skips a whole mapping with a repeated key, and a file
			// that is not a mapping decodes to nothing: such a record is too
			// incomplete for its other problems to be real.
			if duplicateKey.MatchString(msg) || strings.HasSuffix(msg, notARecord) {
				return nil, problems
			}
		}
	}
	// Decode reads one document; a second one would be silently ignored.
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err == nil:
		problems = append(problems, Problem{File: file, Msg: fmt.Sprintf("line %d: more than one YAML document; one record per file", extra.Line)})
	default:
		problems = append(problems, Problem{File: file, Msg: "invalid YAML after the first document: " + trimYAMLPrefix(err.Error())})
	}
	return &s, problems
}

func trimYAMLPrefix(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

// notARecord ends yaml.v3's message for a document that is not a mapping.
var notARecord = fmt.Sprintf(" into %T", Service{})

var (
	errLine      = regexp.MustCompile(`^line (\d+): `)
	unknownField = regexp.MustCompile(`^line \d+: field (.+) not found in type \S+$`)
	duplicateKey = regexp.MustCompile(`^line \d+: mapping key ".*" already defined`)
	namedKey     = regexp.MustCompile(`^line \d+: (?:field (.+) already set in type|mapping key "(.*)" already defined)`)
)

// typeProblems turns yaml.v3's decoding errors ("line 12: field amout not
// found in type knowledge.Fee") into problems with field paths. The paths
// come from a second, error-path-only parse into a yaml.Node, which keeps the
// common case at one parse per file.
func typeProblems(file string, data []byte, msgs []string) []Problem {
	var root yaml.Node
	lines := map[int][]nodeLoc{}
	if yaml.Unmarshal(data, &root) == nil {
		indexLines(&root, "", lines)
	}
	problems := make([]Problem, 0, len(msgs))
	for _, msg := range msgs {
		p := Problem{File: file, Msg: msg}
		m := errLine.FindStringSubmatch(msg)
		if m == nil || strings.HasSuffix(msg, notARecord) { // the whole file
			problems = append(problems, p)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		key := ""
		if f := unknownField.FindStringSubmatch(msg); f != nil {
			key = f[1]
			p.Msg = fmt.Sprintf("line %d: unknown field %q", line, key)
		} else if f := namedKey.FindStringSubmatch(msg); f != nil {
			key = f[1] + f[2]
		}
		p.Path = pathAt(lines[line], key)
		problems = append(problems, p)
	}
	return problems
}

// nodeLoc is a field path that starts on some line, with the key that names
// it (empty for sequence items).
type nodeLoc struct{ path, key string }

func indexLines(n *yaml.Node, p string, lines map[int][]nodeLoc) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			indexLines(c, p, lines)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := k.Value
			if p != "" {
				kp = p + "." + k.Value
			}
			lines[k.Line] = append(lines[k.Line], nodeLoc{kp, k.Value})
			if v.Line != k.Line {
				lines[v.Line] = append(lines[v.Line], nodeLoc{kp, ""})
			}
			indexLines(v, kp, lines)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			ip := item(p, i).String()
			lines[c.Line] = append(lines[c.Line], nodeLoc{ip, ""})
			indexLines(c, ip, lines)
		}
	}
}

// pathAt picks the path an error on one line is about: the one named key if
// given, else the innermost (last) path starting on that line.
func pathAt(locs []nodeLoc, key string) string {
	if key != "" {
		for _, l := range locs {
			if l.key == key {
				return l.path
			}
		}
	}
	if len(locs) == 0 {
		return ""
	}
	return locs[len(locs)-1].path
}

// parallel calls fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
