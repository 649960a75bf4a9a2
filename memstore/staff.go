package memstore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/dalil-project/dalil/bot"
	"github.com/dalil-project/dalil/staff"
)

var (
	_ staff.Store  = (*Staff)(nil)
	_ bot.Queue    = (*Staff)(nil)
	_ bot.Notifier = (*Staff)(nil)
)

// Staff is the in-process staff.Store (the index of conversations, the
// report counters, the resolutions of unanswered questions) and the queue
// and notices of the live handoff, for a single instance. It shares the
// conversation store, so that Erase removes the transcript and state too.
type Staff struct {
	chat *Store
	bus  bot.Broadcast

	mu     sync.Mutex
	recs   map[string]*staffRecord
	days   map[string]*dayCounts
	res    map[string]staff.Resolution // lang|key
	queue  map[string]time.Time
	sweepd time.Time
}

type staffRecord struct {
	c        staff.Conversation
	langs    map[string]bool
	services map[string]bool
	intents  map[string]bool
	terms    map[string]bool
	expires  time.Time
}

type dayCounts struct {
	counts  map[string]int64
	waits   []staff.Wait
	expires time.Time
}

// NewStaff returns the staff store beside chat.
func NewStaff(chat *Store) *Staff {
	return &Staff{chat: chat, recs: map[string]*staffRecord{}, days: map[string]*dayCounts{},
		res: map[string]staff.Resolution{}, queue: map[string]time.Time{}}
}

// live returns the record of id if it has not expired. s.mu must be held.
func (s *Staff) live(id string, now time.Time) *staffRecord {
	r := s.recs[id]
	if r == nil || !now.Before(r.expires) {
		return nil
	}
	return r
}

// sweep drops what expired, at most once a minute. s.mu must be held.
func (s *Staff) sweep(now time.Time) {
	if now.Sub(s.sweepd) < time.Minute {
		return
	}
	s.sweepd = now
	maps.DeleteFunc(s.recs, func(_ string, r *staffRecord) bool { return !now.Before(r.expires) })
	maps.DeleteFunc(s.days, func(_ string, d *dayCounts) bool { return !now.Before(d.expires) })
}

// Record implements staff.Index.
func (s *Staff) Record(ctx context.Context, u staff.Update, ttl time.Duration) error {
	if u.ID == "" || ttl <= 0 {
		return fmt.Errorf("memstore: staff record: empty id or ttl")
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	r := s.live(u.ID, now)
	if r == nil {
		r = &staffRecord{c: staff.Conversation{ID: u.ID, Started: u.At}, langs: map[string]bool{}, services: map[string]bool{},
			intents: map[string]bool{}, terms: map[string]bool{}}
		s.recs[u.ID] = r
	}
	c := &r.c
	if u.At.After(c.Last) || c.Last.IsZero() {
		c.Last = u.At
	}
	if u.Lang != "" {
		c.Lang = u.Lang
		r.langs[u.Lang] = true
	}
	c.Messages += u.Messages
	c.Unanswered += u.Unanswered
	c.Negative += u.Negative
	c.HandedOff = c.HandedOff || u.HandedOff
	switch u.Held {
	case "":
	case staff.HeldNobody:
		c.Held = ""
	default:
		c.Held = u.Held
	}
	switch {
	case u.LeftMessage > 0:
		c.LeftMessage = true
	case u.LeftMessage < 0:
		c.LeftMessage = false
	}
	if u.Rating > 0 {
		c.Rating = u.Rating
	}
	if c.Preview == "" {
		c.Preview = u.Preview
	}
	for _, x := range u.Services {
		r.services[x] = true
	}
	for _, x := range u.Intents {
		r.intents[x] = true
	}
	for _, x := range u.Terms {
		r.terms[x] = true
	}
	r.expires = now.Add(ttl)
	return nil
}

// view is the record as the API shows it: copies, sorted.
func (r *staffRecord) view() staff.Conversation {
	c := r.c
	c.Services = slices.Sorted(maps.Keys(r.services))
	c.Intents = slices.Sorted(maps.Keys(r.intents))
	c.Tags = append([]string{}, r.c.Tags...)
	c.Notes = append([]staff.Note{}, r.c.Notes...)
	return c
}

// Conversation implements staff.Index.
func (s *Staff) Conversation(ctx context.Context, id string) (staff.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.live(id, time.Now())
	if r == nil {
		return staff.Conversation{}, fmt.Errorf("memstore: conversation %s: %w", id, staff.ErrNotFound)
	}
	return r.view(), nil
}

func (r *staffRecord) matches(f staff.Filter) bool {
	c := &r.c
	switch {
	case !f.From.IsZero() && c.Last.Before(f.From), !f.To.IsZero() && !c.Last.Before(f.To),
		f.Lang != "" && !r.langs[f.Lang],
		f.Service != "" && !r.services[f.Service],
		f.Intent != "" && !r.intents[f.Intent],
		f.Tag != "" && !slices.Contains(c.Tags, f.Tag),
		f.Unanswered && c.Unanswered == 0, f.Negative && c.Negative == 0, f.HandedOff && !c.HandedOff,
		f.Flagged && !c.Flagged, f.LeftMessage && !c.LeftMessage, f.Held && c.Held == "":
		return false
	}
	for _, t := range f.Terms {
		if !r.terms[t] {
			return false
		}
	}
	return true
}

// Find implements staff.Index.
func (s *Staff) Find(ctx context.Context, f staff.Filter) ([]staff.Conversation, int, error) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var hits []*staffRecord
	for _, r := range s.recs {
		if now.Before(r.expires) && r.matches(f) {
			hits = append(hits, r)
		}
	}
	slices.SortFunc(hits, func(a, b *staffRecord) int { return cmp.Or(b.c.Last.Compare(a.c.Last), cmp.Compare(b.c.ID, a.c.ID)) })
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, staff.MaxLimit)
	var out []staff.Conversation
	for i := f.Offset; i < len(hits) && i < f.Offset+limit; i++ {
		out = append(out, hits[i].view())
	}
	return out, len(hits), nil
}

// Review implements staff.Index.
func (s *Staff) Review(ctx context.Context, id string, flagged bool, tags []string) (staff.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.live(id, time.Now())
	if r == nil {
		return staff.Conversation{}, fmt.Errorf("memstore: review %s: %w", id, staff.ErrNotFound)
	}
	r.c.Flagged, r.c.Tags = flagged, slices.Clone(tags)
	return r.view(), nil
}

// AddNote implements staff.Index.
func (s *Staff) AddNote(ctx context.Context, id string, n staff.Note) (staff.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.live(id, time.Now())
	if r == nil {
		return staff.Conversation{}, fmt.Errorf("memstore: note on %s: %w", id, staff.ErrNotFound)
	}
	r.c.Notes = append(r.c.Notes, n)
	return r.view(), nil
}

// Erase implements staff.Index: the record, the place in the queue, and
// the conversation's state, transcript and lock.
func (s *Staff) Erase(ctx context.Context, id string) error {
	s.mu.Lock()
	delete(s.recs, id)
	delete(s.queue, id)
	s.mu.Unlock()
	s.chat.erase(id)
	return nil
}

// Count implements staff.Counters.
func (s *Staff) Count(ctx context.Context, day string, add map[string]int64, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.day(day)
	for k, v := range add {
		d.counts[k] += v
	}
	d.expires = time.Now().Add(ttl)
	return nil
}

// day returns the live counters of a day, creating them. s.mu must be held.
func (s *Staff) day(day string) *dayCounts {
	d := s.days[day]
	if d == nil || !time.Now().Before(d.expires) {
		d = &dayCounts{counts: map[string]int64{}}
		s.days[day] = d
	}
	return d
}

// AddWait implements staff.Counters.
func (s *Staff) AddWait(ctx context.Context, day string, w staff.Wait, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.day(day)
	d.waits = append(d.waits, w)
	d.expires = time.Now().Add(ttl)
	return nil
}

// Day implements staff.Counters.
func (s *Staff) Day(ctx context.Context, day string) (map[string]int64, []staff.Wait, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.days[day]
	if d == nil || !time.Now().Before(d.expires) {
		return map[string]int64{}, nil, nil
	}
	return maps.Clone(d.counts), slices.Clone(d.waits), nil
}

// Resolve implements staff.Decisions.
func (s *Staff) Resolve(ctx context.Context, r staff.Resolution) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res[r.Lang+"|"+r.Key] = r
	return nil
}

// Resolutions implements staff.Decisions.
func (s *Staff) Resolutions(ctx context.Context) ([]staff.Resolution, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Collect(maps.Values(s.res)), nil
}

// Join implements bot.Queue.
func (s *Staff) Join(ctx context.Context, id string, at time.Time) (int, error) {
	s.mu.Lock()
	if _, ok := s.queue[id]; !ok {
		s.queue[id] = at
	}
	s.mu.Unlock()
	return s.Position(ctx, id)
}

// Leave implements bot.Queue.
func (s *Staff) Leave(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.queue, id)
	return nil
}

// Position implements bot.Queue.
func (s *Staff) Position(ctx context.Context, id string) (int, error) {
	ws, _ := s.Waiting(ctx)
	for i, w := range ws {
		if w.ConversationID == id {
			return i + 1, nil
		}
	}
	return 0, nil
}

// Waiting implements staff.Store.
func (s *Staff) Waiting(ctx context.Context) ([]staff.Waiting, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]staff.Waiting, 0, len(s.queue))
	for id, at := range s.queue {
		out = append(out, staff.Waiting{ConversationID: id, Since: at})
	}
	slices.SortFunc(out, func(a, b staff.Waiting) int {
		return cmp.Or(a.Since.Compare(b.Since), cmp.Compare(a.ConversationID, b.ConversationID))
	})
	return out, nil
}

// Notify implements bot.Notifier: every subscriber of this process.
func (s *Staff) Notify(ctx context.Context, n bot.Notice) error {
	s.bus.Publish(n)
	return nil
}

// Subscribe implements staff.Store.
func (s *Staff) Subscribe(ctx context.Context) <-chan bot.Notice { return s.bus.Subscribe(ctx) }
