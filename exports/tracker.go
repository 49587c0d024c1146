package exports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
)

// The consultation tracker is the workbook a ministry fills in when it answers by
// spreadsheet: one row per open consultation, with a stable ID, what is asked, by when,
// and an empty Answer cell. Only the Answer cells can be edited; the sheet is protected
// so that the rest, and the hidden Version column, come back as they left. ReadTracker
// reads the returned file; the store decides which answers it records, so a file
// changed by hand records nothing it should not.

// The columns of the tracker's first sheet, in their order. ReadTracker finds the ID,
// Answer and Version columns by their headers, in either language.
const (
	trackerID = iota
	trackerSession
	trackerItem
	trackerTitle
	trackerMinistry
	trackerQuestion
	trackerComment
	trackerAsked
	trackerDue
	trackerAnswer
	trackerVersion
	trackerColumns
)

// trackerWidths are the columns' widths, in characters: the visible ones add up to
// printWidth, so that the tracker prints at a readable size on A4 landscape.
var trackerWidths = [trackerColumns]float64{7, 9, 7, 14, 12, 20, 11, 10, 11, 23, 8}

// trackerIDFormat shows an ID as "#41": a bare number beside the session's code read as
// one ("20" beside "21 ICH" printed as "2021 ICH"). The cell still holds the number;
// ReadTracker reads either form back.
const trackerIDFormat = `"#"0`

// TrackerLabels are the texts of a tracker in one language.
type TrackerLabels struct {
	Sheet string // the name of the sheet of consultations
	Guide string // the name of the sheet of instructions
	// The column headers.
	ID, Session, Item, Title, Ministry, Question, Comment, Asked, Due, Answer, Version string
	// The instructions sheet: its heading, the names of its facts and its paragraphs.
	Heading, MinistryLabel, AllMinistries, GeneratedBy, GeneratedAt, Count string
	Instructions                                                           []string
	// The message a spreadsheet shows when an answer is too long.
	TooLongTitle, TooLong string
}

// headers returns the column headers in the columns' order.
func (l TrackerLabels) headers() [trackerColumns]string {
	return [trackerColumns]string{l.ID, l.Session, l.Item, l.Title, l.Ministry, l.Question, l.Comment, l.Asked, l.Due, l.Answer, l.Version}
}

// Tracker is a consultation tracker workbook for one ministry, or for all.
type Tracker struct {
	Lang        string // "ko" or "en": which titles and names to write
	Labels      TrackerLabels
	Ministry    string    // the ministry's name, or "" for every ministry
	GeneratedBy string    // who downloaded it
	GeneratedAt time.Time // when, in the configured time zone
	Rows        []domain.Consultation
}

// trackerStyles are the cell styles of a tracker, made once per workbook.
type trackerStyles struct {
	header, text, wrap, date, id, version, answer, title, label int
}

// Write writes the workbook to w.
func (t *Tracker) Write(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newTrackerStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", t.Labels.Sheet); err != nil {
		return fmt.Errorf("exports: tracker: %w", err)
	}
	if err := t.writeRows(f, st); err != nil {
		return fmt.Errorf("exports: tracker: %w", err)
	}
	if err := t.writeGuide(f, st); err != nil {
		return fmt.Errorf("exports: tracker guide: %w", err)
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: t.Labels.Heading, Creator: "Plenary", Language: t.Lang}); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("exports: tracker: %w", err)
	}
	return nil
}

// writeRows writes the sheet of consultations: the header, one row per consultation,
// then the protection that leaves only the Answer cells open.
func (t *Tracker) writeRows(f *excelize.File, st *trackerStyles) error {
	name := t.Labels.Sheet
	for i, w := range trackerWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	for i, h := range t.Labels.headers() {
		if err := f.SetCellStr(name, trackerCell(i, 1), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(name, trackerCell(0, 1), trackerCell(trackerColumns-1, 1), st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 1, max(rowHeightFor(trackerLines(t.Labels.headers())), 24)); err != nil {
		return err
	}
	for n, c := range t.Rows {
		row := n + 2
		text := [trackerColumns]string{
			trackerTitle: c.ItemTitle(t.Lang), trackerMinistry: c.MinistryCode + " · " + c.MinistryName(t.Lang),
			trackerQuestion: c.Question, trackerComment: c.ReturnComment,
		}
		if err := f.SetRowHeight(name, row, rowHeightFor(trackerLines(text))); err != nil {
			return err
		}
		cells := [trackerColumns]struct {
			v     any
			style int
		}{
			trackerID:       {c.ID, st.id},
			trackerSession:  {c.SessionCode, st.wrap},
			trackerItem:     {c.ItemNumber, st.wrap},
			trackerTitle:    {text[trackerTitle], st.wrap},
			trackerMinistry: {text[trackerMinistry], st.wrap},
			trackerQuestion: {text[trackerQuestion], st.wrap},
			trackerComment:  {text[trackerComment], st.wrap},
			trackerAsked:    {c.AskedOn, st.date},
			trackerDue:      {c.DueOn, st.date},
			trackerAnswer:   {"", st.answer},
			trackerVersion:  {c.Version, st.version},
		}
		for i, x := range cells {
			ref := trackerCell(i, row)
			var err error
			switch v := x.v.(type) {
			case string:
				// Text is always text: a question starting with "=" is not a formula.
				err = f.SetCellStr(name, ref, v)
			default:
				err = f.SetCellValue(name, ref, v)
			}
			if err == nil {
				err = f.SetCellStyle(name, ref, ref, x.style)
			}
			if err != nil {
				return err
			}
		}
	}
	last := max(len(t.Rows)+1, 2)
	if err := f.SetColVisible(name, trackerColumn(trackerVersion), false); err != nil {
		return err
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := f.AutoFilter(name, trackerCell(0, 1)+":"+trackerCell(trackerColumns-1, last), nil); err != nil {
		return err
	}
	if len(t.Rows) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = trackerCell(trackerAnswer, 2) + ":" + trackerCell(trackerAnswer, last)
		if err := dv.SetRange(0, domain.MaxAnswerLength, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, t.Labels.TooLongTitle, t.Labels.TooLong)
		if err := f.AddDataValidation(name, dv); err != nil {
			return err
		}
	}
	if err := trackerPrintSetup(f, name); err != nil {
		return err
	}
	return f.ProtectSheet(name, &excelize.SheetProtectionOptions{
		SelectLockedCells:   true,
		SelectUnlockedCells: true,
		AutoFilter:          true,
		FormatRows:          true, // to make a row taller and read a long answer
	})
}

// writeGuide writes the sheet that says what the tracker is and how to fill it in.
func (t *Tracker) writeGuide(f *excelize.File, st *trackerStyles) error {
	name := t.Labels.Guide
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.SetColWidth(name, "A", "A", 24); err != nil {
		return err
	}
	if err := f.SetColWidth(name, "B", "B", trackerGuideWidth); err != nil {
		return err
	}
	if err := trackerPageSetup(f, name); err != nil {
		return err
	}
	ministry := t.Ministry
	if ministry == "" {
		ministry = t.Labels.AllMinistries
	}
	facts := [][2]string{
		{t.Labels.MinistryLabel, ministry},
		{t.Labels.GeneratedBy, t.GeneratedBy},
		{t.Labels.GeneratedAt, t.GeneratedAt.Format("2006-01-02 15:04")},
		{t.Labels.Count, fmt.Sprint(len(t.Rows))},
	}
	if err := f.SetCellStr(name, "A1", t.Labels.Heading); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", "A1", st.title); err != nil {
		return err
	}
	row := 3
	for _, fact := range facts {
		if err := f.SetCellStr(name, trackerCell(0, row), fact[0]); err != nil {
			return err
		}
		if err := f.SetCellStr(name, trackerCell(1, row), fact[1]); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, trackerCell(0, row), trackerCell(0, row), st.label); err != nil {
			return err
		}
		row++
	}
	row++
	for _, p := range t.Labels.Instructions {
		ref := trackerCell(1, row)
		if err := f.SetCellStr(name, ref, p); err != nil {
			return err
		}
		if err := f.SetRowHeight(name, row, rowHeightFor(wrappedLines(p, trackerGuideWidth))); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, ref, ref, st.wrap); err != nil {
			return err
		}
		row++
	}
	return f.ProtectSheet(name, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true})
}

// trackerGuideWidth is the width of the instructions' column, in characters.
const trackerGuideWidth = 90

// trackerLines is how many lines the tallest of a row's texts takes in its column.
func trackerLines(text [trackerColumns]string) int {
	lines := 1
	for i, s := range text {
		lines = max(lines, wrappedLines(s, trackerWidths[i]))
	}
	return lines
}

// trackerPageSetup prints a sheet of the tracker as the pack's sheets print: landscape
// on A4 between narrow margins, fitted to the page's width.
func trackerPageSetup(f *excelize.File, name string) error {
	landscape, wide, tall, paper, fit := "landscape", 1, 0, 9, true // 9 is A4
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall, Size: &paper}); err != nil {
		return err
	}
	if err := f.SetPageMargins(name, pageMargins()); err != nil {
		return err
	}
	return f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// trackerPrintSetup sets the sheet of consultations' page, with the header row on every
// page.
func trackerPrintSetup(f *excelize.File, name string) error {
	if err := trackerPageSetup(f, name); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", strings.ReplaceAll(name, "'", "''")), Scope: name,
	})
}

func newTrackerStyles(f *excelize.File) (*trackerStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "D5DAE1", Style: 1}, {Type: "right", Color: "D5DAE1", Style: 1},
		{Type: "top", Color: "D5DAE1", Style: 1}, {Type: "bottom", Color: "D5DAE1", Style: 1},
	}
	locked := &excelize.Protection{Locked: true}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	dateFmt := "yyyy-mm-dd"
	st := &trackerStyles{}
	font := fontOf(f)
	defs := []struct {
		dst *int
		s   *excelize.Style
	}{
		{&st.header, &excelize.Style{Font: font(excelize.Font{Bold: true}), Border: border, Protection: locked,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F3"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&st.text, &excelize.Style{Border: border, Alignment: top, Protection: locked}},
		{&st.wrap, &excelize.Style{Border: border, Alignment: wrapTop, Protection: locked}},
		{&st.date, &excelize.Style{Border: border, Alignment: top, Protection: locked, CustomNumFmt: &dateFmt}},
		{&st.id, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}, Protection: locked,
			Font: font(excelize.Font{Bold: true}), CustomNumFmt: strPtr(trackerIDFormat)}},
		{&st.version, &excelize.Style{Border: border, Alignment: top, Protection: locked, NumFmt: 1}},
		{&st.answer, &excelize.Style{Border: border, Alignment: wrapTop, Protection: &excelize.Protection{Locked: false},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}}},
		{&st.title, &excelize.Style{Font: font(excelize.Font{Bold: true, Size: 14}), Protection: locked}},
		{&st.label, &excelize.Style{Font: font(excelize.Font{Bold: true}), Alignment: top, Protection: locked}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return nil, fmt.Errorf("exports: tracker styles: %w", err)
		}
		*d.dst = id
	}
	return st, nil
}

// trackerColumn returns the letter of column i (0: A).
func trackerColumn(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

// trackerCell returns the reference of column i (0: A) in row.
func trackerCell(i, row int) string { return fmt.Sprintf("%s%d", trackerColumn(i), row) }
