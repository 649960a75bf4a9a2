// Command dalil runs the Dalil chatbot server and its tools.
//
//	dalil serve                        start the server
//	dalil kb validate DIR              check a knowledge-base folder
//	dalil kb import --examples F --out DIR
//	dalil kb import DIR | kb export DIR
//	dalil users add|list|role|token
//	dalil eval --questions F [--dialogs F] [--kb DIR]
//
// main only wires packages together; run is testable end to end.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones for DALIL_TIMEZONE in a distroless image
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dalil:", err)
		os.Exit(exitCode(err))
	}
}

// exitError carries a process exit code (1 for "checked and found problems",
// 2 for usage errors).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	return 1
}

func usageErr(format string, a ...any) error {
	return &exitError{2, fmt.Errorf(format, a...)}
}

const usage = `usage: dalil <command> [flags]

commands:
  serve                                   start the chat server (dalil serve -h for settings)
  kb validate DIR                         check a knowledge-base folder, report every problem
  kb import --examples FILE.jsonl --out DIR
                                          make example-only services from labelled questions
  kb export DIR                           write the published knowledge base as YAML records
  kb import DIR                           publish a folder of YAML records (all or nothing)
  users add --role ROLE NAME | list | role NAME ROLE | token NAME
                                          console and API accounts (dalil users -h)
  eval --questions FILE [--dialogs FILE] [--kb DIR] [--fails N]
                                          score labelled questions through the real engine
  bench intents [flags]                   intent benchmarks (dalil bench intents -h)
`

// run is the whole program: args, environment and output are parameters so
// tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stdout, usage)
		return usageErr("no command")
	}
	if args[1] == "bench" || args[1] == "eval" { // serve sets it from its own flags
		// The commands that measure the engine run it with the server's
		// collector, so the speed they print is the served engine's: at
		// Go's default a cold 10-shot pass spent about 9 % of its
		// instructions collecting (docs/intents.md, speed13). kb and users
		// keep Go's default: a large import should not hold 5× its heap.
		tuneGC(serverGC(getenv), getenv)
	}
	switch args[1] {
	case "serve":
		return serve(ctx, args[2:], getenv, stdout)
	case "kb":
		if len(args) < 3 {
			return usageErr("kb: want validate, import or export")
		}
		switch args[2] {
		case "validate":
			return kbValidate(args[3:], stdout)
		case "import":
			return kbImport(ctx, args[3:], getenv, stdout)
		case "export":
			return kbExport(ctx, args[3:], getenv, stdout)
		}
		return usageErr("kb: unknown command %q", args[2])
	case "users":
		return usersCmd(ctx, args[2:], getenv, stdout)
	case "eval":
		return evalCmd(ctx, args[2:], getenv, stdout)
	case "bench":
		return benchCmd(ctx, args[2:], stdout)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stdout, usage)
	return usageErr("unknown command %q", args[1])
}
