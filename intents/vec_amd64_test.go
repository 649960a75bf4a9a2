package intents

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestVecAsm: the assembly vector sums must equal the Go loops' bit for
// bit (a rounded multiply and add per element either way) on every length,
// and leave dst past src's length alone.
func TestVecAsm(t *testing.T) {
	if !useAVX {
		t.Skip("no AVX: the Go loops are used")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 600; n++ {
		src := make([]float32, n)
		dst := make([]float32, n+9)
		for i := range src {
			src[i] = float32(rng.NormFloat64())
		}
		for i := range dst {
			dst[i] = float32(rng.NormFloat64())
		}
		w := float32(rng.NormFloat64())
		want, got := slices.Clone(dst), slices.Clone(dst)
		addVecGo(want, src)
		addVecAVX(got[:n], src)
		if !slices.Equal(got, want) {
			t.Fatalf("addVec, length %d: differs from the Go loop", n)
		}
		want, got = slices.Clone(dst), slices.Clone(dst)
		addScaledGo(want, src, w)
		addScaledAVX(got[:n], src, w)
		if !slices.Equal(got, want) {
			t.Fatalf("addScaled, length %d: differs from the Go loop", n)
		}
	}
}
