package intents

import "math"

// useAVX: the CPU has AVX and the OS saves its registers (nearly every
// amd64 machine since 2011); the others take the Go loops.
var useAVX = hasAVX()

// addVecs adds each of srcs (each at least as long as dst) to dst in turn:
// the words' score vectors to the query's, the inner loop of every
// question, which the compiler does not vectorize. Each element takes its
// sums in the order one addVecGo a src would (addVecsGo), so the same
// sums; the assembly loads and stores each block of dst once for them all.
func addVecs(dst []float32, srcs [][]float32) {
	n := 0
	if useAVX {
		n = len(dst) &^ 7
		for _, s := range srcs {
			_ = s[:n] // the assembly reads what these bounds allow
		}
		addVecsAVX(dst[:n], srcs)
	}
	if n < len(dst) {
		for _, s := range srcs {
			addVecGo(dst[n:], s[n:len(dst)])
		}
	}
}

// addScaled adds w times src to dst (a dense learned row to the query's
// margins).
func addScaled(dst, src []float32, w float32) {
	dst = dst[:len(src)]
	if useAVX {
		addScaledAVX(dst, src, w)
	} else {
		addScaledGo(dst, src, w)
	}
}

// scaleMax multiplies xs by k and returns their maximum (-Inf when there
// are none): the softmax's first loop.
func scaleMax(xs []float32, k float32) float32 {
	if useAVX {
		return scaleMaxAVX(xs, k)
	}
	return scaleMaxGo(xs, k)
}

// shiftWiden sets dst[i] to float64(xs[i]-sub)*k and clears xs: the
// softmax's second loop.
func shiftWiden(dst []float64, xs []float32, sub float32, k float64) {
	dst = dst[:len(xs)]
	if useAVX {
		shiftWidenAVX(dst, xs, sub, k)
	} else {
		shiftWidenGo(dst, xs, sub, k)
	}
}

// scaleVec multiplies xs by k: the softmax's last loop.
func scaleVec(xs []float64, k float64) {
	if useAVX {
		scaleVecAVX(xs, k)
	} else {
		scaleVecGo(xs, k)
	}
}

// nbScores sets p[c] to (float64(out[c]) + sumw*float64(bias[c])) * inv
// and clears out[c], for every service c, and returns the largest p[c]:
// naive Bayes' scores (nbScoresGo), four at a time with AVX.
func nbScores(out, bias []float32, p []float64, sumw, inv float64) float64 {
	max, n := math.Inf(-1), 0
	if useAVX {
		n = len(out) &^ 3
		_, _ = bias[:n], p[:n] // the assembly reads what these bounds allow
		max = nbScoresAVX(out[:n], bias, p, sumw, inv, max)
	}
	max = nbScoresGo(out[n:], bias[n:], p[n:], sumw, inv, max)
	if max == 0 && n > 0 {
		// Which zero: the first, as the Go loop keeps it.
		max = math.Inf(-1)
		for _, s := range p[:len(out)] {
			if s > max {
				max = s
			}
		}
	}
	return max
}

// subScale sets xs[i] to (xs[i]-sub)*k.
func subScale(xs []float64, sub, k float64) {
	if useAVX {
		subScaleAVX(xs, sub, k)
	} else {
		subScaleGo(xs, sub, k)
	}
}

// addLinList adds, for each k in order, ws[k] times feature ids[k]'s
// learned row to dst, the learned block of a score vector (see
// addLinListGo), in one call for a word's features.
func addLinList(dst []float32, l *linear, ids []int32, ws []float32) {
	if useAVX {
		addLinListAVX(dst, l.start, l.cls, l.val, ids, ws[:len(ids)])
	} else {
		addLinListGo(dst, l, ids, ws)
	}
}

// Implemented in vec_amd64.s; dst is as long as src.
func addVecsAVX(dst []float32, srcs [][]float32)
func addScaledAVX(dst, src []float32, w float32)
func scaleMaxAVX(xs []float32, k float32) float32
func shiftWidenAVX(dst []float64, xs []float32, sub float32, k float64)
func scaleVecAVX(xs []float64, k float64)
func hasAVX() bool
func nbScoresAVX(out, bias []float32, p []float64, sumw, inv, max float64) float64
func subScaleAVX(xs []float64, sub, k float64)
func addLinListAVX(dst []float32, start []int32, cls []uint16, val []float32, ids []int32, ws []float32)

// tailMasks: from tailMasks[8-k], eight lanes of which the first k are set,
// for addLinListAVX's last columns.
var tailMasks = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}
