//go:build !amd64

package intents

// laneMax sets out[k] to the largest of xs[j], j%8 == k, over the first
// len(xs)&^7 (see laneMaxGo).
func laneMax(xs []float64, out *[8]float64) { laneMaxGo(xs, out) }

// candMask sets bit i of mask when !(xs[i] <= 0 || xs[i] < floor).
func candMask(xs []float64, floor float64, mask []uint64) {
	clear(mask)
	candMaskGo(xs, floor, mask, 0)
}
