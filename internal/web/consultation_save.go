package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// consultationFor reads the consultation of the route as the person may see it, and
// checks that they may take act on it now: their ministry's, in a status that allows it.
func (h *Handler) consultationFor(c *fiber.Ctx, act domain.ConsultationAction) (*domain.Consultation, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	cons, err := h.store.Consultation(c.UserContext(), policy.ScopeOf(u), h.cfg.Zone, id)
	if err != nil {
		return nil, err
	}
	return cons, policy.CheckConsultation(u, cons, act)
}

func consultationPath(id int64) string { return "/consultations/" + strconv.FormatInt(id, 10) }

// consultationFormError reports whether err belongs on the form that was sent (invalid input, or a
// conflict with what is saved) rather than on an error page.
func consultationFormError(err error) bool {
	code := domain.ErrorCode(err)
	return code == domain.EINVALID || code == domain.ECONFLICT
}

// answerConsultation saves the liaison's answer. A stale version shows the page again
// with 409, the answer as typed and the answer saved meanwhile.
func (h *Handler) answerConsultation(c *fiber.Ctx) error {
	cons, err := h.consultationFor(c, domain.ConsultAnswer)
	if cons == nil {
		return err
	}
	var in domain.ConsultationAnswer
	if err == nil {
		err = h.parseForm(c, &in)
	}
	if err == nil {
		err = h.store.AnswerConsultation(c.UserContext(), actor(c), cons.ID, in)
	}
	if err == nil {
		return h.redirect(c, consultationPath(cons.ID), "consultations.answered")
	}
	if !consultationFormError(err) {
		return err
	}
	p, d, perr := h.consultationPage(c, cons.ID)
	if perr != nil {
		return perr
	}
	if isStale(err) {
		d.Saved = d.C
		in.Version = d.C.Version
	}
	// What was typed stays on the page, even when the answer can no longer be edited.
	d.Answer, d.CanAnswer = in, true
	return h.formFailed(c, p, "pages/consultation", err)
}

// sendBackConsultation reopens an answer with the Commission's comment and a new due
// date; errors show the page again with what was typed.
func (h *Handler) sendBackConsultation(c *fiber.Ctx) error {
	cons, err := h.consultationFor(c, domain.ConsultSendBack)
	if cons == nil {
		return err
	}
	var in domain.ConsultationSendBack
	if err == nil {
		err = h.parseForm(c, &in)
	}
	if err == nil {
		err = h.store.SendBackConsultation(c.UserContext(), actor(c), h.cfg.Zone, cons.ID, in)
	}
	if err == nil {
		return h.redirect(c, consultationPath(cons.ID), "consultations.sent_back")
	}
	if !consultationFormError(err) {
		return err
	}
	p, d, perr := h.consultationPage(c, cons.ID)
	if perr != nil {
		return perr
	}
	if isStale(err) {
		in.Version = d.C.Version
	}
	d.SendBack, d.CanSendBack = in, true
	return h.formFailed(c, p, "pages/consultation", err)
}

// closeConsultation accepts the answer.
func (h *Handler) closeConsultation(c *fiber.Ctx) error {
	return h.stepConsultation(c, domain.ConsultClose, "consultations.closed")
}

// withdrawConsultation withdraws the request.
func (h *Handler) withdrawConsultation(c *fiber.Ctx) error {
	return h.stepConsultation(c, domain.ConsultWithdraw, "consultations.withdrawn")
}

// stepConsultation takes a step that is a button: a conflict (someone changed the
// consultation, or its status no longer allows the step) comes back as a message on the
// consultation's page, which shows what is saved now.
func (h *Handler) stepConsultation(c *fiber.Ctx, act domain.ConsultationAction, done string) error {
	cons, err := h.consultationFor(c, act)
	back := ""
	if cons != nil {
		back = consultationPath(cons.ID)
	}
	if err == nil {
		var f struct {
			Version int `form:"version"`
		}
		if err := c.BodyParser(&f); err != nil {
			return domain.Errorf(domain.EINVALID, "error.invalid")
		}
		switch act {
		case domain.ConsultClose:
			err = h.store.CloseConsultation(c.UserContext(), actor(c), cons.ID, f.Version)
		case domain.ConsultWithdraw:
			err = h.store.WithdrawConsultation(c.UserContext(), actor(c), cons.ID, f.Version)
		}
	}
	switch {
	case err == nil:
		return h.redirect(c, back, done)
	case back != "" && domain.ErrorCode(err) == domain.ECONFLICT:
		return h.redirect(c, back, domain.ErrorMessage(err))
	}
	return err
}
