// Package importer reads provisional agendas as UNESCO publishes them (tables saved as
// .xlsx or .csv) and checks every row against the session they are meant for. It knows
// nothing of HTTP or SQL: the web layer and the command line hand it a file and what the
// database says, and show its preview; the store imports the rows it approved.
package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
)

// Limits of what Plenary reads. A provisional agenda has tens of items and a workbook of
// them a few kilobytes; these are generous for that and small enough that a hostile file
// cannot exhaust the server.
const (
	MaxFileSize   = 5 << 20  // bytes of the file as uploaded
	MaxRows       = 20000    // rows below the header
	MaxUnzipSize  = 50 << 20 // bytes of a workbook once unpacked, all parts together
	maxXMLInRAM   = 16 << 20 // a worksheet larger than this is unpacked to a temporary file
	maxZipEntries = 1000     // parts of a workbook; a real one has a few dozen
	// maxRatio is the compression ratio above which a large part of a workbook is taken
	// for a zip bomb: spreadsheet XML packs 5 to 30 times, deflate at most about 1000.
	maxRatio       = 200
	ratioCheckFrom = 1 << 20 // parts smaller than this are not worth a ratio check
	headerSearch   = 10      // non-blank rows searched for the header, below a title line
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
	Cells []string // the displayed text of each cell
}

// Errors of the file as a whole. Each is an EINVALID *domain.Error whose message is a
// catalogue id.
var (
	ErrTooLarge    = domain.Errorf(domain.EINVALID, "import.too_large")
	ErrFileType    = domain.Errorf(domain.EINVALID, "import.bad_type")
	ErrUnreadable  = domain.Errorf(domain.EINVALID, "import.unreadable")
	ErrNotUTF8     = domain.Errorf(domain.EINVALID, "import.not_utf8")
	ErrZipBomb     = domain.Errorf(domain.EINVALID, "import.zip_bomb")
	ErrTooManyRows = domain.Errorf(domain.EINVALID, "import.too_many_rows")
	ErrNoHeader    = domain.Errorf(domain.EINVALID, "import.no_header")
	ErrNoRows      = domain.Errorf(domain.EINVALID, "import.no_rows")
)

// ReadAgenda reads an agenda table from r: a .csv file (UTF-8, with or without a
// byte-order mark, separated by commas, or by semicolons when the first line has more of
// them) or the first sheet of an .xlsx workbook, as its cells are displayed. The kind of
// file comes from filename's extension; size is the size the caller was told, checked
// before anything is read. The header is the first row, among the first few that are
// not blank, that names at least the Item and Title columns.
func ReadAgenda(r io.Reader, filename string, size int64) (*Sheet, error) {
	if size > MaxFileSize {
		return nil, ErrTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("importer: read %s: %w", filename, err)
	}
	if len(data) > MaxFileSize {
		return nil, ErrTooLarge
	}
	var rows []Row
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".csv":
		rows, err = readCSV(data)
	case ".xlsx":
		rows, err = readXLSX(data)
	default:
		return nil, ErrFileType
	}
	if err != nil {
		return nil, err
	}
	return newSheet(filepath.Base(filename), rows)
}

// newSheet finds the header among rows and keeps the rows below it.
func newSheet(file string, rows []Row) (*Sheet, error) {
	for i, r := range rows {
		if i >= headerSearch {
			break
		}
		l := matchHeader(r.Cells)
		if !l.complete() {
			continue
		}
		s := &Sheet{File: file, Header: r.Cells, HeaderLine: r.Line, Rows: rows[i+1:], layout: l}
		if len(s.Rows) == 0 {
			return nil, ErrNoRows
		}
		if len(s.Rows) > MaxRows {
			return nil, ErrTooManyRows
		}
		return s, nil
	}
	return nil, ErrNoHeader
}

// rowCollector keeps the non-blank rows of a file and refuses a file with too many.
type rowCollector struct{ rows []Row }

func (c *rowCollector) add(line int, cells []string) error {
	for _, v := range cells {
		if strings.TrimSpace(v) != "" {
			if len(c.rows) > MaxRows+headerSearch {
				return ErrTooManyRows
			}
			c.rows = append(c.rows, Row{Line: line, Cells: cells})
			return nil
		}
	}
	return nil
}

func readCSV(data []byte) ([]Row, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, ErrNotUTF8
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var c rowCollector
	// csv.Reader skips blank lines and lets quoted fields span lines; a spreadsheet shows
	// a blank line as an empty row and a quoted field as one cell. Row numbers follow the
	// spreadsheet: one per record, plus one per blank line skipped before it.
	row, nextLine := 0, 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "import.unreadable_csv")
		}
		start, _ := cr.FieldPos(0)
		row += 1 + max(0, start-nextLine)
		nextLine = start + 1
		for _, f := range rec {
			nextLine += strings.Count(f, "\n")
		}
		if err := c.add(row, rec); err != nil {
			return nil, err
		}
	}
	return c.rows, nil
}

// OpenXLSX opens an uploaded workbook, after checking from the zip's central directory
// that it unpacks to a reasonable size: excelize is told the same limits, and
// archive/zip refuses a part that unpacks to more than the directory says. Its errors
// are ErrUnreadable and ErrZipBomb. The caller closes the workbook, and recovers from a
// panic while reading it: excelize is not written for hostile input.
func OpenXLSX(data []byte) (wb *excelize.File, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrUnreadable
	}
	if len(zr.File) > maxZipEntries {
		return nil, ErrZipBomb
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzipSize {
			return nil, ErrZipBomb
		}
		if f.UncompressedSize64 >= ratioCheckFrom &&
			(f.CompressedSize64 == 0 || f.UncompressedSize64/f.CompressedSize64 > maxRatio) {
			return nil, ErrZipBomb
		}
	}
	defer func() {
		if recover() != nil {
			wb, err = nil, ErrUnreadable
		}
	}()
	wb, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    MaxUnzipSize,
		UnzipXMLSizeLimit: maxXMLInRAM,
	})
	if err != nil {
		return nil, ErrUnreadable
	}
	return wb, nil
}

// readXLSX reads the first sheet of a workbook opened by OpenXLSX.
func readXLSX(data []byte) (rows []Row, err error) {
	wb, err := OpenXLSX(data)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	// excelize is not written for hostile input; a panic in it is a file it cannot read.
	defer func() {
		if recover() != nil {
			rows, err = nil, ErrUnreadable
		}
	}()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrUnreadable
	}
	it, err := wb.Rows(sheets[0])
	if err != nil {
		return nil, ErrUnreadable
	}
	defer it.Close()
	var c rowCollector
	for line := 1; it.Next(); line++ {
		cells, err := it.Columns()
		if err != nil {
			return nil, ErrUnreadable
		}
		if err := c.add(line, cells); err != nil {
			return nil, err
		}
	}
	if it.Error() != nil {
		return nil, ErrUnreadable
	}
	return c.rows, nil
}
