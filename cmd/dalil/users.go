package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/dalil-project/dalil/auth"
	"github.com/dalil-project/dalil/redisstore"
)

const usersUsage = `usage:
  dalil users add --role ROLE NAME    create an account; prints its token once
  dalil users list                    list accounts and roles
  dalil users role NAME ROLE          change an account's role
  dalil users token NAME              replace an account's token; prints the new one once

Roles: editor (drafts), reviewer (publishes), staff (transcripts), admin (accounts).
Accounts live in Redis: set REDIS_URL (and DALIL_REDIS_PREFIX) as for dalil serve.
`

// openAccounts opens the shared account store named by the environment.
func openAccounts(ctx context.Context, getenv func(string) string) (*auth.Service, func() error, error) {
	url := getenv("REDIS_URL")
	if url == "" {
		return nil, nil, &exitError{1, errors.New("users: accounts are kept in Redis: set REDIS_URL (without Redis, start `dalil serve --admin NAME` and add accounts in the console)")}
	}
	prefix := getenv("DALIL_REDIS_PREFIX")
	rs, err := redisstore.Open(ctx, redisstore.Options{URL: url, Prefix: prefix})
	if err != nil {
		return nil, nil, err
	}
	return auth.New(rs.Accounts(), auth.Config{}), rs.Close, nil
}

func usersCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usersUsage)
		return usageErr("users: want add, list, role or token")
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet("users "+cmd, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() { fmt.Fprint(stdout, usersUsage) }
	role := fs.String("role", "", "editor, reviewer, staff or admin")
	if err := fs.Parse(args); err != nil {
		return usageErr("users: %v", err)
	}
	want := map[string]int{"add": 1, "list": 0, "role": 2, "token": 1}
	n, ok := want[cmd]
	if !ok {
		fmt.Fprint(stdout, usersUsage)
		return usageErr("users: unknown command %q", cmd)
	}
	if fs.NArg() != n || (cmd == "add" && *role == "") {
		fmt.Fprint(stdout, usersUsage)
		return usageErr("users %s: wrong arguments", cmd)
	}
	svc, closeStore, err := openAccounts(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeStore()
	switch cmd {
	case "add":
		a, tok, err := svc.AddAccount(ctx, "cli", fs.Arg(0), auth.Role(*role))
		if err != nil {
			return &exitError{1, fmt.Errorf("users add: %w", err)}
		}
		fmt.Fprintf(stdout, "created %s (%s)\ntoken (shown once, keep it secret): %s\n", a.Name, a.Role, tok)
	case "list":
		as, err := svc.Accounts(ctx)
		if err != nil {
			return &exitError{1, fmt.Errorf("users list: %w", err)}
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tPASSWORD\tCREATED")
		for _, a := range as {
			pw := "no"
			if a.PasswordHash != "" {
				pw = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Name, a.Role, pw, a.Created.Format("2006-01-02 15:04"))
		}
		tw.Flush()
	case "role":
		a, err := svc.SetRole(ctx, "cli", fs.Arg(0), auth.Role(fs.Arg(1)))
		if err != nil {
			return &exitError{1, fmt.Errorf("users role: %w", err)}
		}
		fmt.Fprintf(stdout, "%s is now %s\n", a.Name, a.Role)
	case "token":
		tok, err := svc.ResetToken(ctx, "cli", fs.Arg(0))
		if err != nil {
			return &exitError{1, fmt.Errorf("users token: %w", err)}
		}
		fmt.Fprintf(stdout, "new token for %s (shown once; the old one no longer works): %s\n", fs.Arg(0), tok)
	}
	return nil
}

// bootstrapAdmin creates the admin account of serve --admin unless it
// exists, and prints its token this once.
func bootstrapAdmin(ctx context.Context, svc *auth.Service, name string, stdout io.Writer) error {
	_, tok, err := svc.AddAccount(ctx, "serve --admin", name, auth.RoleAdmin)
	switch {
	case errors.Is(err, auth.ErrExists):
		return nil
	case err != nil:
		return err
	}
	fmt.Fprintf(stdout, "Created admin account %s; token (shown once, keep it secret): %s\n", name, tok)
	return nil
}
