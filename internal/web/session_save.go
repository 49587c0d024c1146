package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type sessionFormData struct {
	ID       int64
	Bodies   []domain.Body
	Statuses []domain.SessionStatus
}

func (h *Handler) sessionFormPage(c *fiber.Ctx, title string, id int64) (*Page, error) {
	bs, err := h.store.Bodies(c.UserContext())
	if err != nil {
		return nil, err
	}
	p := h.page(c, title)
	p.Data = sessionFormData{ID: id, Bodies: bs, Statuses: domain.SessionStatuses}
	return p, nil
}

func sessionInput(s *domain.Session) domain.SessionInput {
	in := domain.SessionInput{BodyID: s.BodyID, Number: s.Number, TitleKO: s.TitleKO, TitleEN: s.TitleEN, Venue: s.Venue,
		StartsOn: s.StartsOn.Format("2006-01-02"), EndsOn: s.EndsOn.Format("2006-01-02"),
		Status: string(s.Status), Version: s.Version}
	if s.BriefDeadline != nil {
		in.BriefDeadline = s.BriefDeadline.Format("2006-01-02")
	}
	return in
}

func (h *Handler) showSessionCreate(c *fiber.Ctx) error {
	p, err := h.sessionFormPage(c, "sessions.new", 0)
	if err != nil {
		return err
	}
	p.Form = domain.SessionInput{Status: string(domain.SessionPlanning)}
	return h.render(c, fiber.StatusOK, "pages/session_form", p)
}

func (h *Handler) createSession(c *fiber.Ctx) error {
	var in domain.SessionInput
	err := h.parseForm(c, &in)
	var ses *domain.Session
	if err == nil {
		ses, err = in.Session()
	}
	if err == nil {
		err = h.store.CreateSession(c.UserContext(), actor(c), ses)
	}
	if err != nil {
		p, perr := h.sessionFormPage(c, "sessions.new", 0)
		if perr != nil {
			return perr
		}
		p.Form = in
		return h.formFailed(c, p, "pages/session_form", err)
	}
	return h.redirect(c, "/sessions/"+strconv.FormatInt(ses.ID, 10), "sessions.created")
}

func (h *Handler) showSessionEdit(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ses, err := h.store.Session(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	p, err := h.sessionFormPage(c, "sessions.edit", id)
	if err != nil {
		return err
	}
	p.Form = sessionInput(ses)
	return h.render(c, fiber.StatusOK, "pages/session_form", p)
}

// updateSession saves the session form; a stale version shows the form again with 409,
// the typed values and what is saved now.
func (h *Handler) updateSession(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.SessionInput
	err = h.parseForm(c, &in)
	var ses *domain.Session
	if err == nil {
		ses, err = in.Session()
	}
	if err == nil {
		err = h.store.UpdateSession(c.UserContext(), actor(c), id, ses)
	}
	if err == nil {
		return h.redirect(c, "/sessions/"+strconv.FormatInt(id, 10), "sessions.saved")
	}
	cur, cerr := h.store.Session(c.UserContext(), policy.ScopeOf(u), id)
	if cerr != nil {
		return cerr
	}
	p, perr := h.sessionFormPage(c, "sessions.edit", id)
	if perr != nil {
		return perr
	}
	if isStale(err) {
		p.Current = sessionInput(cur)
		in.Version = cur.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/session_form", err)
}
