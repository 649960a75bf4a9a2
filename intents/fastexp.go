package intents

import "math"

// expNegs replaces every x in xs (all <= 0) by e**x, within 1e-11 relative
// of math.Exp, and returns their sum. The softmaxes take one exponential
// per service on every question and need neither math.Exp's last bit nor
// its special cases; this is about three times as fast. Below -700, where
// e**x is under 1e-304, it gives 0. expNegsGo is its loop: expNegs adds
// what it leaves to sum.
func expNegsGo(xs []float64, sum float64) float64 {
	for i, x := range xs {
		if x < -700 {
			xs[i] = 0
			continue
		}
		// x = (32e+j)*ln2/32 + r with |r| <= ln2/64: adding 1.5*2**52
		// rounds x*32/ln2 to an integer, which lands in the low bits. Then
		// e**x is 2**e (added to the exponent) times 2**(j/32) (a table)
		// times e**r (Taylor to degree 4: under 2e-12 off).
		const shift = 0x1.8p52
		kf := x*(32/math.Ln2) + shift
		k := int64(math.Float64bits(kf)) - int64(math.Float64bits(shift))
		r := x - (kf-shift)*(math.Ln2/32)
		p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24))))
		e := p * math.Float64frombits(exp2Table[k&31]+uint64(k>>5)<<52)
		xs[i] = e
		sum += e
	}
	return sum
}

// exp2Table holds the bits of 2**(j/32).
var exp2Table = func() (t [32]uint64) {
	for j := range t {
		t[j] = math.Float64bits(math.Exp2(float64(j) / 32))
	}
	return t
}()
