package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type personFormData struct {
	ID         int64
	Ministries []domain.Ministry
	Users      []domain.User
	// The people who are likely the same as the one being created, shown before creating.
	Duplicates []domain.Person
}

func (h *Handler) personFormPage(c *fiber.Ctx, title string, id int64) (*Page, error) {
	ctx := c.UserContext()
	ms, err := h.store.Ministries(ctx)
	if err != nil {
		return nil, err
	}
	us, err := h.store.LinkableUsers(ctx, id)
	if err != nil {
		return nil, err
	}
	p := h.page(c, title)
	p.Data = personFormData{ID: id, Ministries: ms, Users: us}
	return p, nil
}

func (h *Handler) showPersonCreate(c *fiber.Ctx) error {
	p, err := h.personFormPage(c, "people.new", 0)
	if err != nil {
		return err
	}
	p.Form = domain.PersonInput{}
	return h.render(c, fiber.StatusOK, "pages/person_form", p)
}

// createPerson adds a person. When the list already has a likely duplicate (the same
// e-mail or the same names), it shows them first, with 409, and creates the person only
// once "create anyway" is ticked.
func (h *Handler) createPerson(c *fiber.Ctx) error {
	ctx := c.UserContext()
	var in domain.PersonInput
	err := h.parseForm(c, &in)
	var dups []domain.Person
	if err == nil && !in.CreateAnyway {
		if dups, err = h.store.LikelyDuplicates(ctx, in); err == nil && len(dups) > 0 {
			err = domain.Errorf(domain.ECONFLICT, "people.duplicates_found")
		}
	}
	var person *domain.Person
	if err == nil {
		person, err = h.store.CreatePerson(ctx, actor(c), in)
	}
	if err != nil {
		p, perr := h.personFormPage(c, "people.new", 0)
		if perr != nil {
			return perr
		}
		d := p.Data.(personFormData)
		d.Duplicates = dups
		p.Data = d
		in.CreateAnyway = false
		p.Form = in
		return h.formFailed(c, p, "pages/person_form", err)
	}
	return h.redirect(c, "/people/"+strconv.FormatInt(person.ID, 10), "people.created")
}

func (h *Handler) showPersonEdit(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	person, err := h.store.Person(c.UserContext(), policy.ScopeOf(currentUser(c)), id)
	if err != nil {
		return err
	}
	p, err := h.personFormPage(c, "people.edit", id)
	if err != nil {
		return err
	}
	p.Form = person.Input()
	return h.render(c, fiber.StatusOK, "pages/person_form", p)
}

// updatePerson saves the person form; a stale version shows the form again with 409, the
// typed values and what is saved now.
func (h *Handler) updatePerson(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.PersonInput
	err = h.parseForm(c, &in)
	if err == nil {
		err = h.store.UpdatePerson(c.UserContext(), actor(c), id, in)
	}
	if err == nil {
		return h.redirect(c, "/people/"+strconv.FormatInt(id, 10), "people.saved")
	}
	cur, cerr := h.store.Person(c.UserContext(), policy.ScopeOf(currentUser(c)), id)
	if cerr != nil {
		return cerr
	}
	p, perr := h.personFormPage(c, "people.edit", id)
	if perr != nil {
		return perr
	}
	if isStale(err) {
		p.Current = cur.Input()
		in.Version = cur.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/person_form", err)
}
