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
