package intents

import "testing"

// The near-miss calibration counts the margin up to its cap; the other
// keeps counting it (ArBanking77 and Banking77 keep their decisions).
func TestCalibrateMarginCap(t *testing.T) {
	in := func(margin float64) calibInputs {
		return calibInputs{margin: margin, unknownShare: 0.5, coverage: 0.3, content: 3}
	}
	for _, tc := range []struct {
		name       string
		c          calibModel
		a, b       float64
		wantEqual  bool
		wantHigher bool // b's confidence above a's
	}{
		{"near misses: above the cap", calibrationNearMiss, 0.3, 0.7, true, false},
		{"near misses: below the cap", calibrationNearMiss, 0.1, 0.2, false, true},
		{"no near misses: no cap", calibration, 0.3, 0.7, false, true},
	} {
		pa, pb := calibrate(tc.c, in(tc.a)), calibrate(tc.c, in(tc.b))
		if (pa == pb) != tc.wantEqual || (pb > pa) != tc.wantHigher {
			t.Errorf("%s: margin %.1f -> %.3f, %.1f -> %.3f", tc.name, tc.a, pa, tc.b, pb)
		}
	}
}
