package importer

import (
	"archive/zip"
	"bytes"
	"io"

	"github.com/xuri/excelize/v2"
)

// Workbook is an uploaded .xlsx workbook, open for reading its sheets' rows within the
// limits.
//
// excelize reads a row as a slice that reaches the row's last cell: one cell in column
// XFD makes 16,384 values, so a workbook of a few kilobytes could cost gigabytes. Before
// excelize sees the workbook, every part that has rows is therefore written again in a
// plain form that holds only what a reader of values needs (each row and cell with its
// position, a cell's style, type, value, inline text and whether it has a formula), and
// only the cells of the first MaxColumns columns and the rows down to MaxRows + 1.
// excelize then reads that, and still shows each value as the spreadsheet displays it.
type Workbook struct {
	f      *excelize.File
	budget budget
}

// OpenWorkbook checks an uploaded workbook and opens it: from the zip's central
// directory, that it unpacks to a reasonable size (archive/zip refuses a part that
// unpacks to more than the directory says); then that it has no more shared strings than
// MaxCells. Its errors are ErrUnreadable, ErrZipBomb and ErrTooManyCells. The caller
// closes the workbook.
func OpenWorkbook(data []byte) (wb *Workbook, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrUnreadable
	}
	if err := checkZip(zr); err != nil {
		return nil, err
	}
	plain, err := plainWorkbook(zr)
	if err != nil {
		return nil, err
	}
	// excelize is not written for hostile input; a panic in it is a file it cannot read.
	defer func() {
		if recover() != nil {
			wb, err = nil, ErrUnreadable
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(plain), excelize.Options{
		UnzipSizeLimit:    MaxUnzipSize,
		UnzipXMLSizeLimit: maxXMLInRAM,
	})
	if err != nil {
		return nil, ErrUnreadable
	}
	return &Workbook{f: f}, nil
}

// checkZip refuses a zip whose central directory promises too much.
func checkZip(zr *zip.Reader) error {
	if len(zr.File) > maxZipEntries {
		return ErrZipBomb
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzipSize {
			return ErrZipBomb
		}
		if f.UncompressedSize64 >= ratioCheckFrom &&
			(f.CompressedSize64 == 0 || f.UncompressedSize64/f.CompressedSize64 > maxRatio) {
			return ErrZipBomb
		}
	}
	return nil
}

// Sheets returns the names of the workbook's sheets, in their order.
func (w *Workbook) Sheets() []string { return w.f.GetSheetList() }

// Close removes the temporary files excelize may have made.
func (w *Workbook) Close() error { return w.f.Close() }

// Rows reads the rows of the sheet called name.
func (w *Workbook) Rows(name string) (rows *Rows, err error) {
	defer func() {
		if recover() != nil {
			rows, err = nil, ErrUnreadable
		}
	}()
	it, err := w.f.Rows(name)
	if err != nil {
		return nil, ErrUnreadable
	}
	line := 0
	src := func() (_ int, cells []string, err error) {
		defer func() {
			if recover() != nil {
				cells, err = nil, ErrUnreadable
			}
		}()
		if !it.Next() {
			if it.Error() != nil {
				return 0, nil, ErrUnreadable
			}
			return 0, nil, io.EOF
		}
		line++
		if cells, err = it.Columns(); err != nil {
			return 0, nil, ErrUnreadable
		}
		return line, cells, nil
	}
	return &Rows{src: src, close: it.Close, budget: &w.budget}, nil
}
