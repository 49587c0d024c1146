package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

func (h *Handler) showMinistries(c *fiber.Ctx) error {
	ms, err := h.store.Ministries(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "ministries.title")
	p.Data = ms
	return h.render(c, fiber.StatusOK, "pages/admin/ministries", p)
}

func (h *Handler) showMinistryCreate(c *fiber.Ctx) error {
	p := h.page(c, "ministries.new")
	p.Form = domain.MinistryInput{}
	p.Data = (*domain.Ministry)(nil)
	return h.render(c, fiber.StatusOK, "pages/admin/ministry_form", p)
}

func (h *Handler) createMinistry(c *fiber.Ctx) error {
	var in domain.MinistryInput
	err := h.parseForm(c, &in)
	if err == nil {
		_, err = h.store.CreateMinistry(c.UserContext(), actor(c), in)
	}
	if err != nil {
		p := h.page(c, "ministries.new")
		p.Form = in
		p.Data = (*domain.Ministry)(nil)
		return h.formFailed(c, p, "pages/admin/ministry_form", err)
	}
	return h.redirect(c, "/admin/ministries", "ministries.created")
}

func ministryInput(m *domain.Ministry) domain.MinistryInput {
	return domain.MinistryInput{Code: m.Code, NameEN: m.NameEN, NameKO: m.NameKO, Version: m.Version}
}

func (h *Handler) showMinistryEdit(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	m, err := h.store.Ministry(c.UserContext(), id)
	if err != nil {
		return err
	}
	p := h.page(c, "ministries.edit")
	p.Form = ministryInput(m)
	p.Data = m
	return h.render(c, fiber.StatusOK, "pages/admin/ministry_form", p)
}

func (h *Handler) updateMinistry(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.MinistryInput
	err = h.parseForm(c, &in)
	if err == nil {
		_, err = h.store.UpdateMinistry(c.UserContext(), actor(c), id, in, h.cfg.Zone)
	}
	if err == nil {
		return h.redirect(c, "/admin/ministries", "ministries.saved")
	}
	m, merr := h.store.Ministry(c.UserContext(), id)
	if merr != nil {
		return merr
	}
	p := h.page(c, "ministries.edit")
	p.Data = m
	if isStale(err) {
		p.Current = ministryInput(m)
		in.Version = m.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/admin/ministry_form", err)
}
