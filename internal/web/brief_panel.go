package web

import (
	"context"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// briefPanel is the brief's part of an item's page: the current text, its status and
// reviews, and the workflow steps the reader may take now.
type briefPanel struct {
	ItemID    int64
	FinalOnly bool          // the reader reads final briefs only
	Brief     *domain.Brief // nil when the item has none the reader may read
	Reviewers []domain.BriefReviewer
	Earlier   []domain.BriefReview // verdicts on earlier revisions: history that no longer counts
	AllConcur bool

	CanHistory  bool
	CanEdit     bool // write a new revision (or the first)
	CanSubmit   bool
	CanApprove  bool // every ministry concurs
	CanOverride bool
	CanFinalise bool
	CanReopen   bool
	CanReview   bool // the reader's ministry was asked and has not given its verdict
	CanCorrect  bool // the reader's ministry gave its verdict and may still correct it
	Reviewed    *domain.BriefReviewer
}

// itemBrief builds the brief panel of item for u, and the final positions taken on the
// earlier items of its chain.
func (h *Handler) itemBrief(ctx context.Context, u *domain.User, item *domain.AgendaItem, chain []domain.AgendaItem) (*briefPanel, map[int64]*domain.BriefRow, error) {
	bsc := policy.BriefScopeOf(u)
	ids := make([]int64, len(chain))
	for i := range chain {
		ids[i] = chain[i].ID
	}
	positions, err := h.store.FinalPositions(ctx, bsc, ids)
	if err != nil {
		return nil, nil, err
	}
	bp := &briefPanel{ItemID: item.ID, FinalOnly: bsc.FinalOnly, CanHistory: policy.Can(u, policy.ViewBriefHistory)}
	b, err := h.store.Brief(ctx, bsc, item.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		bp.CanEdit = policy.CanStep(u, domain.BriefDraft, domain.StepSave)
		return bp, positions, nil
	} else if err != nil {
		return nil, nil, err
	}
	bp.Brief = b
	if bsc.FinalOnly {
		// Only what is final: no verdicts, given or awaited, of any revision.
		return bp, positions, nil
	}
	if bp.Reviewers, err = h.store.BriefReviewers(ctx, b); err != nil {
		return nil, nil, err
	}
	reviews, err := h.store.BriefReviews(ctx, b)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range reviews {
		if r.RevisionID != b.CurrentRevisionID && !r.Corrected {
			bp.Earlier = append(bp.Earlier, r)
		}
	}
	bp.AllConcur = domain.AllConcur(bp.Reviewers)
	bp.CanEdit = policy.CanStep(u, b.Status, domain.StepSave)
	bp.CanSubmit = policy.CanStep(u, b.Status, domain.StepSubmit)
	bp.CanApprove = bp.AllConcur && policy.CanStep(u, b.Status, domain.StepApprove)
	bp.CanOverride = !bp.AllConcur && policy.CanStep(u, b.Status, domain.StepOverride)
	bp.CanFinalise = policy.CanStep(u, b.Status, domain.StepFinalise)
	bp.CanReopen = policy.CanStep(u, b.Status, domain.StepReopen)
	if u != nil && u.MinistryID != nil {
		for i := range bp.Reviewers {
			if r := &bp.Reviewers[i]; r.MinistryID == *u.MinistryID {
				bp.Reviewed = r
				bp.CanReview = r.Verdict == "" && policy.CanStep(u, b.Status, domain.StepReview)
				bp.CanCorrect = r.Verdict != "" && policy.CanStep(u, b.Status, domain.StepReview)
			}
		}
	}
	return bp, positions, nil
}
