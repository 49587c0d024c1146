package exports

import (
	"context"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
)

// writeOverview writes the first sheet: the session, the audience, who generated the
// pack and when, and the counts of items, briefs and consultations.
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
	if err := printSetup(f, name, footer, 1); err != nil {
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
		{excelize.Cell{StyleID: st.title, Value: SafeText(ov.Code + " · " + p.L.Marked(ov.TitleEN, ov.TitleKO))}},
		{},
		{lbl("field.body_id"), txt(ov.Body)},
		{lbl("field.venue"), txt(ov.Venue)},
		{lbl("field.starts_on"), day(ov.StartsOn)},
		{lbl("field.ends_on"), day(ov.EndsOn)},
	}
	if ov.BriefDeadline != nil {
		rows = append(rows, []any{lbl("field.brief_deadline"), day(*ov.BriefDeadline)})
	}
	rows = append(rows,
		[]any{lbl("pack.field.session_status"), txt(p.label(domain.SessionStatusEnum, ov.Status).Label)},
		[]any{lbl("pack.field.audience"), txt(audience)},
		[]any{lbl("pack.field.generated_by"), txt(p.GeneratedBy)},
		[]any{lbl("pack.field.generated_at"), txt(p.GeneratedAt.Format("2006-01-02 15:04 MST"))},
		[]any{},
		[]any{lbl("pack.field.open_consultations"), ov.OpenConsultations},
		[]any{lbl("consultations.dashboard_overdue"), ov.OverdueConsultations},
	)
	for _, r := range rows {
		if err := put(r...); err != nil {
			return err
		}
	}
	for _, block := range []struct {
		title  string
		enum   *domain.Enum
		counts map[string]int
	}{
		{"pack.field.items_by_status", domain.ItemStatusEnum, ov.ItemsByStatus},
		{"pack.field.briefs_by_status", domain.BriefStatusEnum, ov.BriefsByStatus},
		{"pack.field.briefs_by_stance", domain.StanceEnum, ov.BriefsByStance},
	} {
		if err := put(); err != nil {
			return err
		}
		if err := put(excelize.Cell{StyleID: st.header, Value: p.L.T(block.title)}, excelize.Cell{StyleID: st.header, Value: p.L.T("pack.field.count")}); err != nil {
			return err
		}
		for _, code := range orderedKeys(block.counts, block.enum.Values) {
			l := p.label(block.enum, code)
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
