package intents

import "math"

// bayes is a multinomial naive Bayes scorer over the same TF-IDF features
// (Rennie et al. 2003's weighting). With few examples a service it
// generalizes where the discriminative model overfits (Ng & Jordan 2002):
// on ArBanking77's dev split it lifts 10-shot from 55.7 % to 60.9 % and
// 20-shot from 66.5 % to 70.8 %, while with 40 or more examples a service it
// adds nothing. So it joins the ranking only below nbFade examples a
// service, with a weight that fades to zero there; the sample knowledge
// base (about 80 a service) and full-train benchmarks do not have it, and
// pay nothing for it.
//
// Its log-likelihoods are stored sparsely: log P(f|c) = bias[c] +
// log(1 + count[f,c]/alpha), so a feature a service never used costs
// nothing but the bias, paid once per query through the query's weight.
//
// The rows are a linear's sparse rows (services as uint16, a row of every
// service dense): a 5,000-service catalogue's are 14 million postings, and
// the rows of centroids' layout (four bytes a service) were a quarter
// larger. A question sums them as the learned model's (addLinList), with
// the same arithmetic as before, so the same scores to the bit.
type bayes struct {
	rows linear    // feature -> (service, log(1 + count/alpha)), services ascending
	bias []float32 // per service: log(alpha / (total + alpha*features))
}

// Chosen on ArBanking77's dev split at 10 and 20 examples per intent.
const (
	nbAlpha = 0.1 // additive smoothing of the (TF-IDF weighted) counts
	nbTemp  = 0.3 // softmax temperature of the log-likelihoods
	nbMix   = 0.8 // its weight in the fused score with one example a service
	// nbFade is the examples a service at which its weight reaches zero.
	// The logistic model rides in its place (logistic.go), and it ranks
	// better than the rest well past 40, where naive Bayes alone once
	// stopped paying: at 40 the weight left 35 examples an intent with a
	// tenth of it, 39 with a fiftieth, and the 41 with none. Session 11
	// (pal14), ArBanking77 dev, 40 → 70: --shots 35, 39, 41, 48, 55, 62
	// 2,042 → 2,077, 1,973 → 2,096, 1,959 → 2,108, 1,992 → 2,123,
	// 2,013 → 2,040, 2,040 → 2,084 of 2,464; ten to thirty examples flat
	// (the weight at ten 0.6 → 0.69); full train and the sample knowledge
	// base (about 80 a service) untouched. What switches with it: the
	// service-count IDF, the dialect function words (analyzer.fewShot).
	nbFade = 70.0
)

// trainBayes fits naive Bayes to the examples. The matcher's own model
// is made while its examples are weighed (weighDocs, nbWriter), the same to
// the bit; this one is the cross-validation's (fewShotBeta), and the
// tests' reference.
func trainBayes(train []example, classes, features int) *bayes {
	if classes < 2 || len(train) == 0 {
		return nil
	}
	byClass := make([][]int, classes)
	for i, ex := range train {
		byClass[ex.class] = append(byClass[ex.class], i)
	}
	b := &bayes{bias: make([]float32, classes)}
	rows := make([][]posting, features)
	acc := make([]float32, features)
	var touched []int32
	// Service by service, so every row lists its services in order and the
	// same knowledge base always gives the same sums.
	for c, exs := range byClass {
		touched = touched[:0]
		total := 0.0
		for _, i := range exs {
			ex := train[i]
			for k, id := range ex.ids {
				if acc[id] == 0 {
					touched = append(touched, id)
				}
				acc[id] += ex.xs[k]
				total += float64(ex.xs[k])
			}
		}
		for _, id := range touched {
			rows[id] = append(rows[id], posting{int32(c), float32(math.Log(1 + float64(acc[id])/nbAlpha))})
			acc[id] = 0
		}
		b.bias[c] = float32(math.Log(nbAlpha / (total + nbAlpha*float64(features))))
	}
	b.rows = linearRows(rows, classes)
	return b
}

// linearRows packs rows of postings into a linear's sparse rows.
func linearRows(rows [][]posting, classes int) linear {
	l := linear{classes: classes, start: make([]int32, len(rows)+1)}
	for f, r := range rows {
		l.start[f+1] = l.start[f] + int32(len(r))
	}
	l.cls = make([]uint16, 0, l.start[len(rows)])
	l.val = make([]float32, 0, l.start[len(rows)])
	for _, r := range rows {
		for _, p := range r {
			l.cls = append(l.cls, uint16(p.doc))
			l.val = append(l.val, p.w)
		}
	}
	return l
}

// probs turns the summed rows (out) of a query whose total weight is sumw,
// before its length normalization inv, into probabilities; out is cleared.
func (b *bayes) probs(out []float32, sumw float64, inv float32, p []float64) []float64 {
	p = p[:len(out)]
	max := nbScores(out, b.bias, p, sumw, float64(inv))
	subScale(p, max, 1/nbTemp)
	scaleVec(p, 1/expNegs(p))
	return p
}

// nbScoresGo sets p[c] to service c's log-likelihood, scaled, and clears
// out[c], and returns the largest of them and max: nbScores without
// assembly, and its reference in the tests.
func nbScoresGo(out, bias []float32, p []float64, sumw, inv, max float64) float64 {
	p, bias = p[:len(out)], bias[:len(out)]
	for c := range out {
		s := (float64(out[c]) + sumw*float64(bias[c])) * inv
		p[c] = s
		out[c] = 0
		if s > max {
			max = s
		}
	}
	return max
}

// subScaleGo sets xs[i] to (xs[i]-sub)*k: subScale without AVX, and its
// reference in the tests.
func subScaleGo(xs []float64, sub, k float64) {
	for i, x := range xs {
		xs[i] = (x - sub) * k
	}
}

// newBayes is a model of no rows whose services have no examples yet.
func newBayes(classes, features int) *bayes {
	b := &bayes{bias: make([]float32, classes)}
	empty := float32(math.Log(nbAlpha / (nbAlpha * float64(features))))
	for c := range b.bias {
		b.bias[c] = empty
	}
	return b
}

// nbWriter writes a range's naive Bayes rows (weighDocs) from the sums of
// each service's centroid: the centroid's sums are, feature by feature,
// the service's weights added in trainBayes' order, so the model is the
// one trainBayes makes from the same examples. Session 12 (build15):
// trained apart, on one core, with a growing list a feature, it took a
// fifth of a 5,000-service build's CPU (the logarithms and the lists'
// copies), alone on a core, and allocated three times its rows' memory.
type nbWriter struct {
	b        *bayes
	next     []int32 // per feature: where the range's next posting goes
	features int
	svc      int32 // the service whose sums are read
	wrote    int   // postings written
}

// put writes the service's posting of feature id, its sum acc.
func (w *nbWriter) put(id int32, acc float32) {
	at := w.next[id]
	w.b.rows.cls[at], w.b.rows.val[at] = uint16(w.svc), float32(math.Log(1+float64(acc)/nbAlpha))
	w.next[id]++
	w.wrote++
}

// done sets the service's bias from its weights' total.
func (w *nbWriter) done(total float64) {
	w.b.bias[w.svc] = float32(math.Log(nbAlpha / (total + nbAlpha*float64(w.features))))
}

// nbRows lays out the rows of the ranges' postings, counted per range
// (next, of ascending services, range after range): range k's postings
// of a feature come after range k-1's, in service order. next becomes,
// per range and feature, where its first posting goes.
func nbRows(next [][]int32, classes, features int) linear {
	t := linear{classes: classes, start: make([]int32, features+1)}
	for f := range features {
		at := t.start[f]
		for _, n := range next {
			at, n[f] = at+n[f], at
		}
		t.start[f+1] = at
	}
	t.cls, t.val = make([]uint16, t.start[features]), make([]float32, t.start[features])
	return t
}
