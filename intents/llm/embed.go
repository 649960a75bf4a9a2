package llm

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
)

// embedStore keeps the example vectors of the knowledge-base versions in
// use (the current one and, during a swap, the one before).
type embedStore struct {
	mu        sync.Mutex
	byVersion map[string]*embedIndex
	order     []string
}

func newEmbedStore() *embedStore { return &embedStore{byVersion: map[string]*embedIndex{}} }

// embedIndex is every example question of one knowledge base as a unit
// vector, with the service it belongs to. It is built in the background;
// until it is ready, candidates come from the local ranking alone.
type embedIndex struct {
	ready    atomic.Bool
	services []string  // per vector
	dim      int       // vector length
	data     []float32 // len(services) * dim, row-major
	building atomic.Bool
	lastTry  atomic.Int64 // unix nanoseconds of the last failed build
}

// embedIndexFor returns the index of kb, starting its build if needed.
func (c *Client) embedIndexFor(kb *knowledge.Base) *embedIndex {
	st := c.emb
	st.mu.Lock()
	x, ok := st.byVersion[kb.Version()]
	if !ok {
		x = &embedIndex{}
		st.byVersion[kb.Version()] = x
		st.order = append(st.order, kb.Version())
		if len(st.order) > 2 {
			delete(st.byVersion, st.order[0])
			st.order = st.order[1:]
		}
	}
	st.mu.Unlock()
	x.start(c, kb)
	return x
}

// embedBuildTimeout bounds one build (a few hundred examples, in batches).
const embedBuildTimeout = 2 * time.Minute

// start builds the index in the background unless it is ready, being
// built, or failed less than a minute ago.
func (x *embedIndex) start(c *Client, kb *knowledge.Base) {
	if x.ready.Load() || time.Since(time.Unix(0, x.lastTry.Load())) < time.Minute {
		return
	}
	if !x.building.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer x.building.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), embedBuildTimeout)
		defer cancel()
		if err := x.build(ctx, c, kb); err != nil {
			x.lastTry.Store(time.Now().UnixNano())
			c.log.Warn("llm: example embeddings not built; candidates come from the local ranking", "kb_version", kb.Version(), "err", err)
		}
	}()
}

// wait blocks until the index is ready or ctx ends (for tests and
// benchmarks).
func (x *embedIndex) wait(ctx context.Context) error {
	for !x.ready.Load() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

type embedBlob struct {
	Services []string `json:"services"`
	Dim      int      `json:"dim"`
	Data     []byte   `json:"data"` // little-endian float32
}

func (x *embedIndex) build(ctx context.Context, c *Client, kb *knowledge.Base) error {
	key := cacheKey("embed", promptVersion, c.opts.EmbeddingsModel, kb.Version())
	if v, ok := c.cacheGetWithin(ctx, "embed", key, blobWait); ok {
		var b embedBlob
		if err := json.Unmarshal(v, &b); err == nil && b.Dim > 0 && len(b.Data) == 4*b.Dim*len(b.Services) {
			x.load(b)
			return nil
		}
	}
	var texts, owners []string
	for _, s := range kb.Services() {
		for _, t := range append(append([]string{s.Title.AR + " / " + s.Title.EN}, s.Examples.AR...), s.Examples.EN...) {
			texts = append(texts, t)
			owners = append(owners, s.ID)
		}
	}
	var vecs [][]float32
	const batch = 96
	for i := 0; i < len(texts); i += batch {
		part := texts[i:min(i+batch, len(texts))]
		got, reason := c.embed(ctx, "", part)
		if reason != "" {
			return errors.New("embeddings: " + reason)
		}
		vecs = append(vecs, got...)
	}
	b := embedBlob{Services: owners}
	for _, v := range vecs {
		if b.Dim == 0 {
			b.Dim = len(v)
		}
		if len(v) != b.Dim || b.Dim == 0 {
			return errors.New("embeddings: vectors of different lengths")
		}
		for _, f := range v {
			b.Data = binary.LittleEndian.AppendUint32(b.Data, math.Float32bits(f))
		}
	}
	// Stored before it is used, so an instance started meanwhile finds it.
	if raw, err := json.Marshal(b); err == nil {
		c.cacheSetWithin(ctx, "embed", key, raw, 30*24*time.Hour, blobWait)
	}
	x.load(b)
	return nil
}

func (x *embedIndex) load(b embedBlob) {
	x.services, x.dim = b.Services, b.Dim
	x.data = make([]float32, len(b.Data)/4)
	for i := range x.data {
		x.data[i] = math.Float32frombits(binary.LittleEndian.Uint32(b.Data[4*i:]))
	}
	for i := range x.services {
		normalize(x.data[i*x.dim : (i+1)*x.dim])
	}
	x.ready.Store(true)
}

func normalize(v []float32) {
	var s float64
	for _, f := range v {
		s += float64(f) * float64(f)
	}
	if s == 0 {
		return
	}
	n := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= n
	}
}

// embed asks the server for the vectors of texts.
func (c *Client) embed(ctx context.Context, conv string, texts []string) ([][]float32, string) {
	done, reason := c.admit(ctx, conv)
	if reason != "" {
		return nil, reason
	}
	var resp openai.EmbeddingResponse
	reason = c.retry(ctx, "embed", func(ctx context.Context) error {
		var err error
		resp, err = c.api.CreateEmbeddings(ctx, openai.EmbeddingRequest{Input: texts, Model: openai.EmbeddingModel(c.opts.EmbeddingsModel)})
		return err
	})
	if reason == "" && len(resp.Data) != len(texts) {
		reason = reasonBadResponse
	}
	done(reason)
	if reason != "" {
		return nil, reason
	}
	c.spend(ctx, "embed", conv, resp.Usage)
	out := make([][]float32, len(texts))
	for _, e := range resp.Data {
		if e.Index < 0 || e.Index >= len(out) {
			return nil, reasonBadResponse
		}
		out[e.Index] = e.Embedding
	}
	return out, ""
}

// queryVector embeds one (redacted) question, through the cache.
func (c *Client) queryVector(ctx context.Context, conv, text string) ([]float32, string) {
	key := cacheKey("embedq", promptVersion, c.opts.EmbeddingsModel, intents.Normalize(text))
	if v, ok := c.cacheGet(ctx, "embed", key); ok && len(v)%4 == 0 && len(v) > 0 {
		out := make([]float32, len(v)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(v[4*i:]))
		}
		return out, ""
	}
	vs, reason := c.embed(ctx, conv, []string{text})
	if reason != "" {
		return nil, reason
	}
	var raw []byte
	for _, f := range vs[0] {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(f))
	}
	c.cacheSet(ctx, "embed", key, raw, c.opts.CacheTTL)
	return vs[0], ""
}

// rrfK damps reciprocal-rank fusion: ranks matter, raw scores (cosines
// and TF-IDF sums live on different scales) do not.
const rrfK = 10

// fuse merges the local ranking with the ranking by meaning (each
// service's best example cosine) and keeps the n best. Without a ready
// index or a query vector, the local ranking stands.
func (k *Classifier) fuse(ctx context.Context, conv, text string, local []intents.Candidate, n int) []intents.Candidate {
	x := k.emb
	if !x.ready.Load() {
		x.start(k.c, k.kb)
		return local
	}
	qv, reason := k.c.queryVector(ctx, conv, text)
	if reason != "" || len(qv) != x.dim {
		return local
	}
	qv = append([]float32(nil), qv...)
	normalize(qv)
	best := map[string]float64{}
	for i, id := range x.services {
		row := x.data[i*x.dim : (i+1)*x.dim]
		var dot float32
		for j, f := range row {
			dot += f * qv[j]
		}
		if d := float64(dot); d > best[id] {
			best[id] = d
		}
	}
	byMeaning := make([]string, 0, len(best))
	for id := range best {
		byMeaning = append(byMeaning, id)
	}
	sort.Slice(byMeaning, func(i, j int) bool {
		if best[byMeaning[i]] != best[byMeaning[j]] {
			return best[byMeaning[i]] > best[byMeaning[j]]
		}
		return byMeaning[i] < byMeaning[j]
	})
	score := map[string]float64{}
	for r, c := range local {
		score[c.ServiceID] += 1 / float64(rrfK+r+1)
	}
	for r, id := range byMeaning {
		if r == n {
			break
		}
		score[id] += 1 / float64(rrfK+r+1)
	}
	out := make([]intents.Candidate, 0, len(score))
	for id, s := range score {
		out = append(out, intents.Candidate{ServiceID: id, Score: s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ServiceID < out[j].ServiceID
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
