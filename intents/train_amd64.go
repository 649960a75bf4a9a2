package intents

// scoreDense writes the margins of every class for a sparse vector, from
// dense feature-major weights w, feature f's row at f*stride (training):
// scoreDenseGo's sums, with the margins kept in registers across the
// features where the CPU has AVX. The features' rows must be in w (the
// index that made both sees to it).
func scoreDense(w []float32, classes, stride int, ids []int32, xs []float32, out []float32) {
	out = out[:classes]
	xs = xs[:len(ids)]
	if useAVX {
		scoreDenseAVX(w, classes, stride, ids, xs, out)
	} else {
		scoreDenseGo(w, classes, stride, ids, xs, out)
	}
}

// Implemented in train_amd64.s.
func scoreDenseAVX(w []float32, classes, stride int, ids []int32, xs []float32, out []float32)
