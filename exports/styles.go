package exports

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// styles are created once per workbook and reused by every cell.
type styles struct {
	header, text, wrap, date, number, title, label int
	// field names a value in a block of the Positions sheet; heading starts a block;
	// note is the one line of a sheet with nothing for its audience.
	field, heading, note int
	byStatus             map[string]int
}

// statusColours are the fill colours of statuses and stances: green for done or
// supportive, amber for in progress, red for late or opposed, grey for closed.
var statusColours = map[string]string{
	// agenda items
	"new": "EEF1F5", "in_progress": "FFF2CC", "ready": "D9EAD3", "decided": "DDE7F3", "withdrawn": "E7E6E6",
	// briefs
	"draft": "EEF1F5", "in_review": "FFF2CC", "approved": "D9EAD3", "final": "B6D7A8",
	// stances
	"support": "B6D7A8", "support_with_amendments": "D9EAD3", "neutral": "EEF1F5", "monitor": "FFF2CC",
	"oppose": "F4CCCC", "no_position": "E7E6E6",
	// consultations
	"open": "FFF2CC", "answered": "D9EAD3", "closed": "E7E6E6", "overdue": "F4CCCC",
	// accreditation and attendance
	"pending": "F4CCCC", "submitted": "FFF2CC", "confirmed": "D9EAD3",
	"present": "D9EAD3", "partial": "FFF2CC", "absent": "F4CCCC",
	// priorities
	"high": "F4CCCC", "normal": "FFFFFF", "low": "EEF1F5",
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "D5DAE1", Style: 1}, {Type: "right", Color: "D5DAE1", Style: 1},
		{Type: "top", Color: "D5DAE1", Style: 1}, {Type: "bottom", Color: "D5DAE1", Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	st := &styles{byStatus: map[string]int{}}
	font := fontOf(f)
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st.header = add(&excelize.Style{
		Font:      font(excelize.Font{Bold: true, Color: "FFFFFF"}),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1D4E89"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    border,
	})
	st.text = add(&excelize.Style{Alignment: top, Border: border})
	st.wrap = add(&excelize.Style{Alignment: wrapTop, Border: border})
	st.date = add(&excelize.Style{Alignment: top, Border: border, NumFmt: 14, CustomNumFmt: strPtr("yyyy-mm-dd")})
	st.number = add(&excelize.Style{Alignment: top, Border: border})
	st.title = add(&excelize.Style{Font: font(excelize.Font{Bold: true, Size: 14})})
	st.label = add(&excelize.Style{Font: font(excelize.Font{Bold: true}), Alignment: top})
	st.field = add(&excelize.Style{Font: font(excelize.Font{Bold: true, Color: "44546A"}), Alignment: wrapTop, Border: border})
	st.heading = add(&excelize.Style{Font: font(excelize.Font{Bold: true}), Alignment: wrapTop, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F3"}}})
	st.note = add(&excelize.Style{Font: font(excelize.Font{Italic: true})})
	for code, colour := range statusColours {
		st.byStatus[code] = add(&excelize.Style{
			Alignment: wrapTop, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
		})
	}
	if err != nil {
		return nil, fmt.Errorf("exports: styles: %w", err)
	}
	return st, nil
}

// status returns the style of a status or stance code.
func (st *styles) status(code string) int {
	if id, ok := st.byStatus[code]; ok {
		return id
	}
	return st.wrap
}

func strPtr(s string) *string { return &s }

// fontOf returns a function that names the workbook's default font in a font: a style's
// font without a name prints in the office suite's own default, a serif on some.
func fontOf(f *excelize.File) func(excelize.Font) *excelize.Font {
	name, err := f.GetDefaultFont()
	if err != nil || name == "" {
		name = "Calibri"
	}
	return func(x excelize.Font) *excelize.Font {
		if x.Family == "" {
			x.Family = name
		}
		return &x
	}
}
