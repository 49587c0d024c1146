package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

func (h *Handler) showBodies(c *fiber.Ctx) error {
	bs, err := h.store.Bodies(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "bodies.title")
	p.Data = bs
	return h.render(c, fiber.StatusOK, "pages/admin/bodies", p)
}

func (h *Handler) showBodyCreate(c *fiber.Ctx) error {
	p := h.page(c, "bodies.new")
	p.Form = domain.BodyInput{}
	p.Data = int64(0)
	return h.render(c, fiber.StatusOK, "pages/admin/body_form", p)
}

func (h *Handler) createBody(c *fiber.Ctx) error {
	var in domain.BodyInput
	err := h.parseForm(c, &in)
	if err == nil {
		_, err = h.store.CreateBody(c.UserContext(), actor(c), in)
	}
	if err != nil {
		p := h.page(c, "bodies.new")
		p.Form = in
		p.Data = int64(0)
		return h.formFailed(c, p, "pages/admin/body_form", err)
	}
	return h.redirect(c, "/admin/bodies", "bodies.created")
}

func bodyInput(b *domain.Body) domain.BodyInput {
	return domain.BodyInput{Code: b.Code, NameEN: b.NameEN, NameKO: b.NameKO, Version: b.Version}
}

func (h *Handler) showBodyEdit(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	b, err := h.store.Body(c.UserContext(), id)
	if err != nil {
		return err
	}
	p := h.page(c, "bodies.edit")
	p.Form = bodyInput(b)
	p.Data = b.ID
	return h.render(c, fiber.StatusOK, "pages/admin/body_form", p)
}

func (h *Handler) updateBody(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.BodyInput
	err = h.parseForm(c, &in)
	if err == nil {
		_, err = h.store.UpdateBody(c.UserContext(), actor(c), id, in)
	}
	if err == nil {
		return h.redirect(c, "/admin/bodies", "bodies.saved")
	}
	b, berr := h.store.Body(c.UserContext(), id)
	if berr != nil {
		return berr
	}
	p := h.page(c, "bodies.edit")
	p.Data = id
	if isStale(err) {
		p.Current = bodyInput(b)
		in.Version = b.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/admin/body_form", err)
}
