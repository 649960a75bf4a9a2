package intents

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPostingsAsm: the assembly posting walks must leave the documents'
// scores and the slots' best two exactly as the Go loops do, over lists of
// every length whose documents come in order and in runs of a slot, some
// documents in several lists (and lists read twice), on slots that already
// have a best two.
func TestPostingsAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const ndocs, nslots = 300, 40
	// Each slot's documents are consecutive, the slots in any order (a
	// service's examples, then its profile's slot, then the next service).
	slotOf := make([]int32, ndocs)
	ends := make([]int32, nslots)
	perm := rng.Perm(nslots)
	for d := range slotOf {
		slotOf[d] = int32(perm[d*nslots/ndocs])
		ends[slotOf[d]] = int32(d) + 1
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
		// The lists as an index's: one array, each feature's list
		// from its start, near naming them (some twice, some not at all).
		var postings []docPosting
		starts := []int32{0}
		for _, row := range rows {
			postings = append(postings, row...)
			starts = append(starts, int32(len(postings)))
		}
		var near []qfeat
		for range rng.IntN(6) {
			near = append(near, qfeat{int32(rng.IntN(len(rows))), rng.Float32()})
		}
		scale := rng.Float32() + 0.5
		docs := make([]float32, ndocs)
		wantDocs, wantPer := slices.Clone(docs), slices.Clone(per)
		addScoresAll(docs, postings, starts, near, scale)
		addScoresAllGo(wantDocs, postings, starts, near, scale)
		if !slices.Equal(docs, wantDocs) {
			t.Fatalf("addScoresAll, round %d: differs from the Go loop", n)
		}
		keepBestAll(per, docs, postings, starts, near, ends)
		keepBestAllGo(wantPer, wantDocs, postings, starts, near)
		if !slices.Equal(per, wantPer) || !slices.Equal(docs, wantDocs) {
			t.Fatalf("keepBestAll, round %d: differs from the Go loop", n)
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
		dst := randomScores(rng, n)
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

// TestAddRowListAsm: a word's rows added in one assembly call must leave a
// score vector exactly as the Go loop does, rows empty or of any length,
// features repeated.
func TestAddRowListAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	const n = 90
	rows := make([][]posting, 40)
	for id := range rows {
		k := rng.IntN(n + 1)
		for c := range n {
			if rng.IntN(n) < k {
				rows[id] = append(rows[id], posting{int32(c), rng.Float32() - 0.5})
			}
		}
	}
	tab := newRowTable(rows)
	for round := range 300 {
		ids, ws := make([]int32, rng.IntN(25)), make([]float32, 0, 25)
		for k := range ids {
			ids[k] = int32(rng.IntN(len(rows)))
			ws = append(ws, rng.Float32()*2-1)
		}
		dst := randomScores(rng, n)
		want := slices.Clone(dst)
		addRowList(dst, tab.posts, tab.start, ids, ws)
		addRowListGo(want, tab.posts, tab.start, ids, ws)
		if !slices.Equal(dst, want) {
			t.Fatalf("addRowList, round %d: differs from the Go loop", round)
		}
	}
}

// TestFuseAsm: fuseLinear and then fuseGo must give every service the
// evidence and fused score that fuseGo alone gives, bit for bit, for every
// count of services, on scores of all sizes (and zeros), with naive Bayes
// and without.
func TestFuseAsm(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	f32 := func() uint32 {
		if rng.IntN(5) == 0 {
			return 0
		}
		return math.Float32bits(rng.Float32() * float32(math.Pow(10, float64(rng.IntN(9)-4))))
	}
	for ns := 0; ns <= 40; ns++ {
		for k := range 40 {
			per := make([]agg, 2*ns)
			for i := range per {
				per[i] = agg{f32(), f32()}
			}
			cents := make([]float32, ns)
			lin, nbp := make([]float64, ns), make([]float64, ns)
			for i := range cents {
				cents[i] = math.Float32frombits(f32())
				lin[i], nbp[i] = rng.Float64(), rng.Float64()
			}
			mix := rng.Float64() * nbMix
			if k%2 == 0 {
				nbp, mix = nil, 0
			}
			inv := rng.Float32() * 3
			evs, fused := make([]float64, ns), make([]float64, ns)
			wantEvs, wantFused := make([]float64, ns), make([]float64, ns)
			from := fuseLinear(evs, fused, per, cents, lin, nbp, inv, mix)
			if ns >= 4 && from == 0 {
				t.Fatalf("%d services: fuseLinear did none", ns)
			}
			fuseGo(evs, fused, per, cents, lin, nbp, inv, true, mix, from)
			fuseGo(wantEvs, wantFused, per, cents, lin, nbp, inv, true, mix, 0)
			for i := range ns {
				if math.Float64bits(evs[i]) != math.Float64bits(wantEvs[i]) || math.Float64bits(fused[i]) != math.Float64bits(wantFused[i]) {
					t.Fatalf("%d services, service %d, naive Bayes %v: (%v, %v), want (%v, %v)", ns, i, nbp != nil, evs[i], fused[i], wantEvs[i], wantFused[i])
				}
			}
		}
	}
}

// TestAddSparseAsm: the assembly sparse row walk must leave a score vector
// exactly as the Go loop does, over rows of every length, services
// ascending, a vector already holding sums.
func TestAddSparseAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n = 120
	for k := 0; k <= n; k++ {
		dst := randomScores(rng, n)
		want := slices.Clone(dst)
		for range 1 + rng.IntN(4) {
			var cls []uint16
			var val []float32
			for c := range n {
				if rng.IntN(n) < k {
					cls, val = append(cls, uint16(c)), append(val, rng.Float32()-0.5)
				}
			}
			w := rng.Float32()
			addSparse(dst, cls, val, w)
			addSparseGo(want, cls, val, w)
		}
		if !slices.Equal(dst, want) {
			t.Fatalf("addSparse, %d of %d: differs from the Go loop", k, n)
		}
	}
}

// randomScores is a score vector already holding sums.
func randomScores(rng *rand.Rand, n int) []float32 {
	dst := make([]float32, n)
	for i := range dst {
		dst[i] = rng.Float32()
	}
	return dst
}

// TestMergeAsm: the assembly merge of a word's features must leave the
// query's table and features exactly as the Go loop does, over words with
// features new to the query and features it has, on tables small enough
// for collisions.
func TestMergeAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for round := range 300 {
		var words [][]int32
		total := 0
		for range 1 + rng.IntN(12) {
			seen := map[int32]bool{}
			var ids []int32
			for range rng.IntN(40) {
				id := int32(rng.IntN(20 + round*10))
				if !seen[id] { // a word's ids are distinct
					seen[id] = true
					ids = append(ids, id)
				}
			}
			words = append(words, ids)
			total += len(ids)
		}
		var want, got qtable
		want.reset(total)
		got.reset(total)
		gotSlow := 0
		wantAccs, gotAccs := make([]qacc, total), make([]qacc, total)
		wn, gn := 0, 0
		for _, ids := range words {
			ws, pre := make([]float32, len(ids)), make([]float32, len(ids))
			for k := range ids {
				ws[k], pre[k] = rng.Float32(), rng.Float32()
			}
			wn = want.mergeGo(wantAccs, wn, ids, ws, pre)
			gn = mergeAsm(got.slots, got.mask, gotAccs, gn, ids, ws, pre, got.slow, &gotSlow)
		}
		if gn != wn || !slices.Equal(gotAccs, wantAccs) || !slices.Equal(got.slots, want.slots) ||
			!slices.Equal(got.slow[:gotSlow], want.slow[:want.nslow]) {
			t.Fatalf("round %d: differs from the Go loop", round)
		}
	}
}

// TestWeighSumsAsm: the assembly sums of a query's feature weights must
// equal the Go loop's bit for bit, and keep the same features.
func TestWeighSumsAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	gram := make([]bool, 500)
	for i := range gram {
		gram[i] = rng.IntN(3) > 0
	}
	for n := range 200 {
		accs := make([]qacc, n)
		for i := range accs {
			accs[i] = qacc{id: int32(rng.IntN(len(gram))), acc: rng.Float32(), pre: rng.Float32() * 5, cnt: 1}
		}
		start := [3]float64{rng.Float64(), 0, 0}
		want, got := start, start
		wantNear, gotNear := make([]qfeat, n), make([]qfeat, n)
		wn := weighSumsGo(accs, gram, wantNear, &want)
		gn := weighSums(accs, gram, gotNear, &got)
		if gn != wn || got != want || !slices.Equal(gotNear, wantNear) {
			t.Fatalf("%d features: differs from the Go loop", n)
		}
	}
}

// newRowTable packs rows into a rowTable (the centroids are written in
// place, centroidTable; naive Bayes' rows are a linear's since session 12).
func newRowTable(rows [][]posting) rowTable {
	t := rowTable{start: make([]int32, len(rows)+1)}
	for f, r := range rows {
		t.start[f+1] = t.start[f] + int32(len(r))
	}
	t.posts = make([]posting, 0, t.start[len(rows)])
	for _, r := range rows {
		t.posts = append(t.posts, r...)
	}
	return t
}
