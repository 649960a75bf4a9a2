//go:build !linux

package intents

// hugePages is a hint that only Linux takes (see huge_linux.go).
func hugePages[E any](s []E, budget uintptr) uintptr { return 0 }
