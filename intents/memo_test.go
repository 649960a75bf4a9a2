package intents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLogMemo: weights through the memo of logarithms are sublinear's,
// bit for bit, for repeated and colliding term frequencies, zero among them.
func TestLogMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	tfs := []float32{0, 1, 0.22, 0.11, 0.33, 0.7, 0.8, 0.176, 1.22}
	for range 2000 {
		tfs = append(tfs, rng.Float32()*4)
	}
	var memo logMemo
	for range 20 {
		for _, tf := range tfs {
			idf := rng.Float32() * 9
			if got, want := memo.sublinear(tf, idf), sublinear(tf, idf); math.Float32bits(got) != math.Float32bits(want) {
				t.Fatalf("tf %v, idf %v: %v, want %v", tf, idf, got, want)
			}
		}
	}
}
