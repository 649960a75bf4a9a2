//go:build !unix

package knowledge

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
