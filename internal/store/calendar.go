package store

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// kindOrder puts the dates of one day in the order a person reads them: the session,
// then what is due.
var kindOrder = map[domain.DateKind]int{domain.DateSession: 0, domain.DateBriefDeadline: 1, domain.DateConsultationDue: 2}

// CalendarDates returns the dates that concern a person (see domain.CalendarScope) and
// fall on a day from from to to (a zero to has no end), soonest first: a session that
// meets on any of those days, brief deadlines and consultations' due dates on them. The
// calendar feed and the dashboard both read it, so that they agree by construction; the
// scope filters of lists and pages decide what it holds.
func (s *Store) CalendarDates(ctx context.Context, cs domain.CalendarScope, from, to time.Time) ([]domain.CalendarDate, error) {
	var dates []domain.CalendarDate
	in := func(q *bun.SelectQuery, first, last string) *bun.SelectQuery {
		q = q.Where(last+" >= ?", from.Format(time.DateOnly))
		if !to.IsZero() {
			q = q.Where(first+" <= ?", to.Format(time.DateOnly))
		}
		return q
	}
	sessions := s.db.NewSelect().TableExpr("sessions AS s").
		ColumnExpr("s.id AS session_id, s.code AS session_code, s.title_ko AS session_title_ko, s.title_en AS session_title_en, s.venue")
	var days []domain.CalendarDate
	q := in(sessions.Clone().ColumnExpr("s.starts_on AS first_day, s.ends_on AS last_day"), "s.starts_on", "s.ends_on")
	if err := scopeSessions(q, cs.Scope).Scan(ctx, &days); err != nil {
		return nil, dbError("calendar: sessions", err)
	}
	dates = append(dates, withKind(days, domain.DateSession)...)

	if cs.BriefDeadlines {
		var deadlines []domain.CalendarDate
		q := in(sessions.Clone().ColumnExpr("s.brief_deadline AS first_day, s.brief_deadline AS last_day"),
			"s.brief_deadline", "s.brief_deadline").Where("s.brief_deadline IS NOT NULL")
		if err := scopeSessions(q, cs.Scope).Scan(ctx, &deadlines); err != nil {
			return nil, dbError("calendar: brief deadlines", err)
		}
		dates = append(dates, withKind(deadlines, domain.DateBriefDeadline)...)
	}

	var due []domain.CalendarDate
	q = fromConsultations(s.db.NewSelect().TableExpr("consultations AS c")).
		ColumnExpr("c.due_on AS first_day, c.due_on AS last_day, c.id AS consultation_id, c.status").
		ColumnExpr("s.id AS session_id, s.code AS session_code, s.title_ko AS session_title_ko, s.title_en AS session_title_en, s.venue").
		ColumnExpr("i.number AS item_number, i.title_en AS item_title_en, i.title_ko AS item_title_ko, m.code AS ministry_code").
		ColumnExpr(consultedName("name_en", "c.ministry_id") + " AS ministry_name_en").
		ColumnExpr(consultedName("name_ko", "c.ministry_id") + " AS ministry_name_ko").
		Where("c.status IN ('open', 'answered')")
	q = in(q, "c.due_on", "c.due_on")
	if cs.Scope.All {
		q = q.Where("i.focal_point_id = ?", cs.FocalPointID)
	}
	if err := scopeConsultations(q, cs.Scope).Scan(ctx, &due); err != nil {
		return nil, dbError("calendar: consultations", err)
	}
	dates = append(dates, withKind(due, domain.DateConsultationDue)...)

	slices.SortStableFunc(dates, func(a, b domain.CalendarDate) int {
		return cmp.Or(a.First.Compare(b.First), cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]),
			cmp.Compare(a.SessionCode, b.SessionCode), cmp.Compare(a.ItemNumber, b.ItemNumber),
			cmp.Compare(a.MinistryCode, b.MinistryCode), cmp.Compare(a.ConsultationID, b.ConsultationID))
	})
	return dates, nil
}

func withKind(dates []domain.CalendarDate, k domain.DateKind) []domain.CalendarDate {
	for i := range dates {
		dates[i].Kind = k
	}
	return dates
}
