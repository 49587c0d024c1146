package importer_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
)

// ministries are the demo data's ministries, with their former names.
var ministries = []domain.Ministry{
	{ID: 1, Code: "MOFA", NameEN: "Ministry of Foreign Affairs", NameKO: "외교부"},
	{ID: 2, Code: "MOE", NameEN: "Ministry of Education", NameKO: "교육부"},
	{ID: 3, Code: "MSIT", NameEN: "Ministry of Science and ICT", NameKO: "과학기술정보통신부"},
	{ID: 4, Code: "MCST", NameEN: "Ministry of Culture, Sports and Tourism", NameKO: "문화체육관광부"},
	{ID: 5, Code: "KHS", NameEN: "Korea Heritage Service", NameKO: "국가유산청", FormerNames: []domain.MinistryFormerName{
		{NameEN: "Cultural Heritage Administration", NameKO: "문화재청", UsedUntil: time.Date(2024, 5, 16, 0, 0, 0, 0, time.UTC)}}},
	{ID: 6, Code: "MCEE", NameEN: "Ministry of Climate, Energy and Environment", NameKO: "기후에너지환경부", FormerNames: []domain.MinistryFormerName{
		{NameEN: "Ministry of Environment", NameKO: "환경부", UsedUntil: time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)}}},
	{ID: 7, Code: "MOF", NameEN: "Ministry of Oceans and Fisheries", NameKO: "해양수산부"},
	{ID: 8, Code: "MOGEF", NameEN: "Ministry of Gender Equality and Family", NameKO: "성평등가족부", FormerNames: []domain.MinistryFormerName{
		{NameEN: "Ministry of Gender Equality and Family", NameKO: "여성가족부", UsedUntil: time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)}}},
}

// demo220EX are the numbers of the demo data's agenda of 220 EX.
var demo220EX = []string{"1", "2", "3", "5.I.A", "5.I.B", "5.I.C", "5.II.A", "10", "16.IX", "16.XV", "32"}

// errorLine is a row error as the tests compare it.
func errorLine(e importer.RowError) string {
	s := fmt.Sprintf("row %d: %s %q: %s", e.Line, e.Column.Heading(), e.Value, e.Message)
	if e.First != 0 {
		s += fmt.Sprintf(" (row %d)", e.First)
	}
	return s
}

func TestCheckGoodFile(t *testing.T) {
	t.Parallel()
	p := importer.Check(read(t, "agenda_220ex_en.csv"), importer.Lookups{Ministries: ministries, Existing: demo220EX})
	for _, e := range p.Errors() {
		t.Errorf("unexpected %s", errorLine(e))
	}
	if !p.OK() {
		t.Fatal("OK() = false, want true")
	}
	if got, want := [3]int{p.Added, p.Updated, p.Invalid}, [3]int{29, 11, 0}; got != want {
		t.Errorf("added, updated, invalid = %v, want %v", got, want)
	}
	if got, want := p.Ignored, []string{"Remarks"}; !slices.Equal(got, want) {
		t.Errorf("ignored %q, want %q", got, want)
	}
	byNumber := map[string]importer.PreviewRow{}
	for _, r := range p.Rows {
		byNumber[r.Input.Number] = r
	}
	tests := []struct {
		number   string
		line     int
		action   importer.Action
		lead     string // code of the lead ministry, "" for none
		priority domain.Priority
		docs     string
	}{
		{"1", 2, importer.Update, "", domain.PriorityLow, "220 EX/1 Prov.; 220 EX/1 Prov.Add."},
		{"16.XIX", 4, importer.Add, "MCEE", domain.PriorityNormal, "220 EX/16.XIX"},  // former English name
		{"5.I.B", 12, importer.Update, "MOE", domain.PriorityNormal, "220 EX/5.I.B"}, // Korean name
		{"7", 19, importer.Add, "MOE", domain.PriorityHigh, "220 EX/7"},              // English name
		{"13", 23, importer.Add, "KHS", domain.PriorityNormal, "220 EX/13"},          // former English name
		{"16.XV", 28, importer.Update, "KHS", domain.PriorityNormal, "220 EX/16.XV"}, // Korean name
		{"20", 33, importer.Add, "MOGEF", domain.PriorityNormal, "220 EX/20"},        // former Korean name
		{"40", 41, importer.Add, "", domain.PriorityLow, ""},
	}
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			r, ok := byNumber[tt.number]
			if !ok {
				t.Fatalf("no row %s", tt.number)
			}
			if r.Line != tt.line || r.Action != tt.action {
				t.Errorf("row %d, %s; want row %d, %s", r.Line, r.Action, tt.line, tt.action)
			}
			code := ""
			if r.Lead != nil {
				code = r.Lead.Code
				if r.Input.LeadMinistryID != r.Lead.ID {
					t.Errorf("lead_ministry_id %d, want %d", r.Input.LeadMinistryID, r.Lead.ID)
				}
			}
			if code != tt.lead {
				t.Errorf("lead %q (%q), want %q", code, r.LeadText, tt.lead)
			}
			if got := domain.Priority(r.Input.Priority); got != tt.priority {
				t.Errorf("priority %q, want %q", got, tt.priority)
			}
			if r.Input.Documents != tt.docs {
				t.Errorf("documents %q, want %q", r.Input.Documents, tt.docs)
			}
			if r.Input.Status != string(domain.ItemNew) || r.Input.TitleEN == "" || r.Input.TitleKO == "" {
				t.Errorf("input %+v: want status new and both titles", r.Input)
			}
		})
	}
}

func TestCheckKoreanFile(t *testing.T) {
	t.Parallel()
	demo226EX := []string{"1", "3", "5.I.A", "5.I.B", "5.I.C", "5.II.A", "9", "16.XIX", "16.XL"}
	p := importer.Check(read(t, "agenda_226ex_ko.csv"), importer.Lookups{Ministries: ministries, Existing: demo226EX})
	for _, e := range p.Errors() {
		t.Errorf("unexpected %s", errorLine(e))
	}
	if got, want := [3]int{p.Added, p.Updated, p.Invalid}, [3]int{4, 9, 0}; got != want {
		t.Errorf("added, updated, invalid = %v, want %v", got, want)
	}
	first := p.Rows[0]
	if first.Input.Number != "16.XL" || first.Lead == nil || first.Lead.Code != "MOGEF" || first.Input.Priority != "low" {
		t.Errorf("first row %+v, lead %v: want 16.XL, MOGEF, low", first.Input, first.Lead)
	}
}

func TestCheckBadFile(t *testing.T) {
	t.Parallel()
	p := importer.Check(read(t, "agenda_bad.csv"), importer.Lookups{Ministries: ministries})
	var got []string
	for _, e := range p.Errors() {
		got = append(got, errorLine(e))
	}
	want := []string{
		`row 3: Title "": import.title_required`,
		`row 4: Item "4..2": item_number.empty_segment`,
		`row 5: Item "5.IIII": item_number.bad_roman`,
		`row 6: Item "1": import.duplicate_number (row 2)`,
		`row 7: Lead ministry "Ministry of Magic": import.unknown_ministry`,
		`row 8: Priority "urgent": import.bad_priority`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%q\nwant:\n%q", got, want)
	}
	if p.OK() {
		t.Error("OK() = true, want false")
	}
	if got, want := [3]int{p.Added, p.Updated, p.Invalid}, [3]int{2, 0, 6}; got != want {
		t.Errorf("added, updated, invalid = %v, want %v", got, want)
	}
	if got, want := len(p.Rows), 8; got != want {
		t.Errorf("%d rows in the preview, want every one of %d", got, want)
	}
}

// check checks a table of one row below the header "Item,Title,Lead ministry,Priority".
func check(t *testing.T, row string, existing ...string) importer.PreviewRow {
	t.Helper()
	s, err := readBytes("agenda.csv", []byte("Item,Title,Lead ministry,Priority\n"+row+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := importer.Check(s, importer.Lookups{Ministries: ministries, Existing: existing})
	if len(p.Rows) != 1 {
		t.Fatalf("%d rows, want 1", len(p.Rows))
	}
	return p.Rows[0]
}

func TestCheckRow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		row      string
		existing []string
		number   string
		action   importer.Action
		lead     int64
		priority string
		errors   []string
	}{
		{"OK", "5.I.A,Ethics of AI,MSIT,high", nil, "5.I.A", importer.Add, 3, "high", nil},
		{"NumberWrittenLoosely", " 5.i.a ,Ethics of AI,,", []string{"5.I.A"}, "5.I.A", importer.Update, 0, "normal", nil},
		{"WorldHeritageNumber", "8b,Nominations,,", []string{"8B"}, "8B", importer.Update, 0, "normal", nil},
		{"LeadCodeAnyCase", "1,A,mofa,", nil, "1", importer.Add, 1, "normal", nil},
		{"LeadNameAnyCaseAndSpaces", "1,A,\"  korea   HERITAGE service \",", nil, "1", importer.Add, 5, "normal", nil},
		{"LeadFormerKoreanName", "1,A,환경부,", nil, "1", importer.Add, 6, "normal", nil},
		{"PriorityKorean", "1,A,,높음", nil, "1", importer.Add, 0, "high", nil},
		{"PriorityCapitals", "1,A,,Low", nil, "1", importer.Add, 0, "low", nil},
		{"PriorityKoreanNormal", "1,A,,보통", nil, "1", importer.Add, 0, "normal", nil},
		{"ErrNumberEmpty", ",A,,", nil, "", importer.Add, 0, "normal", []string{`Item "": item_number.empty`}},
		{"ErrNumberZero", "0,A,,", nil, "0", importer.Add, 0, "normal", []string{`Item "0": item_number.zero`}},
		{"ErrNumberTrailingDot", "5.,A,,", nil, "5.", importer.Add, 0, "normal", []string{`Item "5.": item_number.trailing_dot`}},
		{"ErrNumberSegment", "5-1,A,,", nil, "5-1", importer.Add, 0, "normal", []string{`Item "5-1": item_number.bad_segment`}},
		{"ErrTitleAndMinistry", "1,,MOJ,", nil, "1", importer.Add, 0, "normal",
			[]string{`Title "": import.title_required`, `Lead ministry "MOJ": import.unknown_ministry`}},
		{"ErrPriority", "1,A,,urgent", nil, "1", importer.Add, 0, "", []string{`Priority "urgent": import.bad_priority`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := check(t, tt.row, tt.existing...)
			if r.Input.Number != tt.number || r.Action != tt.action || r.Input.LeadMinistryID != tt.lead || r.Input.Priority != tt.priority {
				t.Errorf("number %q, %s, lead %d, priority %q; want %q, %s, %d, %q",
					r.Input.Number, r.Action, r.Input.LeadMinistryID, r.Input.Priority, tt.number, tt.action, tt.lead, tt.priority)
			}
			var got []string
			for _, e := range r.Errors {
				got = append(got, fmt.Sprintf("%s %q: %s", e.Column.Heading(), e.Value, e.Message))
			}
			if !slices.Equal(got, tt.errors) {
				t.Errorf("errors %q, want %q", got, tt.errors)
			}
		})
	}
}

func TestCheckAmbiguousMinistry(t *testing.T) {
	t.Parallel()
	ms := append(slices.Clone(ministries), domain.Ministry{ID: 9, Code: "MOEX", NameEN: "Ministry of Environment", NameKO: "환경청"})
	s, err := readBytes("agenda.csv", []byte("Item,Title,Lead ministry\n1,A,Ministry of Environment\n2,B,MCEE\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := importer.Check(s, importer.Lookups{Ministries: ms})
	if got := p.Rows[0].Errors; len(got) != 1 || got[0].Message != "import.ambiguous_ministry" {
		t.Errorf("row 2: errors %+v, want import.ambiguous_ministry", got)
	}
	if got := p.Rows[1].Errors; len(got) != 0 {
		t.Errorf("row 3: errors %+v, want none: a code is never ambiguous", got)
	}
}

func TestCheckTooLong(t *testing.T) {
	t.Parallel()
	long := string(slices.Repeat([]rune("가"), 1001))
	r := check(t, "1,"+long+",,")
	if len(r.Errors) != 1 || r.Errors[0].Message != "import.too_long" || r.Errors[0].Max != 1000 || r.Errors[0].Column != importer.ColTitle {
		t.Errorf("errors %+v, want the title longer than 1000", r.Errors)
	}
	r = check(t, "1,"+long[:len(long)-len("가")]+",,")
	if len(r.Errors) != 0 {
		t.Errorf("errors %+v for a title of 1000 characters, want none", r.Errors)
	}
}

func TestCheckProgress(t *testing.T) {
	t.Parallel()
	s, err := readBytes("agenda.csv", manyRows(2500))
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	importer.Check(s, importer.Lookups{Progress: func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) }})
	if want := []string{"1000/2500", "2000/2500", "2500/2500"}; !slices.Equal(calls, want) {
		t.Errorf("progress %q, want %q", calls, want)
	}
}

// TestCheckControlCharacters: a cell with NUL or another control character is a row
// error at the preview, so that confirming never meets it; a title broken over lines in
// its cell is joined into one line, and documents keep their lines.
func TestCheckControlCharacters(t *testing.T) {
	t.Parallel()
	csv := "Item,Title,Documents,Sector\n" +
		"1,\"Adoption of\nthe agenda\",\"220 EX/1\n220 EX/1.Add\",\n" +
		"2,\"Report\x00\",,\n" +
		"3,Approval,\"220 EX/3\x07\",\n" +
		"4,Budget,,\"ED\x1b\"\n"
	s, err := readBytes("agenda.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	p := importer.Check(s, importer.Lookups{Ministries: ministries})
	var got []string
	for _, e := range p.Errors() {
		got = append(got, errorLine(e))
	}
	want := []string{
		`row 3: Title "Report\x00": import.control_char`,
		`row 4: Documents "220 EX/3\a": import.control_char`,
		`row 5: Sector "ED\x1b": import.control_char`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := p.Rows[0].Input.TitleEN, "Adoption of the agenda"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got, want := p.Rows[0].Input.Documents, "220 EX/1\n220 EX/1.Add"; got != want {
		t.Errorf("documents %q, want %q", got, want)
	}
}

// TestFileNameControlCharacters: the name of a file is kept with its rows, so it passes
// the rule for text too.
func TestFileNameControlCharacters(t *testing.T) {
	t.Parallel()
	if _, err := readBytes("agenda\x00.csv", []byte("Item,Title\n1,A\n")); err != importer.ErrFileName {
		t.Errorf("error %v, want ErrFileName", err)
	}
}
