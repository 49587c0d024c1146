package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type dashboardData struct {
	Sessions []domain.Session
}

// showDashboard is the first page after login: the sessions this person works on.
func (h *Handler) showDashboard(c *fiber.Ctx) error {
	u := currentUser(c)
	if err := policy.Check(u, policy.ViewDashboard); err != nil {
		return err
	}
	var d dashboardData
	if policy.Can(u, policy.ViewAllSessions) {
		ss, err := h.store.Sessions(c.UserContext())
		if err != nil {
			return err
		}
		d.Sessions = ss
	}
	p := h.page(c, "dashboard.title")
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/dashboard", p)
}
