package intents

// useAVX2: the CPU has AVX2 too, for expNegsAVX2's integer lanes and gather.
var useAVX2 = useAVX && hasAVX2()

// expNegs replaces every x in xs (all <= 0) by e**x and returns their sum
// (see expNegsGo): four at a time with AVX2, the rest in Go.
func expNegs(xs []float64) float64 {
	sum := 0.0
	if useAVX2 {
		n := len(xs) &^ 3
		sum = expNegsAVX2(xs[:n])
		xs = xs[n:]
	}
	return expNegsGo(xs, sum)
}

// Implemented in fastexp_amd64.s; len(xs) is a multiple of 4.
func expNegsAVX2(xs []float64) float64
func hasAVX2() bool
