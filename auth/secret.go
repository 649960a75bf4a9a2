package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// TokenPrefix starts every API token, so secret scanners and people can tell
// one when it leaks into a log or a repository.
const TokenPrefix = "dalil_"

// newSecret returns 32 random bytes, hex-encoded.
func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// NewToken returns a new API token.
func NewToken() string { return TokenPrefix + newSecret() }

// HashToken hashes a token, or a session id, for storage and lookup.
//
// Plain SHA-256, not a password hash: tokens and session ids are 256 random
// bits, so there is nothing to guess and a slow hash would add no safety,
// while the lookup by hash needs a deterministic one (argon2 takes a salt).
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Password hashing parameters: argon2id with OWASP's baseline (19 MiB,
// two passes, one lane). Passwords are chosen by people, so they get a slow,
// salted, memory-hard hash.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16

	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// hashPassword returns an argon2id PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func hashPassword(pw string) string {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

var errBadHash = errors.New("auth: malformed password hash")

// checkPassword reports whether pw matches an argon2id PHC string, using the
// parameters recorded in it (so they can be raised later).
func checkPassword(encoded, pw string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 || t > 16 {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when a login names no account, so that an
// unknown name takes as long as a wrong password.
// It is made on first use: hashing costs tens of milliseconds, which every
// program importing auth would otherwise pay at start.
var dummyHash = sync.OnceValue(func() string { return hashPassword(newSecret()) })
