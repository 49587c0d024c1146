// Command baseline is what `plenary export pack` is measured against as a whole process
// (docs/PERFORMANCE.md, `make pack-process`): it reads the cells of a session's full
// briefing pack (the Agenda, Positions, Consultations and Delegation sheets, the same
// columns in the same order) with plain SQL and writes them with a bare excelize
// StreamWriter: no styles, no print set-up, no overview, nothing of Plenary's but the
// cell values. It imports nothing of Plenary, so that it starts as a bare program does.
//
//	DATABASE_URL=postgres://... go run ./exports/baseline -session "990 EX" -o base.xlsx
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/xuri/excelize/v2"
)

// sheets are the cells of the pack's list sheets, each one query.
var sheets = []struct{ name, query string }{
	{"Agenda", `SELECT i.number, i.title_ko, array_to_string(i.documents, '; '), i.commission, i.sector,
		coalesce(lm.name_ko, ''), coalesce(fp.name, ''), i.priority, i.status, i.decision_ref, i.outcome_summary
		FROM agenda_items i JOIN sessions s ON s.id = i.session_id
		LEFT JOIN ministries lm ON lm.id = i.lead_ministry_id LEFT JOIN users fp ON fp.id = i.focal_point_id
		WHERE s.code = $1 ORDER BY i.sort_key`},
	{"Positions", `SELECT i.number, i.title_ko, r.stance, b.status, r.summary_ko, r.key_points_ko, r.intervention_ko,
		r.background_ko, r.number, r.created_at
		FROM briefs b JOIN agenda_items i ON i.id = b.item_id JOIN sessions s ON s.id = i.session_id
		JOIN brief_revisions r ON r.id = b.current_revision_id
		WHERE s.code = $1 ORDER BY i.sort_key`},
	{"Consultations", `SELECT i.number, i.title_ko, m.name_ko, c.question, c.due_on, c.status, c.answer,
		coalesce(ab.name, ''), c.answered_at
		FROM consultations c JOIN agenda_items i ON i.id = c.item_id JOIN sessions s ON s.id = i.session_id
		JOIN ministries m ON m.id = c.ministry_id LEFT JOIN users ab ON ab.id = c.answered_by
		WHERE s.code = $1 AND c.status <> 'withdrawn' ORDER BY i.sort_key, m.code`},
	{"Delegation", `SELECT p.name_ko, dm.role, p.organisation, p.title, dm.accreditation, dm.arrives_on, dm.departs_on,
		dm.funded_by, coalesce((SELECT string_agg(ci.number, ', ' ORDER BY ci.sort_key) FROM coverage cv
			JOIN agenda_items ci ON ci.id = cv.item_id WHERE cv.member_id = dm.id), '')
		FROM delegation_members dm JOIN people p ON p.id = dm.person_id JOIN sessions s ON s.id = dm.session_id
		WHERE s.code = $1 ORDER BY dm.role, p.name_ko`},
}

func main() {
	code := flag.String("session", "", `the session, e.g. "990 EX"`)
	out := flag.String("o", "baseline.xlsx", "file to write")
	flag.Parse()
	if *code == "" || os.Getenv("DATABASE_URL") == "" {
		fmt.Fprintln(os.Stderr, "usage: DATABASE_URL=... baseline -session CODE [-o FILE]")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Getenv("DATABASE_URL"), *code, *out); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url, code, out string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	f := excelize.NewFile()
	defer f.Close()
	for _, sh := range sheets {
		if err := writeSheet(ctx, db, f, sh.name, sh.query, code); err != nil {
			return fmt.Errorf("%s: %w", sh.name, err)
		}
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func writeSheet(ctx context.Context, db *sql.DB, f *excelize.File, name, query, code string) error {
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, query, code)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for r := 1; rows.Next(); r++ {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return sw.Flush()
}
