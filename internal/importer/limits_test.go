package importer_test

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/importer/importtest"
)

// sheetXML is a worksheet whose sheetData is rows.
func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

// inline is a cell at ref holding the inline text s.
func inline(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

// workbookRows reads every row of the first sheet of data through importer.Workbook.
func workbookRows(t *testing.T, data []byte) ([]int, [][]string, error) {
	t.Helper()
	wb, err := importer.OpenWorkbook(data)
	if err != nil {
		return nil, nil, err
	}
	defer wb.Close()
	rows, err := wb.Rows(wb.Sheets()[0])
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var lines []int
	var cells [][]string
	for rows.Next() {
		lines = append(lines, rows.Line())
		cells = append(cells, rows.Cells())
	}
	return lines, cells, rows.Err()
}

func mustXLSX(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	data, err := importtest.XLSX(parts)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSparseWorkbook: a workbook of a few kilobytes whose rows each hold one cell in the
// last column, XFD, costs a few megabytes to read, not the gigabyte a row padded to
// 16,384 cells would; its rows are blank as far as Plenary reads, so the agenda has no
// rows. The bound on allocation is generous: reading it padded allocated 2.4 GB. It does
// not run in parallel: the count is the whole process's, and other tests would add theirs.
func TestSparseWorkbook(t *testing.T) {
	data, err := importtest.SparseXLSX([]string{"Item", "Title"}, 2000, "XFD")
	if err != nil {
		t.Fatal(err)
	}
	var rerr error
	alloc := importtest.Allocated(func() {
		_, rerr = importer.ReadAgenda(bytes.NewReader(data), "sparse.xlsx", int64(len(data)))
	})
	if rerr != importer.ErrNoRows {
		t.Errorf("error %v, want ErrNoRows", rerr)
	}
	if alloc > 64<<20 {
		t.Errorf("reading a %d-byte workbook allocated %d MB, want at most 64 MB", len(data), alloc>>20)
	}
}

// TestColumnsRightOfTheLastAreNotRead: a row is read from A to the last column Plenary
// reads, and no further, whatever its cells say of their places.
func TestColumnsRightOfTheLastAreNotRead(t *testing.T) {
	t.Parallel()
	last, _ := excelize.ColumnNumberToName(importer.MaxColumns)
	next, _ := excelize.ColumnNumberToName(importer.MaxColumns + 1)
	data := mustXLSX(t, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(
		`<row r="1">` + inline("A1", "Item") + inline("B1", "Title") + inline(last+"1", "last") + inline(next+"1", "beyond") + `</row>` +
			`<row r="2">` + inline(next+"2", "beyond") + `<c r="XFD2"><v>1</v></c></row>` +
			`<row r="3">` + inline("A3", "1") + `<c t="inlineStr"><is><t>Adoption</t></is></c></row>`)})
	lines, cells, err := workbookRows(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 3}; !slices.Equal(lines, want) {
		t.Fatalf("rows %v, want %v: row 2 has nothing up to %s", lines, want, last)
	}
	if got := len(cells[0]); got != importer.MaxColumns {
		t.Errorf("the header has %d cells, want %d", got, importer.MaxColumns)
	}
	if got := cells[0][importer.MaxColumns-1]; got != "last" {
		t.Errorf("cell %s1 %q, want %q", last, got, "last")
	}
	if want := []string{"1", "Adoption"}; !slices.Equal(cells[1], want) {
		t.Errorf("row 3 %q, want %q: a cell without a place follows the one before", cells[1], want)
	}
}

// TestEveryRowCounts: blank rows count against the limit of rows as filled ones do, so
// a table spread thinly over more than MaxRows rows is refused, in a workbook and in a
// CSV file alike.
func TestEveryRowCounts(t *testing.T) {
	t.Parallel()
	const every = importer.BlankRun - 1 // a filled row before each run of blank rows ends the table
	var xml, csv strings.Builder
	xml.WriteString(`<row r="1">` + inline("A1", "Item") + inline("B1", "Title") + `</row>`)
	csv.WriteString("Item,Title\n")
	line := 1
	for n := 1; line+every <= importer.MaxRows+every; n++ {
		line += every
		xml.WriteString(fmt.Sprintf(`<row r="%d">`, line) + inline(fmt.Sprintf("A%d", line), strconv.Itoa(n)) + `</row>`)
		csv.WriteString(strings.Repeat("\n", every-1) + strconv.Itoa(n) + ",T\n")
	}
	data := mustXLSX(t, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(xml.String())})
	if _, err := readBytes("thin.xlsx", data); err != importer.ErrTooManyRows {
		t.Errorf("workbook: error %v, want ErrTooManyRows", err)
	}
	if _, err := readBytes("thin.csv", []byte(csv.String())); err != importer.ErrTooManyRows {
		t.Errorf("CSV: error %v, want ErrTooManyRows", err)
	}
}

// TestBlankRunEndsTheTable: after BlankRun blank rows in a row, nothing more is read.
func TestBlankRunEndsTheTable(t *testing.T) {
	t.Parallel()
	far := 3 + importer.BlankRun + 1
	data := mustXLSX(t, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(
		`<row r="1">` + inline("A1", "Item") + inline("B1", "Title") + `</row>` +
			`<row r="2">` + inline("A2", "1") + inline("B2", "One") + `</row>` +
			`<row r="3">` + inline("A3", "2") + inline("B3", "Two") + `</row>` +
			fmt.Sprintf(`<row r="%d">`, far) + inline(fmt.Sprintf("A%d", far), "3") + inline(fmt.Sprintf("B%d", far), "Far") + `</row>`)})
	csv := "Item,Title\n1,One\n2,Two\n" + strings.Repeat(",\n", importer.BlankRun) + "3,Far\n"
	for name, data := range map[string][]byte{"gap.xlsx": data, "gap.csv": []byte(csv)} {
		s, err := readBytes(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := len(s.Rows); got != 2 {
			t.Errorf("%s: %d rows, want 2", name, got)
		}
	}
}

// TestTooManyCells: a file with more than MaxCells filled cells is refused.
func TestTooManyCells(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("Item,Title" + strings.Repeat(",x", 12) + "\n")
	row := "1,T" + strings.Repeat(",x", 12) + "\n"
	for i := 0; i < importer.MaxCells/14+1; i++ {
		b.WriteString(row)
	}
	if _, err := readBytes("wide.csv", []byte(b.String())); err != importer.ErrTooManyCells {
		t.Errorf("error %v, want ErrTooManyCells", err)
	}
}

// TestSharedStringsLimit: a workbook with more shared strings than MaxCells is refused
// before excelize reads them.
func TestSharedStringsLimit(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := 0; i <= importer.MaxCells; i++ {
		b.WriteString("<si><t>" + strconv.Itoa(i) + "</t></si>")
	}
	b.WriteString("</sst>")
	data := mustXLSX(t, map[string]string{"xl/sharedStrings.xml": b.String()})
	if _, err := readBytes("strings.xlsx", data); err != importer.ErrTooManyCells {
		t.Errorf("error %v, want ErrTooManyCells", err)
	}
}

// TestTooMuchText: one long shared string, used in cell after cell, is text a file of a
// few kilobytes could make a reader copy without end; beyond as much as a workbook may
// unpack to, the file is refused.
func TestTooMuchText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 900<<10)
	var rows strings.Builder
	for r := 1; r <= 2; r++ {
		rows.WriteString(fmt.Sprintf(`<row r="%d">`, r))
		for c := 1; c <= importer.MaxColumns; c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			rows.WriteString(`<c r="` + ref + `" t="s"><v>0</v></c>`)
		}
		rows.WriteString(`</row>`)
	}
	data := mustXLSX(t, map[string]string{
		"xl/worksheets/sheet1.xml": sheetXML(rows.String()),
		"xl/sharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>` + long + `</t></si></sst>`,
	})
	if _, _, err := workbookRows(t, data); err != importer.ErrTooMuchText {
		t.Errorf("error %v, want ErrTooMuchText", err)
	}
}

// TestRowsOutOfOrder: rows or cells whose places go back are not a spreadsheet's.
func TestRowsOutOfOrder(t *testing.T) {
	t.Parallel()
	for name, rows := range map[string]string{
		"Rows":  `<row r="5">` + inline("A5", "x") + `</row><row r="3">` + inline("A3", "y") + `</row>`,
		"Cells": `<row r="1">` + inline("B1", "x") + inline("A1", "y") + `</row>`,
	} {
		data := mustXLSX(t, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(rows)})
		if _, _, err := workbookRows(t, data); err != importer.ErrUnreadable {
			t.Errorf("%s: error %v, want ErrUnreadable", name, err)
		}
	}
}

// TestWorkbookShowsWhatASpreadsheetShows: what Workbook reads is what excelize reads of
// the same workbook unaltered: number formats, dates, rich text, inline strings,
// formulas' values, booleans.
func TestWorkbookShowsWhatASpreadsheetShows(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	twoDecimals, _ := f.NewStyle(&excelize.Style{NumFmt: 2})
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	custom := "0.0\" items\""
	items, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue(sh, "A1", 5.1))
	must(f.SetCellStyle(sh, "A1", "A1", twoDecimals))
	must(f.SetCellValue(sh, "B1", 45000))
	must(f.SetCellStyle(sh, "B1", "B1", date))
	must(f.SetCellValue(sh, "C1", 12))
	must(f.SetCellStyle(sh, "C1", "C1", items))
	must(f.SetCellRichText(sh, "D1", []excelize.RichTextRun{{Text: "Ethics "}, {Text: "of AI", Font: &excelize.Font{Bold: true}}}))
	must(f.SetCellValue(sh, "E1", true))
	must(f.SetCellFormula(sh, "F1", "C1*2"))
	must(f.SetCellValue(sh, "G1", 4.2))
	must(f.SetCellStr(sh, "H1", "  spaced  & <escaped> \"quoted\"\nsecond line"))
	must(f.SetCellValue(sh, "J2", "인공지능 윤리"))
	must(f.SetCellValue(sh, "A3", 0.1+0.2))
	var buf bytes.Buffer
	must(f.Write(&buf))
	data := buf.Bytes()

	orig, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want, err := orig.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := workbookRows(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("rows %q, want %q", got, want)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d: %q, want %q", i+1, got[i], want[i])
		}
	}
	if got[0][0] != "5.10" {
		t.Errorf("A1 %q, want 5.10 as displayed", got[0][0])
	}
}

// TestCSVLineTooLong: a line of a .csv file that holds more than MaxLineCells cells is
// refused before it is read: encoding/csv would make every one of them, 400 MB for a
// file of 5 MB of commas.
func TestCSVLineTooLong(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		data string
		want error
	}{
		"Commas":     {"Item,Title\n1," + strings.Repeat(",", importer.MaxLineCells), importer.ErrLineTooLong},
		"Semicolons": {"Item;Title\n1;" + strings.Repeat(";", importer.MaxLineCells), importer.ErrLineTooLong},
		"JustBelow":  {"Item,Title\n1,T" + strings.Repeat(",", importer.MaxLineCells-2), nil},
	} {
		if _, err := readBytes("wide.csv", []byte(tt.data)); err != tt.want {
			t.Errorf("%s: error %v, want %v", name, err, tt.want)
		}
	}
}

// TestPartsThatAreNotSheets: a part that is not XML, such as a picture, is left as it
// is, even when its bytes happen to spell "row".
func TestPartsThatAreNotSheets(t *testing.T) {
	t.Parallel()
	data := mustXLSX(t, map[string]string{
		"xl/worksheets/sheet1.xml": sheetXML(`<row r="1">` + inline("A1", "Item") + inline("B1", "Title") + `</row>` +
			`<row r="2">` + inline("A2", "1") + inline("B2", "Adoption") + `</row>`),
		"xl/media/image1.png": "\x89PNG\r\n\x1a\n\x00\x00<row r=\"1\"><c r=\"XFD1\">\xff\xfe",
	})
	s, err := readBytes("picture.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 1 || s.Rows[0].Cells[1] != "Adoption" {
		t.Errorf("rows %v, want the one item", s.Rows)
	}
}

// TestSheetInAnotherCharset: a sheet whose XML declares another character set is read
// in it, as excelize reads it, and so within the same limits.
func TestSheetInAnotherCharset(t *testing.T) {
	t.Parallel()
	sheet := `<?xml version="1.0" encoding="ISO-8859-1"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1">` + inline("A1", "Caf\xe9") + `<c r="XFD1"><v>1</v></c></row></sheetData></worksheet>`
	_, cells, err := workbookRows(t, mustXLSX(t, map[string]string{"xl/worksheets/sheet1.xml": sheet}))
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"Café"}}; len(cells) != 1 || !slices.Equal(cells[0], want[0]) {
		t.Errorf("rows %q, want %q", cells, want)
	}
}
