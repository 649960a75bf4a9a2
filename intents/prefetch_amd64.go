package intents

import "unsafe"

// prefetchFloats asks the CPU to bring v's memory into its caches. A hint:
// it reads nothing into the program and changes no result.
//
//go:noescape
func prefetchFloats(v []float32)

// prefetchRows4 is prefetchFloats of val[start[id]:start[id+1]] for each
// id of ids (a learned model's rows).
func prefetchRows4(start []int32, val []float32, ids []int32) {
	prefetchRows(start, unsafe.Pointer(unsafe.SliceData(val)), 2, ids)
}

// prefetchRows8 is prefetchRows4 for rows of postings (the centroids).
func prefetchRows8(start []int32, posts []posting, ids []int32) {
	prefetchRows(start, unsafe.Pointer(unsafe.SliceData(posts)), 3, ids)
}

// prefetchRows is both: rows of elements 1<<shift bytes long at base.
//
//go:noescape
func prefetchRows(start []int32, base unsafe.Pointer, shift uint, ids []int32)
