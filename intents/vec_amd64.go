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

// Implemented in vec_amd64.s; dst is as long as src.
func addVecAVX(dst, src []float32)
func addScaledAVX(dst, src []float32, w float32)
func hasAVX() bool
