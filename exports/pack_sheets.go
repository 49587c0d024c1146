package exports

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
)

// part is one list sheet of the pack: its columns, and how its rows are filled.
type part struct {
	name string
	cols []column
	fill func(context.Context, *sheet) error
}

// writeParts creates the list sheets one after the other, fills them at the same time
// (each reading its rows from the source while it writes), then finishes them one after
// the other: only the filling touches nothing the sheets share.
func (p *Pack) writeParts(ctx context.Context, f *excelize.File, st *styles, footer string, parts []part) error {
	sheets := make([]*sheet, len(parts))
	empty := p.L.T("pack.empty")
	for i, pt := range parts {
		s, err := newSheet(f, st, pt.name, footer, empty, pt.cols)
		if err != nil {
			return err
		}
		sheets[i] = s
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := parts[i].fill(ctx, sheets[i]); err != nil {
				errs[i] = err
				cancel()
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, s := range sheets {
		if err := s.finish(); err != nil {
			return err
		}
	}
	return nil
}

// listParts are the pack's list sheets, in their order.
func (p *Pack) listParts(ctx context.Context, src Source) ([]part, error) {
	att, err := p.attendancePart(ctx, src)
	if err != nil {
		return nil, err
	}
	return []part{p.agendaPart(src), p.positionsPart(src), p.consultationsPart(src), p.delegationPart(src), att}, nil
}

// The list sheets are tables whose columns add up to printWidth characters, so that
// they print at a readable size on A4 landscape: where a table had more columns than a
// page holds, two short ones share a column (commission and sector; decision and
// outcome; who answered and when). Positions is laid out for reading instead (see
// positionsPart).

func (p *Pack) agendaPart(src Source) part {
	delegate := p.Audience.Kind == domain.PackDelegate
	cols := []column{
		{p.L.T("pack.col.number"), 7, kindText},
		{p.L.T("field.title"), 26, kindLong},
		{p.L.T("field.documents"), 13, kindLong},
		{p.L.T("pack.col.commission_sector"), 12, kindText},
		{p.L.T("field.lead_ministry_id"), 16, kindLong},
		{p.L.T("pack.col.focal_point"), 11, kindText},
		{p.L.T("field.priority"), 8, kindStatus},
		{p.L.T("field.status"), 10, kindStatus},
		{p.L.T("pack.col.decision_outcome"), 18, kindLong},
	}
	if delegate {
		cols = append([]column{{p.L.T("pack.col.covered"), 7, kindText}}, cols...)
	}
	name := p.L.T("agenda.title")
	return part{name: name, cols: cols, fill: func(ctx context.Context, s *sheet) error {
		n := 0
		return prefetch(ctx, src.Items, func(r ItemRow) error {
			vals := []any{r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), Text(r.Documents), Text(joinNonEmpty(" · ", r.Commission, r.Sector)),
				p.pick(r.LeadEN, r.LeadKO), Text(r.FocalPoint), p.label(domain.PriorityEnum, r.Priority), p.label(domain.ItemStatusEnum, r.Status),
				Text(joinNonEmpty("\n", r.DecisionRef, r.Outcome))}
			if delegate {
				vals = append([]any{p.covered(r.Covered)}, vals...)
			}
			n++
			p.progress(name, n)
			return s.add(vals...)
		})
	}}
}

// joinNonEmpty joins the parts that are not empty with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, x := range parts {
		if x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, sep)
}

func (p *Pack) covered(c bool) any {
	if c {
		return p.labels["pack.covered"]
	}
	return nil
}

// positionsPart lays the briefs out for reading rather than as a table: a brief has four
// long texts, and ten columns squeezed onto a page's width printed them at 4 pt. Each
// brief is a block of rows, one per field: the item's number, the field's name and its
// value in one wide wrapped column, empty texts left out, a text too long for one row
// continued in the rows below (a row is at most 409 points tall, and a page prints only
// what a row shows). A block prints on one page where it fits (addBlock). The number on
// every row keeps a block together under the auto-filter (and tells which item a block
// split across two pages belongs to); filtering the field column on a stance gives the
// list of stances.
func (p *Pack) positionsPart(src Source) part {
	cols := []column{
		{p.L.T("pack.col.number"), 8, kindText},
		{p.L.T("pack.col.field"), 18, kindText},
		{p.L.T("pack.col.text"), 96, kindLong},
	}
	delegate := p.Audience.Kind == domain.PackDelegate
	name := p.L.T("session_nav.briefs")
	st := func(s *sheet) (heading, field func(string) excelize.Cell) {
		return func(v string) excelize.Cell { return excelize.Cell{StyleID: s.st.heading, Value: v} },
			func(id string) excelize.Cell { return excelize.Cell{StyleID: s.st.field, Value: p.L.T(id)} }
	}
	return part{name: name, cols: cols, fill: func(ctx context.Context, s *sheet) error {
		heading, field := st(s)
		n := 0
		return prefetch(ctx, src.Positions, func(r PositionRow) error {
			status := p.label(domain.BriefStatusEnum, r.Status)
			if r.UnderRevisionSince != nil {
				// The last final text of a brief reopened since: it holds until a new one is final.
				status.Label += " · " + p.L.T("briefs.under_revision_since", "At", r.UnderRevisionSince.In(p.GeneratedAt.Location()).Format(time.DateOnly))
			}
			rows := [][]any{
				{heading(r.Number), heading(p.L.T("field.title")), heading(p.pick(r.TitleEN, r.TitleKO))},
			}
			if delegate && r.Covered {
				rows = append(rows, []any{r.Number, field("pack.col.covered"), p.labels["pack.covered"]})
			}
			rows = append(rows,
				[]any{r.Number, field("field.stance"), p.label(domain.StanceEnum, r.Stance)},
				[]any{r.Number, field("pack.col.brief_status"), status})
			for _, t := range []struct{ id, en, ko string }{
				{"pack.col.summary", r.SummaryEN, r.SummaryKO},
				{"field.key_points", r.KeyPointsEN, r.KeyPointsKO},
				{"pack.col.intervention", r.InterventionEN, r.InterventionKO},
				{"field.background", r.BackgroundEN, r.BackgroundKO},
			} {
				text, note := p.pickMarked(t.en, t.ko)
				if strings.TrimSpace(text) == "" {
					continue
				}
				name := field(t.id)
				if note != "" {
					// Written only in the other language: the field's name says so.
					name.Value = p.L.T(t.id) + " (" + note + ")"
				}
				// A text longer than a row holds goes on in the rows below, each
				// named by its field, so that all of it prints.
				for _, part := range splitRows(text, cols[2].Width, rowLines) {
					rows = append(rows, []any{r.Number, name, Text(part)})
				}
			}
			// In a column of text, the revision and the day read as text, from the left.
			rows = append(rows, []any{r.Number, field("briefs.revision"), strconv.Itoa(r.Revision)})
			if !r.UpdatedAt.IsZero() {
				rows = append(rows, []any{r.Number, field("pack.col.updated"), r.UpdatedAt.Format("2006-01-02")})
			}
			if err := s.addBlock(rows); err != nil {
				return err
			}
			n++
			p.progress(name, n)
			return nil
		})
	}}
}

func (p *Pack) consultationsPart(src Source) part {
	name := p.L.T("session_nav.consultations")
	cols := []column{
		{p.L.T("pack.col.number"), 7, kindText},
		{p.L.T("field.title"), 17, kindLong},
		{p.L.T("consultations.col_ministry"), 12, kindLong},
		{p.L.T("consultations.col_question"), 22, kindLong},
		{p.L.T("consultations.asked_on"), 11, kindDate},
		{p.L.T("consultations.col_due"), 11, kindDate},
		{p.L.T("field.status"), 9, kindStatus},
		{p.L.T("consultations.col_answer"), 22, kindLong},
		{p.L.T("pack.col.answered"), 13, kindText},
	}
	return part{name: name, cols: cols, fill: func(ctx context.Context, s *sheet) error {
		n := 0
		return prefetch(ctx, src.Consultations, func(r ConsultationRow) error {
			status := p.label(domain.ConsultationStatusEnum, r.Status)
			if r.Overdue {
				status = p.status("overdue", overdueLabel)
			}
			answered := r.AnsweredBy
			if r.AnsweredAt != nil {
				answered = joinNonEmpty("\n", answered, r.AnsweredAt.Format("2006-01-02"))
			}
			n++
			p.progress(name, n)
			return s.add(r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), p.pick(r.MinistryEN, r.MinistryKO), Text(r.Question),
				r.AskedOn, r.DueOn, status, Text(r.AnswerText(p.L.T)), Text(answered))
		})
	}}
}

func (p *Pack) delegationPart(src Source) part {
	cols := []column{
		{p.L.T("field.name"), 16, kindText},
		{p.L.T("field.role"), 12, kindText},
		{p.L.T("pack.col.organisation"), 20, kindLong},
		{p.L.T("pack.col.position_title"), 18, kindLong},
		{p.L.T("field.accreditation"), 12, kindStatus},
		{p.L.T("pack.col.arrives"), 11, kindDate},
		{p.L.T("pack.col.departs"), 11, kindDate},
		{p.L.T("pack.col.funded_by"), 13, kindText},
		{p.L.T("members.covered"), 11, kindLong},
	}
	return part{name: p.L.T("session_nav.delegation"), cols: cols, fill: func(ctx context.Context, s *sheet) error {
		return prefetch(ctx, src.Members, func(r MemberRow) error {
			return s.add(Text(p.pick(r.NameEN, r.NameKO)), p.label(domain.MemberRoleEnum, r.Role).Label, Text(r.Organisation), Text(r.Title),
				p.label(domain.AccreditationEnum, r.Accreditation), r.ArrivesOn, r.DepartsOn, Text(r.FundedBy), Text(r.Items))
		})
	}}
}

// attendancePart reads the attendance first: the session's days are its columns.
func (p *Pack) attendancePart(ctx context.Context, src Source) (part, error) {
	days, rows, err := src.Attendance(ctx)
	if err != nil {
		return part{}, err
	}
	// A day is a narrow column headed by its month and day (the year is the session's),
	// so that two weeks print across one page; a longer session prints across more.
	cols := []column{{p.L.T("field.name"), 18, kindText}}
	for _, d := range days {
		cols = append(cols, column{d.Format("01-02"), 7, kindStatus})
	}
	return part{name: p.L.T("session_nav.attendance"), cols: cols, fill: func(_ context.Context, s *sheet) error {
		for _, r := range rows {
			vals := []any{Text(p.pick(r.NameEN, r.NameKO))}
			for _, d := range days {
				vals = append(vals, p.label(domain.AttendanceStatusEnum, r.Days[d]))
			}
			if err := s.add(vals...); err != nil {
				return err
			}
		}
		return nil
	}}, nil
}
