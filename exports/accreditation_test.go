package exports_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/exports"
)

func accreditationList(lang string, rows ...exports.AccreditationRow) []byte {
	l := &exports.AccreditationList{SessionCode: "226 EX", SessionTitle: "226th session of the Executive Board",
		L: catalog.For(lang), GeneratedBy: "staff@plenary.example", GeneratedAt: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC), Rows: rows}
	var b bytes.Buffer
	if err := l.Write(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// TestAccreditationListPrintSetup: the list prints like the pack, A4 landscape, one page
// wide with its header row on every page and the session in the footer; its columns fit
// on the page; a list without members says so.
func TestAccreditationListPrintSetup(t *testing.T) {
	arrives := time.Date(2027, 4, 5, 0, 0, 0, 0, time.UTC)
	f, err := excelize.OpenReader(bytes.NewReader(accreditationList("ko", exports.AccreditationRow{Honorific: "Mr", PassportName: "CHOI Minsu",
		Function: "Senior Programme Specialist", Organisation: "Korean National Commission for UNESCO", Role: "delegate", ArrivesOn: &arrives})))
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != catalog.For("ko").T("accred.sheet") {
		t.Fatalf("sheets %q, want the one list", sheets)
	}
	name := sheets[0]
	props, err := f.GetSheetProps(name)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("not set to fit to page: %v", err)
	}
	layout, err := f.GetPageLayout(name)
	if err != nil {
		t.Fatal(err)
	}
	if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 ||
		layout.Size == nil || *layout.Size != 9 {
		t.Errorf("page layout %+v, want A4 landscape, one page wide", layout)
	}
	hf, err := f.GetHeaderFooter(name)
	if err != nil || !strings.Contains(hf.OddFooter, "226 EX") || !strings.Contains(hf.OddFooter, "&P") {
		t.Errorf("footer %+v, want the session and the page number", hf)
	}
	width := 0.0
	for _, col := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
		w, err := f.GetColWidth(name, col)
		if err != nil {
			t.Fatal(err)
		}
		width += w
	}
	if width > 124 {
		t.Errorf("columns %.0f characters wide, more than a page holds", width)
	}
	titles := false
	for _, n := range f.GetDefinedName() {
		titles = titles || n.Name == "_xlnm.Print_Titles"
	}
	if !titles {
		t.Error("the header row is not repeated on every printed page")
	}

	empty, err := excelize.OpenReader(bytes.NewReader(accreditationList("en")))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := empty.GetRows(catalog.For("en").T("accred.sheet"))
	if len(rows) != 1 || rows[0][0] != catalog.For("en").T("accred.list_empty") {
		t.Errorf("an empty list reads %q", rows)
	}
}
