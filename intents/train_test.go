package intents

import (
	"runtime"
	"slices"
	"testing"

	"github.com/dalil-project/dalil/knowledge"
)

// The learned model's runs are summed in the same order on one core as on
// several: the same knowledge base gives the same weights, bit for bit.
func TestTrainingSameOnAnyCores(t *testing.T) {
	kb, err := knowledge.Load(knowledge.Sample())
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := NewMatcher(kb)
	for _, cores := range []int{2, 3, 4} {
		runtime.GOMAXPROCS(cores)
		m := NewMatcher(kb)
		if !slices.Equal(one.lin.val, m.lin.val) || !slices.Equal(one.lin.cls, m.lin.cls) {
			t.Errorf("the learned weights differ between one core and %d", cores)
		}
	}
}
