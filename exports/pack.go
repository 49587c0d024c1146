package exports

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/i18n"
)

// Audience kinds of a briefing pack.
const (
	AudienceFull     = "full"     // staff and admin: everything
	AudienceMinistry = "ministry" // one ministry: the items it leads or is consulted on
	AudienceDelegate = "delegate" // one delegate: final briefs only, their items first
)

// Audience is who a pack is cut for.
type Audience struct {
	Kind  string
	Label string // the ministry's code or the delegate's e-mail, for the file name and the overview
}

// Overview is the first sheet's summary of the session.
type Overview struct {
	Code, Title, Body, Venue string
	StartsOn, EndsOn         time.Time
	BriefDeadline            *time.Time
	Status                   string
	ItemsByStatus            map[string]int
	BriefsByStatus           map[string]int
	BriefsByStance           map[string]int
	OpenConsultations        int
	OverdueConsultations     int
}

// ItemRow is one agenda item.
type ItemRow struct {
	Number, TitleEN, TitleKO, Documents, Commission, Sector string
	LeadEN, LeadKO, FocalPoint                              string
	Priority, Status, DecisionRef, Outcome                  string
	Covered                                                 bool // covered by the delegate the pack is for
}

// PositionRow is the brief on one item, as the audience may read it.
type PositionRow struct {
	Number, TitleEN, TitleKO       string
	Stance, Status                 string
	SummaryEN, SummaryKO           string
	KeyPoints, Background          string
	InterventionEN, InterventionKO string
	Revision                       int
	UpdatedAt                      time.Time
	Covered                        bool
}

// ConsultationRow is one request to a ministry and its answer.
type ConsultationRow struct {
	Number, TitleEN, TitleKO string
	MinistryEN, MinistryKO   string
	Question                 string
	DueOn                    time.Time
	Status                   string
	Overdue                  bool
	Answer, AnsweredBy       string
	AnsweredAt               *time.Time
}

// MemberRow is one member of the delegation.
type MemberRow struct {
	NameEN, NameKO, Role, Organisation, Title, Accreditation string
	ArrivesOn, DepartsOn                                     *time.Time
	FundedBy, Items                                          string
}

// AttendanceRow is one member's attendance, by day ("present", "absent", "partial").
type AttendanceRow struct {
	NameEN, NameKO string
	Days           map[time.Time]string
}

// Source gives the pack its rows, already cut for the audience and in UNESCO's order.
// Row functions are called once per row, so that a source can stream from the database.
type Source interface {
	Overview(ctx context.Context) (*Overview, error)
	Items(ctx context.Context, fn func(ItemRow) error) error
	Positions(ctx context.Context, fn func(PositionRow) error) error
	Consultations(ctx context.Context, fn func(ConsultationRow) error) error
	Members(ctx context.Context, fn func(MemberRow) error) error
	Attendance(ctx context.Context) (days []time.Time, rows []AttendanceRow, err error)
}

// Pack describes one briefing pack.
type Pack struct {
	Audience    Audience
	L           *i18n.Localizer
	GeneratedBy string
	GeneratedAt time.Time
	// Progress, when set, is told how many rows of which sheet have been written.
	Progress func(sheet string, rows int)
}

// FileName is the pack's file name, such as 220EX_briefing_full_en_2026-11-27.xlsx.
func (p *Pack) FileName(sessionCode string) string {
	aud := p.Audience.Kind
	if p.Audience.Label != "" {
		aud += "-" + p.Audience.Label
	}
	name := fmt.Sprintf("%s_briefing_%s_%s_%s.xlsx", strings.ReplaceAll(sessionCode, " ", ""), aud, p.L.Lang(), p.GeneratedAt.Format("2006-01-02"))
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, name)
}

// Workbook is a built pack, ready to be written out. Close removes its temporary files.
type Workbook struct{ f *excelize.File }

// WriteTo writes the .xlsx file to w, every sheet set to print fitted to the page width.
func (wb *Workbook) WriteTo(w io.Writer) (int64, error) { return wb.writeVia(w) }

// Close releases the workbook's temporary files.
func (wb *Workbook) Close() error { return wb.f.Close() }

// Write builds the pack from src and writes the workbook to w.
func (p *Pack) Write(ctx context.Context, w io.Writer, src Source) error {
	wb, err := p.Build(ctx, src)
	if err != nil {
		return err
	}
	defer wb.Close()
	_, err = wb.WriteTo(w)
	return err
}

// Build reads every sheet from src into a workbook. Sheets are streamed (to temporary
// files once large), so that memory stays flat however long the agenda; the caller
// writes the workbook out, which can then no longer fail for want of data.
func (p *Pack) Build(ctx context.Context, src Source) (*Workbook, error) {
	ov, err := src.Overview(ctx)
	if err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	wb := &Workbook{f: f}
	if err := p.build(ctx, f, ov, src); err != nil {
		f.Close()
		return nil, err
	}
	return wb, nil
}

func (p *Pack) build(ctx context.Context, f *excelize.File, ov *Overview, src Source) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	footer := ov.Code + " · " + p.L.T("pack.title")
	steps := []func(context.Context, *excelize.File, *styles, string, *Overview, Source) error{
		p.writeOverview, p.writeAgenda, p.writePositions, p.writeConsultations, p.writeDelegation, p.writeAttendance,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(ctx, f, st, footer, ov, src); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    ov.Code + " " + p.L.T("pack.title"),
		Subject:  ov.Title,
		Creator:  p.GeneratedBy,
		Created:  p.GeneratedAt.UTC().Format(time.RFC3339),
		Keywords: strings.Join([]string{"Plenary", ov.Code, p.Audience.Kind, p.L.Lang()}, ", "),
		Language: p.L.Lang(),
	}); err != nil {
		return fmt.Errorf("exports: document properties: %w", err)
	}
	return nil
}

func (p *Pack) progress(sheet string, n int) {
	if p.Progress != nil && (n%1000 == 0) {
		p.Progress(sheet, n)
	}
}

func (p *Pack) pick(en, ko string) string {
	if p.L.Lang() == "ko" && ko != "" {
		return ko
	}
	if en == "" {
		return ko
	}
	return en
}

// label translates a code of a kind ("item_status", "stance", …) with the pack's own
// messages.
func (p *Pack) label(kind, code string) Status {
	if code == "" {
		return Status{}
	}
	return Status{Code: code, Label: p.L.T("pack." + kind + "." + code)}
}

func (p *Pack) writeOverview(ctx context.Context, f *excelize.File, st *styles, footer string, ov *Overview, _ Source) error {
	// excelize starts a workbook with an empty "Sheet1": the overview takes its place, so
	// that no streamed sheet is ever read back into memory to delete it.
	name := p.L.T("pack.sheet.overview")
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := printSetup(f, name, footer); err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 34); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 3, 40); err != nil {
		return err
	}
	row := 0
	put := func(values ...any) error {
		row++
		ref, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(ref, values)
	}
	lbl := func(id string) excelize.Cell { return excelize.Cell{StyleID: st.label, Value: p.L.T(id)} }
	txt := func(s string) excelize.Cell { return excelize.Cell{StyleID: st.text, Value: SafeText(s)} }
	day := func(t time.Time) excelize.Cell { return excelize.Cell{StyleID: st.date, Value: t} }
	audience := p.L.T("pack.audience." + p.Audience.Kind)
	if p.Audience.Label != "" {
		audience += " · " + p.Audience.Label
	}
	rows := [][]any{
		{excelize.Cell{StyleID: st.title, Value: SafeText(ov.Code + " · " + ov.Title)}},
		{},
		{lbl("pack.field.body"), txt(ov.Body)},
		{lbl("pack.field.venue"), txt(ov.Venue)},
		{lbl("pack.field.starts_on"), day(ov.StartsOn)},
		{lbl("pack.field.ends_on"), day(ov.EndsOn)},
	}
	if ov.BriefDeadline != nil {
		rows = append(rows, []any{lbl("pack.field.brief_deadline"), day(*ov.BriefDeadline)})
	}
	rows = append(rows,
		[]any{lbl("pack.field.session_status"), txt(p.L.T("pack.session_status." + ov.Status))},
		[]any{lbl("pack.field.audience"), txt(audience)},
		[]any{lbl("pack.field.generated_by"), txt(p.GeneratedBy)},
		[]any{lbl("pack.field.generated_at"), txt(p.GeneratedAt.Format("2006-01-02 15:04 MST"))},
		[]any{},
		[]any{lbl("pack.field.open_consultations"), ov.OpenConsultations},
		[]any{lbl("pack.field.overdue_consultations"), ov.OverdueConsultations},
	)
	for _, r := range rows {
		if err := put(r...); err != nil {
			return err
		}
	}
	for _, block := range []struct {
		title, kind string
		counts      map[string]int
		order       []string
	}{
		{"pack.field.items_by_status", "item_status", ov.ItemsByStatus, []string{"new", "in_progress", "ready", "decided", "withdrawn"}},
		{"pack.field.briefs_by_status", "brief_status", ov.BriefsByStatus, []string{"draft", "in_review", "approved", "final"}},
		{"pack.field.briefs_by_stance", "stance", ov.BriefsByStance, []string{"support", "support_with_amendments", "neutral", "monitor", "oppose", "no_position"}},
	} {
		if err := put(); err != nil {
			return err
		}
		if err := put(excelize.Cell{StyleID: st.header, Value: p.L.T(block.title)}, excelize.Cell{StyleID: st.header, Value: p.L.T("pack.field.count")}); err != nil {
			return err
		}
		for _, code := range orderedKeys(block.counts, block.order) {
			l := p.label(block.kind, code)
			if err := put(excelize.Cell{StyleID: st.status(code), Value: l.Label}, excelize.Cell{StyleID: st.number, Value: block.counts[code]}); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// orderedKeys lists the codes present in counts in the given order, then any others.
func orderedKeys(counts map[string]int, order []string) []string {
	var keys []string
	seen := map[string]bool{}
	for _, k := range order {
		if _, ok := counts[k]; ok {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range counts {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

func (p *Pack) writeAgenda(ctx context.Context, f *excelize.File, st *styles, footer string, _ *Overview, src Source) error {
	name := p.L.T("pack.sheet.agenda")
	cols := []column{
		{p.L.T("pack.col.number"), 9, kindText},
		{p.L.T("pack.col.title"), 50, kindLong},
		{p.L.T("pack.col.documents"), 22, kindLong},
		{p.L.T("pack.col.commission"), 12, kindText},
		{p.L.T("pack.col.sector"), 10, kindText},
		{p.L.T("pack.col.lead_ministry"), 26, kindLong},
		{p.L.T("pack.col.focal_point"), 18, kindText},
		{p.L.T("pack.col.priority"), 10, kindStatus},
		{p.L.T("pack.col.item_status"), 12, kindStatus},
		{p.L.T("pack.col.decision"), 20, kindText},
		{p.L.T("pack.col.outcome"), 40, kindLong},
	}
	delegate := p.Audience.Kind == AudienceDelegate
	if delegate {
		cols = append([]column{{p.L.T("pack.col.covered"), 10, kindText}}, cols...)
	}
	s, err := newSheet(f, st, name, footer, cols)
	if err != nil {
		return err
	}
	n := 0
	err = prefetch(ctx, src.Items, func(r ItemRow) error {
		vals := []any{r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), Text(r.Documents), Text(r.Commission), Text(r.Sector),
			p.pick(r.LeadEN, r.LeadKO), Text(r.FocalPoint), p.label("priority", r.Priority), p.label("item_status", r.Status),
			Text(r.DecisionRef), Text(r.Outcome)}
		if delegate {
			vals = append([]any{p.covered(r.Covered)}, vals...)
		}
		n++
		p.progress(name, n)
		return s.add(vals...)
	})
	if err != nil {
		return err
	}
	return s.finish()
}

func (p *Pack) covered(c bool) any {
	if c {
		return p.L.T("pack.covered")
	}
	return nil
}

func (p *Pack) writePositions(ctx context.Context, f *excelize.File, st *styles, footer string, _ *Overview, src Source) error {
	name := p.L.T("pack.sheet.positions")
	cols := []column{
		{p.L.T("pack.col.number"), 9, kindText},
		{p.L.T("pack.col.title"), 36, kindLong},
		{p.L.T("pack.col.stance"), 16, kindStatus},
		{p.L.T("pack.col.brief_status"), 12, kindStatus},
		{p.L.T("pack.col.summary"), 50, kindLong},
		{p.L.T("pack.col.key_points"), 50, kindLong},
		{p.L.T("pack.col.intervention"), 50, kindLong},
		{p.L.T("pack.col.background"), 50, kindLong},
		{p.L.T("pack.col.revision"), 9, kindNumber},
		{p.L.T("pack.col.updated"), 12, kindDate},
	}
	delegate := p.Audience.Kind == AudienceDelegate
	if delegate {
		cols = append([]column{{p.L.T("pack.col.covered"), 10, kindText}}, cols...)
	}
	s, err := newSheet(f, st, name, footer, cols)
	if err != nil {
		return err
	}
	n := 0
	err = prefetch(ctx, src.Positions, func(r PositionRow) error {
		vals := []any{r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), p.label("stance", r.Stance), p.label("brief_status", r.Status),
			Text(p.pick(r.SummaryEN, r.SummaryKO)), Text(r.KeyPoints), Text(p.pick(r.InterventionEN, r.InterventionKO)),
			Text(r.Background), r.Revision, r.UpdatedAt}
		if delegate {
			vals = append([]any{p.covered(r.Covered)}, vals...)
		}
		n++
		p.progress(name, n)
		return s.add(vals...)
	})
	if err != nil {
		return err
	}
	return s.finish()
}

func (p *Pack) writeConsultations(ctx context.Context, f *excelize.File, st *styles, footer string, _ *Overview, src Source) error {
	name := p.L.T("pack.sheet.consultations")
	s, err := newSheet(f, st, name, footer, []column{
		{p.L.T("pack.col.number"), 9, kindText},
		{p.L.T("pack.col.title"), 34, kindLong},
		{p.L.T("pack.col.ministry"), 24, kindLong},
		{p.L.T("pack.col.question"), 44, kindLong},
		{p.L.T("pack.col.due"), 12, kindDate},
		{p.L.T("pack.col.consultation_status"), 12, kindStatus},
		{p.L.T("pack.col.answer"), 50, kindLong},
		{p.L.T("pack.col.answered_by"), 18, kindText},
		{p.L.T("pack.col.answered_at"), 12, kindDate},
	})
	if err != nil {
		return err
	}
	n := 0
	err = prefetch(ctx, src.Consultations, func(r ConsultationRow) error {
		status := p.label("consultation_status", r.Status)
		if r.Overdue {
			status = Status{Code: "overdue", Label: p.L.T("pack.consultation_status.overdue")}
		}
		n++
		p.progress(name, n)
		return s.add(r.Number, Text(p.pick(r.TitleEN, r.TitleKO)), p.pick(r.MinistryEN, r.MinistryKO), Text(r.Question),
			r.DueOn, status, Text(r.Answer), Text(r.AnsweredBy), r.AnsweredAt)
	})
	if err != nil {
		return err
	}
	return s.finish()
}

func (p *Pack) writeDelegation(ctx context.Context, f *excelize.File, st *styles, footer string, _ *Overview, src Source) error {
	name := p.L.T("pack.sheet.delegation")
	s, err := newSheet(f, st, name, footer, []column{
		{p.L.T("pack.col.name"), 24, kindText},
		{p.L.T("pack.col.role"), 18, kindText},
		{p.L.T("pack.col.organisation"), 26, kindLong},
		{p.L.T("pack.col.position_title"), 22, kindLong},
		{p.L.T("pack.col.accreditation"), 14, kindStatus},
		{p.L.T("pack.col.arrives"), 12, kindDate},
		{p.L.T("pack.col.departs"), 12, kindDate},
		{p.L.T("pack.col.funded_by"), 18, kindText},
		{p.L.T("pack.col.items"), 30, kindLong},
	})
	if err != nil {
		return err
	}
	err = prefetch(ctx, src.Members, func(r MemberRow) error {
		return s.add(Text(p.pick(r.NameEN, r.NameKO)), p.L.T("pack.role."+r.Role), Text(r.Organisation), Text(r.Title),
			p.label("accreditation", r.Accreditation), r.ArrivesOn, r.DepartsOn, Text(r.FundedBy), Text(r.Items))
	})
	if err != nil {
		return err
	}
	return s.finish()
}

func (p *Pack) writeAttendance(ctx context.Context, f *excelize.File, st *styles, footer string, _ *Overview, src Source) error {
	name := p.L.T("pack.sheet.attendance")
	days, rows, err := src.Attendance(ctx)
	if err != nil {
		return err
	}
	cols := []column{{p.L.T("pack.col.name"), 24, kindText}}
	for _, d := range days {
		cols = append(cols, column{d.Format("2006-01-02"), 12, kindStatus})
	}
	s, err := newSheet(f, st, name, footer, cols)
	if err != nil {
		return err
	}
	for _, r := range rows {
		vals := []any{Text(p.pick(r.NameEN, r.NameKO))}
		for _, d := range days {
			vals = append(vals, p.label("attendance", r.Days[d]))
		}
		if err := s.add(vals...); err != nil {
			return err
		}
	}
	return s.finish()
}
