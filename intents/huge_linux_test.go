package intents

import "testing"

// hugePages is a hint: a table keeps its contents, the blocks it counts
// cover the table, and a table over the budget is left alone.
func TestHugePages(t *testing.T) {
	for _, tc := range []struct {
		name   string
		floats int
		budget uintptr
		want   func(used, size uintptr) bool
	}{
		{"small table", 1000, 48 << 20, func(used, size uintptr) bool { return used == hugePage || used == 2*hugePage }},
		{"table of megabytes", 3 << 20, 48 << 20, func(used, size uintptr) bool { return used >= size && used <= size+2*hugePage && used%hugePage == 0 }},
		{"over the budget", 3 << 20, 4 << 20, func(used, size uintptr) bool { return used == 0 }},
		{"empty", 0, 48 << 20, func(used, size uintptr) bool { return used == 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := make([]float32, tc.floats)
			for i := range s {
				s[i] = float32(i) * 0.5
			}
			used := hugePages(s, tc.budget)
			if size := uintptr(4 * tc.floats); !tc.want(used, size) {
				t.Errorf("hugePages of %d bytes (budget %d) took %d", size, tc.budget, used)
			}
			for i, x := range s {
				if x != float32(i)*0.5 {
					t.Fatalf("s[%d] = %v after hugePages, want %v", i, x, float32(i)*0.5)
				}
			}
		})
	}
}
