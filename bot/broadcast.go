package bot

import (
	"context"
	"sync"
)

// Broadcast fans notices out to the subscribers of one process. The
// stores build Subscribe on it: memstore publishes into it directly,
// redisstore from its single Redis subscription. The zero value is ready.
//
// A subscriber that does not keep up misses notices rather than holding
// up the others: a notice is only a doorbell, and the transcript it points
// to is the record (subscribers also re-read it now and then).
type Broadcast struct {
	mu   sync.Mutex
	subs map[chan Notice]struct{}
}

// Subscribe returns a channel of the notices published from now on. It is
// closed when ctx is done.
func (b *Broadcast) Subscribe(ctx context.Context) <-chan Notice {
	ch := make(chan Notice, 64)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = make(map[chan Notice]struct{})
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	context.AfterFunc(ctx, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		close(ch)
		b.mu.Unlock()
	})
	return ch
}

// Publish sends n to every subscriber that has room for it.
func (b *Broadcast) Publish(n Notice) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- n:
		default:
		}
	}
}

// Subscribers returns the number of live subscriptions (for tests).
func (b *Broadcast) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}
