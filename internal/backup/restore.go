package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// When a database "holds data": when any of its tables holds a row, except
// the migrator's bookkeeping (bun_migrations, bun_migration_locks). So a
// database without any schema and one that `plenary migrate up` or a first
// `plenary serve` made but nobody used can both receive a backup; one with a
// single user, session, login or audit row cannot. Restoring replaces the
// schema with the backup's, so the schema version of an empty target does
// not matter: `plenary serve` brings the restored schema up to date.

// userTablesSQL lists, qualified and quoted, the tables of the database's
// users: not PostgreSQL's own, nor those an extension brings.
const userTablesSQL = `SELECT format('%I.%I', n.nspname, c.relname)
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`

// dataTablesSQL lists the tables whose rows are data.
const dataTablesSQL = userTablesSQL + `
   AND NOT (n.nspname = 'public' AND c.relname IN ('bun_migrations', 'bun_migration_locks'))
 ORDER BY 1`

// NotEmptyError means the target database holds data: the restore was
// refused and nothing was changed.
type NotEmptyError struct {
	Tables []string // the tables that hold rows
}

func (e *NotEmptyError) Error() string {
	names := strings.Join(e.Tables, ", ")
	if len(e.Tables) > 4 {
		names = fmt.Sprintf("%s and %d more tables", strings.Join(e.Tables[:3], ", "), len(e.Tables)-3)
	}
	return fmt.Sprintf("the database already holds data (in %s): restore refused, nothing was changed", names)
}

// Occupied returns the tables that hold data in the database at rawURL; none
// means a backup may be restored into it.
func Occupied(ctx context.Context, rawURL string) ([]string, error) {
	conn, err := pgx.Connect(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("backup: connect: %w", err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, dataTablesSQL)
	if err != nil {
		return nil, fmt.Errorf("backup: list tables: %w", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("backup: list tables: %w", err)
	}
	var busy []string
	for _, t := range tables {
		var has bool
		// t comes quoted from format('%I.%I').
		if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+t+")").Scan(&has); err != nil {
			return nil, fmt.Errorf("backup: %s: %w", t, err)
		}
		if has {
			busy = append(busy, t)
		}
	}
	return busy, nil
}

// prelude opens the restoring transaction. Under lock, so that no row can
// arrive meanwhile, it checks again that the database holds no data, then
// drops the schema objects of the public schema that no extension owns (an
// empty schema left by migrations, of whatever version), so that the backup's
// own schema can be created in their place. Extensions stay: the backup
// creates them only if missing.
const prelude = `BEGIN;
SET LOCAL lock_timeout = '30s';
SET LOCAL client_min_messages = warning;
DO $plenary_restore$
DECLARE
	t text;
	busy text[] := '{}';
	has boolean;
BEGIN
	FOR t IN ` + userTablesSQL + ` LOOP
		EXECUTE 'LOCK TABLE ' || t || ' IN ACCESS EXCLUSIVE MODE';
	END LOOP;
	FOR t IN ` + dataTablesSQL + ` LOOP
		EXECUTE 'SELECT EXISTS (SELECT 1 FROM ' || t || ')' INTO has;
		IF has THEN
			busy := busy || t;
		END IF;
	END LOOP;
	IF cardinality(busy) > 0 THEN
		RAISE EXCEPTION 'plenary restore refused: the database holds data in %', array_to_string(busy, ', ');
	END IF;

	FOR t IN
		SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
		              CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
		                             WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
		              n.nspname, c.relname)
		  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND NOT c.relispartition
		   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
		                    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
		 ORDER BY CASE c.relkind WHEN 'v' THEN 0 WHEN 'm' THEN 0 WHEN 'S' THEN 2 ELSE 1 END
	LOOP
		EXECUTE t;
	END LOOP;
	FOR t IN
		SELECT format('DROP ROUTINE IF EXISTS %I.%I(%s) CASCADE', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid))
		  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
		 WHERE n.nspname = 'public'
		   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
		                    WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
	LOOP
		EXECUTE t;
	END LOOP;
	FOR t IN
		SELECT format('DROP %s IF EXISTS %I.%I CASCADE', CASE ty.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, ty.typname)
		  FROM pg_catalog.pg_type ty JOIN pg_catalog.pg_namespace n ON n.oid = ty.typnamespace
		 WHERE n.nspname = 'public' AND ty.typtype IN ('e', 'd', 'r', 'c')
		   AND (ty.typtype <> 'c' OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = ty.typrelid) = 'c')
		   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
		                    WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = ty.oid AND d.deptype = 'e')
	LOOP
		EXECUTE t;
	END LOOP;
END
$plenary_restore$;
`

var (
	processingTable = regexp.MustCompile(`^pg_restore: processing data for table "(.+)"$`)
	refused         = regexp.MustCompile(`(?m)plenary restore refused: the database holds data in (.+)$`)
)

// Restore restores the backup in file into the database, all or nothing: in
// one transaction that first makes sure, under lock, that the database holds
// no data (see above), so a refused or failed restore changes nothing. The
// file is read through first, so that one that is not a backup is refused
// before the database is touched. Each table is reported to progress as its
// rows are restored.
//
// Objects are created owned by the restoring user, without the backup's
// grants, so a backup restores into another server, under another user.
func Restore(ctx context.Context, c Conn, file string, progress io.Writer) (Summary, error) {
	return restoreChecked(ctx, c, file, progress, true)
}

// restoreChecked lets tests skip the early check, to see the one inside the
// restoring transaction refuse.
func restoreChecked(ctx context.Context, c Conn, file string, progress io.Writer, precheck bool) (Summary, error) {
	listFile, err := tableOfContents(ctx, c, file)
	if err != nil {
		return Summary{}, err
	}
	defer os.Remove(listFile)
	if precheck {
		// Refuses at once, without the locks the transaction takes.
		busy, err := Occupied(ctx, c.URL)
		if err != nil {
			return Summary{}, err
		}
		if len(busy) > 0 {
			return Summary{}, &NotEmptyError{Tables: busy}
		}
	}

	// pg_restore writes the backup as SQL; psql runs it after the prelude.
	pr := c.command(ctx, "pg_restore", "--no-owner", "--no-acl", "--verbose", "--use-list="+listFile, "--file=-", file)
	psql := c.command(ctx, "psql", "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--file=-")
	psql.Args = append(psql.Args, "--dbname="+c.dbname(psql))
	prErrs, err := pr.StderrPipe()
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	psqlErrs, err := psql.StderrPipe()
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	script, scriptW, err := os.Pipe()
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	input, inputW, err := os.Pipe()
	if err != nil {
		script.Close()
		scriptW.Close()
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	pr.Stdout, psql.Stdin = scriptW, input
	return restore(pr, psql, script, scriptW, input, inputW, prErrs, psqlErrs, progress)
}

func restore(pr, psql *exec.Cmd, script, scriptW, input, inputW *os.File, prErrs, psqlErrs io.Reader, progress io.Writer) (Summary, error) {
	var sum Summary
	closeAll := func() {
		for _, f := range []*os.File{script, scriptW, input, inputW} {
			f.Close()
		}
	}
	if err := pr.Start(); err != nil {
		closeAll()
		return sum, fmt.Errorf("backup: pg_restore: %w", err)
	}
	if err := psql.Start(); err != nil {
		closeAll()
		_ = pr.Wait()
		return sum, fmt.Errorf("backup: psql: %w", err)
	}
	scriptW.Close() // the child holds its own copies
	input.Close()
	prLog := readLines(prErrs, func(line string) bool {
		if m := processingTable.FindStringSubmatch(line); m != nil {
			sum.Tables++
			fmt.Fprintf(progress, "  %s\n", m[1])
			return true
		}
		return chatter("pg_restore", line)
	})
	psqlLog := readLines(psqlErrs, func(string) bool { return false })

	// The feeder sends the prelude, then the script, and COMMIT only when
	// pg_restore has written the whole backup: psql ending without it rolls
	// everything back.
	type fed struct {
		prErr, err error
		prLog      string
	}
	feed := make(chan fed, 1)
	go func() {
		_, err := io.WriteString(inputW, prelude)
		if err == nil {
			_, err = io.Copy(inputW, script)
		}
		script.Close() // pg_restore stops if psql stopped reading
		log := prLog()
		prErr := pr.Wait()
		if err == nil && prErr == nil {
			_, err = io.WriteString(inputW, "COMMIT;\n")
		}
		inputW.Close()
		feed <- fed{prErr, err, log}
	}()
	psqlOut := psqlLog()
	psqlErr := psql.Wait()
	f := <-feed

	if m := refused.FindStringSubmatch(psqlOut); m != nil {
		return Summary{}, &NotEmptyError{Tables: strings.Split(m[1], ", ")}
	}
	switch {
	case psqlErr != nil:
		return Summary{}, fmt.Errorf("backup: restore failed and was rolled back, nothing was changed: psql: %w\n%s", psqlErr, psqlOut)
	case f.prErr != nil:
		return Summary{}, fmt.Errorf("backup: restore failed and was rolled back, nothing was changed: pg_restore: %w\n%s", f.prErr, f.prLog)
	case f.err != nil:
		return Summary{}, fmt.Errorf("backup: restore failed and was rolled back, nothing was changed: %w\n%s", f.err, psqlOut)
	}
	return sum, nil
}

// tableOfContents reads the backup's table of contents, which proves the
// file is a whole pg_dump archive, and writes it to a temporary list for
// pg_restore --use-list without the comments on extensions: only an
// extension's owner may set them, and they are the extension's own.
func tableOfContents(ctx context.Context, c Conn, file string) (string, error) {
	if _, err := os.Stat(file); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	cmd := c.command(ctx, "pg_restore", "--list", file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("backup: %s is %w: %s", file, errNotArchive, strings.TrimSpace(stderr.String()))
	}
	var keep []string
	for line := range strings.SplitSeq(string(out), "\n") {
		if !strings.Contains(line, " COMMENT - EXTENSION ") {
			keep = append(keep, line)
		}
	}
	f, err := os.CreateTemp("", "plenary-restore-*.list")
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	_, werr := f.WriteString(strings.Join(keep, "\n"))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("backup: %w", werr)
	}
	return f.Name(), nil
}

// IsNotEmpty tells whether err is a refusal because the database holds data.
func IsNotEmpty(err error) bool {
	var ne *NotEmptyError
	return errors.As(err, &ne)
}
