package llm

import (
	"context"
	"encoding/json"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
	"github.com/dalil-project/dalil/redact"
)

// Classifier is the local classifier with the model behind it. It has the
// local one's Understand method (and UnderstandIn, which also charges a
// conversation's token budget), so bot uses it unchanged. One Classifier
// belongs to one knowledge base; a new base gets a new Classifier from the
// same Client.
type Classifier struct {
	c     *Client
	local intents.Classifier
	kb    *knowledge.Base
	cards map[string]string // service id -> its line in the prompt
	emb   *embedIndex       // nil without embeddings
}

// Classifier wraps local, a classifier over kb (intents.Matcher).
func (c *Client) Classifier(local intents.Classifier, kb *knowledge.Base) *Classifier {
	k := &Classifier{c: c, local: local, kb: kb, cards: map[string]string{}}
	for _, s := range kb.Services() {
		k.cards[s.ID] = card(s)
	}
	if c.emb != nil {
		k.emb = c.embedIndexFor(kb)
	}
	return k
}

// Understand implements intents.Classifier.
func (k *Classifier) Understand(ctx context.Context, q intents.Query) (intents.Result, error) {
	return k.UnderstandIn(ctx, "", q)
}

// UnderstandIn is Understand for a known conversation, whose token budget
// it charges. The local result comes first; the model is asked only when
// Route says the local one is unsure, and its answer replaces the local
// one only when it passes validation. Whatever goes wrong, the local result
// is returned within Options.Timeout (and a few milliseconds).
func (k *Classifier) UnderstandIn(ctx context.Context, conv string, q intents.Query) (intents.Result, error) {
	local, err := k.local.Understand(ctx, q)
	if err != nil {
		return local, err
	}
	why := k.c.opts.Route.Unsure(q, local)
	if why == "" {
		k.c.m.routed.WithLabelValues("local", "sure").Inc()
		return local, nil
	}
	k.c.m.routed.WithLabelValues("llm", why).Inc()
	ctx, cancel, ok := within(ctx, k.c.opts.Timeout)
	defer cancel()
	if !ok {
		k.c.fallback("classify", reasonTimeout)
		return local, nil
	}
	res, reason := k.consult(ctx, conv, q, local)
	if reason != "" {
		k.c.fallback("classify", reason)
		return local, nil
	}
	return res, nil
}

// consult asks the model (or the cache) about an unsure turn; a non-empty
// reason means the local result stands.
func (k *Classifier) consult(ctx context.Context, conv string, q intents.Query, local intents.Result) (intents.Result, string) {
	text := redact.Text(q.Text)
	recent := make([]intents.Turn, len(q.Context.Recent))
	for i, t := range q.Context.Recent {
		recent[i] = intents.Turn{Role: t.Role, Text: redact.Text(t.Text)}
	}
	cands := k.candidates(ctx, conv, text, q, local)
	if len(cands) == 0 {
		return local, reasonNoCandidates
	}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.ServiceID
	}
	o := k.c.opts
	key := cacheKey("classify", promptVersion, o.Model, o.Structured, k.kb.Version(), intents.Normalize(text),
		q.Context.LastService, q.Context.LastAspect, q.Context.Lang, strings.Join(ids, ","))
	if v, ok := k.c.cacheGet(ctx, "classify", key); ok {
		if d, err := decodeDecision(v); err == nil && validate(d, ids, k.kb) == nil {
			return k.apply(d, q, local, cands), ""
		}
	}

	done, reason := k.c.admit(ctx, conv)
	if reason != "" {
		return local, reason
	}
	req := k.classifyRequest(text, q, recent, ids)
	var resp openai.ChatCompletionResponse
	reason = k.c.retry(ctx, "classify", func(ctx context.Context) error {
		var err error
		resp, err = k.c.api.CreateChatCompletion(ctx, req)
		return err
	})
	if reason != "" {
		done(reason)
		return local, reason
	}
	k.c.spend(ctx, "classify", conv, resp.Usage)
	d, err := parseDecision(resp)
	if err == nil {
		err = validate(d, ids, k.kb)
	}
	if err != nil {
		done(reasonInvalid)
		k.c.log.Debug("llm answer rejected", "conversation_id", conv, "err", err)
		return local, reasonInvalid
	}
	done("")
	if b, err := json.Marshal(d); err == nil {
		k.c.cacheSet(ctx, "classify", key, b, o.CacheTTL)
	}
	return k.apply(d, q, local, cands), ""
}

// candidates are the services the model may choose from: the local
// ranking's best, the conversation's current service, and (with
// embeddings) the best by meaning, fused.
func (k *Classifier) candidates(ctx context.Context, conv, text string, q intents.Query, local intents.Result) []intents.Candidate {
	n := k.c.opts.Candidates
	var out []intents.Candidate
	seen := map[string]bool{}
	for _, c := range local.Candidates {
		if len(out) == n {
			break
		}
		if _, ok := k.kb.Get(c.ServiceID); ok && !seen[c.ServiceID] {
			out = append(out, c)
			seen[c.ServiceID] = true
		}
	}
	if k.emb != nil {
		out = k.fuse(ctx, conv, text, out, n)
		seen = map[string]bool{}
		for _, c := range out {
			seen[c.ServiceID] = true
		}
	}
	if last := q.Context.LastService; last != "" && !seen[last] {
		if _, ok := k.kb.Get(last); ok {
			out = append(out, intents.Candidate{ServiceID: last})
		}
	}
	return out
}

// apply turns a valid decision into a Result.
func (k *Classifier) apply(d decision, q intents.Query, local intents.Result, cands []intents.Candidate) intents.Result {
	res := local
	res.Source = "llm"
	res.Candidates = cands
	res.Confidence = 0.8
	res.FollowUp = false
	// The reply language follows the script of the message, which the
	// local analysis reads reliably; the model decides only when the script
	// is mixed or unclear.
	if local.Script == intents.ScriptMixed || local.Script == intents.ScriptNone || local.Lang == "" {
		res.Lang = d.ReplyLang
	}
	aspect := knowledge.Aspect(d.Aspect)
	if d.Aspect == noneAspect {
		aspect = knowledge.AspectNone
	}
	switch d.Intent {
	case intents.IntentServiceInfo:
		res.Intent = intents.IntentServiceInfo
		res.ServiceID = d.ServiceID
		if aspect == knowledge.AspectNone && local.ServiceID == d.ServiceID {
			aspect = local.Aspect
		}
		res.Aspect = aspect
		res.FollowUp = d.ServiceID == q.Context.LastService
	case intents.IntentClarify:
		res.Intent = intents.IntentClarify
		res.ServiceID = ""
	default:
		res.Intent = d.Intent
		res.ServiceID = ""
		res.Aspect = knowledge.AspectNone
	}
	return res
}
