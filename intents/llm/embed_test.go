package llm

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/dalil-project/dalil/intents/llm/llmtest"
)

// Example vectors are computed once per knowledge-base version and cached;
// an unsure question's vector brings in the services closest in meaning,
// which the local ranking missed.
func TestEmbeddingsFuseCandidates(t *testing.T) {
	srv := fakeServer(t)
	kb := sample(t)
	cache := NewLRU(100)
	c := newTest(t, srv, func(o *Options) { o.EmbeddingsModel, o.Cache, o.Timeout = "test-embed", cache, 2*time.Second })
	k := c.Classifier(unsure(), kb)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := k.emb.wait(ctx); err != nil {
		t.Fatal(err)
	}
	builds := srv.Count("embed")
	if builds == 0 {
		t.Fatal("no embeddings requested")
	}
	water, _ := kb.Get("water-bill-payment")
	k.Understand(context.Background(), query(water.Examples.EN[0]))
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if last.Kind() != "classify" || !slices.Contains(last.Candidates(), "water-bill-payment") {
		t.Errorf("candidates %v lack the service closest in meaning", last.Candidates())
	}
	if n := srv.Count("embed"); n != builds+1 {
		t.Errorf("%d embeddings requests, want the build (%d) and one for the question", n, builds)
	}
	if r := srv.Requests()[0]; r.Embed == nil || r.Embed.Model != "test-embed" {
		t.Errorf("first request %+v", r)
	}

	// Another client on the same cache (another instance, or a restart)
	// does not embed the examples again.
	srv.Reset()
	c2 := newTest(t, srv, func(o *Options) { o.EmbeddingsModel, o.Cache = "test-embed", cache })
	k2 := c2.Classifier(unsure(), kb)
	if err := k2.emb.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count("embed"); n != 0 {
		t.Errorf("%d embeddings requests with the vectors cached", n)
	}
}

// While the examples are not embedded (server down), candidates come from
// the local ranking and the classification still works.
func TestEmbeddingsDown(t *testing.T) {
	srv := fakeServer(t)
	srv.SetDefault(func(r llmtest.Request) llmtest.Reply {
		if r.Kind() == "embed" {
			return llmtest.Reply{Status: 500}
		}
		return llmtest.Reply{}
	})
	c := newTest(t, srv, func(o *Options) { o.EmbeddingsModel, o.BreakerFailures = "test-embed", 100 })
	k := c.Classifier(unsure(), sample(t))
	time.Sleep(100 * time.Millisecond)
	res, _ := k.Understand(context.Background(), query("بدي جواز سفر"))
	if res.Source != "llm" {
		t.Errorf("got %+v", res)
	}
}
