package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// involvedMinistries is the SQL of the ministries involved in item ?: its lead ministry
// and every ministry consulted on it (a consultation not withdrawn), as in the liaisons'
// scope.
const involvedMinistries = `SELECT lead_ministry_id AS ministry_id FROM agenda_items
	WHERE id = ? AND lead_ministry_id IS NOT NULL
	UNION
	SELECT ministry_id FROM consultations WHERE item_id = ? AND status <> 'withdrawn'`

// takeStep locks the brief of item itemID and checks that the person who takes step saw
// what is there now: the current revision and the version, in a status the step may be
// taken from. It returns the brief as it was before the step.
func takeStep(ctx context.Context, tx bun.IDB, itemID int64, step domain.BriefStep, in domain.StepInput) (*domain.Brief, error) {
	if err := in.Check(step); err != nil {
		return nil, err
	}
	b, err := lockBrief(ctx, tx, itemID)
	if err != nil {
		return nil, err
	}
	switch {
	case b.CurrentRevisionID != in.RevisionID:
		return nil, domain.Errorf(domain.ECONFLICT, "briefs.revision_changed")
	case !slices.Contains(step.From(), b.Status):
		return nil, domain.Errorf(domain.ECONFLICT, "briefs.wrong_status")
	case b.Version != in.Version:
		return nil, errStale
	}
	return b, nil
}

// moveBrief writes the brief's new status and pointers, guarded by the version read under
// the lock, and moves the version on.
func moveBrief(ctx context.Context, tx bun.IDB, b *domain.Brief, to domain.BriefStatus, at time.Time) error {
	res, err := tx.NewUpdate().Model(b).
		Set("status = ?", to).
		Set("current_revision_id = ?", b.CurrentRevisionID).
		Set("submission_id = ?", b.SubmissionID).
		Set("approved_revision_id = ?", b.ApprovedRevisionID).
		Set("final_revision_id = ?", b.FinalRevisionID).
		Set("reopened_at = ?", b.ReopenedAt).
		Set("version = version + 1").Set("updated_at = ?", at).
		Where("b.id = ? AND b.version = ?", b.ID, b.Version).
		Returning("version").Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errStale
	}
	b.Status = to
	return nil
}

// addEvent records a workflow step, with id when the brief already points at it.
func addEvent(ctx context.Context, tx bun.IDB, a domain.Actor, b *domain.Brief, id int64, step domain.BriefStep, revisionID int64, reason string, at time.Time) error {
	e := &domain.BriefEvent{ID: id, BriefID: b.ID, Action: step, RevisionID: revisionID,
		ActorID: actorID(a), Actor: actorName(a), Reason: reason, CreatedAt: at}
	q := tx.NewInsert().Model(e)
	if id == 0 {
		q = q.ExcludeColumn("id")
	}
	_, err := q.Exec(ctx)
	return err
}

// nextID takes the next id of a sequence, for a row that another row points at before
// it is written (the pointers are checked at commit).
func nextID(ctx context.Context, tx bun.IDB, seq string) (int64, error) {
	var id int64
	err := tx.NewRaw("SELECT nextval(?)", seq).Scan(ctx, &id)
	return id, err
}

// SubmitBrief asks the ministries involved in the item to review the current revision of
// its brief, and names them: the lead ministry and every ministry consulted. It returns
// their ids.
func (s *Store) SubmitBrief(ctx context.Context, a domain.Actor, itemID int64, in domain.StepInput) ([]int64, error) {
	var ministries []int64
	err := s.inTx(ctx, func(tx bun.Tx) error {
		at := s.now()
		b, err := takeStep(ctx, tx, itemID, domain.StepSubmit, in)
		if err != nil {
			return err
		}
		id, err := nextID(ctx, tx, "brief_events_id_seq")
		if err != nil {
			return err
		}
		b.SubmissionID = &id
		if err := moveBrief(ctx, tx, b, domain.BriefInReview, at); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, a, b, id, domain.StepSubmit, b.CurrentRevisionID, "", at); err != nil {
			return err
		}
		err = tx.NewRaw(`INSERT INTO brief_reviewers (submission_id, ministry_id)
			SELECT ?, ministry_id FROM (`+involvedMinistries+`) AS m
			ORDER BY ministry_id
			RETURNING ministry_id`, id, itemID, itemID).Scan(ctx, &ministries)
		if err != nil && !isNoRows(err) {
			return err
		}
		if len(ministries) > 0 {
			if err := s.notifyBrief(ctx, tx, a, domain.NoticeReviewRequested, itemID, domain.NoticeFacts{},
				liaisonsOf, bun.List(ministries)); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "submit", "brief", b.ID,
			map[string]any{"status": domain.BriefDraft, "version": in.Version},
			map[string]any{"status": b.Status, "version": b.Version, "revision_id": b.CurrentRevisionID, "ministries": ministries})
	})
	if err != nil {
		return nil, dbError("submit brief", err)
	}
	return ministries, nil
}

// ApproveBrief approves the revision of the brief that the approver read, in.RevisionID,
// provided it is still the current revision and every ministry asked has concurred with
// it. With override, staff approve without that concurrence and in.Reason is recorded.
// Of two approvals at once, one happens and the other is told the brief moved on.
func (s *Store) ApproveBrief(ctx context.Context, a domain.Actor, itemID int64, in domain.StepInput, override bool) error {
	step := domain.StepApprove
	if override {
		step = domain.StepOverride
	}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		at := s.now()
		b, err := takeStep(ctx, tx, itemID, step, in)
		if err != nil {
			return err
		}
		reviewers, err := briefReviewers(ctx, tx, b)
		if err != nil {
			return err
		}
		if !override && !domain.AllConcur(reviewers) {
			return domain.Errorf(domain.ECONFLICT, "briefs.not_all_concur")
		}
		approved := b.CurrentRevisionID
		b.ApprovedRevisionID = &approved
		if err := moveBrief(ctx, tx, b, domain.BriefApproved, at); err != nil {
			return err
		}
		reason := ""
		if override {
			reason = strings.TrimSpace(in.Reason)
		}
		if err := addEvent(ctx, tx, a, b, 0, step, approved, reason, at); err != nil {
			return err
		}
		verdicts := map[string]string{}
		for _, r := range reviewers {
			verdicts[r.Code] = string(r.Verdict)
		}
		if err := s.notifyBrief(ctx, tx, a, domain.NoticeBriefApproved, itemID, domain.NoticeFacts{}, focalPointOf, itemID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, string(step), "brief", b.ID,
			map[string]any{"status": domain.BriefInReview, "version": in.Version},
			map[string]any{"status": b.Status, "version": b.Version, "revision_id": approved, "verdicts": verdicts, "reason": reason})
	})
	return dbError("approve brief", err)
}

// FinaliseBrief makes an approved brief final: its text is locked, and it reaches the
// delegation.
func (s *Store) FinaliseBrief(ctx context.Context, a domain.Actor, itemID int64, in domain.StepInput) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		at := s.now()
		b, err := takeStep(ctx, tx, itemID, domain.StepFinalise, in)
		if err != nil {
			return err
		}
		final := b.CurrentRevisionID
		b.FinalRevisionID, b.ReopenedAt = &final, nil
		if err := moveBrief(ctx, tx, b, domain.BriefFinal, at); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, a, b, 0, domain.StepFinalise, b.CurrentRevisionID, "", at); err != nil {
			return err
		}
		if err := s.notifyBrief(ctx, tx, a, domain.NoticeBriefFinalised, itemID, domain.NoticeFacts{}, focalPointOf, itemID); err != nil {
			return err
		}
		// Final, the brief reaches the delegates who cover the item.
		if err := s.notifyBrief(ctx, tx, a, domain.NoticeFinalAvailable, itemID, domain.NoticeFacts{}, delegatesCovering, itemID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "finalise", "brief", b.ID,
			map[string]any{"status": domain.BriefApproved, "version": in.Version},
			map[string]any{"status": b.Status, "version": b.Version, "revision_id": b.CurrentRevisionID})
	})
	return dbError("finalise brief", err)
}

// ReopenBrief takes an approved or final brief back to draft, for in.Reason. The text is
// carried into a new revision that records the reason; the reviews of earlier revisions
// stay in the history but no longer count, and the next submission asks again.
func (s *Store) ReopenBrief(ctx context.Context, a domain.Actor, itemID int64, in domain.StepInput) (*domain.BriefRevision, error) {
	var rev *domain.BriefRevision
	err := s.inTx(ctx, func(tx bun.Tx) error {
		at := s.now()
		b, err := takeStep(ctx, tx, itemID, domain.StepReopen, in)
		if err != nil {
			return err
		}
		from, reopened := b.Status, b.CurrentRevisionID
		last := new(domain.BriefRevision)
		if err := tx.NewSelect().Model(last).Where("r.id = ?", reopened).Scan(ctx); err != nil {
			return err
		}
		id, err := nextID(ctx, tx, "brief_revisions_id_seq")
		if err != nil {
			return err
		}
		b.CurrentRevisionID, b.SubmissionID, b.ApprovedRevisionID = id, nil, nil
		if from == domain.BriefFinal {
			// The delegation reads the final text on, marked as under revision from now.
			b.ReopenedAt = &at
		}
		// The brief is a draft again before the revision is added: an approved or final
		// brief takes no new revision.
		if err := moveBrief(ctx, tx, b, domain.BriefDraft, at); err != nil {
			return err
		}
		rev = &domain.BriefRevision{}
		*rev = *last
		rev.ID, rev.Number, rev.Author, rev.AuthorID, rev.Reason = id, last.Number+1, actorName(a), actorID(a), strings.TrimSpace(in.Reason)
		rev.CreatedAt, rev.AuthorName = at, ""
		if _, err := tx.NewInsert().Model(rev).Exec(ctx); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, a, b, 0, domain.StepReopen, reopened, rev.Reason, at); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "reopen", "brief", b.ID,
			map[string]any{"status": from, "version": in.Version, "revision_id": reopened},
			map[string]any{"status": b.Status, "version": b.Version, "revision_id": id, "reason": rev.Reason})
	})
	if err != nil {
		return nil, dbError("reopen brief", err)
	}
	return rev, nil
}
