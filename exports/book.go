package exports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// Book describes one briefing book: a session in PDF for one audience, in one language,
// written from the same Source as the pack, so that the book and the pack of an audience
// hold the same rows.
type Book struct {
	labels map[string]string

	Audience    Audience
	L           *i18n.Localizer
	GeneratedBy string
	GeneratedAt time.Time // in the configured time zone
	// Progress, when set, is told how far the book has come: agenda items laid out, and
	// the pages of the whole book at the end.
	Progress func(stage string, n int)
}

// FileName is the book's file name, such as 220EX_book_full_en_2026-11-27.pdf.
func (b *Book) FileName(sessionCode string) string {
	return fileName(sessionCode, "book", b.Audience, b.L.Lang(), b.GeneratedAt, "pdf")
}

// Document is a laid-out book, held in a temporary file until it is written out; Close
// removes the file.
type Document struct {
	file  *pdfFile
	pages int
}

// WriteTo writes the PDF to w.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	n, err := d.file.copyTo(w)
	if err != nil {
		return n, fmt.Errorf("exports: write book: %w", err)
	}
	return n, nil
}

// Pages is the number of pages of the book.
func (d *Document) Pages() int { return d.pages }

// Close removes the book's temporary file.
func (d *Document) Close() error { return d.file.remove() }

// Write builds the book from src and writes the PDF to w.
func (b *Book) Write(ctx context.Context, w io.Writer, src Source) error {
	doc, err := b.Build(ctx, src)
	if err != nil {
		return err
	}
	_, err = doc.WriteTo(w)
	return errors.Join(err, doc.Close())
}

// Build lays the book out from src: the cover, the contents, one agenda item per page
// (more when long), the delegation and the session's days. Rows are read from src as
// they are laid out, so that no more than one item's texts are held at a time, and each
// part's pages are written to a temporary file as soon as they are laid out; the
// contents are read first (numbers and titles only), to know how many pages they fill,
// and written last, when the pages of their entries are known.
func (b *Book) Build(ctx context.Context, src Source) (_ *Document, err error) {
	b.labels = labelsOf(b.L)
	ov, err := src.Overview(ctx)
	if err != nil {
		return nil, err
	}
	out, err := newPDFFile()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			out.remove()
		}
	}()
	p, err := newPage(ov.Code+" · "+b.L.T("book.title"), out)
	if err != nil {
		return nil, err
	}
	toc, err := b.readContents(ctx, p, src)
	if err != nil {
		return nil, err
	}
	if err := p.part(func() { b.cover(p, ov) }); err != nil {
		return nil, err
	}
	toc.reserve(p)
	if err := b.writeItems(ctx, p, src, toc); err != nil {
		return nil, err
	}
	if err := b.writeDelegation(ctx, p, src, toc); err != nil {
		return nil, err
	}
	if err := p.part(func() { b.writeDays(p, ov, toc) }); err != nil {
		return nil, err
	}
	if err := toc.write(p, b.L.T("book.contents")); err != nil {
		return nil, err
	}
	pages := p.base
	if b.Progress != nil {
		b.Progress("pages", pages)
	}
	total, err := p.pageTotal(pages)
	if err != nil {
		return nil, fmt.Errorf("exports: book: %w", err)
	}
	fontDoc, err := p.fontDocument()
	if err != nil {
		return nil, err
	}
	if err := out.finish(fontDoc, total, b.info(ov)); err != nil {
		return nil, err
	}
	return &Document{file: out, pages: pages}, nil
}

// info is the document's title, subject, author, keywords and language, and its date
// from the injected clock, so that the same book built twice is the same file.
func (b *Book) info(ov *Overview) pdfInfo {
	return pdfInfo{
		title:    printable(ov.Code + " " + b.L.T("book.title")),
		subject:  printable(b.pick(ov.TitleEN, ov.TitleKO)),
		author:   printable(b.GeneratedBy),
		keywords: printable(ov.Code + ", " + b.Audience.Kind + ", " + b.L.Lang()),
		lang:     b.L.Lang(),
		created:  b.GeneratedAt,
	}
}

// audienceName is the audience as the cover names it: its kind, and the ministry's code or
// the delegate's e-mail.
func (b *Book) audienceName() string {
	s := b.L.T("pack.audience." + b.Audience.Kind)
	if b.Audience.Label != "" {
		s += " · " + b.Audience.Label
	}
	return s
}

// languageName is the book's language, named in itself.
func languageName(lang string) string {
	if lang == "ko" {
		return "한국어"
	}
	return "English"
}

// cover writes the first page: the session, the audience and language, who generated the
// book and when, and for a delegate that it holds final positions only.
func (b *Book) cover(p *page, ov *Overview) {
	p.SetY(55)
	p.font("B", 30)
	p.paragraph(ov.Code, 0, textW, 13)
	p.font("B", 17)
	title, note := b.pickMarked(ov.TitleEN, ov.TitleKO)
	p.paragraph(title, 0, textW, 8.5)
	if note != "" {
		p.note(note)
	}
	p.Ln(3)
	p.font("", 14)
	p.SetTextColor(30, 60, 110)
	p.paragraph(b.L.T("book.title"), 0, textW, 7)
	p.SetTextColor(0, 0, 0)
	p.Ln(12)
	p.field(b.L.T("field.body_id"), ov.Body)
	p.field(b.L.T("field.venue"), ov.Venue)
	p.field(b.L.T("session.dates"), ov.StartsOn.Format(time.DateOnly)+" – "+ov.EndsOn.Format(time.DateOnly))
	if ov.BriefDeadline != nil {
		p.field(b.L.T("field.brief_deadline"), ov.BriefDeadline.Format(time.DateOnly))
	}
	p.field(b.L.T("pack.field.audience"), b.audienceName())
	p.field(b.L.T("field.lang"), languageName(b.L.Lang()))
	p.field(b.L.T("pack.field.generated_by"), b.GeneratedBy)
	p.field(b.L.T("pack.field.generated_at"), b.GeneratedAt.Format("2006-01-02 15:04 MST"))
	if b.Audience.Kind == domain.PackDelegate {
		p.Ln(8)
		p.font("B", bodySize)
		p.SetFillColor(232, 240, 250)
		p.CellFormat(textW, 9, "  "+p.fit(b.L.T("briefs.final_only"), textW-4), "", 1, "L", true, 0, "")
	}
}

// writeDays writes the session's days, one line each, and its brief deadline.
func (b *Book) writeDays(p *page, ov *Overview, toc *contents) {
	title := b.L.T("book.days")
	p.runningHead = title
	toc.reached(p, "", title)
	p.heading(title, headingSize)
	n := 0
	for d := ov.StartsOn; !d.After(ov.EndsOn); d = d.AddDate(0, 0, 1) {
		n++
		p.field(b.L.T("book.day", "N", n), d.Format(time.DateOnly))
	}
	if ov.BriefDeadline != nil {
		p.Ln(3)
		p.field(b.L.T("field.brief_deadline"), ov.BriefDeadline.Format(time.DateOnly))
	}
}

// writeDelegation writes the delegation, by precedence: each member's name and role,
// organisation and title, and the items they cover.
func (b *Book) writeDelegation(ctx context.Context, p *page, src Source, toc *contents) error {
	var err error
	perr := p.part(func() {
		title := b.L.T("session_nav.delegation")
		p.runningHead = title
		toc.reached(p, "", title)
		p.heading(title, headingSize)
		n := 0
		err = src.Members(ctx, func(r MemberRow) error {
			n++
			p.need(3 * lineH)
			p.Ln(1.5)
			p.font("B", bodySize+0.5)
			name := b.pick(r.NameEN, r.NameKO)
			if role := b.label(domain.MemberRoleEnum, r.Role); role != "" {
				name += " · " + role
			}
			p.paragraph(name, 0, textW, 6)
			p.field(b.L.T("pack.col.organisation"), r.Organisation)
			p.field(b.L.T("pack.col.position_title"), r.Title)
			p.field(b.L.T("members.covered"), r.Items)
			return nil
		})
		if n == 0 {
			p.note(b.L.T("delegations.empty"))
		}
	})
	if err != nil {
		return err
	}
	return perr
}

// pick is the text in the book's language, or in the other when only it exists.
func (b *Book) pick(en, ko string) string {
	t, _ := b.pickMarked(en, ko)
	return t
}

// pickMarked is the text in the book's language or, when only the other exists, that
// one with the note that says so (i18n.Localizer.Pick, as pages and packs mark it).
func (b *Book) pickMarked(en, ko string) (text, note string) {
	t, note := b.L.Pick(en, ko)
	return t.Text, note
}

// label is the name of a value of one of the domain's enums, as the pages name it.
func (b *Book) label(e *domain.Enum, code string) string {
	if code == "" {
		return ""
	}
	if l, ok := b.labels[e.Label(code)]; ok {
		return l
	}
	return code
}
