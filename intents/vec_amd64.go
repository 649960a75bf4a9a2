package intents

// useAVX: the CPU has AVX and the OS saves its registers (nearly every
// amd64 machine since 2011); the others take the Go loops.
var useAVX = hasAVX()

// addVec adds src to dst (a word's score vector to the query's): the
// inner loop of every question, which the compiler does not vectorize.
func addVec(dst, src []float32) {
	dst = dst[:len(src)]
	if useAVX {
		addVecAVX(dst, src)
	} else {
		addVecGo(dst, src)
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

// Implemented in vec_amd64.s; dst is as long as src.
func addVecAVX(dst, src []float32)
func addScaledAVX(dst, src []float32, w float32)
func scaleMaxAVX(xs []float32, k float32) float32
func shiftWidenAVX(dst []float64, xs []float32, sub float32, k float64)
func scaleVecAVX(xs []float64, k float64)
func hasAVX() bool
