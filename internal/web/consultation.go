package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// consultationPage is one consultation with the forms the person may use on it: the
// answer form for the ministry's liaison, the steps of the Commission's staff.
type consultationPage struct {
	C           *domain.Consultation
	CanAnswer   bool
	CanClose    bool
	CanSendBack bool
	CanWithdraw bool
	Answer      domain.ConsultationAnswer   // what the answer form shows
	SendBack    domain.ConsultationSendBack // what the send-back form shows
	Saved       *domain.Consultation        // on a conflict: the answer saved meanwhile
	// Outcome is the item's position as the person may read it, once the ministry has
	// answered: what became of its input (nil when there is none yet).
	Outcome  *domain.Brief
	Answered bool       // the request is answered or closed
	Recorded bool       // it was sent by e-mail before the day it was recorded in Plenary
	Files    *filesView // the Commission's annexes and the ministry's answer files
	// The liaison's form that sends a file as the answer: shown to whoever may, refused
	// when AnswerFileFailed; HasAnswerFile when an answer file is attached already, so
	// that the typed answer may stay empty.
	CanAnswerFile    bool
	AnswerFileFailed bool
	HasAnswerFile    bool
	MaxSize          string
}

// consultationPage builds the page of consultation id as the person may see it, with
// its forms filled from what is saved; ENOTFOUND when they may not see it.
func (h *Handler) consultationPage(c *fiber.Ctx, id int64) (*Page, *consultationPage, error) {
	u := currentUser(c)
	cons, err := h.store.Consultation(c.UserContext(), policy.ScopeOf(u), h.cfg.Zone, id)
	if err != nil {
		return nil, nil, err
	}
	d := &consultationPage{
		C:           cons,
		CanAnswer:   policy.CanConsultation(u, cons, domain.ConsultAnswer),
		CanClose:    policy.CanConsultation(u, cons, domain.ConsultClose),
		CanSendBack: policy.CanConsultation(u, cons, domain.ConsultSendBack),
		CanWithdraw: policy.CanConsultation(u, cons, domain.ConsultWithdraw),
		Answer:      domain.ConsultationAnswer{Answer: cons.Answer, Version: cons.Version},
		SendBack:    domain.ConsultationSendBack{Version: cons.Version, DueOn: h.dueIn(7, cons.DueOn)},
	}
	d.Recorded = cons.AskedOn.Before(domain.Today(cons.CreatedAt, h.cfg.Zone))
	d.Answered = cons.Status == domain.ConsultationAnswered || cons.Status == domain.ConsultationClosed
	if d.Answered {
		b, err := h.store.Brief(c.UserContext(), policy.BriefScopeOf(u), cons.ItemID)
		switch {
		case err == nil:
			d.Outcome = b
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return nil, nil, err
		}
	}
	if d.Files, err = h.consultationFiles(c, cons); err != nil {
		return nil, nil, err
	}
	d.CanAnswerFile = d.CanAnswer && policy.CanFileChange(u, domain.FileConsultationAnswer, &domain.FilePlace{Consultation: cons})
	for _, r := range d.Files.Rows {
		d.HasAnswerFile = d.HasAnswerFile || r.Kind == domain.FileConsultationAnswer
	}
	d.MaxSize = d.Files.MaxSize
	p := h.page(c, "consultations.one_title")
	p.Title = cons.SessionCode + " · " + cons.ItemNumber + " · " + cons.MinistryCode
	p.Data = d
	return p, d, nil
}

// showConsultation is one consultation: what was asked of which ministry, by when, and
// its answer, with the forms of the next steps.
func (h *Handler) showConsultation(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	p, d, err := h.consultationPage(c, id)
	if err != nil {
		return err
	}
	if kept, err := h.restoreKept(c, p, &d.Answer); err != nil {
		return err
	} else if kept {
		d.CanAnswer = d.CanAnswer || policy.Can(p.User, policy.AnswerConsultations)
	}
	return h.render(c, fiber.StatusOK, "pages/consultation", p)
}
