package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
)

func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("seed", "seed --demo | seed [--scale N] [--users N] --session CODE", stderr)
	demo := fs.Bool("demo", false, "load the demo data (only into an empty database)")
	scale := fs.Int("scale", 0, "add N synthetic items, with briefs, consultations and a delegation, to --session")
	users := fs.Int("users", 0, "add N synthetic users of every role (delegates on --session's delegation) for load tests; password: PLENARY_DEMO_PASSWORD")
	code := fs.String("session", "", `session for --scale and --users, e.g. "990 EX" (made if missing; for --scale its agenda must be empty)`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	synthetic := *scale > 0 || *users > 0
	if *demo == synthetic || fs.NArg() > 0 || (synthetic && *code == "") {
		fs.Usage()
		return errUsage
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		if synthetic {
			if err := ensureSession(ctx, st, *code); err != nil {
				return err
			}
		}
		if *scale > 0 {
			start := time.Now()
			err := seed.Scale(ctx, e.db, *code, *scale, func(done int) {
				fmt.Fprintf(stderr, "%d/%d items\n", done, *scale)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "added %d items to %s in %s\n", *scale, domain.NormalizeSessionCode(*code), time.Since(start).Round(time.Millisecond))
		}
		if *users > 0 {
			if err := seedUsers(ctx, e, domain.NormalizeSessionCode(*code), *users, stdout); err != nil {
				return err
			}
		}
		if synthetic {
			return nil
		}
		empty, err := database.IsEmpty(ctx, e.db)
		if err != nil {
			return err
		}
		if !empty {
			return errors.New("the database already has users: demo data goes only into an empty database")
		}
		accounts, err := seed.Demo(ctx, st, e.cfg.DemoPassword)
		if err != nil {
			return err
		}
		printAccounts(stdout, accounts, e.cfg.DemoPassword == "")
		return nil
	})
}

// ensureSession makes the session code ("990 EX") if it does not exist yet, for
// synthetic data.
func ensureSession(ctx context.Context, st *store.Store, code string) error {
	code = domain.NormalizeSessionCode(code)
	if _, err := st.SessionByCode(ctx, code); err == nil {
		return nil
	}
	num, bodyCode, ok := strings.Cut(code, " ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return fmt.Errorf("--session: %q is not a session code such as \"220 EX\"", code)
	}
	body, err := st.BodyByCode(ctx, bodyCode)
	if err != nil {
		return fmt.Errorf("--session: no body has the code %q", bodyCode)
	}
	from := time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC)
	return st.CreateSession(ctx, cliActor, &domain.Session{BodyID: body.ID, Number: n,
		TitleEN: fmt.Sprintf("Synthetic session %s", code), Venue: "Paris", StartsOn: from, EndsOn: from.AddDate(0, 0, 9),
		Status: domain.SessionPreparing})
}

// seedUsers adds n synthetic users for load tests and lists them, one a line, with the
// password (PLENARY_DEMO_PASSWORD, or a random one shown once).
func seedUsers(ctx context.Context, e *env, code string, n int, stdout io.Writer) error {
	password := e.cfg.DemoPassword
	if password == "" {
		var err error
		if password, err = seed.RandomPassword(); err != nil {
			return err
		}
	}
	a, err := seed.Users(ctx, e.db, code, n, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %d users:\n", len(a.Logins))
	for _, l := range a.Logins {
		fmt.Fprintf(stdout, "  %-40s %s\n", l.Email, l.Note)
	}
	if e.cfg.DemoPassword == "" {
		fmt.Fprintf(stdout, "Password of every one of them (shown only now): %s\n", password)
	} else {
		fmt.Fprintln(stdout, "Password of every one of them: the value of PLENARY_DEMO_PASSWORD")
	}
	return nil
}
