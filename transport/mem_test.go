package transport

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// idleChat opens conversations without keeping anything, so that the memory
// measured is the transport's alone.
type idleChat struct{ *fakeChat }

func (idleChat) Start(ctx context.Context, lang, token string) (bot.Session, error) {
	return bot.Session{ConversationID: "c_idle", ResumeToken: "t", Lang: lang, Welcome: "مرحباً"}, nil
}

// rawDial performs the WebSocket handshake by hand and keeps only the
// net.Conn, so the client side adds next to nothing to the measurement.
func rawDial(addr string) (net.Conn, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(nc, "GET /ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", addr)
	var buf [512]byte
	n := 0
	nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	for !bytes.Contains(buf[:n], []byte("\r\n\r\n")) {
		m, err := nc.Read(buf[n:])
		if err != nil {
			nc.Close()
			return nil, err
		}
		n += m
		if n == len(buf) {
			break
		}
	}
	if !bytes.HasPrefix(buf[:n], []byte("HTTP/1.1 101")) {
		nc.Close()
		return nil, fmt.Errorf("handshake: %q", buf[:n])
	}
	return nc, nil
}

// inUse returns HeapInuse and StackInuse.
func inUse() (heap, stack int64) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse), int64(m.StackInuse)
}

func settle() {
	for range 3 {
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
	}
}

// idleCost opens n idle WebSocket connections to a real HTTP server and
// returns the growth of HeapInuse and StackInuse per connection. The heap
// figure includes the client's socket objects (a few hundred bytes): an
// upper bound for the server's cost.
func idleCost(tb testing.TB, n int) (heap, stack float64) {
	srv := NewServer(idleChat{newFakeChat()}, Config{Logger: slog.New(slog.DiscardHandler)})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	defer srv.Shutdown(context.Background())
	addr := hs.Listener.Addr().String()

	// Warm up pools and the HTTP server's own goroutines.
	warm, err := rawDial(addr)
	if err != nil {
		tb.Fatal(err)
	}
	defer warm.Close()
	settle()
	heap0, stack0 := inUse()

	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := rawDial(addr)
		if err != nil {
			tb.Fatalf("after %d connections: %v", len(conns), err)
		}
		conns = append(conns, c)
	}
	for srv.connCount() < n+1 {
		time.Sleep(10 * time.Millisecond)
	}
	settle()
	heap1, stack1 := inUse()
	if srv.connCount() != n+1 {
		tb.Fatalf("%d connections open, want %d", srv.connCount(), n+1)
	}
	return float64(heap1-heap0) / float64(n), float64(stack1-stack0) / float64(n)
}

// BenchmarkIdleConnections reports memory per idle connection; run it with a
// fixed count, for example:
//
//	go test -run '^$' -bench IdleConnections -benchtime 2000x ./transport/
func BenchmarkIdleConnections(b *testing.B) {
	n := min(b.N, 5000) // file descriptors: two per connection in this process
	heap, stack := idleCost(b, n)
	b.ReportMetric(heap+stack, "bytes/conn")
	b.ReportMetric(heap, "heap-bytes/conn")
	b.ReportMetric(stack, "stack-bytes/conn")
	b.ReportMetric(0, "ns/op")
}

// TestIdleConnectionMemory keeps the per-connection cost in check. The target
// is 16 KiB (measured: about 14 KiB, two 4 KiB goroutine stacks included);
// the bound leaves room for GC noise.
func TestIdleConnectionMemory(t *testing.T) {
	const n = 1000
	heap, stack := idleCost(t, n)
	t.Logf("idle connection: %.0f bytes (heap %.0f + stack %.0f; HeapInuse+StackInuse growth over %d connections)",
		heap+stack, heap, stack, n)
	if heap+stack > 24<<10 {
		t.Errorf("an idle connection costs %.0f bytes; target 16 KiB, bound 24 KiB", heap+stack)
	}
}
