package intents

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
)

// The learned half of the matcher: a multiclass linear model over the same
// TF-IDF features as the index, trained when the knowledge base is loaded
// (averaged passive-aggressive, Crammer et al. 2006: a hinge loss, updates
// only on mistakes, so a few passes over the examples are enough). The
// nearest-neighbour index is best at a question close to one example; the
// linear model at a question that mixes the words of several; the two are
// fused in rank.

// example is one training document: its service and unit-length features.
type example struct {
	class int32
	ids   []int32
	xs    []float32
	key   uint64 // textKey: where the example falls in each training order
}

// textKey hashes an example's service and text (FNV-1a). Training orders
// are drawn from it, not from the example's position, so an editor's change
// to one service leaves every other example where it was in every order,
// and the model moves only as much as the change itself moves it.
func textKey(service, text string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range []string{service, "\x00", text} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
	}
	return h
}

type linear struct {
	classes int
	w       []float32 // while training: dense, feature-major: w[f*classes+c]
	// After training, the weights as sparse rows (CSR): a mistake-driven
	// learner only ever touches the true and the confused classes of a
	// feature, so most of a row is zero (86% on ArBanking77), and reading
	// only the rest makes scoring several times faster. A row as long as
	// classes is dense: its class c is at c.
	start []int32 // row f is cls/val[start[f]:start[f+1]]
	cls   []uint16
	val   []float32
}

var (
	linEpochs = 8
	linOrders = 4            // runs averaged (ArBanking77 dev split: 1, 2, 4 give 92.4, 92.4, 92.7 %; see trainLinear)
	linC      = float32(0.5) // aggressiveness bound (PA-I)
	linTemp   = 0.25         // softmax temperature of the margins
	linMix    = 0.7          // weight of the linear model in the fused score
	linMaxMiB = 256.0        // above this the model is not trained (very large KBs)
	// linMaxWork bounds the training's work, in multiply-adds of an
	// example's features by the classes' weights, over every epoch and
	// run. Every example is scored against every service in every epoch,
	// so the work grows with the square of the catalogue (a 200-service
	// KB took 9 s to learn): past the bound fewer runs are averaged, then
	// fewer epochs run, and a publish stays a rebuild of seconds at any
	// size the model is trained for. ArBanking77's full training set
	// (4.2 G) and the sample KB are within it.
	linMaxWork = 5e9
)

// trainWork is the multiply-adds of one epoch over the examples.
func trainWork(train []example, classes int) float64 {
	n := 0
	for _, ex := range train {
		n += len(ex.ids)
	}
	return float64(n) * float64(classes)
}

// linPlan is how many runs are averaged and how many epochs each has,
// within linMaxWork (deterministic: the same KB gets the same plan).
func linPlan(train []example, classes int) (orders, epochs int) {
	work := trainWork(train, classes)
	orders, epochs = linOrders, linEpochs
	for orders > 1 && work*float64(orders*epochs) > linMaxWork {
		orders /= 2
	}
	for epochs > 2 && work*float64(orders*epochs) > linMaxWork {
		epochs--
	}
	return orders, epochs
}

// trainLinear fits the model; nil when there is nothing to learn or the
// weight matrix would be too large (then the index alone ranks).
//
// The model is the average of linOrders runs over the examples in
// different orders (bagging over order): one run's borderline decisions
// move when an editor's small change reshuffles the examples, the average's
// much less. The runs are independent, so they share the cores.
func trainLinear(train []example, classes, features int) *linear {
	if classes < 2 || len(train) == 0 {
		return nil
	}
	if !linearFits(classes, features) {
		return nil
	}
	size := float64(features) * float64(classes) * 4 / (1 << 20) // MiB of one weight matrix
	// The runs are summed in two lanes (even and odd runs), each in run
	// order, then the lanes: the same additions however many cores share
	// the work, so the same knowledge base gives the same bits anywhere.
	orders, epochs := linPlan(train, classes)
	lanes := min(orders, 2)
	// A worker keeps two matrices (weights, averaging); each lane its sum.
	workers := min(lanes, runtime.GOMAXPROCS(0))
	if workers > 1 && float64(2*workers+lanes)*size > linMaxMiB {
		workers = 1
	}
	sums := make([][]float32, lanes)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			wu := make([]float32, 2*features*classes) // see trainOrder
			first := true
			for lane := k; lane < lanes; lane += workers {
				for run := lane; run < orders; run += lanes {
					if !first {
						clear(wu)
					}
					first = false
					trainOrder(train, classes, epochs, wu, uint64(run))
					if sums[lane] == nil {
						sums[lane] = make([]float32, features*classes)
					}
					sum := sums[lane]
					for f := range features {
						for c, x := range wu[2*f*classes : 2*f*classes+classes] {
							if orders == 1 {
								sum[f*classes+c] = x
							} else {
								sum[f*classes+c] += x / float32(orders)
							}
						}
					}
				}
			}
		})
	}
	wg.Wait()
	l := &linear{classes: classes, w: sums[0]}
	for _, s := range sums[1:] {
		for i, x := range s {
			l.w[i] += x
		}
	}
	l.compact(features)
	return l
}

// linearFits reports whether the model's training matrices fit the
// budget (linMaxMiB).
func linearFits(classes, features int) bool {
	return 2*float64(features)*float64(classes)*4/(1<<20) <= linMaxMiB && classes <= 1<<16
}

// trainOrder is one run of averaged passive-aggressive training over the
// examples in the order of seed run (fixed: the same knowledge base gives
// the same model). wu holds, for each feature, its row of weights and then
// its row of the averaging's sums (u below): an update writes both where a
// score has just read the first, in the same cache lines or the next,
// which two separate matrices made a miss. The averaged weights are left
// in the weights' rows.
func trainOrder(train []example, classes, epochs int, wu []float32, run uint64) {
	stride := 2 * classes
	scores := make([]float32, classes)
	type place struct {
		at uint64
		k  int32
	}
	order := make([]place, len(train))
	// Averaging: avg = w - u/t, where u accumulates t-scaled updates.
	t := float32(1)
	for epoch := 0; epoch < epochs; epoch++ {
		// A pseudo-random order that depends on the examples' texts only.
		salt := (run<<32 | uint64(epoch) + 1) * 0x9E3779B97F4A7C15
		for k, ex := range train {
			h := (ex.key ^ salt) * 0xBF58476D1CE4E5B9
			order[k] = place{h ^ h>>31, int32(k)}
		}
		slices.SortFunc(order, func(a, b place) int {
			if a.at != b.at { // nearly always: the second compare only for ties
				return cmp.Compare(a.at, b.at)
			}
			return cmp.Compare(a.k, b.k)
		})
		for _, p := range order {
			ex := train[p.k]
			scoreDense(wu, classes, stride, ex.ids, ex.xs, scores)
			y := ex.class
			r, best := int32(-1), float32(math.Inf(-1))
			for c, s := range scores {
				if int32(c) != y && s > best {
					r, best = int32(c), s
				}
			}
			loss := 1 - (scores[y] - best)
			if loss > 0 {
				sq := float32(0)
				for _, x := range ex.xs {
					sq += x * x
				}
				tau := loss / (2 * sq)
				if tau > linC {
					tau = linC
				}
				for i, f := range ex.ids {
					d := tau * ex.xs[i]
					w, u := int(f)*stride, int(f)*stride+classes
					wu[w+int(y)] += d
					wu[w+int(r)] -= d
					wu[u+int(y)] += t * d
					wu[u+int(r)] -= t * d
				}
			}
			t++
		}
	}
	for f := 0; f < len(wu); f += stride {
		w, u := wu[f:f+classes], wu[f+classes:f+stride]
		for i := range w {
			w[i] -= u[i] / t
		}
	}
}

// compact turns the dense weights into rows and drops them. A row with
// weights for half the classes or more stays dense (its zeros included):
// adding it whole takes vector instructions, and costs little more memory.
func (l *linear) compact(features int) {
	// kept is how many of a row's weights are stored.
	kept := func(row []float32) int {
		nz := 0
		for _, w := range row {
			if w != 0 {
				nz++
			}
		}
		if 2*nz >= len(row) {
			return len(row)
		}
		return nz
	}
	n := 0
	for f := 0; f < features; f++ {
		n += kept(l.w[f*l.classes : (f+1)*l.classes])
	}
	l.start = make([]int32, features+1)
	l.cls = make([]uint16, 0, n)
	l.val = make([]float32, 0, n)
	for f := 0; f < features; f++ {
		row := l.w[f*l.classes : (f+1)*l.classes]
		dense := kept(row) == l.classes
		for c, w := range row {
			if w != 0 || dense {
				l.cls = append(l.cls, uint16(c))
				l.val = append(l.val, w)
			}
		}
		l.start[f+1] = int32(len(l.cls))
	}
	l.w = nil
}

// scoreDenseGo writes the margins of every class for a sparse vector,
// from dense feature-major weights w, feature f's row at f*stride
// (training): scoreDense without assembly, and its reference in the tests.
func scoreDenseGo(w []float32, classes, stride int, ids []int32, xs []float32, out []float32) {
	clear(out)
	for i, f := range ids {
		// Vector instructions where the CPU has them, the same sums either
		// way (addScaledGo).
		addScaled(out, w[int(f)*stride:int(f)*stride+classes], xs[i])
	}
}

// probs turns a query's margins (out, before the query's length
// normalization inv) into class probabilities (softmax), comparable across
// questions; out is cleared for the next query.
func (l *linear) probs(out []float32, inv float32, p []float64) []float64 {
	p = p[:len(out)]
	max := scaleMax(out, inv)
	shiftWiden(p, out, max, 1/linTemp)
	scaleVec(p, 1/expNegs(p))
	return p
}

// scaleMaxGo multiplies xs by k and returns their maximum: scaleMax
// without AVX, and its reference in the tests.
func scaleMaxGo(xs []float32, k float32) float32 {
	max := float32(math.Inf(-1))
	for i, x := range xs {
		x *= k
		xs[i] = x
		if x > max {
			max = x
		}
	}
	return max
}

// shiftWidenGo sets dst[i] to float64(xs[i]-sub)*k and clears xs:
// shiftWiden without AVX, and its reference in the tests.
func shiftWidenGo(dst []float64, xs []float32, sub float32, k float64) {
	dst = dst[:len(xs)]
	for i, x := range xs {
		dst[i] = float64(x-sub) * k
		xs[i] = 0
	}
}

// scaleVecGo multiplies xs by k: scaleVec without AVX, and its reference in
// the tests.
func scaleVecGo(xs []float64, k float64) {
	for i := range xs {
		xs[i] *= k
	}
}
