package intents

import "testing"

// TestLinPlan: the learned model keeps its full training (linOrders runs
// of linEpochs) while the work is within linMaxWork, and past it gives up
// runs first, then epochs, never below one run of two epochs; the
// logistic model is trained only within its own bound.
func TestLinPlan(t *testing.T) {
	// n examples of 80 features each.
	examples := func(n int) []example {
		ids := make([]int32, 80)
		train := make([]example, n)
		for i := range train {
			train[i].ids = ids
		}
		return train
	}
	for _, tc := range []struct {
		name              string
		examples, classes int
		orders, epochs    int
		logistic          bool
	}{
		{"ten examples, 77 intents", 800, 79, linOrders, linEpochs, true},
		{"sample KB", 2500, 80, linOrders, linEpochs, true},
		{"ArBanking77 full train", 21636, 77, linOrders, linEpochs, false},
		{"200 services", 12690, 395, 1, linEpochs, false},
		{"300 services", 19000, 590, 1, 5, false},
		{"far past the bound", 200000, 5000, 1, 2, false},
	} {
		train := examples(tc.examples)
		orders, epochs := linPlan(train, tc.classes)
		if orders != tc.orders || epochs != tc.epochs {
			t.Errorf("%s: %d runs of %d epochs, want %d of %d", tc.name, orders, epochs, tc.orders, tc.epochs)
		}
		if w := trainWork(train, tc.classes) * float64(orders*epochs); w > linMaxWork && epochs > 2 {
			t.Errorf("%s: %.2g multiply-adds, past the bound %.2g", tc.name, w, linMaxWork)
		}
		if got := logisticFits(train, tc.classes); got != tc.logistic {
			t.Errorf("%s: logistic model trained %v, want %v", tc.name, got, tc.logistic)
		}
	}
}
