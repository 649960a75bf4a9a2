package intents

import (
	"testing"
	"unsafe"
)

// TestPrefetchBounds: the prefetches take empty rows, rows at either end
// of their tables and empty lists without fault (they read nothing into
// the program, so this is all they can get wrong).
func TestPrefetchBounds(t *testing.T) {
	// prefetchRows8 reads postings as 1<<3 bytes.
	if n := unsafe.Sizeof(posting{}); n != 8 {
		t.Fatalf("a posting is %d bytes; prefetchRows8 assumes 8", n)
	}
	val := make([]float32, 100)
	posts := make([]posting, 100)
	start := []int32{0, 0, 1, 33, 100, 100}
	for _, ids := range [][]int32{nil, {0}, {4}, {0, 1, 2, 3, 4}, {3, 3, 1}} {
		prefetchRows4(start, val, ids)
		prefetchRows8(start, posts, ids)
	}
	prefetchFloats(nil)
	prefetchFloats(val)
	prefetchFloats(val[99:])
}
