package intents

// laneMax sets out[k] to the largest of xs[j], j%8 == k, over the first
// len(xs)&^7 (-Inf when none; a NaN is never the largest): laneMaxGo,
// with AVX.
func laneMax(xs []float64, out *[8]float64) {
	if useAVX {
		laneMaxAVX(xs, out)
	} else {
		laneMaxGo(xs, out)
	}
}

// candMask sets bit i of mask when !(xs[i] <= 0 || xs[i] < floor):
// candMaskGo, four at a time with AVX.
func candMask(xs []float64, floor float64, mask []uint64) {
	if len(xs) == 0 {
		return
	}
	_ = mask[(len(xs)-1)>>6] // the assembly writes what this bound allows
	clear(mask)
	n := 0
	if useAVX {
		n = len(xs) &^ 3
		candMaskAVX(xs[:n], floor, mask)
	}
	candMaskGo(xs, floor, mask, n)
}

//go:noescape
func laneMaxAVX(xs []float64, out *[8]float64)

//go:noescape
func candMaskAVX(xs []float64, floor float64, mask []uint64)
