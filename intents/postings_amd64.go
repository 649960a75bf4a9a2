package intents

// addScores adds w times a posting list's weights to the documents'
// scores: addScoresGo, in postings_amd64.s.
//
//go:noescape
func addScores(docs []float32, row []docPosting, w float32)

// keepBest moves a posting list's documents' scores into their slots' best
// and second best, and clears them: keepBestGo, in postings_amd64.s.
//
//go:noescape
func keepBest(per []agg, docs []float32, row []docPosting)

// addRow adds w times a centroid or naive Bayes row to a score vector:
// addRowGo, in postings_amd64.s.
//
//go:noescape
func addRow(dst []float32, row []posting, w float32)

// addSparse adds w times a sparse learned row (its services, in range of
// dst, and their weights) to a score vector: addSparseGo, in
// postings_amd64.s.
//
//go:noescape
func addSparse(dst []float32, cls []uint16, val []float32, w float32)

// fuseLinear fills the evidence and fused scores of the first services,
// four at a time with AVX2, when the neighbours and the learned model alone
// are fused (see fuseGo), and returns how many it did: fuseGo does the rest.
func fuseLinear(evs, fused []float64, per []agg, cents []float32, lin []float64, inv float32) int {
	ns := len(fused)
	n := ns &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	// The assembly reads what these bounds allow, no more.
	_, _, _, _ = evs[n-1], per[ns+n-1], cents[n-1], lin[n-1]
	fuseAVX2(&evs[0], &fused[0], &per[0], &per[ns], &cents[0], &lin[0], inv, n, &fuseWeights)
	return n
}

// fuseAVX2 is fuseGo's loop for n services (a multiple of 4), with
// neighbours and the learned model alone: in postings_amd64.s.
//
//go:noescape
func fuseAVX2(evs, fused *float64, per, prof *agg, cents *float32, lin *float64, inv float32, n int, k *[6]float64)
