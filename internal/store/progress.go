package store

import (
	"context"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// SessionProgress counts, for every session sc may see that has not ended by today in
// loc, its agenda items by the status of their brief and its consultations: two queries,
// however many sessions and items there are. Withdrawn items need no brief and are left
// out.
func (s *Store) SessionProgress(ctx context.Context, sc domain.Scope, loc *time.Location) ([]domain.SessionProgress, error) {
	rows := []domain.SessionProgress{}
	today := s.today(loc)
	items := s.db.NewSelect().TableExpr("agenda_items AS i").
		ColumnExpr("i.session_id, b.status AS brief_status").
		Join("LEFT JOIN briefs AS b ON b.item_id = i.id").
		Where("i.status <> ?", domain.ItemWithdrawn)
	items = scopeItems(items, sc)
	count := func(status domain.BriefStatus) string {
		return "count(*) FILTER (WHERE p.brief_status = '" + string(status) + "')"
	}
	q := s.db.NewSelect().TableExpr("sessions AS s").
		ColumnExpr("s.id, s.code, s.starts_on, s.ends_on").
		ColumnExpr("count(p.session_id) AS items").
		ColumnExpr("count(p.session_id) FILTER (WHERE p.brief_status IS NULL) AS no_brief").
		ColumnExpr(count(domain.BriefDraft)+" AS draft").
		ColumnExpr(count(domain.BriefInReview)+" AS in_review").
		ColumnExpr(count(domain.BriefApproved)+" AS approved").
		ColumnExpr(count(domain.BriefFinal)+" AS final").
		Join("LEFT JOIN (?) AS p ON p.session_id = s.id", items).
		Where("s.status <> 'concluded' AND s.ends_on >= ?", today.Format(time.DateOnly)).
		GroupExpr("s.id").
		OrderExpr("s.starts_on, s.code")
	if err := scopeSessions(q, sc).Scan(ctx, &rows); err != nil {
		return nil, dbError("session progress", err)
	}
	if len(rows) == 0 {
		return rows, nil
	}
	cons, err := s.ConsultationsBySession(ctx, sc, loc, true)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]domain.ConsultationCounts, len(cons))
	for _, c := range cons {
		byID[c.ID] = c
	}
	for i := range rows {
		rows[i].Consultations = byID[rows[i].ID]
	}
	return rows, nil
}
