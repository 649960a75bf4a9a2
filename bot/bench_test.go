package bot_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/memstore"
	"github.com/dalil-project/dalil/redisstore"
)

var turnQuestions = []string{
	"كم رسوم تجديد جواز السفر؟", "وين بقدم؟", "bade ajadded rokhset el swa2a", "how long does it take?",
	"what documents do I need for a building permit", "شكرا",
}

// benchTurns runs full turns (lock, load, understand, render, append, save)
// over many conversations, as the server does per message.
func benchTurns(b *testing.B, store bot.Store) {
	e := newEngine(b, store)
	ctx := context.Background()
	const convs = 256
	ids := make([]string, convs)
	for i := range ids {
		s, err := e.Start(ctx, "ar", "")
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = s.ConversationID
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			id := ids[(i*7919)%convs]
			_, err := e.Handle(ctx, id, bot.Message{ID: fmt.Sprintf("m%d-%d", i, time.Now().UnixNano()), Text: turnQuestions[i%len(turnQuestions)]})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTurnMemstore(b *testing.B) { benchTurns(b, memstore.New()) }

func BenchmarkTurnRedis(b *testing.B) {
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = redisstore.DefaultURL
	}
	hp := strings.TrimPrefix(u, "redis://")
	if i := strings.IndexAny(hp, "/?"); i >= 0 {
		hp = hp[:i]
	}
	if c, err := net.DialTimeout("tcp", hp, time.Second); err != nil {
		b.Skipf("redis not reachable at %s; .ci/run starts one", u)
	} else {
		c.Close()
	}
	s, err := redisstore.Open(context.Background(), redisstore.Options{URL: u, Prefix: fmt.Sprintf("bench%d", time.Now().UnixNano())})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	defer s.Purge(context.Background()) // the benchmark's keys
	benchTurns(b, s)
}
