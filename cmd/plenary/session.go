package main

import (
	"context"
	"fmt"
	"io"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/store"
)

const sessionUsage = `session add --body CODE --number N (--title-ko T | --title-en T | --title T) [--venue V] --from YYYY-MM-DD --to YYYY-MM-DD [--deadline YYYY-MM-DD] [--status S]`

func sessionCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintf(stdout, "Usage: plenary %s\n", sessionUsage)
			return nil
		}
		fmt.Fprintf(stderr, "Usage: plenary %s\n", sessionUsage)
		return errUsage
	}
	fs := newFlags("session add", sessionUsage, stderr)
	body := fs.String("body", "", "code of the body, e.g. EX or C")
	number := fs.Int("number", 0, "number of the session, e.g. 220")
	titleKO := fs.String("title-ko", "", "Korean title, e.g. \"제220차 집행이사회\"")
	titleEN := fs.String("title-en", "", "English title, e.g. \"220th session of the Executive Board\"")
	title := fs.String("title", "", "a title in one language, Korean if it has Hangul, else English")
	venue := fs.String("venue", "", "venue, e.g. Paris")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	deadline := fs.String("deadline", "", "deadline for position briefs, YYYY-MM-DD")
	status := fs.String("status", string(domain.SessionPlanning), "planning, preparing, in_session or concluded")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		if *title != "" {
			ko, en := domain.ByScript(*title)
			if *titleKO == "" {
				*titleKO = ko
			}
			if *titleEN == "" {
				*titleEN = en
			}
		}
		in := domain.SessionInput{Number: *number, TitleKO: *titleKO, TitleEN: *titleEN, Venue: *venue, StartsOn: *from, EndsOn: *to,
			BriefDeadline: *deadline, Status: *status, BodyID: -1}
		if *body != "" {
			b, err := st.BodyByCode(ctx, *body)
			if err != nil {
				if domain.ErrorCode(err) == domain.ENOTFOUND {
					return fmt.Errorf("invalid input:\n  --body: no body has the code %q", *body)
				}
				return err
			}
			in.BodyID = b.ID
		} else {
			in.BodyID = 0
		}
		if err := i18n.MustNew().For("en").Validate(in); err != nil {
			return fieldErrors(err, "en")
		}
		ses, err := in.Session()
		if err != nil {
			return fieldErrors(err, "en")
		}
		if err := st.CreateSession(ctx, cliActor, ses); err != nil {
			return fieldErrors(err, "en")
		}
		fmt.Fprintln(stdout, ses.Code)
		return nil
	})
}
