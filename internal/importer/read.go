// Package importer reads provisional agendas as UNESCO publishes them (tables saved as
// .xlsx or .csv) and checks every row against the session they are meant for. It knows
// nothing of HTTP or SQL: the web layer and the command line hand it a file and what the
// database says, and show its preview; the store imports the rows it approved.
//
// Its readers of uploaded files (ReadUpload, OpenWorkbook, CSVRows and Rows) are those of
// every upload, the returned consultation tracker too: they hold the limits of what an
// upload may cost (limits.go).
package importer

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kncu/plenary/internal/domain"
)

// Sheet is the table of an agenda file: its header row and the rows below it, with the
// row numbers a spreadsheet shows, so that a message can send a person to the right row.
type Sheet struct {
	File       string   // the file's name, without its folder
	Header     []string // the header row, as written
	HeaderLine int      // the header's row number, usually 1
	Rows       []Row    // the non-blank rows below the header
	layout     layout
}

// Row is one row of the table.
type Row struct {
	Line  int      // row number as a spreadsheet shows it; the header is row 1
	Cells []string // the displayed text of each cell, as far as the columns Plenary reads
}

// ReadAgenda reads an agenda table from r: a .csv file (see CSVRows) or the first sheet
// of an .xlsx workbook, as its cells are displayed. The kind of file comes from
// filename's extension; size is the size the caller was told, checked before anything is
// read. The header is the first row, among the first few that are not blank, that names
// at least the Item and Title columns; of the rows below it, only the columns Plenary
// reads are kept.
func ReadAgenda(r io.Reader, filename string, size int64) (*Sheet, error) {
	kind := strings.ToLower(filepath.Ext(filename))
	if !AgendaFiles.Allow(filename) {
		return nil, ErrFileType
	}
	if err := CheckFileName(filename); err != nil {
		return nil, err
	}
	data, err := ReadUpload(r, size)
	if err != nil {
		return nil, err
	}
	var rows *Rows
	if kind == ".csv" {
		rows, err = CSVRows(data)
	} else {
		var wb *Workbook
		if wb, err = OpenWorkbook(data); err != nil {
			return nil, err
		}
		defer wb.Close()
		sheets := wb.Sheets()
		if len(sheets) == 0 {
			return nil, ErrUnreadable
		}
		rows, err = wb.Rows(sheets[0])
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return newSheet(filepath.Base(filename), rows)
}

// CheckFileName refuses the name of an uploaded file that breaks the rule for text: it
// is kept with what the file brings.
func CheckFileName(filename string) error {
	if !domain.ValidText(filename, false) {
		return ErrFileName
	}
	return nil
}

// ReadUpload reads an uploaded file of the size the caller was told, refusing one larger
// than MaxFileSize before reading it, or while reading it when the size was wrong.
func ReadUpload(r io.Reader, size int64) ([]byte, error) {
	if size > MaxFileSize {
		return nil, ErrTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("importer: read upload: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// newSheet finds the header among the first rows and keeps the rows below it, as far as
// its last column that Plenary reads.
func newSheet(file string, rows *Rows) (*Sheet, error) {
	s := &Sheet{File: file}
	searched, width := 0, 0
	for rows.Next() {
		cells := rows.Cells()
		if s.Header == nil {
			if searched++; searched > headerSearch {
				return nil, ErrNoHeader
			}
			if l := matchHeader(cells); l.complete() {
				s.Header, s.HeaderLine, s.layout, width = cells, rows.Line(), l, l.width()
			}
			continue
		}
		s.Rows = append(s.Rows, Row{Line: rows.Line(), Cells: slices.Clone(cells[:min(len(cells), width)])})
	}
	switch {
	case rows.Err() != nil:
		return nil, rows.Err()
	case s.Header == nil:
		return nil, ErrNoHeader
	case len(s.Rows) == 0:
		return nil, ErrNoRows
	}
	return s, nil
}
