//go:build !amd64

package intents

// addScoresAll adds, for each feature of near in order, its weight times
// scale times its posting list's weights to the documents' scores.
func addScoresAll(docs []float32, postings []docPosting, starts []int32, near []qfeat, scale float32) {
	addScoresAllGo(docs, postings, starts, near, scale)
}

// keepBestAll moves the scores of the documents of near's features'
// posting lists into their slots' best and second best, and clears them.
func keepBestAll(per []agg, docs []float32, postings []docPosting, starts []int32, near []qfeat, ends []int32) {
	keepBestAllGo(per, docs, postings, starts, near)
}

// addRow adds w times a centroid or naive Bayes row to a score vector.
func addRow(dst []float32, row []posting, w float32) { addRowGo(dst, row, w) }

// addRowList adds ws[k] times row ids[k] (posts[start[ids[k]]:start[ids[k]+1]])
// to a score vector, for each k.
func addRowList(dst []float32, posts []posting, start []int32, ids []int32, ws []float32) {
	addRowListGo(dst, posts, start, ids, ws)
}

// addSparse adds w times a sparse learned row to a score vector.
func addSparse(dst []float32, cls []uint16, val []float32, w float32) { addSparseGo(dst, cls, val, w) }

// fuseLinear leaves every service to fuseGo.
func fuseLinear(evs, fused []float64, per []agg, cents []float32, lin, nbp []float64, inv float32, nbMix float64) int {
	return 0
}

// mergeAsm is qtable.mergeGo's loop.
func mergeAsm(slots []qslot, mask uint32, accs []qacc, n int, ids []int32, ws, pre []float32, slow []int32, nslow *int) int {
	t := qtable{slots, mask, slow, *nslow}
	n = t.mergeGo(accs, n, ids, ws, pre)
	*nslow = t.nslow
	return n
}

// weighSums adds the features' weights and squares (see weighSumsGo).
func weighSums(accs []qacc, gram []bool, near []qfeat, sums *[3]float64) int {
	return weighSumsGo(accs, gram, near, sums)
}

// mergeWords merges every word's features, each with its vector's weights.
func (t *qtable) mergeWords(accs []qacc, words []*wordFeats) int {
	n := 0
	for _, wf := range words {
		n = t.merge(accs, n, wf.ids, wf.ws, wf.tfidf)
	}
	return n
}
