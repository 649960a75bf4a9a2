package intents

// gramHits is gramHitsGo, in grams_amd64.s when b has eight bytes of room
// past its end (a gram's bytes are read eight at once, then masked).
func gramHits(b []byte, at []int32, runes int, t *gramTable, out []int32) int {
	if cap(b)-len(b) < 8 || len(t.slots) == 0 || len(at) <= runes || len(out) < 2*runes {
		return gramHitsGo(b, at, runes, t, out)
	}
	return gramHitsAsm(b[:cap(b)], at, runes, t.slots, t.shift, &gramMasks, out)
}

//go:noescape
func gramHitsAsm(full []byte, at []int32, runes int, slots []gramSlot, shift uint, masks *[9]uint64, out []int32) int
