package intents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// scoresFor is n fused scores drawn from few values (ties), with zeros,
// negatives, infinities and NaNs when odd is set.
func scoresFor(r *rand.Rand, n int, odd bool) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(r.IntN(12)-3) / 8
		if odd {
			switch r.IntN(20) {
			case 0:
				xs[i] = math.NaN()
			case 1:
				xs[i] = math.Inf(-1)
			case 2:
				xs[i] = math.Inf(1)
			case 3:
				xs[i] = math.Copysign(0, -1)
			}
		}
	}
	return xs
}

// TestLaneMaxAndCandMask compares laneMax and candMask (in assembly on
// amd64) with their Go loops, bit for bit.
func TestLaneMaxAndCandMask(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 200; n++ {
		for _, odd := range []bool{false, true} {
			xs := scoresFor(r, n, odd)
			var got, want [8]float64
			laneMax(xs, &got)
			laneMaxGo(xs, &want)
			for k := range got {
				if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
					t.Fatalf("n=%d laneMax[%d] = %v, want %v", n, k, got[k], want[k])
				}
			}
			for _, floor := range []float64{math.Inf(-1), 0, 0.25, want[3], math.NaN()} {
				mask, ref := make([]uint64, (n+63)/64+1), make([]uint64, (n+63)/64+1)
				mask[len(mask)-1] = 7 // a word past the services stays as it is
				ref[len(ref)-1] = 7
				candMask(xs, floor, mask[:(n+63)/64])
				candMaskGo(xs, floor, ref, 0)
				if fmt.Sprint(mask) != fmt.Sprint(ref) {
					t.Fatalf("n=%d floor=%v: candMask %x, want %x", n, floor, mask, ref)
				}
			}
		}
	}
}

// bestFewRef is rank's selection before bestFew: every service in order,
// from no floor.
func (m *Matcher) bestFewRef(fused []float64, ctx int32) ([maxCandidates]int32, [maxCandidates]float64, int) {
	var top [maxCandidates]int32
	var topScore [maxCandidates]float64
	n := 0
	better := func(i int32, si float64, j int32, sj float64) bool {
		return si > sj || (si == sj && m.services[i].ID < m.services[j].ID)
	}
	floor := math.Inf(-1)
	for i := range fused {
		score := fused[i]
		if (score <= 0 || score < floor) && int32(i) != ctx || score <= 0 {
			continue
		}
		if int32(i) == ctx {
			score += m.Thresholds.Context
		}
		if score < floor || n == maxCandidates && !better(int32(i), score, top[n-1], topScore[n-1]) {
			continue
		}
		j := min(n, maxCandidates-1)
		for j > 0 && better(int32(i), score, top[j-1], topScore[j-1]) {
			top[j], topScore[j] = top[j-1], topScore[j-1]
			j--
		}
		top[j], topScore[j] = int32(i), score
		if n < maxCandidates {
			n++
		}
		if n == maxCandidates {
			floor = topScore[n-1]
		}
	}
	return top, topScore, n
}

// TestBestFew: the floor and the marks change which services the
// selection looks at, never what it selects (NaNs aside: no score is
// one), with ties broken by ID and the context's bonus.
func TestBestFew(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, ns := range []int{1, 4, 5, 6, 8, 13, 64, 77, 130} {
		m := &Matcher{}
		for i := range ns {
			m.services = append(m.services, &knowledge.Service{ID: fmt.Sprintf("s%03d", r.IntN(1000)*1000+i)})
		}
		marks := make([]uint64, (ns+63)/64)
		for _, bonus := range []float64{0, 0.3, -0.2} {
			m.Thresholds.Context = bonus
			for trial := range 300 {
				fused := scoresFor(r, ns, false)
				if trial%3 == 0 {
					for i := range fused {
						fused[i] = r.Float64()
					}
				}
				ctx := int32(-1)
				if trial%2 == 1 {
					ctx = int32(r.IntN(ns))
				}
				before := append([]float64(nil), fused...)
				var top [maxCandidates]int32
				var topScore [maxCandidates]float64
				n := m.bestFew(fused, ctx, marks, &top, &topScore)
				wtop, wscore, wn := m.bestFewRef(fused, ctx)
				if n != wn || top != wtop || topScore != wscore {
					t.Fatalf("ns=%d ctx=%d bonus=%v %v: got %v %v, want %v %v", ns, ctx, bonus, fused, top[:n], topScore[:n], wtop[:wn], wscore[:wn])
				}
				if fmt.Sprint(before) != fmt.Sprint(fused) {
					t.Fatalf("bestFew changed the scores")
				}
			}
		}
	}
}
