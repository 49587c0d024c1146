package main

import (
	"context"
	"fmt"
	"io"

	"github.com/kncu/plenary/internal/database"
)

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "migrate up|status|rollback", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	action := fs.Arg(0)
	if action != "up" && action != "status" && action != "rollback" {
		fs.Usage()
		return errUsage
	}
	e, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	switch action {
	case "up":
		return e.migrate(ctx)
	case "rollback":
		return database.Rollback(ctx, e.db, e.log)
	default:
		s, err := database.Status(ctx, e.db)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, s)
		return nil
	}
}
