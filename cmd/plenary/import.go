package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/store"
)

const importUsage = `import agenda --session "220 EX" FILE [--dry-run]`

// importCmd imports a provisional agenda (.xlsx or .csv) into a session: every row is
// checked first, and one bad row means nothing is written.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "agenda" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintf(stdout, "Usage: plenary %s\n", importUsage)
			return nil
		}
		fmt.Fprintf(stderr, "Usage: plenary %s\n", importUsage)
		return errUsage
	}
	fs := newFlags("import agenda", importUsage, stderr)
	code := fs.String("session", "", `code of the session, e.g. "220 EX"`)
	dryRun := fs.Bool("dry-run", false, "check the file and print what it would add and update, without writing anything")
	files, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(files) != 1 || *code == "" {
		fs.Usage()
		return errUsage
	}
	l := i18n.MustNew().For("en")
	path := files[0]
	sheet, err := readAgendaFile(path, l)
	if err != nil {
		return err
	}

	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		ses, err := st.SessionByCode(ctx, *code)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return fmt.Errorf("--session: no session has the code %q", *code)
		} else if err != nil {
			return err
		}
		lk, err := st.ImportLookups(ctx, ses.ID)
		if err != nil {
			return err
		}
		if len(sheet.Rows) > importer.ProgressEvery {
			lk.Progress = func(done, total int) { fmt.Fprintf(stderr, "checked %d/%d rows\n", done, total) }
		}
		pv := importer.Check(sheet, lk)
		if len(pv.Ignored) > 0 {
			fmt.Fprintf(stderr, "ignored columns: %s\n", strings.Join(pv.Ignored, ", "))
		}
		if !pv.OK() {
			for _, re := range pv.Errors() {
				fmt.Fprintln(stderr, rowErrorLine(l, re))
			}
			return fmt.Errorf("%s: %d of %d rows have errors; nothing was imported", path, pv.Invalid, len(pv.Rows))
		}
		if *dryRun {
			for _, r := range pv.Rows {
				fmt.Fprintf(stdout, "would %s %s\t%s\n", r.Action, r.Input.Number, r.Input.TitleEN)
			}
			fmt.Fprintf(stdout, "dry run: %d to add, %d to update in %s; nothing was written\n", pv.Added, pv.Updated, ses.Code)
			return nil
		}
		if len(pv.Rows) > importer.ProgressEvery {
			fmt.Fprintf(stderr, "importing %d rows into %s\n", len(pv.Rows), ses.Code)
		}
		added, updated, err := st.ImportAgenda(ctx, cliActor, ses.ID, pv.File, pv.Items())
		if err != nil {
			return fieldErrors(err, "en")
		}
		fmt.Fprintf(stdout, "imported %s into %s: %d added, %d updated, %d unchanged\n",
			pv.File, ses.Code, added, updated, len(pv.Rows)-added-updated)
		return nil
	})
}

// readAgendaFile reads the agenda table of the file at path, or says in English why it
// cannot.
func readAgendaFile(path string, l *i18n.Localizer) (*importer.Sheet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	sheet, err := importer.ReadAgenda(f, path, info.Size())
	if domain.ErrorCode(err) == domain.EINVALID {
		return nil, fmt.Errorf("%s: %s", path, l.T(domain.ErrorMessage(err), importer.LimitData(importer.AgendaFiles)...))
	}
	return sheet, err
}

// rowErrorLine writes a row error as one line: the row, the column and what it holds,
// and the reason.
func rowErrorLine(l *i18n.Localizer, e importer.RowError) string {
	msg := l.T(e.Message, "First", e.First, "Max", e.Max)
	col := strings.ToLower(e.Column.Heading())
	if e.Column == importer.ColItem {
		col = "number"
	}
	if e.Value == "" {
		return fmt.Sprintf("row %d: %s: %s", e.Line, col, msg)
	}
	return fmt.Sprintf("row %d: %s %q: %s", e.Line, col, e.Value, msg)
}

// parseInterspersed parses flags that may come before or after the arguments, as in
// `import agenda FILE --dry-run`, and returns the arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest, args = append(rest, fs.Arg(0)), fs.Args()[1:]
	}
}
