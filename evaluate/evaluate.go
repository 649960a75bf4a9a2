package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/dalil-project/dalil/bot"
)

// Turn is one labelled question (../shared/eval/dev.jsonl), or one line of an
// external labelled set ({"text","label","lang"}: label is the service id or
// "none"/"out_of_scope").
type Turn struct {
	ID           string  `json:"id"`
	Text         string  `json:"text"`
	Lang         string  `json:"lang"`
	Variety      string  `json:"variety"`
	ExpectIntent string  `json:"expect_intent"`
	ExpectSvc    *string `json:"expect_service"`
	ExpectAspect *string `json:"expect_aspect"`
	Label        string  `json:"label"`
}

// Dialog is a labelled multi-turn conversation.
type Dialog struct {
	ID    string `json:"id"`
	Turns []Turn `json:"turns"`
}

func (t *Turn) norm() {
	if t.Label != "" && t.ExpectIntent == "" {
		if t.Label == "none" || t.Label == "out_of_scope" {
			t.ExpectIntent = "out_of_scope"
		} else {
			t.ExpectIntent = "service_info"
			l := t.Label
			t.ExpectSvc = &l
		}
	}
	if t.Variety == "" {
		t.Variety = t.Lang
	}
}

// ReadJSONL reads one JSON value per non-empty line.
func ReadJSONL[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}

// Result is the score of one turn.
type Result struct {
	Turn     Turn
	Group    string // service, out_of_scope, system:<intent>
	OK       bool
	LangOK   bool
	AspectOK *bool
	Clarify  bool // a clarify reply that offered the right service
	// Goodbye: a thanks line answered as a goodbye. Some sets' writers
	// were told to label goodbyes "thanks"; the protocol has both, so
	// the miss is counted and this tells the convention's share apart.
	Goodbye bool
	Got     string
}

func score(t Turn, r bot.Reply) Result {
	res := Result{Turn: t, Got: r.Intent}
	if r.ServiceID != "" {
		res.Got += ":" + r.ServiceID
	}
	if r.Aspect != "" {
		res.Got += "/" + r.Aspect
	}
	switch t.ExpectIntent {
	case "service_info":
		res.Group = "service"
		res.OK = r.Intent == "service_info" && t.ExpectSvc != nil && r.ServiceID == *t.ExpectSvc
		if r.Intent == "clarify" {
			for _, s := range r.Suggestions {
				if t.ExpectSvc != nil && s.ServiceID == *t.ExpectSvc {
					res.Clarify = true
				}
			}
		}
		if res.OK && t.ExpectAspect != nil && *t.ExpectAspect != "" {
			ok := r.Aspect == *t.ExpectAspect
			res.AspectOK = &ok
		}
	case "out_of_scope":
		res.Group = "out_of_scope"
		res.OK = r.ServiceID == "" && (r.Intent == "out_of_scope" || r.Intent == "fallback")
	default:
		res.Group = "system:" + t.ExpectIntent
		res.OK = r.Intent == t.ExpectIntent
		res.Goodbye = t.ExpectIntent == "thanks" && r.Intent == "goodbye"
	}
	res.LangOK = t.Lang == "" || r.Lang == t.Lang
	return res
}

// Chat is what the evaluation needs of the engine.
type Chat interface {
	Start(ctx context.Context, lang, resumeToken string) (bot.Session, error)
	Handle(ctx context.Context, conversationID string, m bot.Message) (bot.Reply, error)
}

// Report holds the figures of one run.
type Report struct {
	Overall, Lang, Aspect, Dialogs, DialogTurns Tally
	Groups, Varieties, Aspects                  map[string]*Tally
	Clarify                                     int
	ThanksAsGoodbye                             int // thanks lines answered as a goodbye (Result.Goodbye)
	Failures                                    []Result
	PerQuestion                                 time.Duration
}

// Tally counts right answers.
type Tally struct{ OK, N int }

func (t *Tally) add(ok bool) {
	t.N++
	if ok {
		t.OK++
	}
}

// Pct is the share right, in percent.
func (t Tally) Pct() float64 {
	if t.N == 0 {
		return 0
	}
	return 100 * float64(t.OK) / float64(t.N)
}

func (t Tally) String() string { return fmt.Sprintf("%5.1f%% (%d/%d)", t.Pct(), t.OK, t.N) }

func tallyOf(m map[string]*Tally, k string) *Tally {
	if m[k] == nil {
		m[k] = &Tally{}
	}
	return m[k]
}

// Run sends every question (each in a fresh conversation) and every dialog
// through the engine and scores the replies.
func Run(ctx context.Context, chat Chat, questions []Turn, dialogs []Dialog) (*Report, error) {
	rep := &Report{Groups: map[string]*Tally{}, Varieties: map[string]*Tally{}, Aspects: map[string]*Tally{}}
	ask := func(conv string, i int, t Turn) (Result, error) {
		r, err := chat.Handle(ctx, conv, bot.Message{ID: fmt.Sprintf("q%d", i), Text: t.Text})
		if err != nil {
			return Result{}, fmt.Errorf("evaluate %s: %w", t.ID, err)
		}
		return score(t, r), nil
	}
	start := time.Now()
	n := 0
	for _, q := range questions {
		q.norm()
		s, err := chat.Start(ctx, "ar", "")
		if err != nil {
			return nil, err
		}
		res, err := ask(s.ConversationID, 1, q)
		if err != nil {
			return nil, err
		}
		n++
		rep.Overall.add(res.OK)
		tallyOf(rep.Groups, res.Group).add(res.OK)
		if res.Group == "service" {
			tallyOf(rep.Varieties, q.Variety).add(res.OK)
		}
		rep.add(res)
	}
	for _, d := range dialogs {
		s, err := chat.Start(ctx, "ar", "")
		if err != nil {
			return nil, err
		}
		all := true
		for i, t := range d.Turns {
			t.norm()
			if t.ID == "" {
				t.ID = fmt.Sprintf("%s#%d", d.ID, i+1)
			}
			res, err := ask(s.ConversationID, i+1, t)
			if err != nil {
				return nil, err
			}
			n++
			rep.DialogTurns.add(res.OK)
			all = all && res.OK
			rep.add(res)
		}
		rep.Dialogs.add(all)
	}
	if n > 0 {
		rep.PerQuestion = time.Since(start) / time.Duration(n)
	}
	return rep, nil
}

func (rep *Report) add(res Result) {
	rep.Lang.add(res.LangOK)
	if res.AspectOK != nil {
		rep.Aspect.add(*res.AspectOK)
		tallyOf(rep.Aspects, *res.Turn.ExpectAspect).add(*res.AspectOK)
	}
	if res.Clarify {
		rep.Clarify++
	}
	if res.Goodbye {
		rep.ThanksAsGoodbye++
	}
	if !res.OK || !res.LangOK || (res.AspectOK != nil && !*res.AspectOK) {
		rep.Failures = append(rep.Failures, res)
	}
}

// Print writes the figures, and up to fails failures, as a table.
func (rep *Report) Print(w io.Writer, fails int) {
	fmt.Fprintf(w, "overall (questions)      %s\n", rep.Overall)
	keys := func(m map[string]*Tally) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	for _, k := range keys(rep.Groups) {
		fmt.Fprintf(w, "  %-22s %s\n", k, rep.Groups[k])
	}
	fmt.Fprintf(w, "service top-1 by variety\n")
	for _, k := range keys(rep.Varieties) {
		fmt.Fprintf(w, "  %-22s %s\n", k, rep.Varieties[k])
	}
	fmt.Fprintf(w, "reply language           %s\n", rep.Lang)
	fmt.Fprintf(w, "aspect (when service ok) %s\n", rep.Aspect)
	for _, k := range keys(rep.Aspects) {
		fmt.Fprintf(w, "  %-22s %s\n", k, rep.Aspects[k])
	}
	if rep.Dialogs.N > 0 {
		fmt.Fprintf(w, "dialogs fully right      %s\n", rep.Dialogs)
		fmt.Fprintf(w, "dialog turns             %s\n", rep.DialogTurns)
	}
	fmt.Fprintf(w, "clarify offering the right service: %d\n", rep.Clarify)
	if rep.ThanksAsGoodbye > 0 {
		fmt.Fprintf(w, "thanks answered as a goodbye (counted wrong above): %d\n", rep.ThanksAsGoodbye)
	}
	fmt.Fprintf(w, "time per question (in-process, incl. store): %v\n", rep.PerQuestion)
	for i, f := range rep.Failures {
		if i == fails {
			break
		}
		want := f.Turn.ExpectIntent
		if f.Turn.ExpectSvc != nil && *f.Turn.ExpectSvc != "" {
			want += ":" + *f.Turn.ExpectSvc
		}
		if f.Turn.ExpectAspect != nil && *f.Turn.ExpectAspect != "" {
			want += "/" + *f.Turn.ExpectAspect
		}
		fmt.Fprintf(w, "FAIL %-8s %-7s want %-45s got %-45s %s\n", f.Turn.ID, f.Turn.Variety, want, f.Got, f.Turn.Text)
	}
}
