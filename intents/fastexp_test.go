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
