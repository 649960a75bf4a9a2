// Package storetest is the contract every auth.Store passes. memstore and
// redisstore run it against their implementations.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dalil-project/dalil/auth"
)

// Run checks s, which must be empty, against the auth.Store contract.
func Run(t *testing.T, s auth.Store) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)

	t.Run("accounts", func(t *testing.T) {
		a := auth.Account{Name: "amal", Role: auth.RoleEditor, TokenHash: auth.HashToken("t1"), Created: now, Updated: now}
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAccount(ctx, a); !errors.Is(err, auth.ErrExists) {
			t.Fatalf("second create: %v, want ErrExists", err)
		}
		got, err := s.Account(ctx, "amal")
		if err != nil || got.Role != auth.RoleEditor || got.TokenHash != a.TokenHash || !got.Created.Equal(now) {
			t.Fatalf("Account = %+v, %v", got, err)
		}
		if got, err := s.AccountByToken(ctx, auth.HashToken("t1")); err != nil || got.Name != "amal" {
			t.Fatalf("AccountByToken = %+v, %v", got, err)
		}
		if _, err := s.Account(ctx, "nobody"); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unknown account: %v", err)
		}
		if _, err := s.AccountByToken(ctx, auth.HashToken("nope")); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unknown token: %v", err)
		}

		// A new token replaces the old one in the index.
		a.TokenHash, a.Role = auth.HashToken("t2"), auth.RoleReviewer
		if err := s.UpdateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AccountByToken(ctx, auth.HashToken("t1")); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("old token still works: %v", err)
		}
		if got, err := s.AccountByToken(ctx, auth.HashToken("t2")); err != nil || got.Role != auth.RoleReviewer {
			t.Errorf("new token: %+v, %v", got, err)
		}
		if err := s.UpdateAccount(ctx, auth.Account{Name: "ghost", TokenHash: "x"}); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("update unknown: %v", err)
		}

		b := auth.Account{Name: "badr", Role: auth.RoleAdmin, TokenHash: auth.HashToken("t3"), Created: now, Updated: now}
		if err := s.CreateAccount(ctx, b); err != nil {
			t.Fatal(err)
		}
		all, err := s.Accounts(ctx)
		if err != nil || len(all) != 2 || all[0].Name != "amal" || all[1].Name != "badr" {
			t.Fatalf("Accounts = %+v, %v", all, err)
		}
		if err := s.DeleteAccount(ctx, "badr"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AccountByToken(ctx, auth.HashToken("t3")); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("deleted account's token: %v", err)
		}
		if err := s.DeleteAccount(ctx, "badr"); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})

	t.Run("sessions", func(t *testing.T) {
		ss := auth.Session{IDHash: auth.HashToken("s1"), Name: "amal", CSRF: "c", Created: now, Expires: now.Add(time.Hour)}
		if err := s.SaveSession(ctx, ss, time.Hour); err != nil {
			t.Fatal(err)
		}
		got, err := s.Session(ctx, ss.IDHash)
		if err != nil || got.Name != "amal" || got.CSRF != "c" || !got.Expires.Equal(ss.Expires) {
			t.Fatalf("Session = %+v, %v", got, err)
		}
		if err := s.DeleteSession(ctx, ss.IDHash); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, ss.IDHash); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("deleted session: %v", err)
		}
		if err := s.DeleteSession(ctx, ss.IDHash); err != nil {
			t.Errorf("deleting an unknown session: %v", err)
		}
		short := auth.Session{IDHash: auth.HashToken("s2"), Name: "amal", Expires: now.Add(time.Second)}
		if err := s.SaveSession(ctx, short, 50*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Second)
		for {
			_, err := s.Session(ctx, short.IDHash)
			if errors.Is(err, auth.ErrNotFound) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("session outlived its ttl: %v", err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})

	t.Run("failures", func(t *testing.T) {
		for i := 1; i <= 3; i++ {
			n, err := s.RecordFailure(ctx, "amal", time.Minute)
			if err != nil || n != i {
				t.Fatalf("failure %d: count %d, %v", i, n, err)
			}
		}
		if n, err := s.Failures(ctx, "amal"); err != nil || n != 3 {
			t.Fatalf("Failures = %d, %v", n, err)
		}
		if n, err := s.Failures(ctx, "other"); err != nil || n != 0 {
			t.Fatalf("Failures(other) = %d, %v", n, err)
		}
		if err := s.ClearFailures(ctx, "amal"); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Failures(ctx, "amal"); n != 0 {
			t.Errorf("after clear: %d", n)
		}
		s.RecordFailure(ctx, "brief", 50*time.Millisecond)
		time.Sleep(150 * time.Millisecond)
		if n, _ := s.Failures(ctx, "brief"); n != 0 {
			t.Errorf("failures outlived their window: %d", n)
		}
	})

	t.Run("audit", func(t *testing.T) {
		for i := range 5 {
			if err := s.AppendAudit(ctx, auth.Event{At: now.Add(time.Duration(i) * time.Second), Kind: auth.EventLogin, Name: fmt.Sprint("u", i)}); err != nil {
				t.Fatal(err)
			}
		}
		es, err := s.Audit(ctx, 3)
		if err != nil || len(es) != 3 || es[0].Name != "u4" || es[2].Name != "u2" {
			t.Fatalf("Audit(3) = %+v, %v", es, err)
		}
	})
}
