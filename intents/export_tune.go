package intents

// Debug is for tuning tools: the raw signals behind a decision.
type Debug struct {
	Top, Second      float64
	TopID, SecondID  string
	Content, Unknown int
	Residual         int
}

// Explain returns the raw signals for a text (no context).
func (m *Matcher) Explain(text string) Debug {
	an := m.analyze(text)
	c := m.rank(an, "")
	d := Debug{Content: an.content, Unknown: an.unknown}
	if len(c) > 0 {
		d.Top, d.TopID = c[0].Score, c[0].ServiceID
	}
	if len(c) > 1 {
		d.Second, d.SecondID = c[1].Score, c[1].ServiceID
	}
	return d
}
