package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

const exportUsage = `export pack|book --session "220 EX" --audience full|ministry:CODE|delegate:EMAIL --lang en|ko -o FILE
       plenary export accreditation --session "220 EX" --lang en|ko -o FILE`

// cliUser is who asks for a pack on the command line: whoever may run plenary may have any
// pack, as staff may.
var cliUser = &domain.User{Name: "plenary", Role: domain.RoleStaff}

// exportCmd writes a session's briefing pack (.xlsx) or briefing book (.pdf) for an
// audience, cut by the same rules as the downloads, and audits it as they are.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "accreditation" {
		return exportAccreditation(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || (args[0] != "pack" && args[0] != "book") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintf(stdout, "Usage: plenary %s\n", exportUsage)
			return nil
		}
		fmt.Fprintf(stderr, "Usage: plenary %s\n", exportUsage)
		return errUsage
	}
	what := args[0]
	fs := newFlags("export "+what, exportUsage, stderr)
	code := fs.String("session", "", `the session, as UNESCO writes it: "220 EX"`)
	audience := fs.String("audience", "full", "full, ministry:CODE (e.g. ministry:MOE) or delegate:EMAIL")
	lang := fs.String("lang", "ko", "language: ko or en")
	out := fs.String("o", "", "file to write (default: the export's own name in the current folder)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *code == "" || !i18n.Supported(*lang) {
		fs.Usage()
		return errUsage
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		ses, err := st.SessionByCode(ctx, *code)
		if err != nil {
			return fmt.Errorf("--session: no session has the code %q", *code)
		}
		aud, err := policy.ResolvePack(ctx, st, cliUser, domain.ParsePackRequest(*audience))
		switch {
		case domain.ErrorCode(err) == domain.EINVALID:
			fs.Usage()
			return errUsage
		case err != nil && aud.Kind == domain.PackMinistry:
			return fmt.Errorf("--audience: no ministry has the code %q", domain.ParsePackRequest(*audience).Name)
		case err != nil && aud.Kind == domain.PackDelegate:
			return fmt.Errorf("--audience: no delegate has the e-mail %q", domain.ParsePackRequest(*audience).Name)
		case err != nil:
			return err
		}
		zone, _ := e.cfg.Zone()
		now := e.now().In(zone)
		src, err := st.NewPackSource(ses, aud.Kind, policy.PackScope(aud), domain.Today(now, zone))
		if err != nil {
			return err
		}
		exp := exportOf(what, aud, i18n.MustNew().For(*lang), now, stderr)
		path := *out
		if path == "" {
			path = exp.FileName(ses.Code)
		}
		doc, err := exp.build(ctx, src)
		if err != nil {
			return err
		}
		if c, ok := doc.(io.Closer); ok {
			defer c.Close()
		}
		if err := st.RecordExport(ctx, cliActor, what, "session", ses.ID, map[string]any{"audience": aud.Kind, "label": aud.Label, "lang": *lang}); err != nil {
			return err
		}
		return writeExport(path, doc, stdout)
	})
}

// export is a pack or a book, as the command builds either.
type export struct {
	FileName func(sessionCode string) string
	build    func(context.Context, exports.Source) (io.WriterTo, error)
}

// exportOf is the pack or the book (what) for aud in the language of l, generated at now,
// telling its progress on stderr.
func exportOf(what string, aud domain.PackAudience, l *i18n.Localizer, now time.Time, stderr io.Writer) export {
	a := exports.Audience{Kind: aud.Kind, Label: aud.Label}
	if what == "book" {
		book := &exports.Book{Audience: a, L: l, GeneratedBy: "plenary export", GeneratedAt: now,
			Progress: func(stage string, n int) { fmt.Fprintf(stderr, "%s: %d\n", stage, n) }}
		return export{FileName: book.FileName, build: func(ctx context.Context, src exports.Source) (io.WriterTo, error) {
			return book.Build(ctx, src)
		}}
	}
	pack := &exports.Pack{Audience: a, L: l, GeneratedBy: "plenary export", GeneratedAt: now,
		Progress: func(sheet string, rows int) { fmt.Fprintf(stderr, "%s: %d rows\n", sheet, rows) }}
	return export{FileName: pack.FileName, build: func(ctx context.Context, src exports.Source) (io.WriterTo, error) {
		return pack.Build(ctx, src)
	}}
}

// exportAccreditation writes a session's delegation laid out for accreditation (.xlsx), as
// staff download it, and audits it as the download is.
func exportAccreditation(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export accreditation", exportUsage, stderr)
	code := fs.String("session", "", `the session, as UNESCO writes it: "220 EX"`)
	lang := fs.String("lang", "en", "language of the headers: en or ko")
	out := fs.String("o", "", "file to write (default: the list's own name in the current folder)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *code == "" || !i18n.Supported(*lang) {
		fs.Usage()
		return errUsage
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		ses, err := st.SessionByCode(ctx, *code)
		if err != nil {
			return fmt.Errorf("--session: no session has the code %q", *code)
		}
		sc := policy.ScopeOf(cliUser)
		rows, err := st.AccreditationList(ctx, sc, ses)
		if err != nil {
			return err
		}
		zone, _ := e.cfg.Zone()
		list := &exports.AccreditationList{SessionCode: ses.Code, SessionTitle: ses.Title(*lang), L: i18n.MustNew().For(*lang),
			GeneratedBy: "plenary export", GeneratedAt: e.now().In(zone), Rows: rows}
		path := *out
		if path == "" {
			path = list.FileName()
		}
		wb, err := list.Build()
		if err != nil {
			return err
		}
		defer wb.Close()
		if err := st.RecordExport(ctx, cliActor, "accreditation", "session", ses.ID, map[string]any{"lang": *lang, "members": len(rows)}); err != nil {
			return err
		}
		return writeExport(path, wb, stdout)
	})
}

// writeExport writes doc to path and prints the path; a file that could not be written
// whole is removed.
func writeExport(path string, doc io.WriterTo, stdout io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := doc.WriteTo(f); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		return errors.Join(err, os.Remove(path))
	}
	fmt.Fprintln(stdout, path)
	return nil
}
