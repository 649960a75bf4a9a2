package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"
)

// Config tunes a Service. The zero value works.
type Config struct {
	SessionTTL    time.Duration // a console login lasts this long; default 12h
	MaxFailures   int           // failed logins of one name before it is locked; default 5
	FailureWindow time.Duration // the lock lasts this long after the first failure; default 15m
	Logger        *slog.Logger  // default slog.Default()
	Now           func() time.Time
}

func (c Config) withDefaults() Config {
	if c.SessionTTL <= 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 5
	}
	if c.FailureWindow <= 0 {
		c.FailureWindow = 15 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Service manages accounts and sessions over a Store. It is safe for
// concurrent use.
type Service struct {
	store Store
	cfg   Config
	log   *slog.Logger
}

// New returns a Service over store.
func New(store Store, cfg Config) *Service {
	cfg = cfg.withDefaults()
	return &Service{store: store, cfg: cfg, log: cfg.Logger}
}

// Errors of the Service.
var (
	ErrBadName     = errors.New("account names are 2 to 64 characters: a-z, 0-9, '.', '_', '-'")
	ErrBadRole     = errors.New("unknown role (want editor, reviewer, staff or admin)")
	ErrBadPassword = fmt.Errorf("a password has %d to %d characters", MinPasswordLen, MaxPasswordLen)
	ErrBadLogin    = errors.New("wrong name or secret")
	ErrLocked      = errors.New("too many failed logins; try again later")
	ErrLastAdmin   = errors.New("the last admin cannot lose the admin role")
)

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// audit records an event. A failure to record is logged, not returned: the
// action it describes has already happened.
func (s *Service) audit(ctx context.Context, kind, name, actor, detail string) {
	e := Event{At: s.now(), Kind: kind, Name: name, Actor: actor, Detail: detail}
	if err := s.store.AppendAudit(ctx, e); err != nil {
		s.log.Error("audit not recorded", "kind", kind, "account", name, "err", err)
	}
}

// AddAccount creates an account and returns its token, which is shown once
// and stored only as a hash. actor is who asks ("cli" from the command line).
func (s *Service) AddAccount(ctx context.Context, actor, name string, role Role) (Account, string, error) {
	if !ValidName(name) {
		return Account{}, "", ErrBadName
	}
	if !role.Valid() {
		return Account{}, "", ErrBadRole
	}
	tok := NewToken()
	now := s.now()
	a := Account{Name: name, Role: role, TokenHash: HashToken(tok), Created: now, Updated: now}
	if err := s.store.CreateAccount(ctx, a); err != nil {
		return Account{}, "", fmt.Errorf("auth: add %s: %w", name, err)
	}
	s.audit(ctx, EventAccountCreated, name, actor, string(role))
	return a, tok, nil
}

// SetRole changes an account's role. The last admin keeps the role, so
// accounts can always be managed.
func (s *Service) SetRole(ctx context.Context, actor, name string, role Role) (Account, error) {
	if !role.Valid() {
		return Account{}, ErrBadRole
	}
	a, err := s.store.Account(ctx, name)
	if err != nil {
		return Account{}, fmt.Errorf("auth: set role of %s: %w", name, err)
	}
	if a.Role == role {
		return a, nil
	}
	if a.Role == RoleAdmin {
		if err := s.keepAnAdmin(ctx, name); err != nil {
			return Account{}, err
		}
	}
	old := a.Role
	a.Role, a.Updated = role, s.now()
	if err := s.store.UpdateAccount(ctx, a); err != nil {
		return Account{}, fmt.Errorf("auth: set role of %s: %w", name, err)
	}
	s.audit(ctx, EventRoleChanged, name, actor, string(old)+" -> "+string(role))
	return a, nil
}

func (s *Service) keepAnAdmin(ctx context.Context, leaving string) error {
	all, err := s.store.Accounts(ctx)
	if err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	for _, o := range all {
		if o.Role == RoleAdmin && o.Name != leaving {
			return nil
		}
	}
	return ErrLastAdmin
}

// ResetToken gives an account a new token; the old one stops working.
func (s *Service) ResetToken(ctx context.Context, actor, name string) (string, error) {
	a, err := s.store.Account(ctx, name)
	if err != nil {
		return "", fmt.Errorf("auth: reset token of %s: %w", name, err)
	}
	tok := NewToken()
	a.TokenHash, a.Updated = HashToken(tok), s.now()
	if err := s.store.UpdateAccount(ctx, a); err != nil {
		return "", fmt.Errorf("auth: reset token of %s: %w", name, err)
	}
	s.audit(ctx, EventTokenReset, name, actor, "")
	return tok, nil
}

// DeleteAccount removes an account; its token and sessions stop working at
// once (a session is checked against its account on every request).
func (s *Service) DeleteAccount(ctx context.Context, actor, name string) error {
	a, err := s.store.Account(ctx, name)
	if err != nil {
		return fmt.Errorf("auth: delete %s: %w", name, err)
	}
	if a.Role == RoleAdmin {
		if err := s.keepAnAdmin(ctx, name); err != nil {
			return err
		}
	}
	if err := s.store.DeleteAccount(ctx, name); err != nil {
		return fmt.Errorf("auth: delete %s: %w", name, err)
	}
	s.audit(ctx, EventAccountDeleted, name, actor, "")
	return nil
}

// SetPassword sets the password an account may log in with (besides its token).
func (s *Service) SetPassword(ctx context.Context, name, password string) error {
	if n := utf8.RuneCountInString(password); n < MinPasswordLen || n > MaxPasswordLen {
		return ErrBadPassword
	}
	a, err := s.store.Account(ctx, name)
	if err != nil {
		return fmt.Errorf("auth: set password of %s: %w", name, err)
	}
	a.PasswordHash, a.Updated = hashPassword(password), s.now()
	if err := s.store.UpdateAccount(ctx, a); err != nil {
		return fmt.Errorf("auth: set password of %s: %w", name, err)
	}
	s.audit(ctx, EventPasswordSet, name, name, "")
	return nil
}

// Accounts lists every account.
func (s *Service) Accounts(ctx context.Context) ([]Account, error) {
	as, err := s.store.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: accounts: %w", err)
	}
	return as, nil
}

// Audit returns up to n recent events, newest first.
func (s *Service) Audit(ctx context.Context, n int) ([]Event, error) {
	es, err := s.store.Audit(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("auth: audit: %w", err)
	}
	return es, nil
}

// Login checks a name and a secret (the account's password or its token)
// and opens a session. It returns the session id for the cookie; only its
// hash is stored. Every failure is audited; after MaxFailures within
// FailureWindow the name is locked (ErrLocked) until the window ends.
func (s *Service) Login(ctx context.Context, name, secret string) (Session, string, error) {
	if !ValidName(name) || secret == "" || len(secret) > 4*MaxPasswordLen {
		checkPassword(dummyHash(), secret)
		return Session{}, "", ErrBadLogin
	}
	n, err := s.store.Failures(ctx, name)
	if err != nil {
		return Session{}, "", fmt.Errorf("auth: login: %w", err)
	}
	if n >= s.cfg.MaxFailures {
		s.audit(ctx, EventLoginLocked, name, name, "")
		return Session{}, "", ErrLocked
	}
	a, err := s.store.Account(ctx, name)
	ok := false
	switch {
	case errors.Is(err, ErrNotFound):
		checkPassword(dummyHash(), secret) // same time as a wrong password
	case err != nil:
		return Session{}, "", fmt.Errorf("auth: login: %w", err)
	default:
		ok = subtle.ConstantTimeCompare([]byte(HashToken(secret)), []byte(a.TokenHash)) == 1
		if a.PasswordHash != "" {
			pwOK, err := checkPassword(a.PasswordHash, secret)
			if err != nil {
				s.log.Error("stored password hash unreadable", "account", name)
			}
			ok = ok || pwOK
		} else {
			checkPassword(dummyHash(), secret)
		}
	}
	if !ok {
		if _, err := s.store.RecordFailure(ctx, name, s.cfg.FailureWindow); err != nil {
			s.log.Error("login failure not counted", "account", name, "err", err)
		}
		s.audit(ctx, EventLoginFailed, name, name, "")
		return Session{}, "", ErrBadLogin
	}
	if err := s.store.ClearFailures(ctx, name); err != nil {
		s.log.Warn("login failures not cleared", "account", name, "err", err)
	}
	id := newSecret()
	now := s.now()
	sess := Session{IDHash: HashToken(id), Name: name, CSRF: newSecret(), Created: now, Expires: now.Add(s.cfg.SessionTTL)}
	if err := s.store.SaveSession(ctx, sess, s.cfg.SessionTTL); err != nil {
		return Session{}, "", fmt.Errorf("auth: login: %w", err)
	}
	s.audit(ctx, EventLogin, name, name, "")
	return sess, id, nil
}

// Logout ends the session with the given cookie id.
func (s *Service) Logout(ctx context.Context, sessionID string) error {
	if err := s.store.DeleteSession(ctx, HashToken(sessionID)); err != nil {
		return fmt.Errorf("auth: logout: %w", err)
	}
	return nil
}

// Principal is the authenticated caller of a request.
type Principal struct {
	Name    string
	Role    Role
	Session *Session // nil when authenticated by a bearer token
}

// byToken authenticates an API token.
func (s *Service) byToken(ctx context.Context, token string) (Principal, error) {
	a, err := s.store.AccountByToken(ctx, HashToken(token))
	if err != nil {
		return Principal{}, err
	}
	return Principal{Name: a.Name, Role: a.Role}, nil
}

// bySession authenticates a session cookie; the account is read afresh so a
// role change or a deletion applies to open sessions at once.
func (s *Service) bySession(ctx context.Context, id string) (Principal, error) {
	sess, err := s.store.Session(ctx, HashToken(id))
	if err != nil {
		return Principal{}, err
	}
	if !s.now().Before(sess.Expires) {
		return Principal{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	a, err := s.store.Account(ctx, sess.Name)
	if err != nil {
		return Principal{}, err
	}
	return Principal{Name: a.Name, Role: a.Role, Session: &sess}, nil
}
