package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

type dashboardData struct {
	Sessions []domain.SessionSummary

	// Consultations.
	Consultations *consultationsDashboard
	// (end of consultations)

	// Briefs.
	Briefs *briefQueues
	// (end of briefs)

	// Delegations.
	Delegations dashboardDelegations
	// (end of delegations)

	// Calendar.
	Timeline []timelineDay
	// (end of calendar)

	// Progress is where each upcoming session's preparation stands (staff).
	Progress []sessionProgress

	// Due is a liaison's requests and reviews together, what is due first.
	Due []dueRow
	// Kept are the forms whose login ended before they were saved, offered back.
	Kept []store.KeptRef
}

// showDashboard is the first page after login: the sessions this person works on.
func (h *Handler) showDashboard(c *fiber.Ctx) error {
	u := currentUser(c)
	ss, err := h.store.VisibleSessions(c.UserContext(), policy.ScopeOf(u))
	if err != nil {
		return err
	}
	d := dashboardData{Sessions: ss}
	if d.Kept, err = h.store.KeptForms(c.UserContext(), actor(c)); err != nil {
		return err
	}

	// Consultations.
	if d.Consultations, err = h.consultationsDashboard(c); err != nil {
		return err
	}
	// (end of consultations)

	// Briefs.
	if d.Briefs, err = h.briefQueues(c.UserContext(), u); err != nil {
		return err
	}
	// (end of briefs)

	// Delegations.
	if d.Delegations, err = h.dashboardDelegations(c, u); err != nil {
		return err
	}
	// (end of delegations)

	// Calendar.
	if d.Timeline, err = h.dashboardTimeline(c, u); err != nil {
		return err
	}
	// (end of calendar)

	if d.Progress, err = h.dashboardProgress(c.UserContext(), u); err != nil {
		return err
	}

	p := h.page(c, "dashboard.title")
	if d.Consultations != nil && !d.Consultations.Staff && d.Briefs != nil {
		d.Due = liaisonDue(d.Consultations.Open, d.Briefs.Awaiting.Rows, p.Lang, h.today())
	}
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/dashboard", p)
}
