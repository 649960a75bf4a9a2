package intents

// addScoresAll adds, for each feature of near in order, its weight times
// scale times its posting list's weights to the documents' scores:
// addScoresAllGo, in postings_amd64.s (one call for a question's lists).
//
//go:noescape
func addScoresAll(docs []float32, postings []docPosting, starts []int32, near []qfeat, scale float32)

// keepBestAll moves the scores of the documents of near's features'
// posting lists into their slots' best and second best, and clears them:
// keepBestAllGo, in postings_amd64.s with AVX (its unsigned minimum and
// maximum keep a run's best two in registers). A slot's documents are the
// ids before ends[slot] from the previous slot's end: the assembly tells a
// new run by the document alone.
func keepBestAll(per []agg, docs []float32, postings []docPosting, starts []int32, near []qfeat, ends []int32) {
	if useAVX {
		keepBestAllAVX(per, docs, postings, starts, near, ends)
	} else {
		keepBestAllGo(per, docs, postings, starts, near)
	}
}

//go:noescape
func keepBestAllAVX(per []agg, docs []float32, postings []docPosting, starts []int32, near []qfeat, ends []int32)

// addRow adds w times a centroid or naive Bayes row to a score vector:
// addRowGo, in postings_amd64.s.
//
//go:noescape
func addRow(dst []float32, row []posting, w float32)

// addRowList adds, for each k in order, ws[k] times the centroid or naive
// Bayes row ids[k] (posts[start[ids[k]]:start[ids[k]+1]]) to a score
// vector: addRowListGo, in postings_amd64.s (one call for all of a word's
// features).
//
//go:noescape
func addRowList(dst []float32, posts []posting, start []int32, ids []int32, ws []float32)

// addSparse adds w times a sparse learned row (its services, in range of
// dst, and their weights) to a score vector: addSparseGo, in
// postings_amd64.s.
//
//go:noescape
func addSparse(dst []float32, cls []uint16, val []float32, w float32)

// fuseLinear fills the evidence and fused scores of the first services,
// four at a time with AVX2, when the neighbours and the learned model are
// fused, with naive Bayes' probabilities (nbp, of weight nbMix) or without
// (nbp nil), and returns how many it did: fuseGo does the rest.
func fuseLinear(evs, fused []float64, per []agg, cents []float32, lin, nbp []float64, inv float32, nbMix float64) int {
	ns := len(fused)
	n := ns &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	// The assembly reads what these bounds allow, no more.
	_, _, _, _ = evs[n-1], per[ns+n-1], cents[n-1], lin[n-1]
	k := [8]float64{0.45, 0.1, 0.15, 0.3, 1 - linMix, linMix, 1 - nbMix, nbMix} // fuseGo's weights
	var nb *float64
	if nbp != nil {
		_ = nbp[n-1]
		nb = &nbp[0]
	}
	fuseAVX2(&evs[0], &fused[0], &per[0], &per[ns], &cents[0], &lin[0], nb, inv, n, &k)
	return n
}

// fuseAVX2 is fuseGo's loop for n services (a multiple of 4), with
// neighbours and the learned model, and naive Bayes unless nbp is nil: in
// postings_amd64.s.
//
//go:noescape
func fuseAVX2(evs, fused *float64, per, prof *agg, cents *float32, lin, nbp *float64, inv float32, n int, k *[8]float64)

// mergeAsm is qtable.mergeGo's loop for ws and pre as long as ids, accs
// with room for them all, and slow (qtable.slow, noted to slow[*nslow:])
// for every feature: in postings_amd64.s.
//
//go:noescape
func mergeAsm(slots []qslot, mask uint32, accs []qacc, n int, ids []int32, ws, pre []float32, slow []int32, nslow *int) int

// weighSums is weighSumsGo's loop: in postings_amd64.s.
//
//go:noescape
func weighSums(accs []qacc, gram []bool, near []qfeat, sums *[3]float64) int

// mergeWords merges every word's features into the query's accs (room
// for them all), each word with its vector's weights (see merge; every
// word has a vector and weights as long as its ids), and returns their
// count: mergeAsm's loop over the words in one call.
func (t *qtable) mergeWords(accs []qacc, words []*wordFeats) int {
	if len(accs) == 0 {
		return 0 // no word has a feature
	}
	return mergeWordsAsm(t, &accs[0], words)
}

//go:noescape
func mergeWordsAsm(t *qtable, accs *qacc, words []*wordFeats) int
