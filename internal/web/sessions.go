package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// showSessions lists the sessions the person may see, upcoming first.
func (h *Handler) showSessions(c *fiber.Ctx) error {
	u := currentUser(c)
	ss, err := h.store.VisibleSessions(c.UserContext(), policy.ScopeOf(u))
	if err != nil {
		return err
	}
	p := h.page(c, "sessions.title")
	p.Data = ss
	return h.render(c, fiber.StatusOK, "pages/sessions", p)
}

type sessionPage struct {
	Session  *domain.Session
	Items    []domain.AgendaItem
	Facets   *domain.AgendaFacets
	Filter   domain.AgendaFilter
	Statuses []domain.ItemStatus
	CanEdit  bool
	Bulk     *agendaBulk // the bulk form, for those who may edit the agenda
}

// showSession is a session's page: its dates and status, and its agenda with filters and
// counts. It costs the same few queries whatever the length of the agenda.
func (h *Handler) showSession(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var f domain.AgendaFilter
	if err := h.parseQuery(c, &f); err != nil {
		return err
	}
	p, err := h.sessionPageFor(c, id, f)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/session", p)
}

// sessionPageFor builds the page of session id with its agenda narrowed by f.
func (h *Handler) sessionPageFor(c *fiber.Ctx, id int64, f domain.AgendaFilter) (*Page, error) {
	u := currentUser(c)
	sc := policy.ScopeOf(u)
	ctx := c.UserContext()
	ses, err := h.store.Session(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	items, err := h.store.AgendaItems(ctx, sc, id, f)
	if err != nil {
		return nil, err
	}
	facets, err := h.store.AgendaFacets(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	p := h.page(c, "sessions.title")
	p.Title = ses.Code + " · " + p.L.Marked(ses.TitleEN, ses.TitleKO)
	data := sessionPage{Session: ses, Items: items, Facets: facets, Filter: f,
		Statuses: domain.ItemStatuses, CanEdit: policy.Can(u, policy.EditAgenda)}
	if data.CanEdit && len(items) > 0 {
		if data.Bulk, err = h.agendaBulkFor(c, id, f); err != nil {
			return nil, err
		}
		p.Form = domain.AgendaBulkInput{}
	}
	p.Data = data
	return p, nil
}
