package exports

// The briefing pack and the consultation tracker share these helpers: newSheet writes a
// streamed sheet with a frozen, filtered header and print set-up; SafeText keeps typed
// text literal; styles are made once per workbook.

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

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
// however many rows it has.
type sheet struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	name   string
	cols   []column
	st     *styles
	row    int
	footer string
	cells  []any
}

// newSheet adds a worksheet with a frozen header row.
func newSheet(f *excelize.File, st *styles, name, footer string, cols []column) (*sheet, error) {
	if _, err := f.NewSheet(name); err != nil {
		return nil, fmt.Errorf("exports: sheet %q: %w", name, err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("exports: sheet %q: %w", name, err)
	}
	s := &sheet{f: f, sw: sw, name: name, cols: cols, st: st, footer: footer, cells: make([]any, len(cols))}
	if err := printSetup(f, name, footer); err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return nil, err
	}
	s.row = 1
	return s, nil
}

// add writes one row. Values follow the columns: string or Text for text, time.Time or
// *time.Time for dates, numbers, Status for coloured statuses; nil leaves a cell empty.
func (s *sheet) add(values ...any) error {
	s.row++
	long := 0
	for i := range s.cells {
		var v any
		if i < len(values) {
			v = values[i]
		}
		cell, n := s.cell(s.cols[i], v)
		s.cells[i] = cell
		if s.cols[i].Kind == kindLong && n > long {
			long = n
		}
	}
	ref, _ := excelize.CoordinatesToCellName(1, s.row)
	opts := excelize.RowOpts{}
	if long > 0 {
		opts.Height = rowHeight(long, s.longWidth())
	}
	return s.sw.SetRow(ref, s.cells, opts)
}

// cell turns a value into a styled cell, and reports the length of its text.
func (s *sheet) cell(c column, v any) (excelize.Cell, int) {
	style := s.st.text
	if c.Kind == kindLong {
		style = s.st.wrap
	}
	switch x := v.(type) {
	case nil:
		return excelize.Cell{StyleID: style}, 0
	case Text:
		t := SafeText(string(x))
		return excelize.Cell{StyleID: style, Value: t}, utf8.RuneCountInString(t)
	case string:
		t := SafeText(x)
		return excelize.Cell{StyleID: style, Value: t}, utf8.RuneCountInString(t)
	case time.Time:
		if x.IsZero() {
			return excelize.Cell{StyleID: s.st.date}, 0
		}
		return excelize.Cell{StyleID: s.st.date, Value: x}, 10
	case *time.Time:
		if x == nil {
			return excelize.Cell{StyleID: s.st.date}, 0
		}
		return excelize.Cell{StyleID: s.st.date, Value: *x}, 10
	case Status:
		return excelize.Cell{StyleID: s.st.status(x.Code), Value: SafeText(x.Label)}, utf8.RuneCountInString(x.Label)
	case int, int64, float64:
		return excelize.Cell{StyleID: s.st.number, Value: x}, 0
	}
	t := SafeText(fmt.Sprint(v))
	return excelize.Cell{StyleID: style, Value: t}, utf8.RuneCountInString(t)
}

// longWidth is the width of the narrowest wrapped column, which decides row heights.
func (s *sheet) longWidth() float64 {
	w := 0.0
	for _, c := range s.cols {
		if c.Kind == kindLong && (w == 0 || c.Width < w) {
			w = c.Width
		}
	}
	return w
}

// rowHeight estimates the height in points that shows n characters wrapped in a column
// width characters wide (Korean characters are about two wide), up to a sensible cap.
func rowHeight(n int, width float64) float64 {
	if width <= 0 {
		return 15
	}
	lines := float64(n)*1.4/width + 1
	h := lines * 15
	switch {
	case h < 15:
		return 15
	case h > 300:
		return 300
	}
	return h
}

// finish sets the auto-filter over the rows written and the header row repeated on every
// printed page, and ends the stream.
func (s *sheet) finish() error {
	last, _ := excelize.CoordinatesToCellName(len(s.cols), max(s.row, 1))
	if err := s.f.AutoFilter(s.name, "A1:"+last, nil); err != nil {
		return fmt.Errorf("exports: %s auto-filter: %w", s.name, err)
	}
	if err := s.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", strings.ReplaceAll(s.name, "'", "''")), Scope: s.name,
	}); err != nil {
		return fmt.Errorf("exports: %s print titles: %w", s.name, err)
	}
	return s.sw.Flush()
}

// printSetup prints a sheet landscape on A4, fitted to the page width (with the sheet
// property that writeFitted adds), with footer in the footer beside the page number.
func printSetup(f *excelize.File, name, footer string) error {
	landscape, fit, tall, paper := "landscape", 1, 0, 9 // 9 is A4
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Orientation: &landscape, FitToWidth: &fit, FitToHeight: &tall, Size: &paper,
	}); err != nil {
		return fmt.Errorf("exports: %s page layout: %w", name, err)
	}
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddFooter: "&L" + escapeHeaderFooter(footer) + "&R&P / &N",
	}); err != nil {
		return fmt.Errorf("exports: %s footer: %w", name, err)
	}
	return nil
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
