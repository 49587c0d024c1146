package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kncu/plenary/internal/backup"
	"github.com/kncu/plenary/internal/config"
)

func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", "backup -o FILE", stderr)
	out := fs.String("o", "", "write the backup to `FILE`, in PostgreSQL's custom format (read by plenary restore and pg_restore)")
	explain(fs, stderr, "Writes a consistent backup of the whole database (the private cluster's, or DATABASE_URL's)\n"+
		"while Plenary keeps running. A failed backup leaves no FILE behind, nor changes an existing one.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		// Backing up must not make a cluster where there is none.
		dir, err := clusterDir(cfg)
		if err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
			return fmt.Errorf("no private PostgreSQL cluster in %s, so nothing to back up: set PLENARY_DATA_DIR to the folder Plenary runs with, or DATABASE_URL", dir)
		}
	}
	e, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	conn, err := e.tools(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "backing up %s with %s:\n", e.describe(), filepath.Join(conn.BinDir, "pg_dump"))
	start := time.Now()
	sum, err := backup.Dump(ctx, conn, *out, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %s (%d bytes), %d tables, in %s\n",
		*out, backup.HumanSize(sum.Bytes), sum.Bytes, sum.Tables, time.Since(start).Round(time.Millisecond))
	return nil
}

func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("restore", "restore FILE", stderr)
	explain(fs, stderr, "Restores FILE, written by plenary backup, into the private cluster's database or DATABASE_URL's.\n"+
		"That database must hold no data (a new one, or one only migrated); otherwise nothing is changed.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	file := fs.Arg(0)
	// Before the database is opened, so that a mistyped name makes no cluster.
	if _, err := os.Stat(file); err != nil {
		return err
	}
	e, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	conn, err := e.tools(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "restoring %s into %s with %s:\n", file, e.describe(), filepath.Join(conn.BinDir, "pg_restore"))
	start := time.Now()
	sum, err := backup.Restore(ctx, conn, file, stderr)
	if backup.IsNotEmpty(err) {
		return fmt.Errorf("%w.\n%s", err, e.restoreElsewhere(file))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s into %s: %d tables, in %s\n", file, e.describe(), sum.Tables, time.Since(start).Round(time.Millisecond))
	return nil
}

// explain adds a paragraph under a command's usage line.
func explain(fs *flag.FlagSet, w io.Writer, text string) {
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, text)
	}
}

// tools finds pg_dump, pg_restore and psql: those of the private cluster, or
// those matching the version of the server at DATABASE_URL.
func (e *env) tools(ctx context.Context) (backup.Conn, error) {
	if e.cluster != nil {
		return backup.Conn{URL: e.url, BinDir: e.cluster.BinDir()}, nil
	}
	return backup.ToolsFor(ctx, e.url)
}

// describe names the database for messages, without its password.
func (e *env) describe() string {
	if e.cluster != nil {
		return fmt.Sprintf("the private cluster in %s", e.cluster.Dir())
	}
	cfg, err := pgx.ParseConfig(e.url)
	if err != nil {
		return "DATABASE_URL"
	}
	return fmt.Sprintf("database %s on %s:%d (DATABASE_URL)", cfg.Database, cfg.Host, cfg.Port)
}

// restoreElsewhere says how to restore when the database holds data.
func (e *env) restoreElsewhere(file string) string {
	if e.cluster != nil {
		return fmt.Sprintf("To restore it, use an empty database instead:\n"+
			"  - a new private cluster: PLENARY_DATA_DIR=/srv/plenary-restored plenary restore %[1]s, then run Plenary with that PLENARY_DATA_DIR;\n"+
			"  - or stop every Plenary process and move the folder %[2]s aside (it holds the cluster and its password), then run plenary restore %[1]s again;\n"+
			"  - or set DATABASE_URL to an empty database.", file, filepath.Dir(e.cluster.Dir()))
	}
	return fmt.Sprintf("To restore it, create an empty database (e.g. createdb plenary_restored), set DATABASE_URL to it and run plenary restore %s again,\n"+
		"or unset DATABASE_URL to restore into a new private cluster in PLENARY_DATA_DIR.", file)
}
