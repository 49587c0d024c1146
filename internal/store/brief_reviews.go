package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// standingReview is true for a verdict (alias rv) that no other corrects.
const standingReview = "NOT EXISTS (SELECT 1 FROM brief_reviews crv WHERE crv.corrects = rv.id)"

// ReviewBrief records the verdict of the reviewer's ministry on the revision they read,
// in.RevisionID. A verdict on a revision that is no longer current is refused, as is a
// second verdict of one ministry on one revision, unless it corrects (in.Corrects) the
// ministry's standing verdict on it, which may be done while the brief is in review,
// that is until it is approved; the brief's version moves on, so that an approver who
// read the brief before the verdict reads it again.
func (s *Store) ReviewBrief(ctx context.Context, a domain.Actor, itemID int64, in domain.ReviewInput) (*domain.BriefReview, error) {
	if a.User == nil || a.User.MinistryID == nil {
		return nil, domain.Errorf(domain.EFORBIDDEN, "briefs.not_asked")
	}
	if err := in.Check(); err != nil {
		return nil, err
	}
	ministry := *a.User.MinistryID
	rv := &domain.BriefReview{RevisionID: in.RevisionID, MinistryID: ministry, ReviewerID: a.User.ID,
		Verdict: domain.Verdict(in.Verdict), Comment: strings.TrimSpace(strings.ReplaceAll(in.Comment, "\r\n", "\n")), CreatedAt: s.now()}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		b, err := lockBrief(ctx, tx, itemID)
		if err != nil {
			return err
		}
		switch {
		case b.Status != domain.BriefInReview:
			return domain.Errorf(domain.ECONFLICT, "briefs.review_closed")
		case b.CurrentRevisionID != in.RevisionID:
			return domain.Errorf(domain.ECONFLICT, "briefs.review_outdated")
		}
		asked, err := tx.NewSelect().Table("brief_reviewers").
			Where("submission_id = ? AND ministry_id = ?", *b.SubmissionID, ministry).Exists(ctx)
		if err != nil {
			return err
		}
		if !asked {
			return domain.Errorf(domain.EFORBIDDEN, "briefs.not_asked")
		}
		standing := new(domain.BriefReview)
		err = tx.NewSelect().Model(standing).Where("rv.revision_id = ? AND rv.ministry_id = ?", in.RevisionID, ministry).
			Where(standingReview).Scan(ctx)
		given := err == nil
		if err != nil && !isNoRows(err) {
			return err
		}
		switch {
		case given && in.Corrects == 0:
			return domain.Errorf(domain.ECONFLICT, "briefs.already_reviewed")
		case in.Corrects != 0 && (!given || standing.ID != in.Corrects):
			return domain.Errorf(domain.ECONFLICT, "briefs.review_changed")
		}
		var before any
		action := "review"
		if given {
			rv.Corrects, before, action = &standing.ID, standing, "correct_review"
		}
		rv.BriefID = b.ID
		if _, err := tx.NewInsert().Model(rv).ExcludeColumn("id").Returning("id").Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Table("briefs").Set("version = version + 1").Set("updated_at = ?", rv.CreatedAt).
			Where("id = ?", b.ID).Exec(ctx); err != nil {
			return err
		}
		facts := domain.NoticeFacts{Verdict: rv.Verdict}
		if err := tx.NewRaw("SELECT name_en, name_ko FROM ministries WHERE id = ?", ministry).
			Scan(ctx, &facts.MinistryEN, &facts.MinistryKO); err != nil {
			return err
		}
		if err := s.notifyBrief(ctx, tx, a, domain.NoticeVerdict, itemID, facts, focalPointOf, itemID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, "brief", b.ID, before, rv)
	})
	if err != nil {
		return nil, dbError("review brief", err)
	}
	return rv, nil
}

// BriefReviewers returns the ministries the brief's current submission asked to review,
// each with its verdict on the current revision (none while it has not given one). A
// draft has none.
func (s *Store) BriefReviewers(ctx context.Context, b *domain.Brief) ([]domain.BriefReviewer, error) {
	rs, err := briefReviewers(ctx, s.db, b)
	if err != nil {
		return nil, dbError("brief reviewers", err)
	}
	return rs, nil
}

func briefReviewers(ctx context.Context, db bun.IDB, b *domain.Brief) ([]domain.BriefReviewer, error) {
	rs := []domain.BriefReviewer{}
	if b.SubmissionID == nil {
		return rs, nil
	}
	err := db.NewRaw(`SELECT m.id AS ministry_id, m.code, m.name_en, m.name_ko,
			coalesce(rv.verdict, '') AS verdict, coalesce(rv.comment, '') AS comment,
			coalesce(u.name, '') AS reviewer_name, rv.created_at AS at
		FROM brief_reviewers br
		JOIN ministries m ON m.id = br.ministry_id
		LEFT JOIN brief_reviews rv ON rv.revision_id = ? AND rv.ministry_id = br.ministry_id AND `+standingReview+`
		LEFT JOIN users u ON u.id = rv.reviewer_id
		WHERE br.submission_id = ?
		ORDER BY m.code`, b.CurrentRevisionID, *b.SubmissionID).Scan(ctx, &rs)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	return rs, nil
}

// BriefReviews returns every verdict ever given on brief b, newest first, with the
// revision it was given on: the history, in which verdicts on earlier revisions stay. b
// is the brief as Brief read it, through the reader's scope: there is no reading a
// brief's reviews by a bare id.
func (s *Store) BriefReviews(ctx context.Context, b *domain.Brief) ([]domain.BriefReview, error) {
	var rs []domain.BriefReview
	err := s.db.NewSelect().Model(&rs).ColumnExpr("rv.*").
		ColumnExpr("NOT "+standingReview+" AS corrected").
		ColumnExpr("r.number AS revision_number").
		ColumnExpr("m.code AS ministry_code, m.name_en AS ministry_en, m.name_ko AS ministry_ko").
		ColumnExpr("coalesce(u.name, '') AS reviewer_name").
		Join("JOIN brief_revisions AS r ON r.id = rv.revision_id").
		Join("JOIN ministries AS m ON m.id = rv.ministry_id").
		Join("LEFT JOIN users AS u ON u.id = rv.reviewer_id").
		Where("rv.brief_id = ?", b.ID).
		OrderExpr("rv.created_at DESC, rv.id DESC").Scan(ctx)
	if err != nil {
		return nil, dbError("brief reviews", err)
	}
	return rs, nil
}

// BriefEvents returns the workflow steps taken on brief b (as Brief read it), newest
// first; a submission names the ministries it asked.
func (s *Store) BriefEvents(ctx context.Context, b *domain.Brief) ([]domain.BriefEvent, error) {
	var es []domain.BriefEvent
	err := s.db.NewSelect().Model(&es).ColumnExpr("e.*").
		ColumnExpr("r.number AS revision_number").
		ColumnExpr("coalesce(u.name, '') AS actor_name").
		ColumnExpr(`ARRAY(SELECT m.code FROM brief_reviewers br JOIN ministries m ON m.id = br.ministry_id
			WHERE br.submission_id = e.id ORDER BY m.code) AS ministries`).
		Join("JOIN brief_revisions AS r ON r.id = e.revision_id").
		Join("LEFT JOIN users AS u ON u.id = e.actor_id").
		Where("e.brief_id = ?", b.ID).
		OrderExpr("e.created_at DESC, e.id DESC").Scan(ctx)
	if err != nil {
		return nil, dbError("brief events", err)
	}
	return es, nil
}
