package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// The organisations other than ministries that delegation members come from are kept
// beside the ministries, by whoever keeps those.

func (h *Handler) showOrganisations(c *fiber.Ctx) error {
	os, err := h.store.Organisations(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "organisations.title")
	p.Data = os
	return h.render(c, fiber.StatusOK, "pages/admin/organisations", p)
}

func (h *Handler) showOrganisationCreate(c *fiber.Ctx) error {
	p := h.page(c, "organisations.new")
	p.Form = domain.OrganisationInput{}
	p.Data = (*domain.Organisation)(nil)
	return h.render(c, fiber.StatusOK, "pages/admin/organisation_form", p)
}

func (h *Handler) createOrganisation(c *fiber.Ctx) error {
	var in domain.OrganisationInput
	err := h.parseForm(c, &in)
	if err == nil {
		_, err = h.store.CreateOrganisation(c.UserContext(), actor(c), in)
	}
	if err != nil {
		p := h.page(c, "organisations.new")
		p.Form = in
		p.Data = (*domain.Organisation)(nil)
		return h.formFailed(c, p, "pages/admin/organisation_form", err)
	}
	return h.redirect(c, "/admin/organisations", "organisations.created")
}

func (h *Handler) showOrganisationEdit(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	o, err := h.store.Organisation(c.UserContext(), id)
	if err != nil {
		return err
	}
	p := h.page(c, "organisations.edit")
	p.Form = o.Input()
	p.Data = o
	return h.render(c, fiber.StatusOK, "pages/admin/organisation_form", p)
}

// updateOrganisation renames an organisation; a stale version shows the form again with
// 409, the typed names and the names saved now.
func (h *Handler) updateOrganisation(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.OrganisationInput
	err = h.parseForm(c, &in)
	if err == nil {
		err = h.store.UpdateOrganisation(c.UserContext(), actor(c), id, in)
	}
	if err == nil {
		return h.redirect(c, "/admin/organisations", "organisations.saved")
	}
	o, oerr := h.store.Organisation(c.UserContext(), id)
	if oerr != nil {
		return oerr
	}
	p := h.page(c, "organisations.edit")
	p.Data = o
	if isStale(err) {
		p.Current = o.Input()
		in.Version = o.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/admin/organisation_form", err)
}
