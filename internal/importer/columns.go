package importer

import (
	"strings"
	"unicode"
)

// Column is one of the columns an agenda file may have.
type Column int

// The columns Plenary reads, in the order the preview shows them.
const (
	NoColumn Column = iota
	ColItem
	ColTitle
	ColTitleKO
	ColDocuments
	ColCommission
	ColSector
	ColLead
	ColPriority
)

// Heading returns the column's English heading, as the command line names it.
func (c Column) Heading() string {
	switch c {
	case ColItem:
		return "Item"
	case ColTitle:
		return "Title"
	case ColTitleKO:
		return "Title (KO)"
	case ColDocuments:
		return "Documents"
	case ColCommission:
		return "Commission"
	case ColSector:
		return "Sector"
	case ColLead:
		return "Lead ministry"
	case ColPriority:
		return "Priority"
	}
	return ""
}

// headings are the column headings Plenary recognises, in English and Korean, written as
// normalizeHeading leaves them: lower case, without spaces. The first of each column is
// the one the issue names; the others are the ways UNESCO's tables and Korean staff
// commonly write it.
var headings = map[string]Column{
	"item": ColItem, "번호": ColItem, "itemno.": ColItem, "itemnumber": ColItem, "no.": ColItem,
	"agendaitem": ColItem, "의제번호": ColItem,

	"title": ColTitle, "제목": ColTitle, "title(en)": ColTitle, "title(english)": ColTitle, "영문제목": ColTitle,

	"title(ko)": ColTitleKO, "국문제목": ColTitleKO, "title(korean)": ColTitleKO, "한글제목": ColTitleKO,

	"documents": ColDocuments, "문서": ColDocuments, "document": ColDocuments, "documentsymbols": ColDocuments,

	"commission": ColCommission, "위원회": ColCommission, "commissionororgan": ColCommission,

	"sector": ColSector, "분야": ColSector,

	"leadministry": ColLead, "주관부처": ColLead, "lead": ColLead,

	"priority": ColPriority, "우선순위": ColPriority,
}

// normalizeHeading makes headings comparable: lower case, without a byte-order mark and
// without any white space, so that "Lead  Ministry", "lead ministry" and "주관부처" match
// "Lead ministry" and "주관 부처".
func normalizeHeading(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// layout says which column of the file holds what.
type layout struct {
	index   map[Column]int // column -> position in the row
	columns []string       // recognised headings, as written, in the file's order
	ignored []string       // headings Plenary does not read, as written
}

// matchHeader reads a header row. The first column with a heading wins; a heading met
// again is ignored and listed, as is every heading Plenary does not know. Empty headings
// are skipped.
func matchHeader(header []string) layout {
	l := layout{index: map[Column]int{}}
	for i, h := range header {
		written := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if written == "" {
			continue
		}
		col := headings[normalizeHeading(written)]
		if _, taken := l.index[col]; col == NoColumn || taken {
			l.ignored = append(l.ignored, written)
			continue
		}
		l.index[col] = i
		l.columns = append(l.columns, written)
	}
	return l
}

// complete reports whether the layout has the two columns every row needs.
func (l layout) complete() bool {
	_, item := l.index[ColItem]
	_, title := l.index[ColTitle]
	return item && title
}

// width returns how many cells of a row the layout reads: up to its last column.
func (l layout) width() int {
	w := 0
	for _, i := range l.index {
		w = max(w, i+1)
	}
	return w
}

// cell returns the trimmed text of column c in row, or "" when the file has no such
// column or the row stops short of it.
func (l layout) cell(row []string, c Column) string {
	i, ok := l.index[c]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}
