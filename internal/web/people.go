package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type peoplePage struct {
	Query  string
	People []domain.Person
	Pager  *pager
}

// showPeople lists the people, or those matching the search box, a page at a time.
func (h *Handler) showPeople(c *fiber.Ctx) error {
	q, err := h.parseSearch(c)
	if err != nil {
		p := h.page(c, "people.title")
		p.Data = peoplePage{Query: q, Pager: newPager(c, listPageSize)}
		return h.formFailed(c, p, "pages/people", err)
	}
	d := peoplePage{Query: q, Pager: newPager(c, listPageSize)}
	if d.People, d.Pager.Total, err = h.store.People(c.UserContext(), policy.ScopeOf(currentUser(c)), q, d.Pager.Size, d.Pager.Offset()); err != nil {
		return err
	}
	p := h.page(c, "people.title")
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/people", p)
}

type personPage struct {
	Person  *domain.Person
	History []domain.Participation
	// Sessions not yet concluded whose delegation the person is not on, to add them to.
	Open []domain.DelegationSummary
}

// showPerson is a person's page: who they are, and every delegation they have been on
// with what they did there.
func (h *Handler) showPerson(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ctx, sc := c.UserContext(), policy.ScopeOf(currentUser(c))
	person, err := h.store.Person(ctx, sc, id)
	if err != nil {
		return err
	}
	d := personPage{Person: person}
	if d.History, err = h.store.Participations(ctx, person); err != nil {
		return err
	}
	ds, err := h.store.DelegationSummaries(ctx, sc)
	if err != nil {
		return err
	}
	on := map[int64]bool{}
	for _, x := range d.History {
		on[x.SessionID] = true
	}
	for _, s := range ds {
		if s.Status != domain.SessionConcluded && !on[s.ID] {
			d.Open = append(d.Open, s)
		}
	}
	p := h.page(c, "people.title")
	p.Title = person.Name(p.Lang)
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/person", p)
}
