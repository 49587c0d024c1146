package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/exports"
)

// briefs restricts a query on briefs (alias b, joined to its item i and current
// revision r) to the view's session and to what its audience may read.
func (v *SessionView) briefs(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.TableExpr("briefs AS b").
		Join("JOIN agenda_items AS i ON i.id = b.item_id").
		Join("JOIN brief_revisions AS r ON r.id = "+readableRevision(v.bsc)).
		Where("i.session_id = ?", v.session.ID)
	return scopeBriefs(q, v.bsc)
}

// briefCounts fills the overview's counts of briefs by status and by stance.
func (v *SessionView) briefCounts(ctx context.Context, ov *exports.Overview) error {
	var rows []struct {
		Status string `bun:"status"`
		Stance string `bun:"stance"`
		N      int    `bun:"n"`
	}
	q := v.briefs(v.s.db.NewSelect()).ColumnExpr(readableStatus(v.bsc) + " AS status, r.stance, count(*) AS n").GroupExpr("1, r.stance")
	if err := q.Scan(ctx, &rows); err != nil {
		return dbError("pack brief counts", err)
	}
	for _, r := range rows {
		ov.BriefsByStatus[r.Status] += r.N
		ov.BriefsByStance[r.Stance] += r.N
	}
	return nil
}

// Positions streams the current brief of each item the audience may read, in UNESCO's
// order, a delegate's covered items first.
func (v *SessionView) Positions(ctx context.Context, fn func(exports.PositionRow) error) error {
	covered, args := v.coveredExpr()
	q := v.briefs(v.s.db.NewSelect()).
		ColumnExpr("i.number, i.title_en, i.title_ko, r.stance, "+readableStatus(v.bsc)+", r.summary_en, r.summary_ko").
		ColumnExpr("r.key_points_en, r.key_points_ko, r.background_en, r.background_ko").
		ColumnExpr("r.intervention_en, r.intervention_ko, r.number, r.created_at").
		ColumnExpr(underRevisionSince(v.bsc)).
		ColumnExpr("("+covered+") AS covered", args...).
		OrderExpr("covered DESC, i.sort_key")
	err := eachRow(ctx, q, func(scan func(...any) error) error {
		var r exports.PositionRow
		if err := scan(&r.Number, &r.TitleEN, &r.TitleKO, &r.Stance, &r.Status, &r.SummaryEN, &r.SummaryKO,
			&r.KeyPointsEN, &r.KeyPointsKO, &r.BackgroundEN, &r.BackgroundKO, &r.InterventionEN, &r.InterventionKO, &r.Revision, &r.UpdatedAt, &r.UnderRevisionSince, &r.Covered); err != nil {
			return err
		}
		return fn(r)
	})
	return dbError("pack positions", err)
}
