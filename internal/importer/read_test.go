package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
)

var update = flag.Bool("update", false, "write testdata/agenda_220ex.xlsx again from testdata/agenda_220ex_en.csv")

// read reads a file of testdata.
func read(t *testing.T, name string) *importer.Sheet {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := importer.ReadAgenda(bytes.NewReader(b), name, int64(len(b)))
	if err != nil {
		t.Fatalf("ReadAgenda(%s): %v", name, err)
	}
	return s
}

// readBytes reads b as a file called name.
func readBytes(name string, b []byte) (*importer.Sheet, error) {
	return importer.ReadAgenda(bytes.NewReader(b), name, int64(len(b)))
}

func TestReadAgenda(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file        string
		headerLine  int
		rows        int
		firstLine   int
		firstNumber string
		lastNumber  string
		someTitle   string // the title of some row, whole: a title with commas or semicolons stays one cell
	}{
		{"agenda_220ex_en.csv", 1, 40, 2, "1", "40",
			"Status of the 1970 Convention on the Means of Prohibiting and Preventing the Illicit Import, Export and Transfer of Ownership of Cultural Property"},
		{"agenda_226ex_ko.csv", 1, 13, 2, "16.XL", "40", "인공지능 윤리에 관한 권고 이행"},
		{"agenda_bom.csv", 1, 3, 2, "1", "3", "Report by the Director-General"},
		{"agenda_semicolon.csv", 1, 3, 2, "5.II.A", "16.XV",
			"Human resources management: staff, geographical distribution and gender balance"},
		// A title line and a blank row above the table: the header is row 3.
		{"agenda_220ex.xlsx", 3, 40, 4, "1", "40",
			"Status of the 1970 Convention on the Means of Prohibiting and Preventing the Illicit Import, Export and Transfer of Ownership of Cultural Property"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := read(t, tt.file)
			if got, want := s.File, tt.file; got != want {
				t.Errorf("File %q, want %q", got, want)
			}
			if got, want := s.HeaderLine, tt.headerLine; got != want {
				t.Errorf("header in row %d, want %d", got, want)
			}
			if got, want := len(s.Rows), tt.rows; got != want {
				t.Fatalf("%d rows, want %d", got, want)
			}
			if got, want := s.Rows[0].Line, tt.firstLine; got != want {
				t.Errorf("first row is row %d, want %d", got, want)
			}
			if got, want := s.Rows[0].Cells[0], tt.firstNumber; got != want {
				t.Errorf("first number %q, want %q", got, want)
			}
			if got, want := s.Rows[len(s.Rows)-1].Cells[0], tt.lastNumber; got != want {
				t.Errorf("last number %q, want %q", got, want)
			}
			var titles []string
			for _, r := range s.Rows {
				titles = append(titles, r.Cells[1:]...)
			}
			if !slices.Contains(titles, tt.someTitle) {
				t.Errorf("no cell reads %q", tt.someTitle)
			}
		})
	}
}

// TestCSVRowNumbers checks that rows are numbered as a spreadsheet shows them: a blank
// line is a row, a quoted cell over two lines is one.
func TestCSVRowNumbers(t *testing.T) {
	t.Parallel()
	csv := "Item,Title\n1,Adoption of the agenda\n\n\"2\",\"Approval of the\nsummary records\"\n3,Report\r\n,\n4,Other business\n"
	s, err := readBytes("agenda.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range s.Rows {
		got = append(got, strconv.Itoa(r.Line)+":"+r.Cells[0])
	}
	if want := []string{"2:1", "4:2", "5:3", "7:4"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  string
		columns []string
		ignored []string
	}{
		{"English", "Item,Title,Title (KO),Documents,Commission,Sector,Lead ministry,Priority",
			[]string{"Item", "Title", "Title (KO)", "Documents", "Commission", "Sector", "Lead ministry", "Priority"}, nil},
		{"Korean", "번호,제목,국문 제목,문서,위원회,분야,주관 부처,우선순위",
			[]string{"번호", "제목", "국문 제목", "문서", "위원회", "분야", "주관 부처", "우선순위"}, nil},
		{"CaseAndSpaces", " ITEM ,title,TITLE  (ko),lead MINISTRY,주관부처,PRIORITY",
			[]string{"ITEM", "title", "TITLE  (ko)", "lead MINISTRY", "PRIORITY"}, []string{"주관부처"}},
		{"Mixed", "번호,Title,국문 제목,Lead ministry",
			[]string{"번호", "Title", "국문 제목", "Lead ministry"}, nil},
		{"ExtraColumnsIgnoredAndListed", "Page,Item,Remarks,Title,,Title,Observations",
			[]string{"Item", "Title"}, []string{"Page", "Remarks", "Title", "Observations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := readBytes("agenda.csv", []byte(tt.header+"\n1,2,3,4,5,6,7,8\n"))
			if err != nil {
				t.Fatal(err)
			}
			p := importer.Check(s, importer.Lookups{})
			if !slices.Equal(p.Columns, tt.columns) {
				t.Errorf("columns %q, want %q", p.Columns, tt.columns)
			}
			if !slices.Equal(p.Ignored, tt.ignored) {
				t.Errorf("ignored %q, want %q", p.Ignored, tt.ignored)
			}
		})
	}
}

func TestReadAgendaRefuses(t *testing.T) {
	t.Parallel()
	eucKR := []byte("Item,Title\n1,\xc0\xc7\xc1\xa6 \xc3\xa4\xc5\xc3\n") // "의제 채택" in EUC-KR
	tests := []struct {
		name string
		file string
		data []byte
		size int64 // -1: the data's length
		want *domain.Error
	}{
		{"ErrTooLargeAnnounced", "agenda.csv", []byte("Item,Title\n1,A\n"), importer.MaxFileSize + 1, importer.ErrTooLarge},
		{"ErrTooLargeRead", "agenda.csv", bigCSV(importer.MaxFileSize + 1), 100, importer.ErrTooLarge},
		{"ErrFileTypeXLS", "agenda.xls", []byte("Item,Title\n1,A\n"), -1, importer.ErrFileType},
		{"ErrFileTypeNone", "agenda", []byte("Item,Title\n1,A\n"), -1, importer.ErrFileType},
		{"ErrNotUTF8", "agenda.csv", eucKR, -1, importer.ErrNotUTF8},
		{"ErrNoHeader", "agenda.csv", []byte("Number,Name\n1,Adoption of the agenda\n"), -1, importer.ErrNoHeader},
		{"ErrNoTitleColumn", "agenda.csv", []byte("Item,Documents\n1,220 EX/1\n"), -1, importer.ErrNoHeader},
		{"ErrNoRows", "agenda.csv", []byte("Item,Title\n,\n"), -1, importer.ErrNoRows},
		{"ErrEmptyFile", "agenda.csv", nil, -1, importer.ErrNoHeader},
		{"ErrTooManyRows", "agenda.csv", manyRows(importer.MaxRows), -1, importer.ErrTooManyRows},
		{"ErrNotAWorkbook", "agenda.xlsx", []byte("Item,Title\n1,A\n"), -1, importer.ErrUnreadable},
		{"ErrZipWithoutWorkbook", "agenda.xlsx", zipOf(t, map[string][]byte{"hello.txt": []byte("hello")}), -1, importer.ErrUnreadable},
		// 60 MB of spaces packs into about 60 KB: more than 50 MB unpacked.
		{"ErrZipBombSize", "agenda.xlsx", zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": bytes.Repeat([]byte(" "), 60<<20)}), -1, importer.ErrZipBomb},
		// 8 MB packed some 800 times over: small enough, but no spreadsheet packs so well.
		{"ErrZipBombRatio", "agenda.xlsx", zipOf(t, map[string][]byte{"xl/sharedStrings.xml": bytes.Repeat([]byte("a"), 8<<20)}), -1, importer.ErrZipBomb},
		{"ErrZipTooManyParts", "agenda.xlsx", zipOfMany(t, 1001), -1, importer.ErrZipBomb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			size := tt.size
			if size < 0 {
				size = int64(len(tt.data))
			}
			_, err := importer.ReadAgenda(bytes.NewReader(tt.data), tt.file, size)
			if got, want := domain.ErrorMessage(err), tt.want.Message; got != want {
				t.Errorf("error %v, want %s", err, want)
			}
			if got, want := domain.ErrorCode(err), domain.EINVALID; got != want {
				t.Errorf("code %s, want %s", got, want)
			}
		})
	}
}

// TestXLSXLimitsTheRows checks that a workbook whose table goes on past row MaxRows is
// refused, and that one that ends there is read: the header is row 1.
func TestXLSXLimitsTheRows(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		rows int
		want error
	}{{importer.MaxRows - 1, nil}, {importer.MaxRows, importer.ErrTooManyRows}} {
		t.Run(strconv.Itoa(tt.rows), func(t *testing.T) {
			t.Parallel()
			f := excelize.NewFile()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			if err := sw.SetRow("A1", []any{"Item", "Title"}); err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= tt.rows; i++ {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := sw.SetRow(cell, []any{i, "Item " + strconv.Itoa(i)}); err != nil {
					t.Fatal(err)
				}
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			s, err := readBytes("many.xlsx", buf.Bytes())
			if err != tt.want {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if err == nil && len(s.Rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(s.Rows), tt.rows)
			}
		})
	}
}

// TestXLSXMatchesCSV checks that the committed workbook holds the English CSV's table
// below a title line, numbers as numbers where they are numbers. With -update it writes
// the workbook first.
func TestXLSXMatchesCSV(t *testing.T) {
	t.Parallel()
	csv := read(t, "agenda_220ex_en.csv")
	path := filepath.Join("testdata", "agenda_220ex.xlsx")
	if *update {
		if err := writeWorkbook(path, csv); err != nil {
			t.Fatal(err)
		}
	}
	xlsx := read(t, "agenda_220ex.xlsx")
	if !slices.Equal(xlsx.Header, csv.Header) {
		t.Errorf("header %q, want %q", xlsx.Header, csv.Header)
	}
	for i, r := range csv.Rows {
		got := xlsx.Rows[i].Cells
		want := slices.Clone(r.Cells)
		for len(want) > 0 && want[len(want)-1] == "" { // a workbook drops empty cells at the end of a row
			want = want[:len(want)-1]
		}
		if !slices.Equal(got, want) {
			t.Errorf("row %d: %q, want %q", xlsx.Rows[i].Line, got, want)
		}
	}
}

// writeWorkbook writes sheet as a workbook like those UNESCO publishes: a title line, a
// blank row, then the table, with whole numbers as numbers.
func writeWorkbook(path string, sheet *importer.Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	const name = "Provisional agenda"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	if err := f.SetCellStr(name, "A1", "220 EX/1 Prov. · Provisional agenda of the 220th session of the Executive Board"); err != nil {
		return err
	}
	rows := append([][]string{sheet.Header}, func() [][]string {
		var out [][]string
		for _, r := range sheet.Rows {
			out = append(out, r.Cells)
		}
		return out
	}()...)
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+3)
			var err error
			if n, nerr := strconv.Atoi(v); nerr == nil && j == 0 {
				err = f.SetCellInt(name, cell, int64(n))
			} else if v != "" {
				err = f.SetCellStr(name, cell, v)
			}
			if err != nil {
				return err
			}
		}
	}
	if _, err := f.NewSheet("Notes"); err != nil {
		return err
	}
	if err := f.SetCellStr("Notes", "A1", "Item"); err != nil { // a second sheet is never read
		return err
	}
	return f.SaveAs(path)
}

func bigCSV(size int) []byte {
	b := []byte("Item,Title\n")
	line := []byte("1,Adoption of the agenda\n")
	for len(b) < size {
		b = append(b, line...)
	}
	return b
}

func manyRows(n int) []byte {
	var b strings.Builder
	b.WriteString("Item,Title\n")
	for i := 1; i <= n; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteString(",T\n")
	}
	return []byte(b.String())
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	// At its quickest, deflate still packs the bombs below some 800 times over, well past
	// what the reader refuses, and in a quarter of the time (under -race, 5 s instead of 20).
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for name, data := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOfMany(t *testing.T, n int) []byte {
	files := map[string][]byte{}
	for i := range n {
		files["part"+strconv.Itoa(i)+".xml"] = []byte("<x/>")
	}
	return zipOf(t, files)
}
