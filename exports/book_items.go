package exports

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// stream is one of the source's row streams, read a row at a time: the book reads the
// agenda, the positions and the consultations side by side, all three in the agenda's
// order, so that each item's page is written from its own rows alone.
type stream[T any] struct {
	next   func() (T, bool)
	stop   func()
	err    error
	peeked *T
}

var errStopped = errors.New("exports: stream stopped")

func newStream[T any](ctx context.Context, produce func(context.Context, func(T) error) error) *stream[T] {
	s := &stream[T]{}
	s.next, s.stop = iter.Pull(func(yield func(T) bool) {
		s.err = produce(ctx, func(r T) error {
			if !yield(r) {
				return errStopped
			}
			return nil
		})
	})
	return s
}

// peek returns the next row without taking it.
func (s *stream[T]) peek() (T, bool) {
	if s.peeked == nil {
		r, ok := s.next()
		if !ok {
			var zero T
			return zero, false
		}
		s.peeked = &r
	}
	return *s.peeked, true
}

// take returns the next row when match accepts it.
func (s *stream[T]) take(match func(T) bool) (T, bool) {
	r, ok := s.peek()
	if !ok || !match(r) {
		var zero T
		return zero, false
	}
	s.peeked = nil
	return r, true
}

// close ends the stream and returns its error: a row left unread (one out of the
// agenda's order) is an error too, never a row silently left out.
func (s *stream[T]) close(what string) error {
	_, left := s.peek()
	s.stop()
	if s.err != nil && !errors.Is(s.err, errStopped) {
		return s.err
	}
	if left {
		return fmt.Errorf("exports: book: %s out of the agenda's order", what)
	}
	return nil
}

// writeItems writes one agenda item per page (more when long), each with its position
// and, where the audience may read them, the ministries' answers.
func (b *Book) writeItems(ctx context.Context, p *page, src Source, toc *contents) (err error) {
	items := newStream(ctx, src.Items)
	positions := newStream(ctx, src.Positions)
	cons := newStream(ctx, src.Consultations)
	defer func() {
		err = errors.Join(err, items.close("agenda items"), positions.close("positions"), cons.close("consultations"))
	}()
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		it, ok := items.next()
		if !ok {
			break
		}
		pos, hasPos := positions.take(func(r PositionRow) bool { return r.Number == it.Number })
		var answers []ConsultationRow
		for {
			c, ok := cons.take(func(r ConsultationRow) bool { return r.Number == it.Number })
			if !ok {
				break
			}
			answers = append(answers, c)
		}
		var posp *PositionRow
		if hasPos {
			posp = &pos
		}
		if err := p.part(func() { b.writeItem(p, toc, it, posp, answers) }); err != nil {
			return err
		}
		n++
		if b.Progress != nil && n%100 == 0 {
			b.Progress("items", n)
		}
	}
	if n == 0 {
		if err := p.part(func() { p.note(b.L.T("book.no_items")) }); err != nil {
			return err
		}
	}
	if b.Progress != nil && n%100 != 0 {
		b.Progress("items", n)
	}
	return nil
}

// writeItem writes an item's page: its number and title, its facts, the position on it and
// the ministries' answers.
func (b *Book) writeItem(p *page, toc *contents, it ItemRow, pos *PositionRow, answers []ConsultationRow) {
	title := b.itemTitle(it)
	p.runningHead = it.Number + "  " + title // from the item's second page: the heading says it on the first
	toc.reached(p, it.Number, title)
	if it.Covered {
		p.font("B", labelSize)
		p.SetFillColor(255, 236, 179)
		label := b.L.T("book.covered")
		p.CellFormat(p.GetStringWidth(label)+6, 6, label, "", 1, "C", true, 0, "")
		p.Ln(2)
	}
	p.heading(it.Number+"  "+title, headingSize)
	if other := b.otherTitle(it); other != "" && other != title {
		p.note(other)
		p.Ln(1)
	}
	var consulted []string
	for _, c := range answers {
		consulted = append(consulted, b.pick(c.MinistryEN, c.MinistryKO))
	}
	p.field(b.L.T("field.documents"), it.Documents)
	p.field(b.L.T("field.commission"), it.Commission)
	p.field(b.L.T("field.sector"), it.Sector)
	p.field(b.L.T("field.lead_ministry_id"), b.pick(it.LeadEN, it.LeadKO))
	p.field(b.L.T("book.consulted"), strings.Join(consulted, ", "))
	p.field(b.L.T("field.focal_point_id"), it.FocalPoint)
	p.field(b.L.T("field.priority"), b.label(domain.PriorityEnum, it.Priority))
	p.field(b.L.T("field.status"), b.label(domain.ItemStatusEnum, it.Status))
	p.field(b.L.T("pack.col.decision_outcome"), strings.Join(nonEmpty(it.DecisionRef, it.Outcome), " — "))
	b.writePosition(p, pos)
	if b.Audience.Kind != domain.PackDelegate && len(answers) > 0 {
		b.writeAnswers(p, answers)
	}
}

// itemTitle is the item's title in the book's language, on one line. An item's title is
// UNESCO's, in English, and its Korean a translation where one is given: it falls back
// without a mark, and the other title, when there is one, is shown under it.
func (b *Book) itemTitle(it ItemRow) string {
	return strings.Join(strings.Fields(b.pick(it.TitleEN, it.TitleKO)), " ")
}

// otherTitle is the item's title in the language the book is not in.
func (b *Book) otherTitle(it ItemRow) string {
	if b.L.Lang() == "ko" {
		return it.TitleEN
	}
	return it.TitleKO
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// writePosition writes the position on an item: stance, summary, key points,
// intervention and background, or that there is none the audience may read.
func (b *Book) writePosition(p *page, pos *PositionRow) {
	if pos == nil {
		p.Ln(3)
		if b.Audience.Kind == domain.PackDelegate {
			p.note(b.L.T("book.no_final"))
		} else {
			p.note(b.L.T("briefs.none"))
		}
		return
	}
	p.field(b.L.T("field.stance"), b.label(domain.StanceEnum, pos.Stance))
	if pos.UnderRevisionSince != nil {
		// The last final text of a brief reopened since: still what holds, until a new
		// one is final.
		p.note(b.L.T("briefs.under_revision_since", "At", pos.UnderRevisionSince.In(b.GeneratedAt.Location()).Format(time.DateOnly)) +
			" " + b.L.T("briefs.under_revision_hint"))
	}
	if b.Audience.Kind != domain.PackDelegate {
		p.field(b.L.T("pack.col.brief_status"), b.label(domain.BriefStatusEnum, pos.Status)+" · "+
			b.L.T("briefs.revision")+" "+strconv.Itoa(pos.Revision)+" · "+pos.UpdatedAt.Format(time.DateOnly))
	}
	text, note := b.pickMarked(pos.SummaryEN, pos.SummaryKO)
	b.part(p, "pack.col.summary", text, note)
	text, note = b.pickMarked(pos.KeyPointsEN, pos.KeyPointsKO)
	b.part(p, "field.key_points", text, note)
	text, note = b.pickMarked(pos.InterventionEN, pos.InterventionKO)
	b.part(p, "pack.col.intervention", text, note)
	text, note = b.pickMarked(pos.BackgroundEN, pos.BackgroundKO)
	b.part(p, "field.background", text, note)
}

// part writes one titled part of a position, with the note that it is in the other
// language where it is; an empty part is left out.
func (b *Book) part(p *page, titleID, text, note string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	p.section(b.L.T(titleID))
	if note != "" {
		p.note(note)
	}
	p.body(text)
}

// writeAnswers writes the consultations of the item the audience may read: each
// ministry's question, status and answer.
func (b *Book) writeAnswers(p *page, answers []ConsultationRow) {
	p.section(b.L.T("book.answers"))
	for _, c := range answers {
		p.need(3 * lineH)
		p.Ln(1)
		status := b.label(domain.ConsultationStatusEnum, c.Status)
		if c.Overdue {
			status = b.labels[overdueLabel]
		}
		p.font("B", bodySize)
		p.paragraph(b.pick(c.MinistryEN, c.MinistryKO)+" · "+status, 0, textW, lineH)
		p.field(b.L.T("field.question"), c.Question)
		if !c.AskedOn.IsZero() {
			p.field(b.L.T("consultations.asked_on"), c.AskedOn.Format(time.DateOnly))
		}
		p.field(b.L.T("consultations.col_due"), c.DueOn.Format(time.DateOnly))
		p.field(b.L.T("field.answer"), c.AnswerText(b.L.T))
		if c.AnsweredAt != nil {
			p.field(b.L.T("pack.col.answered"), strings.Join(nonEmpty(c.AnsweredBy, c.AnsweredAt.Format(time.DateOnly)), " · "))
		}
	}
}
