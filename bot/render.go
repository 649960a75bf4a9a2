package bot

import (
	"strconv"
	"strings"

	"github.com/dalil-project/dalil/intents"
	"github.com/dalil-project/dalil/knowledge"
)

// render turns what was understood into a reply. Facts come only from the
// service record; fixed wording comes from the message catalog.
func (e *Engine) render(kb *knowledge.Base, res intents.Result) Reply {
	lang := normLang(res.Lang)
	r := Reply{Lang: lang, Intent: res.Intent, Confidence: res.Confidence}
	t := func(id string, data map[string]any) string { return e.msgs.Text(lang, id, data) }
	phone := ltr(lang, e.cfg.SupportPhone)
	switch res.Intent {
	case IntentGreeting:
		r.Text = t("greeting_reply", nil)
	case IntentThanks:
		r.Text = t("thanks_reply", nil)
	case IntentGoodbye:
		r.Text = t("goodbye_reply", nil)
	case IntentHandoff:
		r.Text = t("handoff_reply", map[string]any{"Phone": phone})
	case IntentServiceInfo:
		svc, ok := kb.Get(res.ServiceID)
		if !ok { // a classifier named a service the KB lacks: never invent
			r.Intent = IntentFallback
			r.Text = t("fallback_reply", nil)
			break
		}
		r.ServiceID = svc.ID
		r.Aspect = string(res.Aspect)
		r.Text = e.answer(lang, svc, res.Aspect)
		r.Source = &Source{ServiceID: svc.ID, Version: svc.Version, URL: svc.Channels.Online}
	case IntentClarify:
		r.Text = t("clarify_reply", nil)
		r.Suggestions = suggestions(kb, lang, res.Candidates)
		if len(r.Suggestions) < 2 { // nothing to choose between: answer the one
			if len(r.Suggestions) == 1 {
				res.Intent, res.ServiceID = IntentServiceInfo, r.Suggestions[0].ServiceID
				return e.render(kb, res)
			}
			r.Intent = IntentFallback
			r.Text = t("fallback_reply", nil)
		}
	case IntentOutOfScope:
		r.Text = t("out_of_scope_reply", map[string]any{"Phone": phone})
	default:
		r.Intent = IntentFallback
		r.Text = t("fallback_reply", map[string]any{"Phone": phone})
	}
	return r
}

// suggestions are the close candidates (within a clarify margin of the
// best), best first, at most three.
func suggestions(kb *knowledge.Base, lang string, cands []intents.Candidate) []Suggestion {
	var out []Suggestion
	for i, c := range cands {
		if i > 0 && (c.Score < cands[0].Score*0.8 || len(out) == 3) {
			break
		}
		if s, ok := kb.Get(c.ServiceID); ok {
			out = append(out, Suggestion{ServiceID: s.ID, Title: s.Title.In(knowledge.Lang(lang))})
		}
	}
	return out
}

// answer renders a service in lang: only the asked aspect when one is asked,
// else the essentials.
func (e *Engine) answer(lang string, s *knowledge.Service, a knowledge.Aspect) string {
	l := knowledge.Lang(lang)
	var b strings.Builder
	t := func(id string, data map[string]any) string { return e.msgs.Text(lang, id, data) }
	head := func(id string) {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(t(id, nil))
		b.WriteString(":")
	}
	list := func(items []knowledge.Text) {
		for _, it := range items {
			b.WriteString("\n- ")
			b.WriteString(it.In(l))
		}
	}
	note := func(a knowledge.Aspect) {
		if n, ok := s.Notes[a]; ok && n.In(l) != "" {
			b.WriteString("\n")
			b.WriteString(n.In(l))
		}
	}
	section := func(a knowledge.Aspect) bool {
		switch a {
		case knowledge.AspectEligibility:
			if len(s.Eligibility) == 0 {
				return false
			}
			head("heading_eligibility")
			list(s.Eligibility)
		case knowledge.AspectDocuments:
			if len(s.Documents) == 0 {
				return false
			}
			head("heading_documents")
			b.WriteString(" ")
			b.WriteString(e.msgs.Plural(lang, "documents_count", len(s.Documents), nil))
			list(s.Documents)
		case knowledge.AspectFees:
			if len(s.Fees) == 0 {
				return false
			}
			head("heading_fees")
			for _, f := range s.Fees {
				b.WriteString("\n- ")
				if f.Amount == 0 {
					b.WriteString(t("fee_free", nil))
					if c := f.Conditions.In(l); c != "" {
						b.WriteString(": " + c)
					}
					continue
				}
				b.WriteString(t("fee_line", map[string]any{
					"Amount":     strconv.FormatFloat(f.Amount, 'f', -1, 64),
					"Currency":   t("currency_"+f.Currency, nil),
					"Conditions": f.Conditions.In(l),
				}))
			}
		case knowledge.AspectSteps:
			if len(s.Steps) == 0 {
				return false
			}
			head("heading_steps")
			for i, st := range s.Steps {
				b.WriteString("\n" + strconv.Itoa(i+1) + ". " + st.In(l))
			}
		case knowledge.AspectTime:
			if s.ProcessingTime.In(l) == "" {
				return false
			}
			head("heading_time")
			b.WriteString(" " + s.ProcessingTime.In(l))
		case knowledge.AspectLocation:
			c := s.Channels
			if c.Online == "" && c.Phone == "" && len(c.Offices) == 0 {
				return false
			}
			head("heading_location")
			if c.Online != "" {
				b.WriteString("\n- " + t("heading_online", nil) + ": " + ltr(lang, c.Online))
			}
			if c.Phone != "" {
				b.WriteString("\n- " + t("heading_phone", nil) + ": " + ltr(lang, c.Phone))
			}
			for _, o := range c.Offices {
				b.WriteString("\n- " + t("office_line", map[string]any{"Name": o.Name.In(l), "City": o.City.In(l), "Hours": o.Hours.In(l)}))
			}
		}
		note(a)
		return true
	}

	b.WriteString(s.Title.In(l))
	if a != knowledge.AspectNone {
		if !section(a) {
			b.WriteString("\n\n")
			b.WriteString(t("service_unknown_aspect", map[string]any{"Title": s.Title.In(l), "Phone": ltr(lang, e.cfg.SupportPhone)}))
		}
		return b.String()
	}
	if sum := s.Summary.In(l); sum != "" {
		b.WriteString("\n" + sum)
	}
	for _, a := range []knowledge.Aspect{knowledge.AspectDocuments, knowledge.AspectFees, knowledge.AspectTime} {
		section(a)
	}
	if s.Channels.Online != "" {
		b.WriteString("\n\n" + t("heading_online", nil) + ": " + ltr(lang, s.Channels.Online))
	}
	b.WriteString("\n\n" + t("heading_more", nil))
	return b.String()
}

// ltr isolates a left-to-right run (a phone number, a link) inside Arabic
// text, so "+970 2 298 1000" is not shown reordered by the bidi algorithm.
func ltr(lang, s string) string {
	if lang != "ar" {
		return s
	}
	return "\u2066" + s + "\u2069"
}
