package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type briefReviewData struct {
	Item     *domain.AgendaItem
	Brief    *domain.Brief
	Verdicts []domain.Verdict
	// Changes since the revision the person read, when it is no longer current.
	Changes []fieldChange
	// Since is their ministry's standing verdict on the revision it last reviewed, if any.
	Since *domain.BriefReview
	// Notes are the change notes of the revisions made since that one, newest first.
	Notes []domain.BriefRevision
	// Correcting says the form corrects Since, given on the current revision.
	Correcting bool
}

// reviewPage builds the review page of the brief as it is now; it refuses a brief that
// is not waiting for the person's ministry.
func (h *Handler) reviewPage(c *fiber.Ctx, u *domain.User, item *domain.AgendaItem) (*Page, *domain.Brief, error) {
	ctx := c.UserContext()
	b, err := h.store.Brief(ctx, policy.BriefScopeOf(u), item.ID)
	if err != nil {
		return nil, nil, err
	}
	d := briefReviewData{Item: item, Brief: b, Verdicts: domain.Verdicts}
	reviews, err := h.store.BriefReviews(ctx, b)
	if err != nil {
		return nil, nil, err
	}
	for i := range reviews {
		if u.MinistryID != nil && reviews[i].MinistryID == *u.MinistryID && !reviews[i].Corrected {
			d.Since = &reviews[i]
			break
		}
	}
	if d.Since != nil && d.Since.RevisionID != b.CurrentRevisionID {
		revs, err := h.store.BriefRevisions(ctx, b)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range revs {
			if r.Number > d.Since.RevisionNumber && r.Reason != "" {
				d.Notes = append(d.Notes, r)
			}
		}
	}
	p := h.page(c, "briefs.review")
	p.Title = p.L.T("briefs.review") + " · " + item.SessionCode + " · " + item.Number
	p.Data = d
	return p, b, nil
}

// showBriefReview shows a liaison the current revision and asks for their ministry's
// verdict on it; the form carries the revision they read.
func (h *Handler) showBriefReview(c *fiber.Ctx) error {
	u, item, err := h.briefItem(c)
	if err != nil {
		return err
	}
	p, b, err := h.reviewPage(c, u, item)
	if err != nil {
		return err
	}
	in := domain.ReviewInput{RevisionID: b.CurrentRevisionID}
	if kept, err := h.restoreKept(c, p, &in); err != nil {
		return err
	} else if kept {
		// The verdict is recorded on the revision read then; a newer one is shown on save.
		p.Form = in
		return h.render(c, fiber.StatusOK, "pages/brief_review", p)
	}
	d := p.Data.(briefReviewData)
	if d.Since != nil && d.Since.RevisionID == b.CurrentRevisionID {
		if b.Status != domain.BriefInReview {
			return h.redirect(c, itemPath(item.ID), "briefs.already_reviewed")
		}
		// Given on this revision: it may be corrected until the brief is approved.
		in = domain.ReviewInput{Verdict: string(d.Since.Verdict), Comment: d.Since.Comment, RevisionID: b.CurrentRevisionID, Corrects: d.Since.ID}
		d.Correcting = true
		p.Data = d
	}
	if b.Status != domain.BriefInReview {
		return h.redirect(c, itemPath(item.ID), "briefs.review_closed")
	}
	reviewers, err := h.store.BriefReviewers(c.UserContext(), b)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(reviewers, func(r domain.BriefReviewer) bool { return u.MinistryID != nil && r.MinistryID == *u.MinistryID }) {
		return h.redirect(c, itemPath(item.ID), "briefs.not_asked")
	}
	p.Form = in
	return h.render(c, fiber.StatusOK, "pages/brief_review", p)
}

// reviewBrief records the verdict. A verdict on a revision that is no longer current is
// refused with 409: the page then shows the new revision and what changed since the one
// the person read, keeps their comment, and asks for the verdict on the new revision.
func (h *Handler) reviewBrief(c *fiber.Ctx) error {
	u, item, err := h.briefItem(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	var in domain.ReviewInput
	err = h.parseForm(c, &in)
	if err == nil {
		err = in.Check()
	}
	if err == nil {
		_, err = h.store.ReviewBrief(ctx, actor(c), item.ID, in)
	}
	if err == nil {
		return h.redirect(c, itemPath(item.ID), "briefs.reviewed")
	}
	p, b, perr := h.reviewPage(c, u, item)
	if perr != nil {
		return perr
	}
	if d := p.Data.(briefReviewData); d.Since != nil && d.Since.RevisionID == b.CurrentRevisionID && in.Corrects != 0 {
		// A correction that came after another: it now corrects the one that stands.
		in.Corrects, d.Correcting = d.Since.ID, true
		p.Data = d
	}
	if domain.ErrorMessage(err) == "briefs.review_outdated" {
		read, rerr := h.store.BriefRevisionByID(ctx, b, in.RevisionID)
		if rerr != nil && domain.ErrorCode(rerr) != domain.ENOTFOUND {
			return rerr
		}
		d := p.Data.(briefReviewData)
		d.Changes = revisionChanges(read, b.Current)
		p.Data = d
		in.RevisionID = b.CurrentRevisionID
	}
	p.Form = in
	return h.formFailed(c, p, "pages/brief_review", err)
}
