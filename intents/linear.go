package intents

import (
	"math"
	"math/rand/v2"
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
	linC      = float32(0.5) // aggressiveness bound (PA-I)
	linTemp   = 0.25         // softmax temperature of the margins
	linMix    = 0.7          // weight of the linear model in the fused score
	linMaxMiB = 256.0        // above this the model is not trained (very large KBs)
)

// trainLinear fits the model; nil when there is nothing to learn or the
// weight matrix would be too large (then the index alone ranks).
func trainLinear(train []example, classes, features int) *linear {
	if classes < 2 || len(train) == 0 {
		return nil
	}
	if float64(features)*float64(classes)*4*2/(1<<20) > linMaxMiB || classes > 1<<16 {
		return nil
	}
	l := &linear{classes: classes, w: make([]float32, features*classes)}
	// Averaging: avg = w - u/t, where u accumulates t-scaled updates.
	u := make([]float32, features*classes)
	scores := make([]float32, classes)
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2)) // fixed: the same KB gives the same model
	t := float32(1)
	for epoch := 0; epoch < linEpochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			ex := train[k]
			l.score(ex.ids, ex.xs, scores)
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
					base := int(f) * classes
					l.w[base+int(y)] += d
					l.w[base+int(r)] -= d
					u[base+int(y)] += t * d
					u[base+int(r)] -= t * d
				}
			}
			t++
		}
	}
	for i := range l.w {
		l.w[i] -= u[i] / t
	}
	l.compact(features)
	return l
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

// score writes the margins of every class for a sparse vector.
func (l *linear) score(ids []int32, xs []float32, out []float32) {
	for c := range out {
		out[c] = 0
	}
	n := l.classes
	for i, f := range ids {
		// Vector instructions where the CPU has them, the same sums either
		// way (addScaledGo): the same weights, trained a sixth faster.
		addScaled(out, l.w[int(f)*n:int(f)*n+n], xs[i])
	}
}

// probs turns a query's margins (out, before the query's length
// normalization inv) into class probabilities (softmax), comparable across
// questions; out is cleared for the next query.
func (l *linear) probs(out []float32, inv float32, p []float64) []float64 {
	p = p[:len(out)]
	max := float32(math.Inf(-1))
	for c, s := range out {
		s *= inv
		out[c] = s
		if s > max {
			max = s
		}
	}
	scale := 1 / linTemp
	for c, s := range out {
		p[c] = float64(s-max) * scale
		out[c] = 0
	}
	norm := 1 / expNegs(p)
	for c := range p {
		p[c] *= norm
	}
	return p
}
