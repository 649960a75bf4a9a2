//go:build !amd64

package intents

// scoreDense writes the margins of every class for a sparse vector, from
// dense feature-major weights w, feature f's row at f*stride (training).
func scoreDense(w []float32, classes, stride int, ids []int32, xs []float32, out []float32) {
	scoreDenseGo(w, classes, stride, ids, xs, out)
}
