package exports

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// Audience is who a pack is cut for: a kind of domain.PackAudiences and a label.
type Audience struct {
	Kind  string
	Label string // the ministry's code or the delegate's name, for the file name and the overview
}

// Overview is the first sheet's summary of the session.
type Overview struct {
	Code, TitleEN, TitleKO string
	Body, Venue            string
	StartsOn, EndsOn       time.Time
	BriefDeadline          *time.Time
	Status                 string
	ItemsByStatus          map[string]int
	BriefsByStatus         map[string]int
	BriefsByStance         map[string]int
	OpenConsultations      int
	OverdueConsultations   int
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
	KeyPointsEN, KeyPointsKO       string
	BackgroundEN, BackgroundKO     string
	InterventionEN, InterventionKO string
	Revision                       int
	UpdatedAt                      time.Time
	UnderRevisionSince             *time.Time // a final text reopened since, for a delegate's pack
	Covered                        bool
}

// ConsultationRow is one request to a ministry and its answer.
type ConsultationRow struct {
	Number, TitleEN, TitleKO string
	MinistryEN, MinistryKO   string
	Question                 string
	AskedOn, DueOn           time.Time
	Status                   string
	Overdue                  bool
	Answer, AnsweredBy       string
	AnsweredAt               *time.Time
	// AnswerFiles names the answer files of a request answered by them alone.
	AnswerFiles string
}

// AnswerText returns the answer as a reader reads it, with t the catalogue: the typed
// text, or the names of the files that are the answer.
func (r ConsultationRow) AnswerText(t func(id string, args ...any) string) string {
	if r.Answer == "" && r.AnswerFiles != "" {
		return t("consultations.answered_with_file", "Name", r.AnswerFiles)
	}
	return r.Answer
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
	labels map[string]string

	Audience    Audience
	L           *i18n.Localizer
	GeneratedBy string
	GeneratedAt time.Time
	// Progress, when set, is told how many rows of which sheet have been written.
	Progress func(sheet string, rows int)
}

// FileName is the pack's file name, such as 220EX_briefing_full_en_2026-11-27.xlsx.
func (p *Pack) FileName(sessionCode string) string {
	return fileName(sessionCode, "briefing", p.Audience, p.L.Lang(), p.GeneratedAt, "xlsx")
}

// fileName names an export of a session for an audience, in a language, made on a day:
// the session's code without spaces, what it is, the audience, the language and the day,
// with every character a file system might refuse made an underscore.
func fileName(sessionCode, what string, a Audience, lang string, at time.Time, ext string) string {
	aud := a.Kind
	if a.Label != "" {
		aud += "-" + a.Label
	}
	name := fmt.Sprintf("%s_%s_%s_%s_%s.%s", strings.ReplaceAll(sessionCode, " ", ""), what, aud, lang, at.Format("2006-01-02"), ext)
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, name)
}

// Workbook is a built pack, ready to be written out. Close removes its temporary files.
type Workbook struct{ f *excelize.File }

// WriteTo writes the .xlsx file to w as it is zipped, every sheet set to print fitted to
// the page width.
func (wb *Workbook) WriteTo(w io.Writer) (int64, error) {
	n, err := writeStreaming(wb.f, w)
	if err != nil {
		return n, fmt.Errorf("exports: write pack: %w", err)
	}
	return n, nil
}

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
	p.labels = labelsOf(p.L)
	footer := ov.Code + " · " + p.L.T("pack.title")
	if err := p.writeOverview(ctx, f, st, footer, ov, src); err != nil {
		return err
	}
	parts, err := p.listParts(ctx, src)
	if err != nil {
		return err
	}
	if err := p.writeParts(ctx, f, st, footer, parts); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    ov.Code + " " + p.L.T("pack.title"),
		Subject:  p.L.Marked(ov.TitleEN, ov.TitleKO),
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

// pick is a name or an item's title in the pack's language, or in the other where it has
// none: names and UNESCO's titles fall back without a mark.
func (p *Pack) pick(en, ko string) string { return domain.Pick(p.L.Lang(), en, ko).Text }

// pickMarked is a record's own bilingual text (a session's title, a brief's texts) in the
// pack's language or the other, and the note that says it is in the other ("" when it is
// not), as pages and the book mark it (i18n.Localizer.Pick).
func (p *Pack) pickMarked(en, ko string) (text, note string) {
	t, note := p.L.Pick(en, ko)
	return t.Text, note
}

// label is the name of a value of one of the domain's enums, under the catalogue id the
// pages use, from the labels read once per pack, so that sheets filled at the same time
// only read them. A value the enum does not list is shown as it is.
func (p *Pack) label(e *domain.Enum, code string) Status {
	return p.status(code, e.Label(code))
}

// status is the value code shown by the name the catalogue gives id.
func (p *Pack) status(code, id string) Status {
	if code == "" {
		return Status{}
	}
	if l, ok := p.labels[id]; ok {
		return Status{Code: code, Label: l}
	}
	return Status{Code: code, Label: code}
}

// overdueLabel is the name of a consultation still open past its due date, which is not a
// status of its own but is shown as one.
const overdueLabel = "consultations.status_overdue"

// labelsOf reads every label of the pack in one language: the names of the values of
// every domain enum, as the pages name them.
func labelsOf(l *i18n.Localizer) map[string]string {
	m := map[string]string{"pack.covered": l.T("pack.covered"), overdueLabel: l.T(overdueLabel)}
	for _, e := range domain.Enums {
		for _, v := range e.Values {
			m[e.Label(v)] = l.T(e.Label(v))
		}
	}
	return m
}
