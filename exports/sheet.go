package exports

// The briefing pack and the consultation tracker share these helpers: newSheet writes a
// streamed sheet with a frozen, filtered header and print set-up; SafeText keeps typed
// text literal; styles are made once per workbook.

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// cellLimit is the most characters (UTF-16 units) a spreadsheet cell holds.
const cellLimit = excelize.TotalCellChars

// column is one column of a sheet: its header, its width in characters, and how its cells
// are written.
type column struct {
	Header string
	Width  float64
	Kind   cellKind
}

// cellKind says how a column's values are written and styled.
type cellKind int

const (
	kindText   cellKind = iota // short text on one line
	kindLong                   // long text, wrapped
	kindDate                   // a calendar day, as a real date
	kindNumber                 // a count or a rate
	kindStatus                 // a status or stance, coloured by value
)

// Text is user-typed text. It is always written as text, never as a formula, and cut
// visibly (with a marker) where it exceeds a cell's limit.
type Text string

// Status is a status or stance value (its code, such as "in_review") with its label in
// the pack's language; the code chooses the colour.
type Status struct {
	Code  string
	Label string
}

// sheet writes one worksheet through excelize's StreamWriter, so that memory stays flat
// however many rows it has. Its header row is written with its first row of data: a
// sheet that gets none says so in one line (empty) instead of printing an empty grid.
type sheet struct {
	f       *excelize.File
	sw      *excelize.StreamWriter
	name    string
	cols    []column
	st      *styles
	row     int
	empty   string
	cells   []any
	started bool
	headerH float64 // the header row's height, in points
	pageH   float64 // the rows on the current printed page, in points, for addBlock
}

// newSheet adds a worksheet with its columns' widths and print set-up; empty is what it
// says when no row is added to it.
func newSheet(f *excelize.File, st *styles, name, footer, empty string, cols []column) (*sheet, error) {
	if _, err := f.NewSheet(name); err != nil {
		return nil, fmt.Errorf("exports: sheet %q: %w", name, err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("exports: sheet %q: %w", name, err)
	}
	s := &sheet{f: f, sw: sw, name: name, cols: cols, st: st, empty: empty, cells: make([]any, len(cols))}
	if err := printSetup(f, name, footer, pagesWide(cols)); err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// start writes the frozen header row, before the first row of data.
func (s *sheet) start() error {
	if s.started {
		return nil
	}
	s.started = true
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(s.cols))
	lines := 1
	for i, c := range s.cols {
		header[i] = excelize.Cell{StyleID: s.st.header, Value: c.Header}
		lines = max(lines, wrappedLines(c.Header, c.Width))
	}
	s.row = 1
	s.headerH = max(rowHeightFor(lines), 24)
	return s.sw.SetRow("A1", header, excelize.RowOpts{Height: s.headerH})
}

// add writes one row, as tall as its text needs. Values follow the columns: string or
// Text for text, time.Time or *time.Time for dates, numbers, Status for coloured
// statuses, an excelize.Cell for a cell styled by the caller; nil leaves a cell empty.
func (s *sheet) add(values ...any) error {
	if err := s.start(); err != nil {
		return err
	}
	s.row++
	lines := 1
	for i := range s.cells {
		var v any
		if i < len(values) {
			v = values[i]
		}
		cell, text := s.cell(s.cols[i], v)
		s.cells[i] = cell
		lines = max(lines, wrappedLines(text, s.cols[i].Width))
	}
	ref, _ := excelize.CoordinatesToCellName(1, s.row)
	return s.sw.SetRow(ref, s.cells, excelize.RowOpts{Height: rowHeightFor(lines)})
}

// pageRows is how many points of rows a printed page holds below the header row that
// every page repeats, at the least: A4 landscape less its top and bottom margins, at full
// size (fitting to the width only ever shrinks a sheet, which puts more rows on a page),
// less a tenth for what an office suite keeps around the header and footer.
func (s *sheet) pageRows() float64 {
	const a4Short, margins = 8.27 * 72, (0.6 + 0.6) * 72
	return (a4Short-margins)*0.9 - s.headerH
}

// addBlock writes rows that belong together, such as a brief's, on one printed page
// where they fit: when they would straddle two pages, a page break goes before them. A
// block longer than a page starts a page and breaks between its rows where the page is
// full. The page breaks are all set by the sheet, from the rows' own heights, so that
// where an office suite would break a page itself never decides.
func (s *sheet) addBlock(rows [][]any) error {
	if err := s.start(); err != nil {
		return err
	}
	room := s.pageRows()
	heights := make([]float64, len(rows))
	total := 0.0
	for i, r := range rows {
		heights[i] = s.rowHeight(r)
		total += heights[i]
	}
	for i, r := range rows {
		starts := i == 0 && s.pageH+total > room || i > 0 && s.pageH+heights[i] > room
		if starts && s.pageH > 0 {
			ref, _ := excelize.CoordinatesToCellName(1, s.row+1)
			if err := s.sw.InsertPageBreak(ref); err != nil {
				return err
			}
			s.pageH = 0
		}
		if err := s.add(r...); err != nil {
			return err
		}
		s.pageH += heights[i]
	}
	return nil
}

// rowHeight is the height of the row that add would write for values.
func (s *sheet) rowHeight(values []any) float64 {
	lines := 1
	for i, c := range s.cols {
		var v any
		if i < len(values) {
			v = values[i]
		}
		_, text := s.cell(c, v)
		lines = max(lines, wrappedLines(text, c.Width))
	}
	return rowHeightFor(lines)
}

// cell turns a value into a styled cell, and returns the text it shows, to size its row.
// Text wraps in every column, so that nothing runs into the next cell or is cut.
func (s *sheet) cell(c column, v any) (excelize.Cell, string) {
	style := s.st.wrap
	switch x := v.(type) {
	case nil:
		return excelize.Cell{StyleID: style}, ""
	case excelize.Cell:
		if t, ok := x.Value.(string); ok {
			x.Value = SafeText(t)
			return x, x.Value.(string)
		}
		return x, ""
	case Text:
		t := SafeText(string(x))
		return excelize.Cell{StyleID: style, Value: t}, t
	case string:
		t := SafeText(x)
		return excelize.Cell{StyleID: style, Value: t}, t
	case time.Time:
		if x.IsZero() {
			return excelize.Cell{StyleID: s.st.date}, ""
		}
		return excelize.Cell{StyleID: s.st.date, Value: x}, ""
	case *time.Time:
		if x == nil {
			return excelize.Cell{StyleID: s.st.date}, ""
		}
		return excelize.Cell{StyleID: s.st.date, Value: *x}, ""
	case Status:
		t := SafeText(x.Label)
		return excelize.Cell{StyleID: s.st.status(x.Code), Value: t}, t
	case int, int64, float64:
		return excelize.Cell{StyleID: s.st.number, Value: x}, ""
	}
	t := SafeText(fmt.Sprint(v))
	return excelize.Cell{StyleID: style, Value: t}, t
}

// finish sets the auto-filter over the rows written and the header row repeated on every
// printed page, and ends the stream. A sheet without rows gets its one line instead.
func (s *sheet) finish() error {
	if !s.started {
		if err := s.sw.SetRow("A1", []any{excelize.Cell{StyleID: s.st.note, Value: s.empty}}); err != nil {
			return err
		}
		return s.sw.Flush()
	}
	last, _ := excelize.CoordinatesToCellName(len(s.cols), max(s.row, 1))
	if err := s.f.AutoFilter(s.name, "A1:"+last, nil); err != nil {
		return fmt.Errorf("exports: %s auto-filter: %w", s.name, err)
	}
	quoted := "'" + strings.ReplaceAll(s.name, "'", "''") + "'"
	titles := quoted + "!$1:$1"
	if pagesWide(s.cols) > 1 {
		// Printed several pages across, each page starts with the first column too.
		titles = quoted + "!$A:$A," + titles
	}
	if err := s.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: s.name}); err != nil {
		return fmt.Errorf("exports: %s print titles: %w", s.name, err)
	}
	return s.sw.Flush()
}

// printSetup prints a sheet landscape on A4 between narrow margins, fitted to wide pages
// across (with the sheet property that writeFitted adds) and as many down as it needs,
// with footer in the footer beside the page number.
func printSetup(f *excelize.File, name, footer string, wide int) error {
	landscape, tall, paper := "landscape", 0, 9 // 9 is A4
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall, Size: &paper,
	}); err != nil {
		return fmt.Errorf("exports: %s page layout: %w", name, err)
	}
	if err := f.SetPageMargins(name, pageMargins()); err != nil {
		return fmt.Errorf("exports: %s page margins: %w", name, err)
	}
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddFooter: "&L" + escapeHeaderFooter(footer) + "&R&P / &N",
	}); err != nil {
		return fmt.Errorf("exports: %s footer: %w", name, err)
	}
	return nil
}

// pageMargins are the margins of every printed sheet, in inches: about 1 cm at the sides,
// so that the page holds printWidth characters at a readable size, and room for the footer.
func pageMargins() *excelize.PageLayoutMarginsOptions {
	side, edge, footer := 0.4, 0.6, 0.3
	return &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &footer, Footer: &footer}
}

// escapeHeaderFooter doubles the ampersands that would otherwise start a footer code.
func escapeHeaderFooter(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// truncationMarker ends text cut at a cell's limit, so that a reader sees it was cut.
const truncationMarker = " … [truncated]"

// SafeText prepares user-typed text for a cell: it is written as text (an inline string,
// never a formula, so "=cmd()" shows literally), characters that XML cannot carry are
// dropped, and text beyond a cell's limit is cut with a visible marker.
func SafeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF {
			return r
		}
		return -1
	}, s)
	if len(s) <= cellLimit/3 { // fast path: cannot exceed the limit in UTF-16 units
		return s
	}
	units := utf16.Encode([]rune(s))
	if len(units) <= cellLimit {
		return s
	}
	keep := cellLimit - len(utf16.Encode([]rune(truncationMarker)))
	cut := utf16.Decode(units[:keep])
	if n := len(cut); n > 0 && cut[n-1] == 0xFFFD { // a surrogate pair split in two
		cut = cut[:n-1]
	}
	return string(cut) + truncationMarker
}
