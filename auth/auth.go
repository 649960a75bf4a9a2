package auth

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"time"
)

// Role is what an account may do. Each API route names the roles it admits.
type Role string

const (
	RoleEditor   Role = "editor"   // drafts and submits knowledge-base changes
	RoleReviewer Role = "reviewer" // approves, publishes, rejects and reverts them
	RoleStaff    Role = "staff"    // reads transcripts and takes over chats
	RoleAdmin    Role = "admin"    // manages accounts and reads the audit
)

// Roles lists every role.
var Roles = []Role{RoleEditor, RoleReviewer, RoleStaff, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Errors a Store returns (wrapped).
var (
	ErrNotFound    = errors.New("not found")
	ErrExists      = errors.New("already exists")
	ErrUnavailable = errors.New("account store unavailable")
)

// Account is one person's access. The token and the password are kept only
// as hashes: TokenHash is the hex SHA-256 of the token (see HashToken) and
// PasswordHash an argon2id string (see hashPassword).
type Account struct {
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	TokenHash    string    `json:"token_hash"`
	PasswordHash string    `json:"password_hash,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// Session is a console login. The cookie holds a random id; the store keys
// the session by the id's hash, so a copy of the store gives no usable
// cookie.
type Session struct {
	IDHash  string    `json:"id_hash"`
	Name    string    `json:"name"`
	CSRF    string    `json:"csrf"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// Audit event kinds.
const (
	EventLogin          = "login"
	EventLoginFailed    = "login_failed"
	EventLoginLocked    = "login_locked"
	EventLogout         = "logout"
	EventAccountCreated = "account_created"
	EventRoleChanged    = "role_changed"
	EventTokenReset     = "token_reset"
	EventPasswordSet    = "password_set"
	EventAccountDeleted = "account_deleted"
)

// Event is one audited action on accounts. Name is the account concerned,
// Actor who acted (the same for a login; "cli" for the dalil users command).
type Event struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Name   string    `json:"name"`
	Actor  string    `json:"actor,omitempty"`
	Detail string    `json:"detail,omitempty"` // e.g. "editor -> reviewer"
}

// Store keeps accounts, sessions, login failures and the audit. Failures to
// reach the backend wrap ErrUnavailable.
type Store interface {
	// CreateAccount adds a, or returns ErrExists if the name is taken.
	CreateAccount(ctx context.Context, a Account) error
	// Account returns the account called name, or ErrNotFound.
	Account(ctx context.Context, name string) (Account, error)
	// AccountByToken returns the account whose TokenHash is tokenHash, or ErrNotFound.
	AccountByToken(ctx context.Context, tokenHash string) (Account, error)
	// UpdateAccount replaces an existing account (ErrNotFound otherwise);
	// the old token hash stops working.
	UpdateAccount(ctx context.Context, a Account) error
	// DeleteAccount removes an account and its token (ErrNotFound if none).
	DeleteAccount(ctx context.Context, name string) error
	// Accounts returns every account, sorted by name.
	Accounts(ctx context.Context) ([]Account, error)

	// SaveSession stores s until ttl passes.
	SaveSession(ctx context.Context, s Session, ttl time.Duration) error
	// Session returns the live session with the id hash, or ErrNotFound.
	Session(ctx context.Context, idHash string) (Session, error)
	// DeleteSession ends a session; ending an unknown one is not an error.
	DeleteSession(ctx context.Context, idHash string) error

	// RecordFailure counts a failed login for name and returns the count
	// within the window that started with the first failure.
	RecordFailure(ctx context.Context, name string, window time.Duration) (int, error)
	// Failures returns the current count of failed logins for name.
	Failures(ctx context.Context, name string) (int, error)
	// ClearFailures resets the count after a successful login.
	ClearFailures(ctx context.Context, name string) error

	// AppendAudit records an event; the audit keeps at least the latest 10,000.
	AppendAudit(ctx context.Context, e Event) error
	// Audit returns up to n events, newest first.
	Audit(ctx context.Context, n int) ([]Event, error)
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// ValidName reports whether name can name an account: 2 to 64 lowercase
// letters, digits, '.', '_' or '-', starting with a letter or digit.
func ValidName(name string) bool { return namePattern.MatchString(name) }
