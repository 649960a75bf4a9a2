package intents

import (
	"math"
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

// TestSoftmaxAsm: the softmax's assembly loops must equal the Go loops bit
// for bit on every length, and leave memory past the slices alone.
func TestSoftmaxAsm(t *testing.T) {
	if !useAVX {
		t.Skip("no AVX: the Go loops are used")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for n := 0; n <= 300; n++ {
		xs := make([]float32, n+5)
		for i := range xs {
			xs[i] = float32(rng.NormFloat64() * 4)
		}
		k := float32(rng.Float64() + 0.1)
		want, got := slices.Clone(xs), slices.Clone(xs)
		wm, gm := scaleMaxGo(want[:n], k), scaleMaxAVX(got[:n], k)
		if math.Float32bits(wm) != math.Float32bits(gm) || !slices.Equal(got, want) {
			t.Fatalf("scaleMax, length %d: differs from the Go loop", n)
		}
		dw, dg := make([]float64, n+3), make([]float64, n+3)
		for i := range dw {
			dw[i] = rng.Float64()
			dg[i] = dw[i]
		}
		shiftWidenGo(dw[:n], want[:n], wm, 4)
		shiftWidenAVX(dg[:n], got[:n], gm, 4)
		if !slices.Equal(dg, dw) || !slices.Equal(got, want) {
			t.Fatalf("shiftWiden, length %d: differs from the Go loop", n)
		}
		f := rng.Float64()
		scaleVecGo(dw[:n], f)
		scaleVecAVX(dg[:n], f)
		if !slices.Equal(dg, dw) {
			t.Fatalf("scaleVec, length %d: differs from the Go loop", n)
		}
	}
}
