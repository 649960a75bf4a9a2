//go:build race

package knowledge

// raceEnabled reports whether the test binary runs under the race detector,
// which makes timing checks meaningless.
const raceEnabled = true
