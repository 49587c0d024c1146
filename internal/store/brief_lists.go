package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// selectBriefRows is the one query shape of lists of briefs: agenda items that sc may
// see, with their session's code, each with its brief where bsc lets the reader read it
// (a delegate's list shows an item whose brief is not final as having none), the current
// revision's stance and summary, and the counts of the current submission's verdicts on
// that revision. The items' lead ministries and focal points, which no list of briefs
// shows, are left out: fewer tables to join, which PostgreSQL spent longer planning than
// reading a page of briefs.
func (s *Store) selectBriefRows(model any, bsc domain.BriefScope) *bun.SelectQuery {
	visible := "b.item_id = i.id AND " + readableBrief(bsc)
	const verdicts = `(SELECT count(*) FROM brief_reviewers br
		JOIN brief_reviews rv ON rv.ministry_id = br.ministry_id AND rv.revision_id = b.current_revision_id
			AND ` + standingReview + `
		WHERE br.submission_id = b.submission_id AND rv.verdict IN (?))`
	items := scopeItems(s.db.NewSelect().Model(model).
		ColumnExpr("i.*").
		ColumnExpr("s.code AS session_code, s.brief_deadline AS review_due").
		Join("JOIN sessions AS s ON s.id = i.session_id"), bsc.Scope)
	q := items.
		ColumnExpr("coalesce(" + readableStatus(bsc) + ", '') AS brief_status").
		ColumnExpr("coalesce(r.stance, '') AS stance").
		ColumnExpr("coalesce(r.summary_ko, '') AS summary_ko, coalesce(r.summary_en, '') AS summary_en").
		ColumnExpr(underRevisionSince(bsc) + " AS under_revision_since").
		Join("LEFT JOIN briefs AS b ON " + visible).
		Join("LEFT JOIN brief_revisions AS r ON r.id = " + readableRevision(bsc))
	if bsc.FinalOnly {
		// Nothing of the workflow after the final text: not when its draft last changed,
		// nor who was asked to review it.
		return q.ColumnExpr("coalesce(r.number, 0) AS revision, r.created_at AS changed_at").
			ColumnExpr("0 AS reviewers, 0 AS concurring, 0 AS objecting")
	}
	return q.ColumnExpr("coalesce(r.number, 0) AS revision, b.updated_at AS changed_at").
		ColumnExpr("(SELECT count(*) FROM brief_reviewers br WHERE br.submission_id = b.submission_id) AS reviewers").
		ColumnExpr(verdicts+" AS concurring", bun.List([]domain.Verdict{domain.VerdictConcur, domain.VerdictConcurWithComments})).
		ColumnExpr(verdicts+" AS objecting", bun.List([]domain.Verdict{domain.VerdictRequestChanges}))
}

// Briefs lists agenda items with their briefs, narrowed by f, in the order of sessions
// and of UNESCO's numbering: a session's briefs, the briefs in one status, or the queue
// of one ministry. Only what bsc lets the reader read is listed.
func (s *Store) Briefs(ctx context.Context, bsc domain.BriefScope, f domain.BriefFilter) ([]domain.BriefRow, error) {
	var rows []domain.BriefRow
	if err := s.briefsQuery(&rows, bsc, f).Scan(ctx); err != nil {
		return nil, dbError("briefs", err)
	}
	return rows, nil
}

// BriefPage returns one page of what Briefs lists, f.Limit rows from f.Offset, and how
// many there are in all.
func (s *Store) BriefPage(ctx context.Context, bsc domain.BriefScope, f domain.BriefFilter) ([]domain.BriefRow, int, error) {
	rows := []domain.BriefRow{}
	limit, offset := f.Limit, f.Offset
	f.Limit, f.Offset = 0, 0
	n, err := scanPage(ctx, s.briefsQuery(&rows, bsc, f), &rows, limit, offset)
	if err != nil {
		return nil, 0, dbError("briefs", err)
	}
	return rows, n, nil
}

func (s *Store) briefsQuery(model any, bsc domain.BriefScope, f domain.BriefFilter) *bun.SelectQuery {
	q := s.selectBriefRows(model, bsc).OrderExpr("s.starts_on, i.sort_key, i.id")
	if f.SessionID != 0 {
		q = q.Where("i.session_id = ?", f.SessionID)
	}
	if !f.WithoutBrief {
		q = q.Where("b.id IS NOT NULL")
	}
	if f.AnsweredBy != 0 {
		q = q.Where(`EXISTS (SELECT 1 FROM consultations ac WHERE ac.item_id = i.id AND ac.ministry_id = ?
			AND ac.status IN (?))`, f.AnsweredBy, bun.List([]domain.ConsultationStatus{domain.ConsultationAnswered, domain.ConsultationClosed}))
	}
	if f.CoveredBy != 0 {
		q = q.Where(coveredItem, f.CoveredBy)
	}
	if len(f.Statuses) > 0 {
		q = q.Where(readableStatus(bsc)+" IN (?)", bun.List(f.Statuses))
	}
	if f.AwaitingMinistry != 0 {
		q = q.Where("b.status = ?", domain.BriefInReview).
			Where("EXISTS (SELECT 1 FROM brief_reviewers br WHERE br.submission_id = b.submission_id AND br.ministry_id = ?)", f.AwaitingMinistry).
			Where("NOT EXISTS (SELECT 1 FROM brief_reviews rv WHERE rv.revision_id = b.current_revision_id AND rv.ministry_id = ?)", f.AwaitingMinistry)
	}
	if f.Limit > 0 {
		q = q.Limit(int64(f.Limit))
	}
	if f.Offset > 0 {
		q = q.Offset(int64(f.Offset))
	}
	return q
}

// FinalPositions returns, for each of the items that has a final brief the reader may
// read, that brief's row: the positions the country took on the earlier sessions of a
// recurring item.
func (s *Store) FinalPositions(ctx context.Context, bsc domain.BriefScope, itemIDs []int64) (map[int64]*domain.BriefRow, error) {
	out := map[int64]*domain.BriefRow{}
	if len(itemIDs) == 0 {
		return out, nil
	}
	var rows []domain.BriefRow
	// Every reader reads these as a delegate does: the text last made final, marked when
	// it is under revision.
	final := domain.BriefScope{Scope: bsc.Scope, FinalOnly: true}
	err := s.selectBriefRows(&rows, final).
		Where("i.id IN (?)", bun.List(itemIDs)).Where("b.id IS NOT NULL").Scan(ctx)
	if err != nil {
		return nil, dbError("final positions", err)
	}
	for i := range rows {
		out[rows[i].ID] = &rows[i]
	}
	return out, nil
}
