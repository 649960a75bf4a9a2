//go:build !amd64

package intents

// prefetchFloats, prefetchRows4 and prefetchRows8 are cache hints (see
// prefetch_amd64.go); without them the same memory is read when it is used.
func prefetchFloats(v []float32)                                {}
func prefetchRows4(start []int32, val []float32, ids []int32)   {}
func prefetchRows8(start []int32, posts []posting, ids []int32) {}
