package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type dashboardData struct {
	Sessions []domain.SessionSummary

	// Consultations.
	// (end of consultations)

	// Briefs.
	// (end of briefs)

	// Delegations.
	// (end of delegations)
}

// showDashboard is the first page after login: the sessions this person works on.
func (h *Handler) showDashboard(c *fiber.Ctx) error {
	u := currentUser(c)
	if err := policy.Check(u, policy.ViewDashboard); err != nil {
		return err
	}
	ss, err := h.store.VisibleSessions(c.UserContext(), policy.ScopeOf(u))
	if err != nil {
		return err
	}
	d := dashboardData{Sessions: ss}

	// Consultations.
	// (end of consultations)

	// Briefs.
	// (end of briefs)

	// Delegations.
	// (end of delegations)

	p := h.page(c, "dashboard.title")
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/dashboard", p)
}
