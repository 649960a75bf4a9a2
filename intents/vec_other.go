//go:build !amd64

package intents

import "math"

// addVecs adds each of srcs to dst in turn (the words' score vectors to
// the query's).
func addVecs(dst []float32, srcs [][]float32) { addVecsGo(dst, srcs) }

// addScaled adds w times src to dst (a dense learned row to the query's
// margins).
func addScaled(dst, src []float32, w float32) { addScaledGo(dst, src, w) }

// scaleMax multiplies xs by k and returns their maximum.
func scaleMax(xs []float32, k float32) float32 { return scaleMaxGo(xs, k) }

// shiftWiden sets dst[i] to float64(xs[i]-sub)*k and clears xs.
func shiftWiden(dst []float64, xs []float32, sub float32, k float64) {
	shiftWidenGo(dst[:len(xs)], xs, sub, k)
}

// scaleVec multiplies xs by k.
func scaleVec(xs []float64, k float64) { scaleVecGo(xs, k) }

// nbScores sets naive Bayes' scores and returns the largest (nbScoresGo).
func nbScores(out, bias []float32, p []float64, sumw, inv float64) float64 {
	return nbScoresGo(out, bias, p, sumw, inv, math.Inf(-1))
}

// subScale sets xs[i] to (xs[i]-sub)*k.
func subScale(xs []float64, sub, k float64) { subScaleGo(xs, sub, k) }

// addLinList adds ws[k] times feature ids[k]'s learned row to dst, for each k.
func addLinList(dst []float32, l *linear, ids []int32, ws []float32) {
	addLinListGo(dst, l, ids, ws)
}
