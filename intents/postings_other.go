//go:build !amd64

package intents

// addScores adds w times a posting list's weights to the documents'
// scores.
func addScores(docs []float32, row []docPosting, w float32) { addScoresGo(docs, row, w) }

// keepBest moves a posting list's documents' scores into their slots' best
// and second best, and clears them.
func keepBest(per []agg, docs []float32, row []docPosting) { keepBestGo(per, docs, row) }

// addRow adds w times a centroid or naive Bayes row to a score vector.
func addRow(dst []float32, row []posting, w float32) { addRowGo(dst, row, w) }

// addSparse adds w times a sparse learned row to a score vector.
func addSparse(dst []float32, cls []uint16, val []float32, w float32) { addSparseGo(dst, cls, val, w) }

// fuseLinear leaves every service to fuseGo.
func fuseLinear(evs, fused []float64, per []agg, cents []float32, lin []float64, inv float32) int {
	return 0
}
