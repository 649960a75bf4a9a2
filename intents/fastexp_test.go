package intents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExpNegs: the softmaxes' exponential against math.Exp, on the edges of
// its reduction and its cut-off and on random arguments of every scale.
func TestExpNegs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	xs := []float64{0, -1e-300, -math.Ln2 / 64, -math.Ln2 / 32, -math.Ln2, -1, -20, -699.9, -700, -700.1, -745, -1e9, math.Inf(-1)}
	for i := 0; i < 1e6; i++ {
		xs = append(xs, -rng.Float64()*math.Pow(10, float64(rng.IntN(6)-2)))
	}
	es := append([]float64(nil), xs...)
	sum := expNegs(es)
	want := 0.0
	for i, x := range xs {
		if x < -700 {
			if es[i] != 0 {
				t.Fatalf("e**%g = %g, want 0", x, es[i])
			}
			continue
		}
		w := math.Exp(x)
		want += w
		if e := math.Abs(es[i]-w) / w; e > 1e-11 {
			t.Fatalf("e**%g = %.17g, math.Exp %.17g: relative error %.3g", x, es[i], w, e)
		}
	}
	if math.Abs(sum-want) > 1e-11*want {
		t.Fatalf("sum %.17g, want %.17g", sum, want)
	}
}

// TestExpNegsAsm: expNegs (four lanes at a time where the CPU allows) must
// give the Go loop's bits, values and sum, on every length and on the
// edges of the reduction and the cut-off.
func TestExpNegsAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	edges := []float64{0, math.Copysign(0, -1), -1e-300, -math.Ln2 / 64, -math.Ln2 / 32, -math.Ln2, -1, -20, -699.9, -700, -700.1, -745, -1e9, math.Inf(-1), math.NaN()}
	for n := 0; n < 3000; n++ {
		xs := make([]float64, n%200)
		for i := range xs {
			if rng.IntN(8) == 0 {
				xs[i] = edges[rng.IntN(len(edges))]
			} else {
				xs[i] = -rng.Float64() * math.Pow(10, float64(rng.IntN(6)-2))
			}
		}
		got, want := append([]float64(nil), xs...), append([]float64(nil), xs...)
		sg, sw := expNegs(got), expNegsGo(want, 0)
		if math.Float64bits(sg) != math.Float64bits(sw) {
			t.Fatalf("round %d: sum %v, the Go loop %v", n, sg, sw)
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("round %d: e**%v = %v, the Go loop %v", n, xs[i], got[i], want[i])
			}
		}
	}
}
