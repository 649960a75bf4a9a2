package intents

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestScoreDenseAsm: the assembly margins must equal scoreDenseGo's bit
// for bit on every number of classes (whole blocks of 96, whole eights,
// the rest), with features repeated, zero weights and none at all, and
// leave out past the classes alone.
func TestScoreDenseAsm(t *testing.T) {
	if !useAVX {
		t.Skip("no AVX: the Go loops are used")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for classes := 1; classes <= 300; classes++ {
		for _, nfeat := range []int{0, 1, 5, 40} {
			features, stride := 50, classes+rng.IntN(2)*classes // alone, or before its averaging row
			w := make([]float32, features*stride)
			for i := range w {
				if rng.IntN(3) > 0 { // a third zero, as in a learner's rows
					w[i] = float32(rng.NormFloat64())
				}
			}
			ids := make([]int32, nfeat)
			xs := make([]float32, nfeat)
			for i := range ids {
				ids[i] = int32(rng.IntN(features))
				xs[i] = float32(rng.Float64())
			}
			want := make([]float32, classes+9)
			for i := range want {
				want[i] = float32(math.NaN()) // every margin must be written
			}
			got := slices.Clone(want)
			scoreDenseGo(w, classes, stride, ids, xs, want[:classes])
			scoreDenseAVX(w, classes, stride, ids, xs, got[:classes])
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%d classes, %d features: margin %d is %v, want %v", classes, nfeat, i, got[i], want[i])
				}
			}
		}
	}
}
