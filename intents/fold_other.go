//go:build !amd64

package intents

// foldLetters folds nothing here: normalize's own loop does it all (see
// fold_amd64.go).
func foldLetters(out []byte, n int, s string, i int, last uint64) (j, m int, e uint64) {
	return i, n, last
}

// spacesAt is spacesAtGo.
func spacesAt(s string, at []int32) int { return spacesAtGo(s, at) }
