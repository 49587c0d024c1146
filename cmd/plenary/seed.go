package main

import (
	"context"
	"errors"
	"io"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
)

func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("seed", "seed --demo", stderr)
	demo := fs.Bool("demo", false, "load the demo data (only into an empty database)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*demo || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	e, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	if err := e.migrate(ctx); err != nil {
		return err
	}
	empty, err := database.IsEmpty(ctx, e.db)
	if err != nil {
		return err
	}
	if !empty {
		return errors.New("the database already has users: demo data goes only into an empty database")
	}
	accounts, err := seed.Demo(ctx, store.New(e.db), e.cfg.DemoPassword)
	if err != nil {
		return err
	}
	printAccounts(stdout, accounts, e.cfg.DemoPassword == "")
	return nil
}
