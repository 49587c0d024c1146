package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"
)

// The plain form of a workbook's sheets, which is all that excelize reads of an upload
// (see Workbook): rows and their cells, each with its position, holding only what a
// reader of values needs.

// plainWorkbook returns the workbook with every part that has rows written in the plain
// form Workbook describes. The other parts are copied as they are.
func plainWorkbook(zr *zip.Reader) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, f := range zr.File {
		data, err := readPart(f)
		if err != nil {
			return nil, ErrUnreadable
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if name == "xl/sharedstrings.xml" {
			if err := checkSharedStrings(data); err != nil {
				return nil, err
			}
		}
		// Any part may be named a sheet by the workbook's relationships; a part is
		// written again when it has rows, whatever its name. Its XML is read as excelize
		// reads it, so that a part has rows for one if and only if it has for the other.
		var plain []byte
		if bytes.Contains(data, []byte("row")) {
			if plain, err = plainSheet(data); err != nil {
				return nil, err
			}
		}
		if plain == nil {
			err = zw.Copy(f)
		} else {
			var w io.Writer
			if w, err = zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate}); err == nil {
				_, err = w.Write(plain)
			}
		}
		if err != nil {
			return nil, ErrUnreadable
		}
	}
	if err := zw.Close(); err != nil {
		return nil, ErrUnreadable
	}
	return buf.Bytes(), nil
}

// readPart unpacks one part of a workbook; checkZip has bounded its size.
func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, MaxUnzipSize+1))
}

// checkSharedStrings refuses a table of shared strings longer than MaxCells: excelize
// holds the whole table in memory, at some hundred bytes a string.
func checkSharedStrings(data []byte) error {
	d := newDecoder(data)
	n := 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return ErrUnreadable
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			if n++; n > MaxCells {
				return ErrTooManyCells
			}
		}
	}
}

// plainSheet writes a worksheet's rows again in the plain form: rows and their cells, in
// order, each with its position; no cell right of column MaxColumns and no row below
// MaxRows + 1 (kept, empty, so that a reader still sees that the table goes on). A row
// is a row element at any depth, and its cells are the c elements right inside it. It
// returns nil for a part without rows, and for one that is not XML before its first
// row: excelize, whose reader stops where this one does or sooner, finds none in it
// either. Rows or cells out of order make the sheet unreadable: no spreadsheet writes
// them so.
func plainSheet(data []byte) ([]byte, error) {
	d := newDecoder(data)
	var out *bytes.Buffer
	row := 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil && out == nil {
			return nil, nil
		} else if err != nil {
			return nil, ErrUnreadable
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "row" {
			continue
		}
		if out == nil {
			out = bytes.NewBufferString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		}
		n := row + 1
		if r, ok := attr(se, "r"); ok {
			if n, err = strconv.Atoi(strings.TrimSpace(r)); err != nil || n <= row {
				return nil, ErrUnreadable
			}
		}
		if row = n; row > MaxRows {
			out.WriteString(`<row r="` + strconv.Itoa(MaxRows+1) + `"/>`)
			break
		}
		if err := plainRow(d, row, out); err != nil {
			return nil, ErrUnreadable
		}
	}
	if out == nil {
		return nil, nil
	}
	out.WriteString(`</sheetData></worksheet>`)
	return out.Bytes(), nil
}

// newDecoder reads XML as excelize does: in UTF-8, or in the character set its
// declaration names.
func newDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	return d
}

// plainRow writes the cells of the row just opened, up to its end.
func plainRow(d *xml.Decoder, row int, out *bytes.Buffer) error {
	col := 0
	open := false // whether the row's element is written
	for {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if open {
				out.WriteString(`</row>`)
			}
			return nil
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := skip(d); err != nil {
					return err
				}
				continue
			}
			n := col + 1
			if r, ok := attr(t, "r"); ok {
				if n, _, err = excelize.CellNameToCoordinates(r); err != nil || n <= col {
					return ErrUnreadable
				}
			}
			if col = n; col > MaxColumns {
				if err := skip(d); err != nil {
					return err
				}
				continue
			}
			c, err := readCell(d, t)
			if err != nil {
				return err
			}
			if !c.f && c.v == "" && c.is == nil {
				continue
			}
			if !open {
				out.WriteString(`<row r="` + strconv.Itoa(row) + `">`)
				open = true
			}
			c.write(out, col, row)
		}
	}
}

// plainCell is what a reader of values needs of a cell.
type plainCell struct {
	s, t string           // style and type
	f    bool             // has a formula
	v    string           // value
	is   *strings.Builder // inline text, when it has some
}

// readCell reads the cell that start opens, up to its end.
func readCell(d *xml.Decoder, start xml.StartElement) (plainCell, error) {
	var c plainCell
	c.s, _ = attr(start, "s")
	c.t, _ = attr(start, "t")
	for {
		tok, err := d.RawToken()
		if err != nil {
			return c, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return c, nil
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				c.v, err = text(d)
			case "f":
				c.f, err = true, skip(d)
			case "is":
				c.is = &strings.Builder{}
				err = inlineText(d, c.is)
			default:
				err = skip(d)
			}
			if err != nil {
				return c, err
			}
		}
	}
}

// inlineText reads an inline string up to its end: its text, and the text of its runs,
// as excelize reads the same; phonetic hints are left out.
func inlineText(d *xml.Decoder, b *strings.Builder) error {
	for {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				var s string
				if s, err = text(d); err == nil {
					b.WriteString(s)
				}
			case "r":
				err = inlineText(d, b)
			default:
				err = skip(d)
			}
			if err != nil {
				return err
			}
		}
	}
}

// text returns the character data of the element just opened, up to its end.
func text(d *xml.Decoder) (string, error) {
	var b strings.Builder
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if err := skip(d); err != nil {
				return "", err
			}
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// skip reads up to the end of the element just opened.
func skip(d *xml.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// write writes the cell in the plain form, at column col of row.
func (c plainCell) write(out *bytes.Buffer, col, row int) {
	name, _ := excelize.CoordinatesToCellName(col, row)
	out.WriteString(`<c r="` + name + `"`)
	for _, a := range [][2]string{{"s", c.s}, {"t", c.t}} {
		if a[1] != "" {
			out.WriteString(` ` + a[0] + `="`)
			xml.EscapeText(out, []byte(a[1]))
			out.WriteString(`"`)
		}
	}
	out.WriteString(`>`)
	if c.f {
		out.WriteString(`<f></f>`)
	}
	if c.v != "" {
		out.WriteString(`<v>`)
		xml.EscapeText(out, []byte(c.v))
		out.WriteString(`</v>`)
	}
	if c.is != nil {
		out.WriteString(`<is><t xml:space="preserve">`)
		xml.EscapeText(out, []byte(c.is.String()))
		out.WriteString(`</t></is>`)
	}
	out.WriteString(`</c>`)
}

// attr returns the value of the attribute called name, whatever its namespace.
func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}
