package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type itemPage struct {
	Item        *domain.AgendaItem
	Chain       []domain.AgendaItem
	Suggestions []domain.AgendaItem
	CanEdit     bool

	// Consultations.
	Consultations       []domain.Consultation
	ConsultationRequest *consultationRequestForm // staff: to ask more ministries
	// (end of consultations)

	// Briefs.
	Brief     *briefPanel
	Positions map[int64]*domain.BriefRow // final positions on the items of Chain, by item
	// (end of briefs)

	// Delegations.
	Coverage []domain.Member // the members who cover the item, as the person may see them
	// (end of delegations)

	// Files.
	Documents *filesView // the item's UNESCO documents
	Annexes   *filesView // the brief's annexes, when the person reads the brief
	// (end of files)
}

// showItem is an agenda item's page: its details, its outcome, and the chain of the same
// item in earlier sessions, with suggested links when it has none.
func (h *Handler) showItem(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	p, _, err := h.itemPageFor(c, id)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/item", p)
}

// itemPageFor builds the page of item id as the person may see it; ENOTFOUND when they
// may not see the item.
func (h *Handler) itemPageFor(c *fiber.Ctx, id int64) (*Page, *itemPage, error) {
	u := currentUser(c)
	sc := policy.ScopeOf(u)
	ctx := c.UserContext()
	item, err := h.store.AgendaItem(ctx, sc, id)
	if err != nil {
		return nil, nil, err
	}
	d := &itemPage{Item: item, CanEdit: policy.Can(u, policy.EditAgenda)}
	if d.Chain, err = h.store.ItemChain(ctx, sc, id); err != nil {
		return nil, nil, err
	}
	if d.CanEdit && item.PreviousItemID == nil {
		if d.Suggestions, err = h.store.SuggestPrevious(ctx, item); err != nil {
			return nil, nil, err
		}
	}
	// Consultations.
	if d.Consultations, d.ConsultationRequest, err = h.itemConsultations(c, item); err != nil {
		return nil, nil, err
	}
	// (end of consultations)

	// Briefs.
	if d.Brief, d.Positions, err = h.itemBrief(ctx, u, item, d.Chain); err != nil {
		return nil, nil, err
	}
	// (end of briefs)

	// Delegations.
	if d.Coverage, err = h.store.ItemCoverage(ctx, sc, item); err != nil {
		return nil, nil, err
	}
	// (end of delegations)

	// Files.
	var brief *domain.Brief
	if d.Brief != nil {
		brief = d.Brief.Brief
	}
	if d.Documents, d.Annexes, err = h.itemFiles(c, item, brief); err != nil {
		return nil, nil, err
	}
	// (end of files)

	p := h.page(c, "items.title")
	p.Title = item.SessionCode + " · " + item.Number + " " + item.Title(p.Lang)
	p.Data = d
	return p, d, nil
}

// linkPrevious links the item to the same item in an earlier session, or removes the
// link when previous_item_id is 0.
func (h *Handler) linkPrevious(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var f struct {
		PreviousItemID int64 `form:"previous_item_id"`
		Version        int   `form:"version"`
	}
	if err := c.BodyParser(&f); err != nil {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	back := "/items/" + c.Params("id")
	if err := h.store.LinkPrevious(c.UserContext(), actor(c), id, f.PreviousItemID, f.Version); err != nil {
		if code := domain.ErrorCode(err); code == domain.ECONFLICT || code == domain.EINVALID {
			for _, m := range domain.ErrorFields(err) {
				return h.redirect(c, back, m)
			}
			return h.redirect(c, back, domain.ErrorMessage(err))
		}
		return err
	}
	if f.PreviousItemID == 0 {
		return h.redirect(c, back, "items.unlinked")
	}
	return h.redirect(c, back, "items.linked")
}
