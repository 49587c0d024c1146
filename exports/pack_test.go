package exports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/testtool"
)

var catalog = i18n.MustNew()

// memSource is a pack source held in memory, for tests of the workbook itself; the
// store's source, which cuts packs for audiences, is tested against PostgreSQL.
type memSource struct {
	items     []exports.ItemRow
	positions []exports.PositionRow
	cons      []exports.ConsultationRow
	members   []exports.MemberRow
	days      []time.Time
	att       []exports.AttendanceRow
}

func (m *memSource) Overview(context.Context) (*exports.Overview, error) {
	d := day("2027-03-19")
	return &exports.Overview{Code: "226 EX", TitleEN: "226th session of the Executive Board", Body: "Executive Board",
		Venue: "Paris", StartsOn: day("2027-04-07"), EndsOn: day("2027-04-21"), BriefDeadline: &d, Status: "planning",
		ItemsByStatus: map[string]int{"new": len(m.items)}, BriefsByStatus: map[string]int{"final": 1},
		BriefsByStance: map[string]int{"support": 1}, OpenConsultations: 2, OverdueConsultations: 1}, nil
}
func (m *memSource) Items(_ context.Context, fn func(exports.ItemRow) error) error {
	for _, r := range m.items {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
func (m *memSource) Positions(_ context.Context, fn func(exports.PositionRow) error) error {
	for _, r := range m.positions {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
func (m *memSource) Consultations(_ context.Context, fn func(exports.ConsultationRow) error) error {
	for _, r := range m.cons {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
func (m *memSource) Members(_ context.Context, fn func(exports.MemberRow) error) error {
	for _, r := range m.members {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
func (m *memSource) Attendance(context.Context) ([]time.Time, []exports.AttendanceRow, error) {
	return m.days, m.att, nil
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// hostile are titles that would become formulas or commands if written carelessly.
var hostile = []string{"=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"}

func sample() *memSource {
	m := &memSource{}
	for i, t := range hostile {
		m.items = append(m.items, exports.ItemRow{Number: fmt.Sprint(i + 1), TitleEN: t, TitleKO: "국문 " + t, LeadEN: "Ministry of Education", LeadKO: "교육부", Priority: "high", Status: "new"})
	}
	m.items = append(m.items, exports.ItemRow{Number: "5.I.A", TitleEN: "Ethics of Artificial Intelligence", TitleKO: "인공지능 윤리", Status: "in_progress", Priority: "normal"})
	m.positions = []exports.PositionRow{{Number: "5.I.A", TitleEN: "Ethics of AI", TitleKO: "인공지능 윤리", Stance: "support", Status: "final",
		SummaryEN: "Support the draft decision.", SummaryKO: "결정안을 지지함.", KeyPointsKO: strings.Repeat("가", 40000), Revision: 3, UpdatedAt: day("2027-03-01")}}
	m.cons = []exports.ConsultationRow{{Number: "5.I.A", TitleEN: "Ethics of AI", MinistryEN: "Ministry of Science and ICT", MinistryKO: "과학기술정보통신부",
		Question: "=1+1 your view?", AskedOn: day("2027-02-01"), DueOn: day("2027-03-01"), Status: "open", Overdue: true}}
	m.members = []exports.MemberRow{{NameEN: "Kim Seoyeon", NameKO: "김서연", Role: "head", Organisation: "Permanent Delegation", Accreditation: "confirmed"}}
	m.days = []time.Time{day("2027-04-07"), day("2027-04-08")}
	m.att = []exports.AttendanceRow{{NameEN: "Kim Seoyeon", NameKO: "김서연", Days: map[time.Time]string{day("2027-04-07"): "present"}}}
	return m
}

func write(t *testing.T, lang, audience string, src exports.Source) []byte {
	t.Helper()
	p := &exports.Pack{Audience: exports.Audience{Kind: audience}, L: catalog.For(lang), GeneratedBy: "staff@plenary.example",
		GeneratedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	var buf bytes.Buffer
	if err := p.Write(context.Background(), &buf, src); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestPackSheetsAndHeaders(t *testing.T) {
	for _, tt := range []struct {
		lang, sheet0, agenda, header string
	}{
		{"en", "Overview", "Agenda", "Lead ministry"},
		{"ko", "개요", "의제", "주관 부처"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(write(t, tt.lang, domain.PackFull, sample())))
			if err != nil {
				t.Fatal(err)
			}
			sheets := f.GetSheetList()
			if len(sheets) != 6 || sheets[0] != tt.sheet0 || sheets[1] != tt.agenda {
				t.Fatalf("sheets %v, want six starting with %s, %s", sheets, tt.sheet0, tt.agenda)
			}
			rows, err := f.GetRows(tt.agenda)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(rows), 1+len(hostile)+1; got != want {
				t.Errorf("agenda rows %d, want %d", got, want)
			}
			if !contains(rows[0], tt.header) {
				t.Errorf("agenda header %v lacks %q", rows[0], tt.header)
			}
		})
	}
}

// TestPackUserTextIsNeverAFormula: titles starting with =, +, -, @, tab or CR are text.
func TestPackUserTextIsNeverAFormula(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(write(t, "en", domain.PackFull, sample())))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range hostile {
		cell := fmt.Sprintf("B%d", i+2)
		formula, err := f.GetCellFormula("Agenda", cell)
		if err != nil {
			t.Fatal(err)
		}
		if formula != "" {
			t.Errorf("%s has formula %q", cell, formula)
		}
		got, _ := f.GetCellValue("Agenda", cell)
		if got != want {
			t.Errorf("%s = %q, want %q literally", cell, got, want)
		}
	}
}

// TestPackCutsLongTextVisibly: text beyond a cell's limit ends with a marker; on the
// Positions sheet, where a long text goes on over several rows, nothing is cut.
func TestPackCutsLongTextVisibly(t *testing.T) {
	src := sample()
	src.cons[0].Answer = strings.Repeat("나", 40000)
	f, err := excelize.OpenReader(bytes.NewReader(write(t, "en", domain.PackFull, src)))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.GetCellValue("Consultations", "H2")
	if !strings.HasSuffix(got, "[truncated]") || len([]rune(got)) > excelize.TotalCellChars {
		t.Errorf("answer of %d characters, ending %q: want cut to the limit with a marker", len([]rune(got)), got[len(got)-20:])
	}
	rows, err := f.GetRows("Positions")
	if err != nil {
		t.Fatal(err)
	}
	var keyPoints strings.Builder
	parts := 0
	for _, r := range rows {
		// Written in Korean only, the English pack's field name says so.
		if len(r) > 2 && r[1] == "Key points (Written in Korean only)" {
			keyPoints.WriteString(r[2])
			parts++
		}
	}
	if keyPoints.String() != src.positions[0].KeyPointsKO {
		t.Errorf("key points of %d characters over %d rows, want all %d", len([]rune(keyPoints.String())), parts, len([]rune(src.positions[0].KeyPointsKO)))
	}
	if parts < 2 {
		t.Errorf("key points of 40,000 characters in %d rows, want them continued over several", parts)
	}
}

func TestSafeText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "Support", "Support"},
		{"FormulaLookalikeKept", "=1+1", "=1+1"},
		{"ControlCharactersDropped", "a\x00b\x07c", "abc"},
		{"NewlinesKept", "a\nb", "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exports.SafeText(tt.in); got != tt.want {
				t.Errorf("SafeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPackOpensInLibreOffice converts every sheet to CSV with LibreOffice and checks
// that the text came through, Korean included, and that formula-like titles are literal.
func TestPackOpensInLibreOffice(t *testing.T) {
	soffice := testtool.Require(t, "soffice")
	dir := t.TempDir()
	file := filepath.Join(dir, "pack.xlsx")
	if err := os.WriteFile(file, write(t, "ko", domain.PackFull, sample()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", out, file)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	agenda := readCSV(t, filepath.Join(out, "pack-의제.csv"))
	if len(agenda) != 1+len(hostile)+1 {
		t.Fatalf("LibreOffice read %d agenda rows, want %d", len(agenda), 1+len(hostile)+1)
	}
	for i, h := range hostile {
		if got, want := agenda[i+1][1], "국문 "+h; got != want {
			t.Errorf("row %d title %q, want %q literally", i+2, got, want)
		}
	}
	overview := readCSV(t, filepath.Join(out, "pack-개요.csv"))
	if !strings.Contains(overview[0][0], "226 EX") {
		t.Errorf("overview title %q", overview[0][0])
	}
	for _, name := range []string{"입장", "부처 의견 조회", "대표단", "출석"} {
		if _, err := os.Stat(filepath.Join(out, "pack-"+name+".csv")); err != nil {
			t.Errorf("sheet %s did not come through: %v", name, err)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestPackPrintSetup: every sheet prints landscape, fitted to the page width, with the
// header row repeated and the session in the footer.
func TestPackPrintSetup(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(write(t, "en", domain.PackFull, sample())))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range f.GetSheetList() {
		props, err := f.GetSheetProps(name)
		if err != nil {
			t.Fatal(err)
		}
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: not set to fit to page", name)
		}
		layout, err := f.GetPageLayout(name)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
			t.Errorf("%s: page layout %+v, want landscape, one page wide", name, layout)
		}
		hf, err := f.GetHeaderFooter(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hf.OddFooter, "226 EX") || !strings.Contains(hf.OddFooter, "&P") {
			t.Errorf("%s: footer %q, want the session and the page number", name, hf.OddFooter)
		}
	}
	titles := 0
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles++
		}
	}
	if titles != 5 {
		t.Errorf("%d sheets repeat their header row when printed, want the 5 list sheets", titles)
	}
}

// TestPackSheetWithNothingSaysSo: a delegate's pack has no consultations; its sheet says
// so in one line instead of printing an empty grid, and keeps no filter or print titles.
func TestPackSheetWithNothingSaysSo(t *testing.T) {
	src := sample()
	src.cons = nil
	for _, lang := range []string{"en", "ko"} {
		l := catalog.For(lang)
		f, err := excelize.OpenReader(bytes.NewReader(write(t, lang, domain.PackDelegate, src)))
		if err != nil {
			t.Fatal(err)
		}
		name := l.T("session_nav.consultations")
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		if want := [][]string{{l.T("pack.empty")}}; fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Errorf("%s: %s holds %q, want the one line %q", lang, name, rows, want)
		}
		for _, n := range f.GetDefinedName() {
			if n.Name == "_xlnm.Print_Titles" && n.Scope == name {
				t.Errorf("%s: %s repeats a header row it does not have", lang, name)
			}
		}
		f.Close()
	}
}

// TestPackAskedOn: the Consultations sheet says when each request was asked, beside its
// due date.
func TestPackAskedOn(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(write(t, "en", domain.PackFull, sample())))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.GetCellValue("Consultations", "E1"); got != "Asked on" {
		t.Errorf("E1 = %q, want Asked on", got)
	}
	if got, _ := f.GetCellValue("Consultations", "E2"); got != "2027-02-01" {
		t.Errorf("E2 = %q, want the day asked", got)
	}
}
