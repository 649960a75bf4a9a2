package llm

import (
	"container/list"
	"context"
	"log/slog"
	"sync"
	"time"
)

// Counter keeps the token counts the budgets are checked against: per UTC
// day (all conversations) and per conversation. The Redis store implements
// it, so every instance spends from one budget (a deployment of N
// instances would otherwise spend N times the daily budget); NewMemCounter
// counts in this process only, the default.
type Counter interface {
	// Tokens returns what was spent on day (YYYY-MM-DD, UTC) and, when
	// conv is not "", by that conversation.
	Tokens(ctx context.Context, day, conv string) (daily, perConv int64, err error)
	// AddTokens records n tokens spent on day by conv ("" for none).
	AddTokens(ctx context.Context, day, conv string, n int64) error
}

// budgets compare the counts with the limits. A limit of 0 is no limit, and
// with no limit the counter is not even asked.
type budgets struct {
	daily, perConv int64
	now            func() time.Time
	counter        Counter
	log            *slog.Logger
}

// spendTimeout bounds recording a call's tokens, which happens after the
// call and so may not use the turn's (possibly spent) deadline.
const spendTimeout = time.Second

func (b *budgets) day() string { return b.now().UTC().Format(time.DateOnly) }

// check returns a fallback reason when a budget is spent, or when the
// shared count cannot be read (the local matcher answers meanwhile: an
// unreadable budget is not a licence to spend).
func (b *budgets) check(ctx context.Context, conv string) string {
	if b.daily <= 0 && (b.perConv <= 0 || conv == "") {
		return ""
	}
	day, perConv, err := b.counter.Tokens(ctx, b.day(), conv)
	if err != nil {
		b.log.Warn("llm: token budget unreadable", "conversation", conv, "err", err)
		return reasonBudgetStore
	}
	if b.daily > 0 && day >= b.daily {
		return reasonDaily
	}
	if b.perConv > 0 && conv != "" && perConv >= b.perConv {
		return reasonConversation
	}
	return ""
}

func (b *budgets) spend(ctx context.Context, conv string, n int64) {
	if n <= 0 || (b.daily <= 0 && b.perConv <= 0) {
		return
	}
	if b.perConv <= 0 {
		conv = ""
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), spendTimeout)
	defer cancel()
	if err := b.counter.AddTokens(ctx, b.day(), conv, n); err != nil {
		b.log.Warn("llm: tokens not counted", "conversation", conv, "tokens", n, "err", err)
	}
}

// MemCounter is the in-process Counter: today's total and the most
// recently active conversations' totals (at most maxConvs of them; a
// conversation idle that long is over).
type MemCounter struct {
	mu    sync.Mutex
	day   string
	today int64
	convs map[string]*list.Element // conversation -> *convUse in order
	order *list.List               // most recently used at the front
}

type convUse struct {
	id   string
	used int64
}

const maxConvs = 100000

// NewMemCounter returns an empty in-process Counter.
func NewMemCounter() *MemCounter {
	return &MemCounter{convs: map[string]*list.Element{}, order: list.New()}
}

func (m *MemCounter) roll(day string) {
	if day != m.day {
		m.day, m.today = day, 0
	}
}

// Tokens implements Counter.
func (m *MemCounter) Tokens(_ context.Context, day, conv string) (int64, int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.roll(day)
	var used int64
	if e, ok := m.convs[conv]; ok && conv != "" {
		used = e.Value.(*convUse).used
	}
	return m.today, used, nil
}

// AddTokens implements Counter.
func (m *MemCounter) AddTokens(_ context.Context, day, conv string, n int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.roll(day)
	m.today += n
	if conv == "" {
		return nil
	}
	e, ok := m.convs[conv]
	if !ok {
		e = m.order.PushFront(&convUse{id: conv})
		m.convs[conv] = e
		if m.order.Len() > maxConvs {
			old := m.order.Back()
			m.order.Remove(old)
			delete(m.convs, old.Value.(*convUse).id)
		}
	}
	e.Value.(*convUse).used += n
	m.order.MoveToFront(e)
	return nil
}
