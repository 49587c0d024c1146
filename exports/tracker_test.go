package exports_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
)

var trackerEN = exports.TrackerLabels{Sheet: "Consultations", Guide: "How to answer", ID: "ID", Session: "Session",
	Item: "Item", Title: "Title", Ministry: "Ministry", Question: "Question", Comment: "Comment", Asked: "Asked on", Due: "Due",
	Answer: "Answer", Version: "Version", Heading: "Tracker", Instructions: []string{"Fill in the Answer column."}}

var trackerKO = exports.TrackerLabels{Sheet: "의견 조회", Guide: "작성 안내", ID: "ID", Session: "회기",
	Item: "의제", Title: "의제 제목", Ministry: "부처", Question: "요청 내용", Comment: "위원회 의견", Asked: "요청일", Due: "회신 기한",
	Answer: "회신", Version: "버전", Heading: "회신 양식"}

func writeTracker(t *testing.T, labels exports.TrackerLabels, rows ...domain.Consultation) []byte {
	t.Helper()
	var buf bytes.Buffer
	tr := exports.Tracker{Lang: "en", Labels: labels, GeneratedBy: "Kim", GeneratedAt: time.Now(), Rows: rows}
	if err := tr.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTracker: what is written is read back; typed text stays text; the file is found in
// either language; anything else is refused.
func TestTracker(t *testing.T) {
	rows := []domain.Consultation{
		{ID: 41, Version: 3, SessionCode: "226 EX", ItemNumber: "5.I.A", ItemTitleEN: "Ethics of AI", MinistryCode: "MOE",
			MinistryNameEN: "Ministry of Education", Question: "=HYPERLINK(\"http://example.com\")", DueOn: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
			AskedOn: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)},
		{ID: 42, Version: 1, SessionCode: "21 ICH", ItemNumber: "14", Question: "+1 무형유산", DueOn: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)},
	}
	data := writeTracker(t, trackerKO, rows...)

	t.Run("TypedTextIsNeverAFormula", func(t *testing.T) {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range []string{"F2", "F3"} {
			if formula, _ := f.GetCellFormula("의견 조회", cell); formula != "" {
				t.Errorf("%s is the formula %q", cell, formula)
			}
		}
		if got, _ := f.GetCellValue("의견 조회", "F2"); got != rows[0].Question {
			t.Errorf("F2 = %q, want %q", got, rows[0].Question)
		}
	})
	t.Run("AskedOn", func(t *testing.T) {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := f.GetCellValue("의견 조회", "H1"); got != trackerKO.Asked {
			t.Errorf("H1 = %q, want the header %q", got, trackerKO.Asked)
		}
		if got, _ := f.GetCellValue("의견 조회", "H2"); got != "2026-10-05" {
			t.Errorf("H2 = %q, want the day the request was asked", got)
		}
	})
	t.Run("ReadBack", func(t *testing.T) {
		f, _ := excelize.OpenReader(bytes.NewReader(data))
		f.SetCellStr("의견 조회", "J3", "  회신합니다.  ")
		var buf bytes.Buffer
		f.Write(&buf)
		lines, err := exports.ReadTracker(&buf, "filled.XLSX", int64(buf.Len()), trackerEN, trackerKO)
		if err != nil {
			t.Fatal(err)
		}
		want := []domain.TrackerLine{{Line: 2, ID: "41", Version: "3"}, {Line: 3, ID: "42", Version: "1", Answer: "  회신합니다.  "}}
		if len(lines) != len(want) {
			t.Fatalf("lines %+v, want %+v", lines, want)
		}
		for i := range want {
			if lines[i] != want[i] {
				t.Errorf("line %+v, want %+v", lines[i], want[i])
			}
		}
	})
	t.Run("ErrOtherHeaders", func(t *testing.T) {
		_, err := exports.ReadTracker(bytes.NewReader(data), "t.xlsx", int64(len(data)), trackerEN)
		if err != exports.ErrNotTracker {
			t.Errorf("error %v, want ErrNotTracker", err)
		}
	})
	t.Run("ErrNotAWorkbook", func(t *testing.T) {
		tests := []struct {
			name, file string
			data       []byte
			size       int64
			want       error
		}{
			{"CSV", "t.csv", []byte("ID,Answer\n1,x\n"), 14, importer.ErrFileType},
			{"Garbage", "t.xlsx", []byte("not a zip"), 9, importer.ErrUnreadable},
			{"TooLarge", "t.xlsx", data, importer.MaxFileSize + 1, importer.ErrTooLarge},
		}
		for _, tt := range tests {
			if _, err := exports.ReadTracker(bytes.NewReader(tt.data), tt.file, tt.size, trackerEN); err != tt.want {
				t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
			}
		}
	})
	t.Run("EmptyTrackerIsATracker", func(t *testing.T) {
		empty := writeTracker(t, trackerEN)
		lines, err := exports.ReadTracker(bytes.NewReader(empty), "t.xlsx", int64(len(empty)), trackerEN)
		if err != nil || len(lines) != 0 {
			t.Errorf("lines %v, error %v", lines, err)
		}
	})
}
