package intents

// prefetchFloats asks the CPU to bring v's memory into its caches. A hint:
// it reads nothing into the program and changes no result.
//
//go:noescape
func prefetchFloats(v []float32)

// prefetchRows4 is prefetchFloats of val[start[id]:start[id+1]] for each
// id of ids (a learned model's rows).
//
//go:noescape
func prefetchRows4(start []int32, val []float32, ids []int32)

// prefetchRows8 is prefetchRows4 for rows of postings (centroids, naive
// Bayes).
//
//go:noescape
func prefetchRows8(start []int32, posts []posting, ids []int32)
