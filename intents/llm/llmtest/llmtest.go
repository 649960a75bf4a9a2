package llmtest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Decision is a classification answer.
type Decision struct {
	Intent    string `json:"intent"`
	ServiceID string `json:"service_id"`
	Aspect    string `json:"aspect"`
	ReplyLang string `json:"reply_lang"`
}

// Reply scripts one answer. The zero Reply is the default answer.
type Reply struct {
	// Failures: a non-200 Status (with RetryAfter as the header, Body as
	// the raw body, default an OpenAI JSON error), or Hang: no answer
	// until the client gives up.
	Status     int
	RetryAfter string
	Body       string
	Hang       bool
	// Delay before the response headers.
	Delay time.Duration

	// Classification: Decision is sent as a tool call when the request
	// offered tools, else as JSON content; ToolArgs or Content send raw
	// text instead (malformed JSON, prose …).
	Decision *Decision
	ToolArgs string
	ToolName string // the function called; default the one offered
	Content  string

	// Streams (rephrase): Content (default: the approved text) is sent
	// in Chunks (default: word by word), FirstDelay after the role chunk,
	// Gap between chunks. Cut > 0 drops the connection after that many
	// content chunks, before finish_reason. Finish defaults to "stop".
	Chunks     []string
	FirstDelay time.Duration
	Gap        time.Duration
	Cut        int
	Finish     string
}

// Choose is a classification answer.
func Choose(intent, serviceID, aspect, lang string) Reply {
	return Reply{Decision: &Decision{intent, serviceID, aspect, lang}}
}

// Request is one request the server received.
type Request struct {
	Method string
	Path   string // e.g. /v1/chat/completions or /openai/deployments/x/chat/completions
	Query  string
	Header http.Header
	Body   []byte
	Chat   *ChatRequest // chat completions
	Embed  *EmbedRequest
	At     time.Time
}

// ChatRequest is the part of a chat completion request the fake reads.
type ChatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	Stream        bool `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Tools []struct {
		Type     string `json:"type"`
		Function struct {
			Name       string          `json:"name"`
			Parameters json.RawMessage `json:"parameters"`
		} `json:"function"`
	} `json:"tools"`
	ToolChoice     json.RawMessage `json:"tool_choice"`
	ResponseFormat *struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Strict bool            `json:"strict"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	} `json:"response_format"`
}

// EmbedRequest is an embeddings request.
type EmbedRequest struct {
	Model string   `json:"model"`
	Input []string `json:"input"`
}

// Kind is "classify", "rephrase", "embed" or "other".
func (r Request) Kind() string {
	switch {
	case r.Embed != nil:
		return "embed"
	case r.Chat != nil && r.Chat.Stream:
		return "rephrase"
	case r.Chat != nil:
		return "classify"
	}
	return "other"
}

// Text returns the content of the messages with the given role.
func (r Request) Text(role string) string {
	if r.Chat == nil {
		return ""
	}
	var b strings.Builder
	for _, m := range r.Chat.Messages {
		if m.Role == role {
			b.WriteString(m.Content)
		}
	}
	return b.String()
}

// Between returns the text between <tag> and </tag> in the user message.
func (r Request) Between(tag string) string {
	u := r.Text("user")
	_, after, ok := strings.Cut(u, "<"+tag+">")
	if !ok {
		return ""
	}
	in, _, _ := strings.Cut(after, "</"+tag+">")
	return strings.TrimSpace(in)
}

// Candidates returns the service ids the request allows ("none" left out).
func (r Request) Candidates() []string {
	if r.Chat == nil {
		return nil
	}
	var raw json.RawMessage
	switch {
	case len(r.Chat.Tools) > 0:
		raw = r.Chat.Tools[0].Function.Parameters
	case r.Chat.ResponseFormat != nil && r.Chat.ResponseFormat.JSONSchema != nil:
		raw = r.Chat.ResponseFormat.JSONSchema.Schema
	}
	var s struct {
		Properties struct {
			ServiceID struct {
				Enum []string `json:"enum"`
			} `json:"service_id"`
		} `json:"properties"`
	}
	json.Unmarshal(raw, &s)
	var out []string
	for _, id := range s.Properties.ServiceID.Enum {
		if id != "none" {
			out = append(out, id)
		}
	}
	return out
}

// Server is the fake. Replies come from the queue (Push) while it lasts,
// then from the Default function.
type Server struct {
	URL string

	srv     *httptest.Server
	release chan struct{}

	mu       sync.Mutex
	reqs     []Request
	queue    []Reply
	def      func(Request) Reply
	inflight int
	peak     int
}

// NewServer starts a fake. Its default answers: a classification picks
// the first candidate (service_info, aspect none, Arabic), a rephrase
// repeats the approved text, embeddings are word-hash vectors (Vector).
func NewServer() *Server {
	s := &Server{release: make(chan struct{})}
	s.def = func(Request) Reply { return Reply{} }
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/v1"
	return s
}

// Close stops the server; hanging handlers return first.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.release:
	default:
		close(s.release)
	}
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Push queues replies, used in order by the next requests.
func (s *Server) Push(r ...Reply) {
	s.mu.Lock()
	s.queue = append(s.queue, r...)
	s.mu.Unlock()
}

// SetDefault sets the answer used when the queue is empty.
func (s *Server) SetDefault(f func(Request) Reply) {
	s.mu.Lock()
	s.def = f
	s.mu.Unlock()
}

// Requests returns every request so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count returns how many requests of a kind arrived.
func (s *Server) Count(kind string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Kind() == kind {
			n++
		}
	}
	return n
}

// PeakInFlight is the most requests the server was answering at once.
func (s *Server) PeakInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// Reset forgets the recorded requests and the queue.
func (s *Server) Reset() {
	s.mu.Lock()
	s.reqs, s.queue, s.peak = nil, nil, 0
	s.mu.Unlock()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil {
		var b strings.Builder
		buf := make([]byte, 32<<10)
		for {
			n, err := r.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		body = []byte(b.String())
	}
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, At: time.Now()}
	switch {
	case strings.HasSuffix(r.URL.Path, "/chat/completions"):
		req.Chat = &ChatRequest{}
		if err := json.Unmarshal(body, req.Chat); err != nil {
			writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
			return
		}
	case strings.HasSuffix(r.URL.Path, "/embeddings"):
		req.Embed = &EmbedRequest{}
		if err := json.Unmarshal(body, req.Embed); err != nil {
			writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
			return
		}
	default:
		writeError(w, http.StatusNotFound, "unknown path "+r.URL.Path)
		return
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	var rep Reply
	if len(s.queue) > 0 {
		rep, s.queue = s.queue[0], s.queue[1:]
	} else {
		def := s.def
		s.mu.Unlock()
		rep = def(req)
		s.mu.Lock()
	}
	s.inflight++
	s.peak = max(s.peak, s.inflight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}()

	if rep.Hang {
		select {
		case <-r.Context().Done():
		case <-s.release:
		}
		return
	}
	if !s.sleep(r, rep.Delay) {
		return
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		if rep.RetryAfter != "" {
			w.Header().Set("Retry-After", rep.RetryAfter)
		}
		if rep.Body != "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(rep.Status)
			fmt.Fprint(w, rep.Body)
			return
		}
		writeError(w, rep.Status, http.StatusText(rep.Status))
		return
	}
	switch req.Kind() {
	case "embed":
		s.embeddings(w, req)
	case "rephrase":
		s.stream(w, r, req, rep)
	default:
		s.complete(w, req, rep)
	}
}

// sleep waits d unless the client goes away or the server closes.
func (s *Server) sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.release:
	}
	return false
}

func writeError(w http.ResponseWriter, status int, msg string) {
	typ := "invalid_request_error"
	switch {
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_error"
	case status >= 500:
		typ = "server_error"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": nil}})
}

// tokens is a rough token count (about four bytes a token), for usage.
func tokens(s string) int { return max(1, len(s)/4) }

func (s *Server) complete(w http.ResponseWriter, req Request, rep Reply) {
	msg := map[string]any{"role": "assistant", "content": nil}
	finish := "stop"
	args := rep.ToolArgs
	if rep.Decision == nil && rep.ToolArgs == "" && rep.Content == "" {
		d := Decision{Intent: "out_of_scope", ServiceID: "none", Aspect: "none", ReplyLang: "ar"}
		if c := req.Candidates(); len(c) > 0 {
			d = Decision{Intent: "service_info", ServiceID: c[0], Aspect: "none", ReplyLang: "ar"}
		}
		rep.Decision = &d
	}
	if rep.Decision != nil {
		b, _ := json.Marshal(rep.Decision)
		if len(req.Chat.Tools) > 0 {
			args = string(b)
		} else {
			rep.Content = string(b)
		}
	}
	out := rep.Content
	if args != "" && len(req.Chat.Tools) > 0 {
		name := rep.ToolName
		if name == "" {
			name = req.Chat.Tools[0].Function.Name
		}
		msg["tool_calls"] = []any{map[string]any{"id": "call_1", "type": "function",
			"function": map[string]any{"name": name, "arguments": args}}}
		finish = "tool_calls"
		out = args
	} else {
		msg["content"] = rep.Content
	}
	pt, ct := tokens(string(req.Body)), tokens(out)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": time.Now().Unix(), "model": req.Chat.Model,
		"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish, "logprobs": nil}},
		"usage":   map[string]any{"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct},
	})
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, req Request, rep Reply) {
	text := rep.Content
	if text == "" && rep.Chunks == nil {
		text = req.Between("approved")
	}
	chunks := rep.Chunks
	if chunks == nil {
		chunks = splitWords(text)
	}
	fl, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": time.Now().Unix(),
			"model": req.Chat.Model, "choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	if !s.sleep(r, rep.FirstDelay) {
		return
	}
	all := ""
	for i, c := range chunks {
		if rep.Cut > 0 && i == rep.Cut {
			// Drop the connection mid-stream: no finish_reason, no [DONE].
			panic(http.ErrAbortHandler)
		}
		if i > 0 && !s.sleep(r, rep.Gap) {
			return
		}
		send(chunk(map[string]any{"content": c}, nil))
		all += c
	}
	finish := rep.Finish
	if finish == "" {
		finish = "stop"
	}
	send(chunk(map[string]any{}, finish))
	if req.Chat.StreamOptions != nil && req.Chat.StreamOptions.IncludeUsage {
		pt, ct := tokens(string(req.Body)), tokens(all)
		send(map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": time.Now().Unix(),
			"model": req.Chat.Model, "choices": []any{},
			"usage": map[string]any{"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct}})
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	if fl != nil {
		fl.Flush()
	}
}

// splitWords cuts text into word-sized chunks that keep their spaces.
func splitWords(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == ' ' && i > start {
			out = append(out, text[start:i+1])
			start = i + 1
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// Dim is the length of the fake's embedding vectors.
const Dim = 64

// Vector is the fake embedding of a text: each word (lower-cased, letters
// and digits only) adds one to a hashed dimension, so texts sharing words
// are close.
func Vector(text string) []float32 {
	v := make([]float32, Dim)
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		h := fnv.New32a()
		h.Write([]byte(w))
		v[h.Sum32()%Dim]++
	}
	return v
}

func (s *Server) embeddings(w http.ResponseWriter, req Request) {
	data := make([]any, len(req.Embed.Input))
	n := 0
	for i, t := range req.Embed.Input {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": Vector(t)}
		n += tokens(t)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": req.Embed.Model,
		"usage": map[string]any{"prompt_tokens": n, "total_tokens": n}})
}
