package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// The workflow's buttons. Each form carries the version and the revision the person
// read, so that a step is taken on what they saw or not at all: of two people approving
// at once, one approves and the other is told the brief moved on.

// stepDone answers a workflow button: back to the item with the flash of success, or
// with the reason nothing happened.
func (h *Handler) stepDone(c *fiber.Ctx, itemID int64, err error, flash string, args ...any) error {
	if err == nil {
		return h.redirect(c, itemPath(itemID), flash, args...)
	}
	if code := domain.ErrorCode(err); code == domain.ECONFLICT || code == domain.EINVALID {
		return h.redirect(c, itemPath(itemID), domain.ErrorMessage(err))
	}
	return err
}

// stepInput reads a workflow form; a form without the version and revision read cannot
// take a step, and is answered as a form no page sends.
func (h *Handler) stepInput(c *fiber.Ctx) (domain.StepInput, error) {
	var in domain.StepInput
	if err := h.parseForm(c, &in); err != nil {
		return in, fiber.ErrUnprocessableEntity
	}
	return in, nil
}

func (h *Handler) submitBrief(c *fiber.Ctx) error {
	_, item, err := h.briefItem(c)
	if err != nil {
		return err
	}
	in, err := h.stepInput(c)
	var ms []int64
	if err == nil {
		ms, err = h.store.SubmitBrief(c.UserContext(), actor(c), item.ID, in)
	}
	return h.stepDone(c, item.ID, err, "briefs.submitted", "Count", len(ms))
}

// The steps that need a reason (override, reopen) or a confirmation (approve, make
// final) have a page of their own, so that a refused step shows the form again with the
// reason as typed, and a click on the item's page alone changes nothing.

type briefStepData struct {
	Item      *domain.AgendaItem
	Brief     *domain.Brief
	Step      domain.BriefStep
	Reviewers []domain.BriefReviewer
}

func (h *Handler) stepPage(c *fiber.Ctx, step domain.BriefStep) (*Page, *domain.AgendaItem, *domain.Brief, error) {
	u, item, err := h.briefItem(c)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx := c.UserContext()
	b, err := h.store.Brief(ctx, policy.BriefScopeOf(u), item.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	d := briefStepData{Item: item, Brief: b, Step: step}
	if d.Reviewers, err = h.store.BriefReviewers(ctx, b); err != nil {
		return nil, nil, nil, err
	}
	p := h.page(c, step.Label())
	p.Title = p.L.T(step.Label()) + " · " + item.SessionCode + " · " + item.Number
	p.Data = d
	return p, item, b, nil
}

func (h *Handler) showStep(c *fiber.Ctx, step domain.BriefStep) error {
	p, item, b, err := h.stepPage(c, step)
	if err != nil {
		return err
	}
	if !policy.CanStep(p.User, b.Status, step) {
		return h.redirect(c, itemPath(item.ID), "briefs.wrong_status")
	}
	if step == domain.StepApprove && !domain.AllConcur(p.Data.(briefStepData).Reviewers) {
		return h.redirect(c, itemPath(item.ID), "briefs.not_all_concur")
	}
	p.Form = domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}
	return h.render(c, fiber.StatusOK, "pages/brief_step", p)
}

func (h *Handler) takeStep(c *fiber.Ctx, step domain.BriefStep) error {
	_, item, err := h.briefItem(c)
	if err != nil {
		return err
	}
	var in domain.StepInput
	err = h.parseForm(c, &in)
	if err == nil {
		err = in.Check(step)
	}
	if err == nil {
		err = in.Confirmation(step)
	}
	flash := "briefs.approved"
	if err == nil {
		ctx, a := c.UserContext(), actor(c)
		switch step {
		case domain.StepApprove:
			err = h.store.ApproveBrief(ctx, a, item.ID, in, false)
		case domain.StepOverride:
			err = h.store.ApproveBrief(ctx, a, item.ID, in, true)
		case domain.StepFinalise:
			flash = "briefs.finalised"
			err = h.store.FinaliseBrief(ctx, a, item.ID, in)
		case domain.StepReopen:
			flash = "briefs.reopened"
			_, err = h.store.ReopenBrief(ctx, a, item.ID, in)
		}
	}
	if err == nil {
		return h.redirect(c, itemPath(item.ID), flash)
	}
	p, _, b, perr := h.stepPage(c, step)
	if perr != nil {
		return perr
	}
	if domain.ErrorCode(err) == domain.ECONFLICT {
		// The page now shows the brief as it is; the reason stays as typed, and what
		// was confirmed is confirmed again on what is there now.
		in.Version, in.RevisionID, in.Confirmed = b.Version, b.CurrentRevisionID, false
	}
	p.Form = in
	return h.formFailed(c, p, "pages/brief_step", err)
}

func (h *Handler) showBriefApprove(c *fiber.Ctx) error  { return h.showStep(c, domain.StepApprove) }
func (h *Handler) approveBrief(c *fiber.Ctx) error      { return h.takeStep(c, domain.StepApprove) }
func (h *Handler) showBriefFinalise(c *fiber.Ctx) error { return h.showStep(c, domain.StepFinalise) }
func (h *Handler) finaliseBrief(c *fiber.Ctx) error     { return h.takeStep(c, domain.StepFinalise) }
func (h *Handler) showBriefOverride(c *fiber.Ctx) error { return h.showStep(c, domain.StepOverride) }
func (h *Handler) overrideBrief(c *fiber.Ctx) error     { return h.takeStep(c, domain.StepOverride) }
func (h *Handler) showBriefReopen(c *fiber.Ctx) error   { return h.showStep(c, domain.StepReopen) }
func (h *Handler) reopenBrief(c *fiber.Ctx) error       { return h.takeStep(c, domain.StepReopen) }
