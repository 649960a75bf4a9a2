package knowledge

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// Base is a loaded, validated knowledge base. It never changes after Load or
// New; a reload builds a new Base. The records it hands out are shared, so
// callers must treat them as read-only. The zero Base is an empty base.
type Base struct {
	services []*Service // sorted by id
	byID     map[string]*Service
	version  string
}

// New validates services and returns them as a Base. It applies the same
// content rules as Load (the file-level ones aside) and returns a
// *ValidationError listing every problem; a problem's File is then "<id>.yaml".
// New takes ownership of the records: do not modify them afterwards.
func New(services []*Service) (*Base, error) {
	if problems := checkServices(services); len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	hashes := make([][hashSize]byte, len(services))
	parallel(len(services), func(i int) { hashes[i] = recordHash(services[i]) })
	return newBase(services, hashes), nil
}

// checkServices validates records that do not come from files.
func checkServices(services []*Service) []Problem {
	files := make([]string, len(services))
	ids := make([]string, len(services))
	perRecord := make([][]Problem, len(services))
	for i, s := range services {
		if s == nil {
			files[i] = fmt.Sprintf("services[%d]", i)
			perRecord[i] = []Problem{{File: files[i], Msg: "nil record"}}
			continue
		}
		files[i], ids[i] = s.ID+".yaml", s.ID
		if !validID(s.ID) {
			// Not a usable file name, perhaps not even a safe one.
			files[i] = fmt.Sprintf("services[%d]", i)
		}
	}
	parallel(len(services), func(i int) {
		if services[i] != nil {
			perRecord[i] = checkService(files[i], services[i])
		}
	})
	duplicateIDs(ids, files, func(i int, p Problem) {
		perRecord[i] = append(perRecord[i], p)
	})
	var problems []Problem
	for _, ps := range perRecord {
		problems = append(problems, ps...)
	}
	return problems
}

func newBase(services []*Service, hashes [][hashSize]byte) *Base {
	order := make([]int, len(services))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(services[a].ID, services[b].ID) })

	b := &Base{
		services: make([]*Service, len(services)),
		byID:     make(map[string]*Service, len(services)),
	}
	h := sha256.New()
	for i, j := range order {
		s := services[j]
		b.services[i] = s
		b.byID[s.ID] = s
		h.Write(hashes[j][:])
	}
	b.version = hex.EncodeToString(h.Sum(nil))[:versionLen]
	return b
}

// Services returns every record, sorted by id.
func (b *Base) Services() []*Service { return slices.Clone(b.services) }

// Get returns the record with the given id.
func (b *Base) Get(id string) (*Service, bool) {
	s, ok := b.byID[id]
	return s, ok
}

// Len returns the number of records.
func (b *Base) Len() int { return len(b.services) }

// Version returns a short hash of the content of every record. It changes
// when any record changes, is added or removed, and only then: the same
// records give the same Version whether they come from Load or New, and
// formatting or comments in the YAML files do not count. Caches key on it and
// hot reload compares it. The zero Base has an empty Version.
func (b *Base) Version() string { return b.version }

const (
	hashSize   = sha256.Size
	versionLen = 12 // hex digits: 48 bits, plenty to tell versions of one base apart
)

// recordHash hashes every field of a record. It is written out by hand
// rather than hashing an encoding (JSON took a tenth of load time);
// TestRecordHashCoversEveryField fails if a new field is left out.
func recordHash(s *Service) [hashSize]byte {
	w := hashWriter{b: make([]byte, 0, 8<<10)}
	w.str(s.ID)
	w.str(s.Category)
	w.text(s.Title)
	w.text(s.Summary)
	w.texts(s.Eligibility)
	w.texts(s.Documents)
	w.int(len(s.Fees))
	for _, f := range s.Fees {
		w.uint(math.Float64bits(f.Amount))
		w.str(f.Currency)
		w.text(f.Conditions)
	}
	w.texts(s.Steps)
	w.text(s.ProcessingTime)
	w.str(s.Channels.Online)
	w.str(s.Channels.Phone)
	w.int(len(s.Channels.Offices))
	for _, o := range s.Channels.Offices {
		w.text(o.Name)
		w.text(o.City)
		w.text(o.Hours)
	}
	w.text(s.LegalBasis)
	w.int(len(s.Notes))
	for _, a := range slices.Sorted(maps.Keys(s.Notes)) {
		w.str(string(a))
		w.text(s.Notes[a])
	}
	w.phrases(s.Examples)
	w.phrases(s.Keywords)
	w.phrases(s.NotFor)
	if s.ExamplesOnly {
		w.int(1)
	} else {
		w.int(0)
	}
	w.int(s.Version)
	w.str(s.Updated.Format(time.RFC3339Nano))
	return sha256.Sum256(w.b)
}

// hashWriter serialises values unambiguously, lengths before contents, for
// one hash call at the end (many small hash writes cost more than the copy).
type hashWriter struct{ b []byte }

func (w *hashWriter) int(n int) { w.b = binary.AppendVarint(w.b, int64(n)) }

func (w *hashWriter) uint(n uint64) { w.b = binary.AppendUvarint(w.b, n) }

func (w *hashWriter) str(s string) {
	w.int(len(s))
	w.b = append(w.b, s...)
}

func (w *hashWriter) text(t Text) {
	w.str(t.AR)
	w.str(t.EN)
}

func (w *hashWriter) texts(ts []Text) {
	w.int(len(ts))
	for _, t := range ts {
		w.text(t)
	}
}

func (w *hashWriter) phrases(p Phrases) {
	for _, l := range [][]string{p.AR, p.EN} {
		w.int(len(l))
		for _, s := range l {
			w.str(s)
		}
	}
}
