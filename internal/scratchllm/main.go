package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/dalil-project/dalil/evaluate"
	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
)

func main() {
	kb, _ := knowledge.Load(knowledge.Sample())
	m := intents.NewMatcher(kb)
	qs, _ := evaluate.ReadJSONL[evaluate.Turn]("../../../shared/eval/dev.jsonl")
	type row struct {
		conf, top, second float64
		intent           string
		ok               bool
		text             string
	}
	var rows []row
	for _, q := range qs {
		r, _ := m.Understand(context.Background(), intents.Query{Text: q.Text})
		top, second := 0.0, 0.0
		if len(r.Candidates) > 0 {
			top = r.Candidates[0].Score
		}
		if len(r.Candidates) > 1 {
			second = r.Candidates[1].Score
		}
		ok := r.Intent == q.ExpectIntent && (q.ExpectSvc == nil || r.ServiceID == *q.ExpectSvc)
		rows = append(rows, row{r.Confidence, top, second, r.Intent, ok, q.Text})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].conf < rows[j].conf })
	for _, r := range rows {
		fmt.Printf("%-5v %-13s conf=%.3f top=%.3f sec=%.3f m=%.3f %s\n", r.ok, r.intent, r.conf, r.top, r.second, r.top-r.second, r.text)
	}
}
