package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

// showSearch answers the search box: sessions and agenda items matching the query, only
// among what the person may see.
func (h *Handler) showSearch(c *fiber.Ctx) error {
	u := currentUser(c)
	q, err := h.parseSearch(c)
	if err != nil {
		p := h.page(c, "search.title")
		p.Data = &store.SearchResults{Query: q}
		return h.formFailed(c, p, "pages/search", err)
	}
	r, err := h.store.Search(c.UserContext(), policy.ScopeOf(u), q)
	if err != nil {
		return err
	}
	if r.Briefs, err = h.store.SearchBriefs(c.UserContext(), policy.BriefScopeOf(u), q); err != nil {
		return err
	}
	p := h.page(c, "search.title")
	p.Data = r
	return h.render(c, fiber.StatusOK, "pages/search", p)
}
