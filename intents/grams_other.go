//go:build !amd64

package intents

// gramHits is gramHitsGo (see grams_amd64.go).
func gramHits(b []byte, at []int32, runes int, t *gramTable, out []int32) int {
	return gramHitsGo(b, at, runes, t, out)
}
