package intents

// Debug is for tuning tools: the raw signals behind a decision.
type Debug struct {
	Cands            []Candidate
	Content, Unknown int
	Script           Script
	Coverage         float64
}

// Explain returns the raw signals for a text (no context).
func (m *Matcher) Explain(text string) Debug {
	an := m.analyze(text)
	d := Debug{Cands: m.rank(an, ""), Content: an.content, Unknown: an.unknown, Script: an.script}
	if len(d.Cands) > 0 {
		d.Coverage = m.coverage(an, d.Cands[0].ServiceID)
	}
	return d
}
