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
		addScaledGo(want, src, w)
		addScaledAVX(got[:n], src, w)
		if !slices.Equal(got, want) {
			t.Fatalf("addScaled, length %d: differs from the Go loop", n)
		}
	}
}

// TestAddVecsAsm: the words' vectors summed in one pass must equal adding
// them one after another with the Go loop, bit for bit, for every length
// and number of vectors, leaving dst past its length alone.
func TestAddVecsAsm(t *testing.T) {
	if !useAVX {
		t.Skip("no AVX: the Go loops are used")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 0; n <= 300; n++ {
		for k := 0; k <= 9; k++ {
			srcs := make([][]float32, k)
			for j := range srcs {
				srcs[j] = make([]float32, n+j%3) // longer ones too: only dst's length is summed
				for i := range srcs[j] {
					srcs[j][i] = float32(rng.NormFloat64())
				}
			}
			dst := make([]float32, n+9)
			for i := range dst {
				dst[i] = float32(rng.NormFloat64())
			}
			trimmed := make([][]float32, k)
			for j, s := range srcs {
				trimmed[j] = s[:n]
			}
			want, got := slices.Clone(dst), slices.Clone(dst)
			addVecsGo(want[:n], trimmed)
			addVecs(got[:n], srcs)
			if !slices.Equal(got, want) {
				t.Fatalf("addVecs, length %d, %d vectors: differs from the Go loop", n, k)
			}
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

// TestNBScoresAsm: naive Bayes' scores and their shift must be the Go
// loops' bit for bit, their maximum too (the first zero when it is a zero),
// for every count of services, with zeros, ties and NaNs among them.
func TestNBScoresAsm(t *testing.T) {
	if !useAVX {
		t.Skip("no AVX: the Go loops are used")
	}
	rng := rand.New(rand.NewPCG(15, 16))
	for n := 0; n <= 80; n++ {
		for k := range 30 {
			out, bias := make([]float32, n), make([]float32, n)
			for i := range out {
				out[i], bias[i] = float32(rng.NormFloat64()*3), -float32(rng.Float64()*10)
				if k%3 == 0 { // every score negative but the zeros
					out[i] = -float32(math.Abs(float64(out[i])))
				}
				switch rng.IntN(12) {
				case 0:
					out[i], bias[i] = 0, 0 // a zero score
				case 1:
					out[i], bias[i] = float32(math.Copysign(0, -1)), float32(math.Copysign(0, -1)) // a negative zero
				case 2:
					out[i] = float32(math.NaN())
				}
			}
			sumw, inv := rng.Float64()*5, float64(rng.Float32())
			if k%5 == 0 {
				sumw = 0
			}
			gotOut, wantOut := slices.Clone(out), slices.Clone(out)
			got, want := make([]float64, n), make([]float64, n)
			gm := nbScores(gotOut, bias, got, sumw, inv)
			wm := nbScoresGo(wantOut, bias, want, sumw, inv, math.Inf(-1))
			if math.Float64bits(gm) != math.Float64bits(wm) {
				t.Fatalf("%d services: maximum %v, want %v", n, gm, wm)
			}
			for i := range n {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) || gotOut[i] != 0 {
					t.Fatalf("%d services, service %d: %v, want %v", n, i, got[i], want[i])
				}
			}
			subScale(got, gm, 1/nbTemp)
			subScaleGo(want, wm, 1/nbTemp)
			for i := range n {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("%d services, service %d: shifted %v, want %v", n, i, got[i], want[i])
				}
			}
		}
	}
}

// TestAddLinListAsm: a word's learned rows added in one assembly call must
// leave the scores exactly as the Go loop does, rows dense (as long as the
// scores), sparse or empty, features repeated, for counts of services on
// either side of each of the assembly's steps (32, 8 and 4 at a time).
func TestAddLinListAsm(t *testing.T) {
	if !useAVX {
		t.Skip("no AVX: the Go loop is used")
	}
	rng := rand.New(rand.NewPCG(23, 24))
	for _, tc := range []struct{ n, dense int }{ // dense: the rows' odds of being dense, in twelfths
		{1, 4}, {3, 4}, {4, 4}, {5, 4}, {7, 4}, {8, 4}, {9, 4}, {12, 4}, {31, 4}, {32, 4}, {33, 4}, {36, 4}, {45, 4}, {77, 4}, {160, 4},
		// Mostly dense, as the logistic model's rows: long runs of them.
		{1, 11}, {5, 11}, {13, 11}, {44, 11}, {77, 11}, {109, 11}, {77, 12},
	} {
		n := tc.n
		l := &linear{start: []int32{0}}
		for range 30 {
			if rng.IntN(12) < tc.dense { // dense
				for range n {
					l.val = append(l.val, rng.Float32()-0.5)
					l.cls = append(l.cls, 0)
				}
			} else { // sparse, maybe empty
				for c := range n {
					if rng.IntN(3) == 0 && len(l.val)-int(l.start[len(l.start)-1]) < n-1 {
						l.cls, l.val = append(l.cls, uint16(c)), append(l.val, rng.Float32()-0.5)
					}
				}
			}
			l.start = append(l.start, int32(len(l.val)))
		}
		for round := range 200 {
			ids, ws := make([]int32, rng.IntN(20)), make([]float32, 0, 20)
			for k := range ids {
				ids[k] = int32(rng.IntN(len(l.start) - 1))
				ws = append(ws, rng.Float32()*2-1)
			}
			got := make([]float32, n+3)
			for i := range got {
				got[i] = rng.Float32()
			}
			want := slices.Clone(got)
			addLinList(got[:n], l, ids, ws)
			addLinListGo(want[:n], l, ids, ws)
			if !slices.Equal(got, want) {
				t.Fatalf("%d services, round %d: differs from the Go loop", n, round)
			}
		}
	}
}
