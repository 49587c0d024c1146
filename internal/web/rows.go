package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// The rows of the longest tables (a session's agenda, hundreds of items) are written
// here in Go rather than in a template: html/template spends about a microsecond on every
// action of every row, two dozen actions a row, which made a 500-item agenda cost 30 ms to
// render; written here, the same rows cost well under one. The head of each table, and
// every other part of the page, stay in the templates.
//
// Every value that comes from the database goes through rowWriter.text, which escapes
// it for HTML text and double-quoted attribute values alike; nothing else is written but
// fixed markup and numbers.

// rowWriter builds HTML from fixed markup and escaped values.
type rowWriter struct{ strings.Builder }

var htmlEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;", "\x00", "\uFFFD")

// raw writes fixed markup.
func (w *rowWriter) raw(s string) { w.WriteString(s) }

// text writes a value, escaped.
func (w *rowWriter) text(s string) { htmlEscaper.WriteString(&w.Builder, s) }

// id writes a number.
func (w *rowWriter) id(n int64) {
	var buf [20]byte
	w.Write(strconv.AppendInt(buf[:0], n, 10))
}

// cell opens a table cell labelled for narrow screens, where each row reads as a card.
func (w *rowWriter) cell(label, class string) {
	w.raw(`<td data-label="`)
	w.raw(label)
	if class != "" {
		w.raw(`" class="`)
		w.raw(class)
	}
	w.raw(`">`)
}

func (w *rowWriter) html() template.HTML { return template.HTML(w.String()) }

// agendaRows writes the body rows of a session's agenda table (views/pages/session.html
// has its head): number, title with documents, commission, lead ministry, focal point,
// priority, status.
func agendaRows(l *i18n.Localizer, items []domain.AgendaItem) template.HTML {
	esc := func(id string) string { return htmlEscaper.Replace(l.T(id)) }
	lNumber, lTitle, lCommission := esc("field.number"), esc("field.title"), esc("field.commission")
	lLead, lFocal, lPriority, lStatus := esc("field.lead_ministry_id"), esc("field.focal_point_id"), esc("field.priority"), esc("field.status")
	priority := map[domain.Priority]string{}
	for _, p := range domain.Priorities {
		priority[p] = esc("priority." + string(p))
	}
	status := map[domain.ItemStatus]string{}
	for _, s := range domain.ItemStatuses {
		status[s] = esc("item_status." + string(s))
	}
	lang := l.Lang()

	var w rowWriter
	w.Grow(len(items) * 800)
	for i := range items {
		it := &items[i]
		w.raw("<tr>")
		w.cell(lNumber, "nowrap")
		w.raw(`<a href="/items/`)
		w.id(it.ID)
		w.raw(`"><strong>`)
		w.text(it.Number)
		w.raw("</strong></a></td>")

		w.cell(lTitle, "")
		w.raw(`<a href="/items/`)
		w.id(it.ID)
		w.raw(`">`)
		w.text(it.Title(lang))
		w.raw("</a>")
		if len(it.Documents) > 0 {
			w.raw(`<br><small class="docs">`)
			for k, d := range it.Documents {
				if k > 0 {
					w.raw("; ")
				}
				w.text(d)
			}
			w.raw("</small>")
		}
		w.raw("</td>")

		w.cell(lCommission, "")
		w.text(it.Commission)
		w.raw("</td>")
		w.cell(lLead, "")
		w.text(it.LeadName(lang))
		w.raw("</td>")
		w.cell(lFocal, "")
		w.text(it.FocalName)
		w.raw("</td>")

		w.cell(lPriority, "")
		w.raw(`<span class="p-`)
		w.text(string(it.Priority))
		w.raw(`">`)
		w.raw(orText(priority[it.Priority], string(it.Priority)))
		w.raw("</span></td>")

		w.cell(lStatus, "")
		w.raw(`<span class="badge i-`)
		w.text(string(it.Status))
		w.raw(`">`)
		w.raw(orText(status[it.Status], string(it.Status)))
		w.raw("</span></td></tr>\n")
	}
	return w.html()
}

// orText is label, or else value escaped: a value the catalogue does not know still
// shows, as itself.
func orText(label, value string) string {
	if label != "" {
		return label
	}
	return htmlEscaper.Replace(value)
}
