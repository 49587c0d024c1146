package exports

import (
	"context"
	"errors"
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
	for i, pt := range parts {
		s, err := newSheet(f, st, pt.name, footer, pt.cols)
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

func (p *Pack) agendaPart(src Source) part {
	delegate := p.Audience.Kind == domain.PackDelegate
	cols := []column{
		{p.L.T("pack.col.number"), 9, kindText},
		{p.L.T("field.title"), 50, kindLong},
		{p.L.T("field.documents"), 22, kindLong},
		{p.L.T("import.h_commission"), 12, kindText},
		{p.L.T("field.sector"), 10, kindText},
		{p.L.T("field.lead_ministry_id"), 26, kindLong},
		{p.L.T("pack.col.focal_point"), 18, kindText},
		{p.L.T("field.priority"), 10, kindStatus},
		{p.L.T("field.status"), 12, kindStatus},
		{p.L.T("pack.col.decision"), 20, kindText},
		{p.L.T("items.outcome"), 40, kindLong},
	}
	if delegate {
		cols = append([]column{{p.L.T("pack.col.covered"), 10, kindText}}, cols...)
	}
	name := p.L.T("agenda.title")
	return part{name: name, cols: cols, fill: func(ctx context.Context, s *sheet) error {
		n := 0
		return prefetch(ctx, src.Items, func(r ItemRow) error {
			vals := []any{r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), Text(r.Documents), Text(r.Commission), Text(r.Sector),
				p.pick(r.LeadEN, r.LeadKO), Text(r.FocalPoint), p.label(domain.PriorityEnum, r.Priority), p.label(domain.ItemStatusEnum, r.Status),
				Text(r.DecisionRef), Text(r.Outcome)}
			if delegate {
				vals = append([]any{p.covered(r.Covered)}, vals...)
			}
			n++
			p.progress(name, n)
			return s.add(vals...)
		})
	}}
}

func (p *Pack) covered(c bool) any {
	if c {
		return p.labels["pack.covered"]
	}
	return nil
}

func (p *Pack) positionsPart(src Source) part {
	delegate := p.Audience.Kind == domain.PackDelegate
	cols := []column{
		{p.L.T("pack.col.number"), 9, kindText},
		{p.L.T("field.title"), 36, kindLong},
		{p.L.T("field.stance"), 16, kindStatus},
		{p.L.T("pack.col.brief_status"), 12, kindStatus},
		{p.L.T("pack.col.summary"), 50, kindLong},
		{p.L.T("field.key_points"), 50, kindLong},
		{p.L.T("pack.col.intervention"), 50, kindLong},
		{p.L.T("field.background"), 50, kindLong},
		{p.L.T("briefs.revision"), 9, kindNumber},
		{p.L.T("pack.col.updated"), 12, kindDate},
	}
	if delegate {
		cols = append([]column{{p.L.T("pack.col.covered"), 10, kindText}}, cols...)
	}
	name := p.L.T("session_nav.briefs")
	return part{name: name, cols: cols, fill: func(ctx context.Context, s *sheet) error {
		n := 0
		return prefetch(ctx, src.Positions, func(r PositionRow) error {
			status := p.label(domain.BriefStatusEnum, r.Status)
			if r.UnderRevisionSince != nil {
				status.Label += " · " + p.L.T("briefs.under_revision_since", "At", r.UnderRevisionSince.In(p.GeneratedAt.Location()).Format(time.DateOnly))
			}
			vals := []any{r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), p.label(domain.StanceEnum, r.Stance), status,
				Text(p.pick(r.SummaryEN, r.SummaryKO)), Text(r.KeyPoints), Text(p.pick(r.InterventionEN, r.InterventionKO)),
				Text(r.Background), r.Revision, r.UpdatedAt}
			if delegate {
				vals = append([]any{p.covered(r.Covered)}, vals...)
			}
			n++
			p.progress(name, n)
			return s.add(vals...)
		})
	}}
}

func (p *Pack) consultationsPart(src Source) part {
	name := p.L.T("session_nav.consultations")
	cols := []column{
		{p.L.T("pack.col.number"), 9, kindText},
		{p.L.T("field.title"), 34, kindLong},
		{p.L.T("consultations.col_ministry"), 24, kindLong},
		{p.L.T("consultations.col_question"), 44, kindLong},
		{p.L.T("consultations.col_due"), 12, kindDate},
		{p.L.T("field.status"), 12, kindStatus},
		{p.L.T("consultations.col_answer"), 50, kindLong},
		{p.L.T("pack.col.answered_by"), 18, kindText},
		{p.L.T("pack.col.answered_at"), 12, kindDate},
	}
	return part{name: name, cols: cols, fill: func(ctx context.Context, s *sheet) error {
		n := 0
		return prefetch(ctx, src.Consultations, func(r ConsultationRow) error {
			status := p.label(domain.ConsultationStatusEnum, r.Status)
			if r.Overdue {
				status = p.status("overdue", overdueLabel)
			}
			n++
			p.progress(name, n)
			return s.add(r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), p.pick(r.MinistryEN, r.MinistryKO), Text(r.Question),
				r.DueOn, status, Text(r.Answer), Text(r.AnsweredBy), r.AnsweredAt)
		})
	}}
}

func (p *Pack) delegationPart(src Source) part {
	cols := []column{
		{p.L.T("field.name"), 24, kindText},
		{p.L.T("field.role"), 18, kindText},
		{p.L.T("pack.col.organisation"), 26, kindLong},
		{p.L.T("pack.col.position_title"), 22, kindLong},
		{p.L.T("field.accreditation"), 14, kindStatus},
		{p.L.T("pack.col.arrives"), 12, kindDate},
		{p.L.T("pack.col.departs"), 12, kindDate},
		{p.L.T("pack.col.funded_by"), 18, kindText},
		{p.L.T("members.covered"), 30, kindLong},
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
	cols := []column{{p.L.T("field.name"), 24, kindText}}
	for _, d := range days {
		cols = append(cols, column{d.Format("2006-01-02"), 12, kindStatus})
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
