package intents

import (
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// TestWeighDocsBayes: naive Bayes made while the documents are weighed
// (weighDocs, in ranges on every core) is trainBayes' model of the same
// examples, to the bit, however the documents are cut in ranges.
func TestWeighDocsBayes(t *testing.T) {
	defer func(n, procs int) {
		minChunk = n
		runtime.GOMAXPROCS(procs)
	}(minChunk, runtime.GOMAXPROCS(0))
	for _, tc := range []struct {
		name                    string
		services, features, per int
		chunk, procs            int
	}{
		{"one range", 5, 40, 4, 1 << 30, 1},
		{"ranges on one core", 30, 200, 6, 7, 1},
		{"ranges on four cores", 30, 200, 6, 7, 4},
		{"services without documents", 12, 60, 3, 5, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			minChunk = tc.chunk
			runtime.GOMAXPROCS(tc.procs)
			rng := rand.New(rand.NewPCG(1, uint64(tc.services)))
			m := &Matcher{services: make([]*knowledge.Service, tc.services)}
			m.idf = make([]float32, tc.features)
			m.gram = make([]bool, tc.features)
			for id := range m.idf {
				m.idf[id] = 0.5 + rng.Float32()*3
				m.gram[id] = id%3 == 0
			}
			var raws []rawDoc
			counts := make([]int32, tc.features)
			for svc := range tc.services {
				if tc.name == "services without documents" && svc%4 == 1 {
					continue
				}
				for d := range tc.per + 1 {
					ids := rng.Perm(tc.features)[:1+rng.IntN(12)]
					r := rawDoc{info: docInfo{svc: int32(svc), profile: d == tc.per}}
					for _, id := range ids {
						r.ids = append(r.ids, int32(id))
						r.tf = append(r.tf, float32(1+rng.IntN(3)))
						if !m.gram[id] {
							counts[id]++
						}
					}
					raws = append(raws, r)
				}
			}
			train, got := m.weighDocs(raws, counts, func(r rawDoc) uint64 { return uint64(r.info.svc) }, true)
			want := trainBayes(slices.Clone(train), tc.services, tc.features)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("weighDocs' naive Bayes differs from trainBayes'")
			}
		})
	}
}
