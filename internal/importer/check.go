package importer

import (
	"strings"
	"unicode/utf8"

	"github.com/kncu/plenary/internal/domain"
)

// Action is what importing a row does to the session's agenda.
type Action string

// The actions of a row. A row whose number the session already has updates that item's
// imported fields (titles, documents, commission, sector, lead ministry, priority) and
// keeps what the Commission has added since (status, focal point, outcome, links).
const (
	Add    Action = "add"
	Update Action = "update"
)

// Item is one row ready to import: the item as the file gives it, and what the preview
// said importing it does. It is what the web layer keeps between preview and confirmation
// and what the store imports.
type Item struct {
	Line   int                    `json:"line"`
	Action Action                 `json:"action"`
	Input  domain.AgendaItemInput `json:"input"`
}

// RowError is one thing wrong with one row. Message is a catalogue id; First and Max are
// the values its text names, where it names one.
type RowError struct {
	Line    int    // the row's number in the spreadsheet
	Column  Column // the column of the cell
	Value   string // the text of the cell, as written
	Message string
	First   int // import.duplicate_number: the row that has the number first
	Max     int // import.too_long: the most characters the field takes
}

// PreviewRow is one row as the preview shows it.
type PreviewRow struct {
	Item
	Lead     *domain.Ministry // the lead ministry the row names, when it names a known one
	LeadText string           // the lead ministry as written
	Priority string           // the priority as written
	Errors   []RowError
}

// Preview is what importing a file would do: every row with its action and its errors,
// and the columns read and ignored.
type Preview struct {
	File    string
	Columns []string // headings read, as written
	Ignored []string // headings not read, as written
	Rows    []PreviewRow
	Added   int // rows without errors that add an item
	Updated int // rows without errors that update an item
	Invalid int // rows with errors
}

// OK reports whether every row may be imported.
func (p *Preview) OK() bool { return p.Invalid == 0 && len(p.Rows) > 0 }

// Errors returns the errors of every row, in the order of the file.
func (p *Preview) Errors() []RowError {
	var errs []RowError
	for _, r := range p.Rows {
		errs = append(errs, r.Errors...)
	}
	return errs
}

// Items returns the rows to import.
func (p *Preview) Items() []Item {
	items := make([]Item, len(p.Rows))
	for i, r := range p.Rows {
		items[i] = r.Item
	}
	return items
}

// Lookups is what the database says that a check needs.
type Lookups struct {
	Ministries []domain.Ministry // every ministry, with its former names
	Existing   []string          // the numbers of the session's items, as stored
	// Progress, when set, is called every ProgressEvery rows and at the end, for a
	// command line that reports on long files.
	Progress func(done, total int)
}

// ProgressEvery is how many rows Check reads between two calls of Lookups.Progress.
const ProgressEvery = 1000

// maxLength is the most characters each text field takes, as domain.AgendaItemInput
// validates them.
var maxLength = map[Column]int{
	ColItem: 40, ColTitle: 1000, ColTitleKO: 1000, ColDocuments: 4000, ColCommission: 100, ColSector: 100,
}

// multiline are the columns whose text may have several lines, as the form's fields do.
var multiline = map[Column]bool{ColDocuments: true}

// oneLine joins the lines of a cell of a column of one line: a spreadsheet cell often
// breaks a long title over lines, which mean nothing in a title.
var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\t", " ")

// Check reads every row of sheet as an agenda item of the session that lk describes: the
// number as UNESCO writes it and not repeated in the file, a title, a lead ministry that
// exists (by code, or by a current or former name in either language), a priority
// Plenary knows. A row whose number the session already has will update that item.
func Check(sheet *Sheet, lk Lookups) *Preview {
	l := sheet.layout
	p := &Preview{File: sheet.File, Columns: l.columns, Ignored: l.ignored, Rows: make([]PreviewRow, 0, len(sheet.Rows))}
	ministries := newMinistryIndex(lk.Ministries)
	existing := make(map[string]bool, len(lk.Existing))
	for _, n := range lk.Existing {
		existing[n] = true
	}
	firstLine := map[string]int{} // number -> the row that has it first
	for i, row := range sheet.Rows {
		r := PreviewRow{Item: Item{Line: row.Line, Action: Add}}
		fail := func(c Column, value, msg string) *RowError {
			r.Errors = append(r.Errors, RowError{Line: row.Line, Column: c, Value: value, Message: msg})
			return &r.Errors[len(r.Errors)-1]
		}
		cell := func(c Column) string {
			v := l.cell(row.Cells, c)
			if !multiline[c] {
				v = oneLine.Replace(v)
			}
			if problem := domain.CheckText(v, multiline[c]); problem != domain.TextOK {
				fail(c, v, "import.control_char")
			} else if limit, ok := maxLength[c]; ok && utf8.RuneCountInString(v) > limit {
				fail(c, v, "import.too_long").Max = limit
			}
			return v
		}
		in := domain.AgendaItemInput{
			Number: cell(ColItem), TitleEN: cell(ColTitle), TitleKO: cell(ColTitleKO), Documents: cell(ColDocuments),
			Commission: cell(ColCommission), Sector: cell(ColSector), Status: string(domain.ItemNew),
		}
		if n, err := domain.ParseItemNumber(in.Number); err != nil {
			msg := "item_number.invalid"
			if ne, ok := err.(*domain.ItemNumberError); ok {
				msg = ne.Message
			}
			fail(ColItem, in.Number, msg)
		} else {
			in.Number = n.String()
			if first, dup := firstLine[in.Number]; dup {
				fail(ColItem, l.cell(row.Cells, ColItem), "import.duplicate_number").First = first
			} else {
				firstLine[in.Number] = row.Line
			}
			if existing[in.Number] {
				r.Action = Update
			}
		}
		if in.TitleEN == "" {
			fail(ColTitle, "", "import.title_required")
		}
		r.LeadText = l.cell(row.Cells, ColLead)
		if r.LeadText != "" {
			switch ms := ministries.find(r.LeadText); len(ms) {
			case 0:
				fail(ColLead, r.LeadText, "import.unknown_ministry")
			case 1:
				r.Lead = ms[0]
				in.LeadMinistryID = ms[0].ID
			default:
				fail(ColLead, r.LeadText, "import.ambiguous_ministry")
			}
		}
		r.Priority = l.cell(row.Cells, ColPriority)
		if pr, ok := parsePriority(r.Priority); ok {
			in.Priority = string(pr)
		} else {
			fail(ColPriority, r.Priority, "import.bad_priority")
		}
		r.Input = in
		switch {
		case len(r.Errors) > 0:
			p.Invalid++
		case r.Action == Update:
			p.Updated++
		default:
			p.Added++
		}
		p.Rows = append(p.Rows, r)
		if lk.Progress != nil && ((i+1)%ProgressEvery == 0 || i+1 == len(sheet.Rows)) {
			lk.Progress(i+1, len(sheet.Rows))
		}
	}
	return p
}

// priorities are the words a file may use for a priority, in English and Korean, lower
// case. An empty cell is normal priority.
var priorities = map[string]domain.Priority{
	"":     domain.PriorityNormal,
	"high": domain.PriorityHigh, "normal": domain.PriorityNormal, "low": domain.PriorityLow,
	"높음": domain.PriorityHigh, "보통": domain.PriorityNormal, "낮음": domain.PriorityLow,
}

func parsePriority(s string) (domain.Priority, bool) {
	p, ok := priorities[strings.ToLower(strings.TrimSpace(s))]
	return p, ok
}

// ministryIndex finds ministries by code or by any name they bear or bore, in either
// language, ignoring case and runs of spaces.
type ministryIndex map[string][]*domain.Ministry

func newMinistryIndex(ms []domain.Ministry) ministryIndex {
	idx := ministryIndex{}
	for i := range ms {
		m := &ms[i]
		names := []string{m.Code, m.NameEN, m.NameKO}
		for _, f := range m.FormerNames {
			names = append(names, f.NameEN, f.NameKO)
		}
		for _, n := range names {
			k := ministryKey(n)
			if k == "" {
				continue
			}
			if !containsMinistry(idx[k], m) {
				idx[k] = append(idx[k], m)
			}
		}
	}
	return idx
}

func (idx ministryIndex) find(s string) []*domain.Ministry { return idx[ministryKey(s)] }

func ministryKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func containsMinistry(ms []*domain.Ministry, m *domain.Ministry) bool {
	for _, x := range ms {
		if x.ID == m.ID {
			return true
		}
	}
	return false
}
