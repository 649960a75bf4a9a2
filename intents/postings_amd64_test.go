package intents

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPostingsAsm: the assembly posting walks must leave the documents'
// scores and the slots' best two exactly as the Go loops do, over lists of
// every length whose documents come in order and in runs of a slot, some
// documents in several lists, on slots that already have a best two.
func TestPostingsAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const ndocs, nslots = 300, 40
	slotOf := make([]int32, ndocs)
	for d := range slotOf {
		slotOf[d] = int32(d * nslots / ndocs)
	}
	for n := 0; n <= 200; n++ {
		var rows [][]docPosting
		for range 1 + rng.IntN(4) {
			var row []docPosting
			for d := range ndocs {
				if rng.IntN(ndocs) < n {
					row = append(row, docPosting{int32(d), slotOf[d], rng.Float32()})
				}
			}
			rows = append(rows, row)
		}
		per := make([]agg, nslots)
		for i := range per {
			if rng.IntN(3) == 0 { // a best and a second best no greater
				b := rng.Uint32() >> 2
				per[i] = agg{b, b - rng.Uint32N(b+1)}
			}
		}
		docs := make([]float32, ndocs)
		wantDocs, wantPer := slices.Clone(docs), slices.Clone(per)
		for _, row := range rows {
			w := rng.Float32()
			addScores(docs, row, w)
			addScoresGo(wantDocs, row, w)
		}
		if !slices.Equal(docs, wantDocs) {
			t.Fatalf("addScores, round %d: differs from the Go loop", n)
		}
		for _, row := range rows {
			keepBest(per, docs, row)
			keepBestGo(wantPer, wantDocs, row)
		}
		if !slices.Equal(per, wantPer) || !slices.Equal(docs, wantDocs) {
			t.Fatalf("keepBest, round %d: differs from the Go loop", n)
		}
	}
}

// TestAddRowAsm: the assembly row walk must leave a score vector exactly
// as the Go loop does, over rows of every length, services ascending, a
// vector already holding sums.
func TestAddRowAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const n = 120
	for k := 0; k <= n; k++ {
		dst := make([]float32, n)
		for i := range dst {
			dst[i] = rng.Float32()
		}
		want := slices.Clone(dst)
		for range 1 + rng.IntN(4) {
			var row []posting
			for c := range n {
				if rng.IntN(n) < k {
					row = append(row, posting{int32(c), rng.Float32() - 0.5})
				}
			}
			w := rng.Float32()
			addRow(dst, row, w)
			addRowGo(want, row, w)
		}
		if !slices.Equal(dst, want) {
			t.Fatalf("addRow, round %d: differs from the Go loop", k)
		}
	}
}
