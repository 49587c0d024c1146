// Command plenary is the whole of Plenary in one binary: the web server and the
// sub-commands that administer it. This file only parses the command line and wires the
// parts; what they do lives in internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `plenary prepares a country's positions for UNESCO's governing bodies.

Usage:
  plenary serve [--demo]                       run the web server (migrates first)
  plenary migrate up|status|rollback           manage the database schema
  plenary seed --demo                          load the demo data into an empty database
  plenary user add|disable|passwd [flags]      manage user accounts
  plenary session add --body EX --number 220 --title-ko T --title-en T --venue V --from D --to D
                                               add a session, print its code
  plenary export pack --session "220 EX" --audience full|ministry:CODE|delegate:EMAIL --lang ko|en -o FILE
                                               write a session's briefing pack (.xlsx)
  plenary export book --session "220 EX" --audience full|ministry:CODE|delegate:EMAIL --lang ko|en -o FILE
                                               write a session's briefing book (.pdf)
  plenary export accreditation --session "220 EX" --lang en|ko -o FILE
                                               write a session's delegation laid out for accreditation (.xlsx)
  plenary import agenda --session "220 EX" FILE [--dry-run]
                                               import a provisional agenda (.xlsx or .csv)
  plenary backup -o FILE                       back up the whole database (pg_dump's custom format)
  plenary restore FILE                         restore a backup into an empty database

Run "plenary COMMAND --help" for the flags of a command. Configuration comes from the
environment: DATABASE_URL, PLENARY_ADDR, PLENARY_DATA_DIR, PLENARY_DEMO_PASSWORD,
PLENARY_TIMEZONE, PLENARY_SECURE_COOKIES, PLENARY_LOG_LEVEL (see README.md).
`

// errUsage means the command line was wrong; the usage has been printed.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "plenary:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, rest, stdout, stderr)
	case "seed":
		return seedCmd(ctx, rest, stdout, stderr)
	case "user":
		return userCmd(ctx, rest, stdout, stderr)
	case "session":
		return sessionCmd(ctx, rest, stdout, stderr)
	case "export":
		return exportCmd(ctx, rest, stdout, stderr)
	case "import":
		return importCmd(ctx, rest, stdout, stderr)
	case "backup":
		return backupCmd(ctx, rest, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
	return errUsage
}

// newFlags returns a flag set whose --help prints the command's own usage.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: plenary %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a bad command line into errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
