package main

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// BenchmarkConcurrentConversations is the north-star load: the real program
// on Redis with many conversations open at once, each asking a few
// questions with a citizen's pauses between them, measured from each
// message sent to its reply received (client and server share the two
// cores). Run it once:
//
//	go test -run '^$' -bench ConcurrentConversations -benchtime 1x ./cmd/dalil
//
// DALIL_LOAD_CONVERSATIONS (default 2000), DALIL_LOAD_MESSAGES (default 4)
// and DALIL_LOAD_PAUSE (mean pause between one conversation's messages,
// default 2s) change the load.
func BenchmarkConcurrentConversations(b *testing.B) {
	envInt := func(k string, def int) int {
		if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
			return n
		}
		return def
	}
	convs := envInt("DALIL_LOAD_CONVERSATIONS", 2000)
	msgs := envInt("DALIL_LOAD_MESSAGES", 4)
	pause := 2 * time.Second
	if d, err := time.ParseDuration(os.Getenv("DALIL_LOAD_PAUSE")); err == nil && d > 0 {
		pause = d
	}
	env := sharedRedis(b, "load")
	s := startServer(b, env)
	questions := []string{
		"كم رسوم تجديد جواز السفر؟", "bade ajadded rokhset el swa2a", "how long does a building permit take",
		"عايز اطلع شهادة ميلاد لبنتي", "وش الاوراق المطلوبة للتأمين الصحي", "where do I pay a water bill",
		"وين بقدم؟", "thanks",
	}
	for i := 0; i < b.N; i++ {
		// Open every conversation first (a few at a time), as a portal's
		// visitors would have their chats open.
		conns := make([]*websocket.Conn, convs)
		var wg sync.WaitGroup
		sem := make(chan struct{}, 64)
		for c := range conns {
			wg.Add(1)
			sem <- struct{}{}
			go func(c int) {
				defer wg.Done()
				defer func() { <-sem }()
				conns[c], _ = dial(b, s.ws())
			}(c)
		}
		wg.Wait()

		var mu sync.Mutex
		var lat []time.Duration
		errs := 0
		b.ResetTimer()
		start := time.Now()
		for c, ws := range conns {
			wg.Add(1)
			go func(c int, ws *websocket.Conn) {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(c), 7))
				time.Sleep(time.Duration(rng.Int64N(int64(pause)))) // spread the starts
				for m := 0; m < msgs; m++ {
					id := "m" + strconv.Itoa(m)
					t0 := time.Now()
					err := ws.WriteJSON(frame{"type": "message", "id": id, "text": questions[(c+m)%len(questions)]})
					var f frame
					ws.SetReadDeadline(time.Now().Add(30 * time.Second))
					for err == nil {
						if err = ws.ReadJSON(&f); err == nil && (f.s("type") == "reply" || f.s("type") == "error") && f.s("reply_to") == id {
							break
						}
					}
					d := time.Since(t0)
					mu.Lock()
					if err != nil || f.s("type") != "reply" {
						errs++
					} else {
						lat = append(lat, d)
					}
					mu.Unlock()
					time.Sleep(pause/2 + time.Duration(rng.Int64N(int64(pause))))
				}
			}(c, ws)
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		if len(lat) == 0 {
			b.Fatalf("no replies (%d errors)", errs)
		}
		slices.Sort(lat)
		pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(float64(convs), "conversations")
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "replies/s")
		b.ReportMetric(pct(0.5), "ms-p50")
		b.ReportMetric(pct(0.99), "ms-p99")
		b.ReportMetric(pct(1), "ms-max")
		b.ReportMetric(float64(errs), "errors")
	}
}
