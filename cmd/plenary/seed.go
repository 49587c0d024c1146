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
	fs := newFlags("seed", "seed --demo | seed --scale N --session CODE", stderr)
	demo := fs.Bool("demo", false, "load the demo data (only into an empty database)")
	scale := fs.Int("scale", 0, "add N synthetic items, with briefs, consultations and a delegation, to --session")
	code := fs.String("session", "", `session for --scale, e.g. "990 EX" (made if missing; its agenda must be empty)`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *demo == (*scale > 0) || fs.NArg() > 0 || (*scale > 0 && *code == "") {
		fs.Usage()
		return errUsage
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		if *scale > 0 {
			if err := ensureSession(ctx, st, *code); err != nil {
				return err
			}
			start := time.Now()
			err := seed.Scale(ctx, e.db, *code, *scale, func(done int) {
				fmt.Fprintf(stderr, "%d/%d items\n", done, *scale)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "added %d items to %s in %s\n", *scale, domain.NormalizeSessionCode(*code), time.Since(start).Round(time.Millisecond))
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
		Title: fmt.Sprintf("Synthetic session %s", code), Venue: "Paris", StartsOn: from, EndsOn: from.AddDate(0, 0, 9),
		Status: domain.SessionPreparing})
}
