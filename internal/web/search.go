package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/policy"
)

// showSearch answers the search box: sessions and agenda items matching the query, only
// among what the person may see.
func (h *Handler) showSearch(c *fiber.Ctx) error {
	u := currentUser(c)
	q := c.Query("q")
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
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
