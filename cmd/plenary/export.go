package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

const exportUsage = `export pack --session "220 EX" --audience full|ministry:CODE|delegate:EMAIL --lang en|ko -o FILE`

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "pack" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintf(stdout, "Usage: plenary %s\n", exportUsage)
			return nil
		}
		fmt.Fprintf(stderr, "Usage: plenary %s\n", exportUsage)
		return errUsage
	}
	fs := newFlags("export pack", exportUsage, stderr)
	code := fs.String("session", "", `the session, as UNESCO writes it: "220 EX"`)
	audience := fs.String("audience", "full", "full, ministry:CODE (e.g. ministry:MOE) or delegate:EMAIL")
	lang := fs.String("lang", "ko", "language of the pack: ko or en")
	out := fs.String("o", "", "file to write (default: the pack's own name in the current folder)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *code == "" || !i18n.Supported(*lang) {
		fs.Usage()
		return errUsage
	}
	kind, arg, _ := strings.Cut(*audience, ":")
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		ses, err := st.SessionByCode(ctx, *code)
		if err != nil {
			return fmt.Errorf("--session: no session has the code %q", *code)
		}
		var ministryID, userID int64
		label := ""
		switch kind {
		case exports.AudienceFull:
		case exports.AudienceMinistry:
			m, err := st.MinistryByCode(ctx, arg)
			if err != nil {
				return fmt.Errorf("--audience: no ministry has the code %q", arg)
			}
			ministryID, label = m.ID, m.Code
		case exports.AudienceDelegate:
			u, err := st.UserByEmail(ctx, arg)
			if err != nil || u.Role != domain.RoleDelegate {
				return fmt.Errorf("--audience: no delegate has the e-mail %q", arg)
			}
			userID, label = u.ID, u.Email
		default:
			fs.Usage()
			return errUsage
		}
		zone, _ := e.cfg.Zone()
		now := time.Now().In(zone)
		src, err := st.NewPackSource(ses, kind, policy.PackScope(kind, ministryID, userID), time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
		if err != nil {
			return err
		}
		pack := &exports.Pack{
			Audience: exports.Audience{Kind: kind, Label: label}, L: i18n.MustNew().For(*lang),
			GeneratedBy: "plenary export", GeneratedAt: now,
			Progress: func(sheet string, rows int) { fmt.Fprintf(stderr, "%s: %d rows\n", sheet, rows) },
		}
		path := *out
		if path == "" {
			path = pack.FileName(ses.Code)
		}
		wb, err := pack.Build(ctx, src)
		if err != nil {
			return err
		}
		defer wb.Close()
		if err := st.RecordExport(ctx, cliActor, "pack", "session", ses.ID, map[string]any{"audience": kind, "label": label, "lang": *lang}); err != nil {
			return err
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if _, err := wb.WriteTo(f); err != nil {
			f.Close()
			os.Remove(path)
			return err
		}
		if err := f.Close(); err != nil {
			return errors.Join(err, os.Remove(path))
		}
		fmt.Fprintln(stdout, path)
		return nil
	})
}
