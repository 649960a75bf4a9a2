package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Hours are the times staff answer chats, in one time zone, for example
// "Sun-Thu 08:00-15:00; Sat 09:00-12:00". The zero value means always
// open.
type Hours struct {
	spans []span
	loc   *time.Location
}

// span is a daily opening on a set of weekdays; minutes since midnight.
type span struct {
	days     [7]bool // indexed by time.Weekday
	from, to int
	first    time.Weekday // for Describe: the range as written
	last     time.Weekday
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseHours reads opening hours: spans separated by ';' or ',', each
// "DAYS HH:MM-HH:MM" where DAYS is a weekday (Sun … Sat) or a range of
// them ("Sun-Thu"; "Fri-Sun" wraps round the week). An empty spec means
// always open. loc is the time zone the times are in (nil: UTC).
func ParseHours(spec string, loc *time.Location) (Hours, error) {
	if loc == nil {
		loc = time.UTC
	}
	h := Hours{loc: loc}
	for part := range strings.FieldsFuncSeq(spec, func(r rune) bool { return r == ';' || r == ',' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		f := strings.Fields(part)
		if len(f) != 2 {
			return Hours{}, fmt.Errorf("hours %q: want DAYS HH:MM-HH:MM, e.g. Sun-Thu 08:00-15:00", part)
		}
		var sp span
		d1, d2, isRange := strings.Cut(strings.ToLower(f[0]), "-")
		a, ok := weekdays[d1]
		if !ok {
			return Hours{}, fmt.Errorf("hours %q: unknown day %q (Sun, Mon, Tue, Wed, Thu, Fri, Sat)", part, d1)
		}
		b := a
		if isRange {
			if b, ok = weekdays[d2]; !ok {
				return Hours{}, fmt.Errorf("hours %q: unknown day %q (Sun, Mon, Tue, Wed, Thu, Fri, Sat)", part, d2)
			}
		}
		sp.first, sp.last = a, b
		for d := a; ; d = (d + 1) % 7 {
			sp.days[d] = true
			if d == b {
				break
			}
		}
		t1, t2, ok := strings.Cut(f[1], "-")
		if !ok {
			return Hours{}, fmt.Errorf("hours %q: want a time range like 08:00-15:00", part)
		}
		var err error
		if sp.from, err = clock(t1); err != nil {
			return Hours{}, fmt.Errorf("hours %q: %w", part, err)
		}
		if sp.to, err = clock(t2); err != nil {
			return Hours{}, fmt.Errorf("hours %q: %w", part, err)
		}
		if sp.to <= sp.from {
			return Hours{}, fmt.Errorf("hours %q: the end must be after the start (no spans over midnight)", part)
		}
		h.spans = append(h.spans, sp)
	}
	return h, nil
}

// clock parses HH:MM (24:00 allowed as the end of a day) into minutes.
func clock(s string) (int, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(mm) != 2 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("bad time %q: want HH:MM", s)
	}
	return h*60 + m, nil
}

// Always reports whether the hours are "always open" (no spans).
func (h Hours) Always() bool { return len(h.spans) == 0 }

// Open reports whether staff answer at t.
func (h Hours) Open(t time.Time) bool {
	if h.Always() {
		return true
	}
	t = t.In(h.loc)
	m := t.Hour()*60 + t.Minute()
	for _, sp := range h.spans {
		if sp.days[t.Weekday()] && m >= sp.from && m < sp.to {
			return true
		}
	}
	return false
}

// Next returns the next opening at or after t (t itself when open), in
// the hours' time zone.
func (h Hours) Next(t time.Time) time.Time {
	t = t.In(h.loc)
	if h.Open(t) {
		return t
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, h.loc)
	var best time.Time
	for i := 0; i <= 7; i++ {
		d := day.AddDate(0, 0, i)
		for _, sp := range h.spans {
			if !sp.days[d.Weekday()] {
				continue
			}
			o := time.Date(d.Year(), d.Month(), d.Day(), sp.from/60, sp.from%60, 0, 0, h.loc)
			if o.After(t) && (best.IsZero() || o.Before(best)) {
				best = o
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	return best
}

// describe renders the hours for a citizen in lang: weekday names come
// from the catalog (weekday_sun …).
func (h Hours) describe(msgs Messages, lang string) string {
	day := func(d time.Weekday) string { return msgs.Text(lang, "weekday_"+dayKey(d), nil) }
	sep := "; "
	if lang == "ar" {
		sep = "، "
	}
	var parts []string
	for _, sp := range h.spans {
		days := day(sp.first)
		if sp.last != sp.first {
			days = msgs.Text(lang, "day_range", map[string]any{"From": days, "To": day(sp.last)})
		}
		parts = append(parts, msgs.Text(lang, "opening_span", map[string]any{"Days": days,
			"From": hhmm(sp.from), "To": hhmm(sp.to)}))
	}
	return strings.Join(parts, sep)
}

func dayKey(d time.Weekday) string { return strings.ToLower(d.String()[:3]) }

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
