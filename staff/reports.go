package staff

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Row is one line of a report: the counts of one group (a day, a
// language, a service, or a combination) over the period asked for.
type Row struct {
	Day     string `json:"day,omitempty"`
	Lang    string `json:"lang,omitempty"`
	Service string `json:"service,omitempty"`

	Conversations int64 `json:"conversations"`
	Messages      int64 `json:"messages"`
	Answered      int64 `json:"answered"` // from a service, confidently, without a person
	LowConfidence int64 `json:"low_confidence"`
	Clarify       int64 `json:"clarify"`
	OutOfScope    int64 `json:"out_of_scope"`
	Fallback      int64 `json:"fallback"`
	Handoffs      int64 `json:"handoffs"`
	Taken         int64 `json:"taken"`
	MessagesLeft  int64 `json:"messages_left"`
	Helpful       int64 `json:"helpful"`
	Unhelpful     int64 `json:"unhelpful"`
	Ratings       int64 `json:"ratings"`

	AnsweredRate *float64 `json:"answered_rate"`       // answered / messages
	HelpfulRate  *float64 `json:"helpful_rate"`        // helpful / (helpful + unhelpful)
	CSAT         *float64 `json:"csat"`                // mean rating, 1 to 5
	MedianWait   *float64 `json:"median_wait_seconds"` // in the queue, of the conversations taken
	csatSum      int64
	waits        []float64
}

// Report is the answer of GET /api/staff/reports.
type Report struct {
	From  string   `json:"from"`
	To    string   `json:"to"` // inclusive
	By    []string `json:"by"`
	Rows  []Row    `json:"rows"`
	Total Row      `json:"total"`
}

// Dimensions a report can be broken down by.
var dimensions = []string{"day", "lang", "service"}

// MaxReportDays bounds the period of one report.
const MaxReportDays = 400

// BuildReport reads the counters of the days from..to (inclusive, "2006-01-02")
// and sums them by the dimensions in by.
func BuildReport(ctx context.Context, c Counters, from, to time.Time, by []string) (Report, error) {
	rep := Report{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), By: by, Rows: []Row{}}
	groups := map[string]*Row{}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		counts, waits, err := c.Day(ctx, day)
		if err != nil {
			return Report{}, fmt.Errorf("staff: report %s: %w", day, err)
		}
		row := func(lang, service string) *Row {
			var k Row
			if slices.Contains(by, "day") {
				k.Day = day
			}
			if slices.Contains(by, "lang") {
				k.Lang = lang
			}
			if slices.Contains(by, "service") {
				k.Service = cmp.Or(service, "-")
			}
			key := k.Day + "|" + k.Lang + "|" + k.Service
			r := groups[key]
			if r == nil {
				r = &k
				groups[key] = r
			}
			return r
		}
		for field, n := range counts {
			parts := strings.SplitN(field, "|", 3)
			if len(parts) != 3 {
				continue
			}
			r := row(parts[1], parts[2])
			r.add(parts[0], n)
			rep.Total.add(parts[0], n)
		}
		for _, w := range waits {
			r := row(w.Lang, w.Service)
			r.waits = append(r.waits, w.Seconds)
			rep.Total.waits = append(rep.Total.waits, w.Seconds)
		}
		if len(by) == 1 && by[0] == "day" {
			row("", "") // every day has a row, zero or not, so charts have no gaps
		}
	}
	for _, r := range groups {
		r.finish()
		rep.Rows = append(rep.Rows, *r)
	}
	rep.Total.finish()
	slices.SortFunc(rep.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(b.Conversations+b.Messages, a.Conversations+a.Messages),
			cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Service, b.Service))
	})
	return rep, nil
}

func (r *Row) add(metric string, n int64) {
	switch metric {
	case cConversations:
		r.Conversations += n
	case cMessages:
		r.Messages += n
	case cAnswered:
		r.Answered += n
	case cLowConfidence:
		r.LowConfidence += n
	case cClarify:
		r.Clarify += n
	case cOutOfScope:
		r.OutOfScope += n
	case cFallback:
		r.Fallback += n
	case cHandoffs:
		r.Handoffs += n
	case cTaken:
		r.Taken += n
	case cMessagesLeft:
		r.MessagesLeft += n
	case cHelpful:
		r.Helpful += n
	case cUnhelpful:
		r.Unhelpful += n
	case cRatings:
		r.Ratings += n
	case cCSATSum:
		r.csatSum += n
	}
}

func ratio(a, b int64) *float64 {
	if b <= 0 {
		return nil
	}
	v := math.Round(float64(a)/float64(b)*1000) / 1000
	return &v
}

func (r *Row) finish() {
	r.AnsweredRate = ratio(r.Answered, r.Messages)
	r.HelpfulRate = ratio(r.Helpful, r.Helpful+r.Unhelpful)
	if r.Ratings > 0 {
		v := math.Round(float64(r.csatSum)/float64(r.Ratings)*100) / 100
		r.CSAT = &v
	}
	if n := len(r.waits); n > 0 {
		slices.Sort(r.waits)
		m := r.waits[n/2]
		if n%2 == 0 {
			m = (r.waits[n/2-1] + r.waits[n/2]) / 2
		}
		m = math.Round(m*10) / 10
		r.MedianWait = &m
	}
}

var csvHeader = []string{"day", "lang", "service", "conversations", "messages", "answered", "low_confidence", "clarify",
	"out_of_scope", "fallback", "handoffs", "taken", "messages_left", "helpful", "unhelpful", "ratings",
	"answered_rate", "helpful_rate", "csat", "median_wait_seconds"}

// WriteCSV writes the report's rows (and a total line) as CSV.
func (rep Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	line := func(r Row) {
		i := func(n int64) string { return strconv.FormatInt(n, 10) }
		cw.Write([]string{r.Day, r.Lang, r.Service, i(r.Conversations), i(r.Messages), i(r.Answered), i(r.LowConfidence),
			i(r.Clarify), i(r.OutOfScope), i(r.Fallback), i(r.Handoffs), i(r.Taken), i(r.MessagesLeft), i(r.Helpful),
			i(r.Unhelpful), i(r.Ratings), opt(r.AnsweredRate), opt(r.HelpfulRate), opt(r.CSAT), opt(r.MedianWait)})
	}
	for _, r := range rep.Rows {
		line(r)
	}
	t := rep.Total
	t.Day = "total"
	line(t)
	cw.Flush()
	return cw.Error()
}
