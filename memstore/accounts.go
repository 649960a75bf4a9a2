package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dalil-project/dalil/auth"
)

var _ auth.Store = (*Accounts)(nil)

// maxAudit is how many audit events an in-process store keeps.
const maxAudit = 10000

// Accounts is an in-process auth.Store, for a single instance: accounts
// live as long as the process. The zero value is not usable; call NewAccounts.
type Accounts struct {
	mu       sync.Mutex
	accounts map[string]auth.Account
	byToken  map[string]string // token hash -> name
	sessions map[string]auth.Session
	expires  map[string]time.Time // session id hash -> expiry
	failures map[string]failure
	audit    []auth.Event // oldest first
}

type failure struct {
	n       int
	expires time.Time
}

// NewAccounts returns an empty account store.
func NewAccounts() *Accounts {
	return &Accounts{
		accounts: map[string]auth.Account{},
		byToken:  map[string]string{},
		sessions: map[string]auth.Session{},
		expires:  map[string]time.Time{},
		failures: map[string]failure{},
	}
}

func notFound(what string) error { return fmt.Errorf("memstore: %s: %w", what, auth.ErrNotFound) }

// CreateAccount implements auth.Store.
func (s *Accounts) CreateAccount(ctx context.Context, a auth.Account) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[a.Name]; ok {
		return fmt.Errorf("memstore: account %s: %w", a.Name, auth.ErrExists)
	}
	s.accounts[a.Name] = a
	s.byToken[a.TokenHash] = a.Name
	return nil
}

// Account implements auth.Store.
func (s *Accounts) Account(ctx context.Context, name string) (auth.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[name]
	if !ok {
		return auth.Account{}, notFound("account " + name)
	}
	return a, nil
}

// AccountByToken implements auth.Store.
func (s *Accounts) AccountByToken(ctx context.Context, tokenHash string) (auth.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name, ok := s.byToken[tokenHash]
	if !ok {
		return auth.Account{}, notFound("token")
	}
	return s.accounts[name], nil
}

// UpdateAccount implements auth.Store.
func (s *Accounts) UpdateAccount(ctx context.Context, a auth.Account) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.accounts[a.Name]
	if !ok {
		return notFound("account " + a.Name)
	}
	delete(s.byToken, old.TokenHash)
	s.accounts[a.Name] = a
	s.byToken[a.TokenHash] = a.Name
	return nil
}

// DeleteAccount implements auth.Store.
func (s *Accounts) DeleteAccount(ctx context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[name]
	if !ok {
		return notFound("account " + name)
	}
	delete(s.byToken, a.TokenHash)
	delete(s.accounts, name)
	return nil
}

// Accounts implements auth.Store.
func (s *Accounts) Accounts(ctx context.Context) ([]auth.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]auth.Account, 0, len(s.accounts))
	for _, a := range s.accounts {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b auth.Account) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// SaveSession implements auth.Store.
func (s *Accounts) SaveSession(ctx context.Context, ss auth.Session, ttl time.Duration) error {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	// Expired sessions are dropped here, so a long-running instance does
	// not keep every login it ever saw.
	for id, exp := range s.expires {
		if !now.Before(exp) {
			delete(s.sessions, id)
			delete(s.expires, id)
		}
	}
	s.sessions[ss.IDHash] = ss
	s.expires[ss.IDHash] = now.Add(ttl)
	return nil
}

// Session implements auth.Store.
func (s *Accounts) Session(ctx context.Context, idHash string) (auth.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.sessions[idHash]
	if !ok || !time.Now().Before(s.expires[idHash]) {
		return auth.Session{}, notFound("session")
	}
	return ss, nil
}

// DeleteSession implements auth.Store.
func (s *Accounts) DeleteSession(ctx context.Context, idHash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, idHash)
	delete(s.expires, idHash)
	return nil
}

// RecordFailure implements auth.Store.
func (s *Accounts) RecordFailure(ctx context.Context, name string, window time.Duration) (int, error) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.failures[name]
	if !now.Before(f.expires) {
		f = failure{expires: now.Add(window)}
	}
	f.n++
	s.failures[name] = f
	return f.n, nil
}

// Failures implements auth.Store.
func (s *Accounts) Failures(ctx context.Context, name string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.failures[name]
	if !time.Now().Before(f.expires) {
		delete(s.failures, name)
		return 0, nil
	}
	return f.n, nil
}

// ClearFailures implements auth.Store.
func (s *Accounts) ClearFailures(ctx context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failures, name)
	return nil
}

// AppendAudit implements auth.Store.
func (s *Accounts) AppendAudit(ctx context.Context, e auth.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audit = append(s.audit, e)
	if len(s.audit) > maxAudit {
		s.audit = slices.Delete(s.audit, 0, len(s.audit)-maxAudit)
	}
	return nil
}

// Audit implements auth.Store.
func (s *Accounts) Audit(ctx context.Context, n int) ([]auth.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]auth.Event, 0, min(n, len(s.audit)))
	for i := len(s.audit) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, s.audit[i])
	}
	return out, nil
}
