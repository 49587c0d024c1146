package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// The rows of the long tables (a session's agenda, its briefs and consultations: hundreds
// of rows) are written here in Go, called from the templates that hold the tables' heads:
// html/template spends about a microsecond on every action of every row, two dozen
// actions a row, so that a 500-item agenda cost 30 ms to render; written here, the same
// rows cost well under one.
//
// Every value that comes from the database goes through rowWriter.text, which escapes
// it for HTML text and double-quoted attribute values alike; everything else written is
// fixed markup, numbers, and catalogue messages escaped the same way.

// rowWriter builds HTML from fixed markup and escaped values.
type rowWriter struct {
	strings.Builder
	l      *i18n.Localizer
	labels map[string]string // catalogue id -> message, escaped
}

func newRowWriter(l *i18n.Localizer, rows int) *rowWriter {
	w := &rowWriter{l: l, labels: map[string]string{}}
	w.Grow(rows * 800)
	return w
}

var htmlEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;", "\x00", "\uFFFD")

// raw writes fixed markup.
func (w *rowWriter) raw(s string) { w.WriteString(s) }

// text writes a value, escaped.
func (w *rowWriter) text(s string) { htmlEscaper.WriteString(&w.Builder, s) }

// marked writes a field written in Korean and in English in the reader's language or,
// when only the other is written, that text in its language followed by the note that
// says so (i18n.Localizer.Pick, as packs and the book mark it).
func (w *rowWriter) marked(en, ko string) {
	t, note := w.l.Pick(en, ko)
	if note == "" {
		w.text(t.Text)
		return
	}
	w.raw(`<span lang="` + t.Lang + `">`)
	w.text(t.Text)
	w.raw(`</span> <small class="other-lang">(`)
	w.text(note)
	w.raw(`)</small>`)
}

// num writes a number.
func (w *rowWriter) num(n int64) {
	var buf [20]byte
	w.Write(strconv.AppendInt(buf[:0], n, 10))
}

// msg writes the catalogue message id, escaped, looked up once per table.
func (w *rowWriter) msg(id string) {
	s, ok := w.labels[id]
	if !ok {
		s = htmlEscaper.Replace(w.l.T(id))
		w.labels[id] = s
	}
	w.raw(s)
}

// cell opens a table cell labelled (for narrow screens, where each row reads as a card)
// with the catalogue message label.
func (w *rowWriter) cell(label, class string) {
	w.raw(`<td data-label="`)
	w.msg(label)
	if class != "" {
		w.raw(`" class="`)
		w.raw(class)
	}
	w.raw(`">`)
}

// link writes <a href="prefix{id}">.
func (w *rowWriter) link(prefix string, id int64) {
	w.raw(`<a href="`)
	w.raw(prefix)
	w.num(id)
	w.raw(`">`)
}

// badge writes <span class="badge {class}{value}">message</span>.
func (w *rowWriter) badge(class, value, label string) {
	w.raw(`<span class="badge `)
	w.raw(class)
	w.text(value)
	w.raw(`">`)
	w.msg(label)
	w.raw("</span>")
}

func (w *rowWriter) html() template.HTML { return template.HTML(w.String()) }

// agendaRows writes the body rows of a session's agenda table (views/pages/session.html
// has its head): with bulk, a tick box carrying the item's id and version (checked for
// the items bulk ticks, the row marked for those it found changed); then number, title
// with documents, commission, lead ministry, focal point, priority, status.
func agendaRows(l *i18n.Localizer, items []domain.AgendaItem, bulk *agendaBulk) template.HTML {
	w := newRowWriter(l, len(items))
	lang := l.Lang()
	for i := range items {
		it := &items[i]
		stale := bulk != nil && bulk.Stale[it.ID]
		if stale {
			w.raw(`<tr class="stale">`)
		} else {
			w.raw("<tr>")
		}
		if bulk != nil {
			w.cell("agenda.bulk_tick", "tick")
			w.raw(`<input type="checkbox" name="item" id="t-`)
			w.num(it.ID)
			w.raw(`" value="`)
			w.num(it.ID)
			w.raw(":")
			w.num(int64(it.Version))
			w.raw(`" aria-label="`)
			w.msg("agenda.bulk_tick")
			w.raw(" ")
			w.text(it.Number)
			if bulk.Ticked[it.ID] {
				w.raw(`" checked>`)
			} else {
				w.raw(`">`)
			}
			w.raw("</td>")
		}
		w.cell("field.number", "nowrap")
		w.link("/items/", it.ID)
		w.raw("<strong>")
		w.text(it.Number)
		w.raw("</strong></a>")
		if stale {
			w.raw(` <span class="badge changed">`)
			w.msg("agenda.bulk_changed")
			w.raw("</span>")
		}
		w.raw("</td>")

		w.cell("field.title", "")
		w.link("/items/", it.ID)
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

		w.cell("field.commission", "")
		w.text(it.Commission)
		w.raw("</td>")
		w.cell("field.lead_ministry_id", "")
		w.text(it.LeadName(lang))
		w.raw("</td>")
		w.cell("field.focal_point_id", "")
		w.text(it.FocalName)
		w.raw("</td>")

		w.cell("field.priority", "")
		w.raw(`<span class="p-`)
		w.text(string(it.Priority))
		w.raw(`">`)
		w.msg(it.Priority.Label())
		w.raw("</span></td>")

		w.cell("field.status", "")
		w.badge("i-", string(it.Status), it.Status.Label())
		w.raw("</td></tr>\n")
	}
	return w.html()
}

// briefRows writes the body rows of a table of items with their briefs
// (views/partials/brief_rows.html has its head): with sessions, the session's code
// first; then number, title with the brief's summary, the brief's status, stance, and
// the ministries' concurrence.
func briefRows(l *i18n.Localizer, rows []domain.BriefRow, sessions bool) template.HTML {
	w := newRowWriter(l, len(rows))
	lang := l.Lang()
	for i := range rows {
		r := &rows[i]
		w.raw("<tr>")
		if sessions {
			w.cell("session.code", "nowrap")
			w.text(r.SessionCode)
			w.raw("</td>")
		}
		w.cell("field.number", "nowrap")
		w.link("/items/", r.ID)
		w.raw("<strong>")
		w.text(r.Number)
		w.raw("</strong></a></td>")

		w.cell("field.title", "")
		w.link("/items/", r.ID)
		w.text(r.Title(lang))
		w.raw("</a>")
		if r.HasBrief() {
			w.raw("<br><small>")
			w.marked(r.SummaryEN, r.SummaryKO)
			w.raw("</small>")
		}
		w.raw("</td>")

		w.cell("briefs.status", "")
		if r.HasBrief() {
			w.badge("b-", string(r.BriefStatus), r.BriefStatus.Label())
			if r.UnderRevisionSince != nil {
				w.raw(`<br><small class="under-revision">`)
				w.msg("briefs.under_revision")
				w.raw("</small>")
			}
		} else {
			w.raw(`<span class="empty">`)
			w.msg("briefs.none_short")
			w.raw("</span>")
		}
		w.raw("</td>")

		w.cell("field.stance", "")
		if r.HasBrief() {
			w.badge("st-", string(r.Stance), r.Stance.Label())
		}
		w.raw("</td>")

		w.cell("briefs.concurrence", "nowrap")
		if r.HasBrief() && r.Reviewers > 0 {
			w.text(l.T("briefs.concur_count", "Concurring", r.Concurring, "Total", r.Reviewers))
			if r.Objecting > 0 {
				w.raw(` · <span class="objecting">`)
				w.text(l.T("briefs.objecting_count", "Count", r.Objecting))
				w.raw("</span>")
			}
		}
		w.raw("</td></tr>\n")
	}
	return w.html()
}

// consultationRows writes the body rows of a table of consultations
// (views/partials/consultation_table.html has its head): due date (and days late), with
// item the session and item, with ministry the ministry, then the question and status.
func consultationRows(l *i18n.Localizer, rows []domain.Consultation, item, ministry bool) template.HTML {
	return writeConsultationRows(l, rows, item, ministry, nil)
}

// consultationCloseRows writes the rows as consultationRows does, each after a cell with
// a tick box for an answered consultation ("id:version", ticked as cl says), for the bulk
// close of a session's consultations.
func consultationCloseRows(l *i18n.Localizer, rows []domain.Consultation, cl *consultationClose) template.HTML {
	return writeConsultationRows(l, rows, true, true, cl)
}

func writeConsultationRows(l *i18n.Localizer, rows []domain.Consultation, item, ministry bool, cl *consultationClose) template.HTML {
	w := newRowWriter(l, len(rows))
	lang := l.Lang()
	for i := range rows {
		c := &rows[i]
		if c.Overdue {
			w.raw(`<tr class="c-late">`)
		} else {
			w.raw("<tr>")
		}
		if cl != nil {
			w.cell("consultations.bulk_tick", "tick")
			if show, checked := cl.tick(c); show {
				w.raw(`<input type="checkbox" name="consultation" id="t-`)
				w.num(c.ID)
				w.raw(`" value="`)
				w.num(c.ID)
				w.raw(":")
				w.num(int64(c.Version))
				w.raw(`" aria-label="`)
				w.msg("consultations.bulk_tick")
				w.raw(" ")
				w.text(c.ItemNumber + " · " + c.MinistryCode)
				if checked {
					w.raw(`" checked>`)
				} else {
					w.raw(`">`)
				}
			}
			w.raw("</td>")
		}
		w.cell("consultations.col_due", "nowrap")
		w.link("/consultations/", c.ID)
		w.raw(c.DueOn.Format("2006-01-02"))
		w.raw("</a>")
		if c.Overdue {
			w.raw(`<br><small class="c-days-late">`)
			w.text(l.T("consultations.days_late", "Days", c.DaysLate()))
			w.raw("</small>")
		}
		w.raw("</td>")
		if item {
			w.cell("consultations.col_item", "")
			w.link("/items/", c.ItemID)
			w.raw("<strong>")
			w.text(c.SessionCode)
			w.raw(" · ")
			w.text(c.ItemNumber)
			w.raw("</strong></a><br><small>")
			w.text(c.ItemTitle(lang))
			w.raw("</small></td>")
		}
		if ministry {
			w.cell("consultations.col_ministry", "")
			w.raw("<strong>")
			w.text(c.MinistryCode)
			w.raw("</strong><br><small>")
			w.text(c.MinistryName(lang))
			w.raw("</small></td>")
		}
		w.cell("consultations.col_question", "")
		w.raw(`<a href="/consultations/`)
		w.num(c.ID)
		w.raw(`" class="c-question">`)
		w.text(c.Question)
		w.raw("</a></td>")
		w.cell("field.status", "")
		w.consultationStatus(c)
		w.raw("</td></tr>\n")
	}
	return w.html()
}

// consultationStatus writes a consultation's status badge, with "overdue" and "sent
// back" where they apply.
func (w *rowWriter) consultationStatus(c *domain.Consultation) {
	w.badge("c-", string(c.Status), c.Status.Label())
	switch b := c.Due(); b {
	case domain.DueOverdue, domain.DueToday, domain.DueThisWeek:
		w.raw(` <span class="badge c-`)
		w.raw(string(b))
		w.raw(`">`)
		w.msg(b.Label())
		w.raw("</span>")
	}
	if c.Status == domain.ConsultationOpen && c.ReturnComment != "" {
		w.raw(` <span class="badge c-returned">`)
		w.msg("consultations.sent_back_badge")
		w.raw("</span>")
	}
}

// consultationStatus is the status badges of one consultation, for the pages that show
// one (views/partials/consultation_status.html).
func consultationStatus(l *i18n.Localizer, c domain.Consultation) template.HTML {
	w := newRowWriter(l, 0)
	w.consultationStatus(&c)
	return w.html()
}

// rowFuncs are the row writers, as template functions.
var rowFuncs = template.FuncMap{
	"agendaRows":            agendaRows,
	"briefRows":             briefRows,
	"consultationRows":      consultationRows,
	"consultationCloseRows": consultationCloseRows,
	"consultationStatus":    consultationStatus,
}
