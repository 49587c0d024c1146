package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type itemFormData struct {
	Session     *domain.Session
	ItemID      int64
	Ministries  []domain.Ministry
	FocalPoints []domain.User
	Priorities  []domain.Priority
	Statuses    []domain.ItemStatus
}

func (h *Handler) itemFormPage(c *fiber.Ctx, title string, ses *domain.Session, itemID int64) (*Page, error) {
	ctx := c.UserContext()
	ms, err := h.store.Ministries(ctx)
	if err != nil {
		return nil, err
	}
	fps, err := h.store.FocalPoints(ctx)
	if err != nil {
		return nil, err
	}
	p := h.page(c, title)
	p.Data = itemFormData{Session: ses, ItemID: itemID, Ministries: ms, FocalPoints: fps,
		Priorities: domain.Priorities, Statuses: domain.ItemStatuses}
	return p, nil
}

func (h *Handler) showItemCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ses, err := h.store.Session(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	p, err := h.itemFormPage(c, "items.new", ses, 0)
	if err != nil {
		return err
	}
	p.Form = domain.AgendaItemInput{Priority: string(domain.PriorityNormal), Status: string(domain.ItemNew)}
	return h.render(c, fiber.StatusOK, "pages/item_form", p)
}

func (h *Handler) createItem(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ses, err := h.store.Session(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	var in domain.AgendaItemInput
	err = h.parseForm(c, &in)
	var item *domain.AgendaItem
	if err == nil {
		item, err = h.store.CreateAgendaItem(c.UserContext(), actor(c), id, in)
	}
	if err != nil {
		p, perr := h.itemFormPage(c, "items.new", ses, 0)
		if perr != nil {
			return perr
		}
		p.Form = in
		return h.formFailed(c, p, "pages/item_form", err)
	}
	return h.redirect(c, "/items/"+strconv.FormatInt(item.ID, 10), "items.created")
}

func (h *Handler) showItemEdit(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	item, err := h.store.AgendaItem(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	p, err := h.itemFormPage(c, "items.edit", item.Session, id)
	if err != nil {
		return err
	}
	p.Form = item.Input()
	return h.render(c, fiber.StatusOK, "pages/item_form", p)
}

// updateItem saves the item form; a stale version shows the form again with 409, the
// typed values and what is saved now.
func (h *Handler) updateItem(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var in domain.AgendaItemInput
	err = h.parseForm(c, &in)
	if err == nil {
		err = h.store.UpdateAgendaItem(c.UserContext(), actor(c), id, in)
	}
	if err == nil {
		return h.redirect(c, "/items/"+strconv.FormatInt(id, 10), "items.saved")
	}
	cur, cerr := h.store.AgendaItem(c.UserContext(), policy.ScopeOf(u), id)
	if cerr != nil {
		return cerr
	}
	p, perr := h.itemFormPage(c, "items.edit", cur.Session, id)
	if perr != nil {
		return perr
	}
	if isStale(err) {
		p.Current = cur.Input()
		in.Version = cur.Version
	}
	p.Form = in
	return h.formFailed(c, p, "pages/item_form", err)
}
