package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// apiCall sends one API request with a bearer token and decodes the answer.
func apiCall(tb testing.TB, method, url, token string, body any) map[string]any {
	tb.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	if resp.StatusCode >= 300 {
		tb.Fatalf("%s %s: %d %v", method, url, resp.StatusCode, m)
	}
	return m
}

// waitForFee asks c about the passport fee until the answer has amount.
func waitForFee(c *websocket.Conn, amount string, deadline time.Time) error {
	for i := 0; time.Now().Before(deadline); i++ {
		id := "q" + strconv.Itoa(i)
		if err := c.WriteJSON(frame{"type": "message", "id": id, "text": "كم رسوم تجديد جواز السفر؟"}); err != nil {
			return err
		}
		c.SetReadDeadline(deadline)
		for {
			var f frame
			if err := c.ReadJSON(&f); err != nil {
				return err
			}
			if f.s("reply_to") != id || (f.s("type") != "reply" && f.s("type") != "error") {
				continue
			}
			if strings.Contains(f.s("text"), amount) {
				return nil
			}
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("fee %s not visible in time", amount)
}

// BenchmarkPublishVisible measures publish-to-visible: two instances share
// one Redis; per iteration an editor drafts a new passport-renewal fee and
// submits it, a reviewer publishes it through instance A, and the time runs
// from the publish request until a citizen's chat on BOTH instances answers
// with the new fee. Target: at most 1 s. Run:
//
//	go test -run '^$' -bench PublishVisible -benchtime 30x ./cmd/dalil
func BenchmarkPublishVisible(b *testing.B) { publishVisible(b, false) }

// BenchmarkPublishVisibleRebuild: the same, with an example question added
// each time, so every instance rebuilds its matcher (a fee change alone
// keeps it: its inputs are the same).
func BenchmarkPublishVisibleRebuild(b *testing.B) { publishVisible(b, true) }

func publishVisible(b *testing.B, rebuild bool) {
	env := sharedRedis(b, "bench")
	env["DALIL_RATE"], env["DALIL_RATE_BURST"] = "100000", "100000" // the chats poll fast
	a := startServer(b, env)
	other := startServer(b, env)
	ed := addUser(b, env, "editor", "amal")
	rev := addUser(b, env, "reviewer", "badr")
	conns := []*websocket.Conn{}
	for _, s := range []*server{a, other} {
		c, _ := dial(b, s.ws())
		conns = append(conns, c)
	}
	svc := a.url + "api/services/passport-renewal"
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		item := apiCall(b, "GET", svc, ed, nil)
		pub := item["published"].(map[string]any)
		record := pub["service"].(map[string]any)
		amount := strconv.Itoa(7000 + i)
		record["fees"].([]any)[0].(map[string]any)["amount"] = 7000 + i
		if rebuild {
			ex := record["examples"].(map[string]any)
			ex["en"] = append(ex["en"].([]any), "how do I renew my passport, case "+amount)
		}
		d := apiCall(b, "PUT", svc+"/draft", ed, map[string]any{"rev": 0, "base": pub["number"], "service": record})
		r := d["draft"].(map[string]any)["rev"]
		d = apiCall(b, "POST", svc+"/submit", ed, map[string]any{"rev": r, "reason": "benchmark fee " + amount})
		b.StartTimer()

		start := time.Now()
		apiCall(b, "POST", svc+"/publish", rev, map[string]any{"rev": d["rev"]})
		var wg sync.WaitGroup
		errs := make([]error, len(conns))
		for j, c := range conns {
			wg.Go(func() { errs[j] = waitForFee(c, amount, start.Add(10*time.Second)) })
		}
		wg.Wait()
		lat = append(lat, time.Since(start))
		for _, err := range errs {
			if err != nil {
				b.Fatalf("iteration %d: %v", i, err)
			}
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-p50")
	b.ReportMetric(ms(lat[len(lat)*9/10]), "ms-p90")
	b.ReportMetric(ms(lat[len(lat)-1]), "ms-max")
	if lat[len(lat)-1] > time.Second {
		b.Errorf("slowest publish took %v to be visible on both instances, over the 1 s target", lat[len(lat)-1])
	}
}
