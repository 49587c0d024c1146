package store

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Position briefs. A brief row says where the workflow stands and which revision is
// current; revisions, reviews and workflow events only ever grow. Every change locks the
// brief's row first, checks the version the person read, and moves the version on, so
// that of many changes made at one version exactly one happens.

// scopeBriefs restricts briefs (alias b, joined to their item as i) to those bsc may read.
func scopeBriefs(q *bun.SelectQuery, bsc domain.BriefScope) *bun.SelectQuery {
	return scopeItems(q, bsc.Scope).Where(readableBrief(bsc))
}

// readableBrief is the condition on a brief (alias b), on an item its reader sees, that
// bsc lets them read it: any brief, or only one that has been final (a delegate's), which
// a delegate goes on reading as it was last final while it is reopened, until a new text
// is final. The three helpers below are that one rule: which briefs, which revision, and
// in which status the reader reads them.
func readableBrief(bsc domain.BriefScope) string {
	if bsc.FinalOnly {
		return "b.final_revision_id IS NOT NULL"
	}
	return "TRUE"
}

// readableRevision is the column of the brief (alias b) that names the revision its
// reader reads: the current one, or for a delegate the last final one.
func readableRevision(bsc domain.BriefScope) string {
	if bsc.FinalOnly {
		return "b.final_revision_id"
	}
	return "b.current_revision_id"
}

// readableStatus is the status of the brief (alias b) as its reader reads it: a delegate
// reads every brief they may read as final, since its text is.
func readableStatus(bsc domain.BriefScope) string {
	if bsc.FinalOnly {
		return "'" + string(domain.BriefFinal) + "'"
	}
	return "b.status"
}

// underRevisionSince is when the text the reader reads started being revised: for a
// delegate, when the final text was reopened; for others nothing, since they read the
// revision itself.
func underRevisionSince(bsc domain.BriefScope) string {
	if bsc.FinalOnly {
		return "b.reopened_at"
	}
	return "NULL::timestamptz"
}

// Brief returns the brief of item itemID with its current revision, if bsc may read it;
// ENOTFOUND when the item has no brief or the reader may not see it. A reader of final
// briefs only gets the brief as they read it: final, at its last final revision, with
// ReopenedAt saying since when it is being revised; nothing of a newer draft.
func (s *Store) Brief(ctx context.Context, bsc domain.BriefScope, itemID int64) (*domain.Brief, error) {
	b := new(domain.Brief)
	q := s.db.NewSelect().Model(b).Join("JOIN agenda_items AS i ON i.id = b.item_id").Where("b.item_id = ?", itemID)
	if err := scopeBriefs(q, bsc).Scan(ctx); err != nil {
		return nil, dbError("brief", err)
	}
	if bsc.FinalOnly {
		*b = domain.Brief{ID: b.ID, ItemID: b.ItemID, Status: domain.BriefFinal, CurrentRevisionID: *b.FinalRevisionID,
			FinalRevisionID: b.FinalRevisionID, ApprovedRevisionID: b.FinalRevisionID, ReopenedAt: b.ReopenedAt, CreatedAt: b.CreatedAt}
	}
	cur := new(domain.BriefRevision)
	if err := s.selectRevisions(cur).Where("r.id = ?", b.CurrentRevisionID).Scan(ctx); err != nil {
		return nil, dbError("brief revision", err)
	}
	b.Current = cur
	return b, nil
}

// selectRevisions is the query shape of revisions, with their author's name.
func (s *Store) selectRevisions(model any) *bun.SelectQuery {
	return s.db.NewSelect().Model(model).ColumnExpr("r.*").
		ColumnExpr("coalesce(au.name, '') AS author_name").
		Join("LEFT JOIN users AS au ON au.id = r.author_id")
}

// BriefRevisions returns every revision of brief b, newest first. The revisions of a
// brief, like its reviews and events, are read through the brief as Brief read it, with
// the reader's scope, never by a bare id.
func (s *Store) BriefRevisions(ctx context.Context, b *domain.Brief) ([]domain.BriefRevision, error) {
	var rs []domain.BriefRevision
	if err := s.selectRevisions(&rs).Where("r.brief_id = ?", b.ID).Order("r.number DESC").Scan(ctx); err != nil {
		return nil, dbError("brief revisions", err)
	}
	return rs, nil
}

// BriefRevision returns revision number of brief b.
func (s *Store) BriefRevision(ctx context.Context, b *domain.Brief, number int) (*domain.BriefRevision, error) {
	r := new(domain.BriefRevision)
	if err := s.selectRevisions(r).Where("r.brief_id = ? AND r.number = ?", b.ID, number).Scan(ctx); err != nil {
		return nil, dbError("brief revision", err)
	}
	return r, nil
}

// BriefRevisionByID returns revision id of brief b; a revision of another brief is not
// found.
func (s *Store) BriefRevisionByID(ctx context.Context, b *domain.Brief, id int64) (*domain.BriefRevision, error) {
	r := new(domain.BriefRevision)
	if err := s.selectRevisions(r).Where("r.brief_id = ? AND r.id = ?", b.ID, id).Scan(ctx); err != nil {
		return nil, dbError("brief revision", err)
	}
	return r, nil
}

// lockBrief reads the brief of item itemID and locks its row until the transaction ends:
// whoever changes a brief waits for the change before, then sees it.
func lockBrief(ctx context.Context, tx bun.IDB, itemID int64) (*domain.Brief, error) {
	b := new(domain.Brief)
	if err := tx.NewSelect().Model(b).Where("b.item_id = ?", itemID).For("UPDATE").Scan(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// errLocked is returned for a change to the text of an approved or final brief.
var errLocked = domain.Errorf(domain.ECONFLICT, "briefs.locked")

// SaveBrief saves in as a new revision of item itemID's brief, by a, provided the brief is
// still at in.Version (0: the item has no brief yet). Of many saves made at one version
// exactly one succeeds; the others get a stale-version conflict and nothing is written.
func (s *Store) SaveBrief(ctx context.Context, a domain.Actor, itemID int64, in domain.BriefInput) (*domain.BriefRevision, error) {
	rev, err := in.Revision()
	if err != nil {
		return nil, err
	}
	rev.Author, rev.AuthorID, rev.CreatedAt = actorName(a), actorID(a), s.now()
	err = s.inTx(ctx, func(tx bun.Tx) error {
		var before map[string]any
		b := &domain.Brief{ItemID: itemID, Status: domain.BriefDraft}
		if in.Version == 0 {
			// A new brief: the unique item_id makes one of many first saves win.
			err := tx.NewRaw(`INSERT INTO briefs (item_id, current_revision_id, created_at, updated_at)
				VALUES (?, nextval('brief_revisions_id_seq'), ?, ?)
				ON CONFLICT (item_id) DO NOTHING
				RETURNING id, current_revision_id, version`, itemID, rev.CreatedAt, rev.CreatedAt).Scan(ctx, &b.ID, &b.CurrentRevisionID, &b.Version)
			if isNoRows(err) {
				return errStale
			} else if err != nil {
				return err
			}
			rev.Number = 1
		} else {
			cur, err := lockBrief(ctx, tx, itemID)
			if err != nil {
				return err
			}
			if cur.Version != in.Version {
				return errStale
			}
			if !slices.Contains(domain.StepSave.From(), cur.Status) {
				return errLocked
			}
			last := new(domain.BriefRevision)
			if err := tx.NewSelect().Model(last).Where("r.id = ?", cur.CurrentRevisionID).Scan(ctx); err != nil {
				return err
			}
			if sameText(last, rev) {
				return domain.Errorf(domain.EINVALID, "briefs.unchanged")
			}
			// A new revision sets aside the verdicts given on this one: only with the
			// writer's consent, checked under the lock, so that a verdict given while
			// they wrote is not voided unseen.
			if cur.Status == domain.BriefInReview && !in.VoidVerdicts {
				reviewers, err := briefReviewers(ctx, tx, cur)
				if err != nil {
					return err
				}
				if domain.VerdictsGiven(reviewers) > 0 {
					return domain.FieldError("void_verdicts", "briefs.void_confirm_required")
				}
			}
			before = map[string]any{"status": cur.Status, "version": cur.Version, "revision": last.Number}
			b = cur
			rev.Number = last.Number + 1
			err = tx.NewRaw(`UPDATE briefs SET current_revision_id = nextval('brief_revisions_id_seq'),
					version = version + 1, updated_at = ?
				WHERE id = ? AND version = ?
				RETURNING current_revision_id, version`, rev.CreatedAt, cur.ID, in.Version).Scan(ctx, &b.CurrentRevisionID, &b.Version)
			if isNoRows(err) {
				return errStale
			} else if err != nil {
				return err
			}
		}
		rev.ID, rev.BriefID = b.CurrentRevisionID, b.ID
		if _, err := tx.NewInsert().Model(rev).Exec(ctx); err != nil {
			return err
		}
		// Saved while in review: the verdicts given were on the revision before, so the
		// ministries asked are asked again.
		if b.Status == domain.BriefInReview && b.SubmissionID != nil {
			if err := s.notifyBrief(ctx, tx, a, domain.NoticeReviewAgain, itemID, domain.NoticeFacts{},
				`SELECT u.id FROM users u JOIN brief_reviewers br ON br.ministry_id = u.ministry_id
				WHERE u.role = 'liaison' AND br.submission_id = ?`, *b.SubmissionID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "save", "brief", b.ID, before,
			map[string]any{"status": b.Status, "version": b.Version, "revision": rev})
	})
	if err != nil {
		return nil, dbError("save brief", err)
	}
	return rev, nil
}

// sameText reports whether two revisions hold the same position and text.
func sameText(a, b *domain.BriefRevision) bool {
	return a.Stance == b.Stance && a.SummaryKO == b.SummaryKO && a.SummaryEN == b.SummaryEN &&
		a.BackgroundKO == b.BackgroundKO && a.BackgroundEN == b.BackgroundEN &&
		a.KeyPointsKO == b.KeyPointsKO && a.KeyPointsEN == b.KeyPointsEN &&
		a.InterventionKO == b.InterventionKO && a.InterventionEN == b.InterventionEN
}

// actorName is how a revision or a workflow event names who made it.
func actorName(a domain.Actor) string {
	switch {
	case a.User != nil:
		return a.User.Name
	case a.Label != "":
		return a.Label
	}
	return "system"
}

func actorID(a domain.Actor) *int64 {
	if a.User == nil {
		return nil
	}
	id := a.User.ID
	return &id
}
