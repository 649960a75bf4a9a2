//go:build !amd64

package intents

// addVec adds src to dst (a word's score vector to the query's).
func addVec(dst, src []float32) { addVecGo(dst, src) }

// addScaled adds w times src to dst (a dense learned row to the query's
// margins).
func addScaled(dst, src []float32, w float32) { addScaledGo(dst, src, w) }
