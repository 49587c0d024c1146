package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kncu/plenary/internal/domain"
)

// Rows reads the rows of one table of an uploaded file, .csv or a sheet of a workbook,
// within the limits: at most MaxColumns cells a row, every row read counted against
// MaxRows, blank or not, the filled cells and their text counted against MaxCells and
// the text limit of the whole file, and the table ended by BlankRun blank rows in a row.
// Blank rows are read and counted but not returned. Use it as bufio.Scanner:
//
//	for rows.Next() { use(rows.Line(), rows.Cells()) }
//	if err := rows.Err(); err != nil { ... }
type Rows struct {
	src    rowSource
	close  func() error
	budget *budget
	last   int // the line of the last row read, blank or not
	blank  int // blank rows read since the last row that was not
	line   int
	cells  []string
	err    error
}

// rowSource returns the next row of a table and its line, the row number a spreadsheet
// shows; lines only grow. It returns io.EOF after the last row.
type rowSource func() (line int, cells []string, err error)

// budget counts what has been read of one file, by all its tables.
type budget struct{ cells, text int }

// Next reads the next row that is not blank. It returns false at the end of the table
// and when reading fails; Err tells which.
func (r *Rows) Next() bool {
	for r.err == nil && r.src != nil {
		line, cells, err := r.src()
		if errors.Is(err, io.EOF) {
			r.src = nil
			return false
		} else if err != nil {
			r.err = err
			return false
		}
		r.blank += line - r.last - 1 // rows a file leaves out are blank
		r.last = line
		if r.blank >= BlankRun {
			r.src = nil
			return false
		}
		if line > MaxRows {
			r.err = ErrTooManyRows
			return false
		}
		cells = cells[:min(len(cells), MaxColumns)]
		filled, text := 0, 0
		for _, v := range cells {
			if strings.TrimSpace(v) != "" {
				filled++
				text += len(v)
			}
		}
		if filled == 0 {
			r.blank++
			continue
		}
		r.blank = 0
		r.budget.cells += filled
		r.budget.text += text
		switch {
		case r.budget.cells > MaxCells:
			r.err = ErrTooManyCells
		case r.budget.text > maxText:
			r.err = ErrTooMuchText
		default:
			r.line, r.cells = line, cells
			return true
		}
	}
	return false
}

// Line returns the row number of the current row, as a spreadsheet shows it.
func (r *Rows) Line() int { return r.line }

// Cells returns the displayed text of the current row's cells, at most MaxColumns of
// them. The slice is the caller's to keep.
func (r *Rows) Cells() []string { return r.cells }

// Err returns the error that ended the reading, if any: an EINVALID *domain.Error.
func (r *Rows) Err() error { return r.err }

// Close releases what reading the table holds.
func (r *Rows) Close() error {
	r.src = nil
	if r.close != nil {
		return r.close()
	}
	return nil
}

// CSVRows reads a .csv file: UTF-8, with or without a byte-order mark, separated by
// commas, or by semicolons when the first line has more of them.
func CSVRows(data []byte) (*Rows, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, ErrNotUTF8
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	// Counted on each line as written, quoted or not: a quoted cell is rarely so full of
	// separators.
	for rest := data; len(rest) > 0; {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if bytes.Count(line, []byte(string(cr.Comma))) >= MaxLineCells {
			return nil, ErrLineTooLong
		}
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	// csv.Reader skips blank lines and lets quoted fields span lines; a spreadsheet shows
	// a blank line as an empty row and a quoted field as one cell. Row numbers follow the
	// spreadsheet: one per record, plus one per blank line skipped before it.
	row, nextLine := 0, 1
	src := func() (int, []string, error) {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return 0, nil, io.EOF
		}
		if err != nil {
			return 0, nil, domain.Errorf(domain.EINVALID, "import.unreadable_csv")
		}
		start, _ := cr.FieldPos(0)
		row += 1 + max(0, start-nextLine)
		nextLine = start + 1
		for _, f := range rec {
			nextLine += strings.Count(f, "\n")
		}
		// The record is reused by the next Read: the row keeps a copy of the cells read.
		return row, append([]string(nil), rec[:min(len(rec), MaxColumns)]...), nil
	}
	return &Rows{src: src, budget: &budget{}}, nil
}
