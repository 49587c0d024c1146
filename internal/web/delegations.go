package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// showDelegations lists the sessions the person may see, each with the size of its
// delegation as they may see it.
func (h *Handler) showDelegations(c *fiber.Ctx) error {
	u := currentUser(c)
	ds, err := h.store.DelegationSummaries(c.UserContext(), policy.ScopeOf(u))
	if err != nil {
		return err
	}
	p := h.page(c, "delegations.title")
	p.Data = ds
	return h.render(c, fiber.StatusOK, "pages/delegations", p)
}

type delegationPage struct {
	Session  *domain.Session
	Members  []domain.Member
	Figures  *domain.DelegationFigures
	From, To time.Time // the stay window
	Own      *domain.Member
	Today    time.Time
	CanEdit  bool
	Staff    bool // sees notes and figures
	Delegate bool // may check in
	// How to reach each member, by member id: for the members of the delegation (and
	// staff) only.
	Contacts map[int64]domain.Contact
	Coverage []domain.ItemCoverage // who covers which item
	Covered  map[int64][]string    // the numbers of the items each member covers
	Matrix   *coverageMatrix       // staff: the coverage matrix to edit
}

// CheckInOpen reports whether the person viewing is a delegate on the delegation and
// today is a day of the session.
func (d delegationPage) CheckInOpen() bool {
	return d.Delegate && d.Own != nil && domain.IsSessionDay(d.Session, d.Today)
}

// showDelegation is a session's delegation: its members by precedence as the person may
// see them and, for staff, its figures and the coverage matrix.
func (h *Handler) showDelegation(c *fiber.Ctx) error {
	p, _, err := h.delegationPageFor(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/delegation", p)
}

// delegationPageFor gathers the delegation page of the :id session for the person
// logged in.
func (h *Handler) delegationPageFor(c *fiber.Ctx) (*Page, *delegationPage, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, nil, err
	}
	sc, ctx := policy.ScopeOf(u), c.UserContext()
	ses, err := h.store.Session(ctx, sc, id)
	if err != nil {
		return nil, nil, err
	}
	ms, err := h.store.Members(ctx, sc, id)
	if err != nil {
		return nil, nil, err
	}
	d := &delegationPage{Session: ses, Members: ms, Today: h.today(), CanEdit: policy.Can(u, policy.EditDelegations),
		Staff: policy.Can(u, policy.ViewDelegationFigures), Delegate: policy.Can(u, policy.CheckIn)}
	d.From, d.To = domain.StayWindow(ses)
	for i := range ms {
		if ms[i].IsUser(u.ID) {
			d.Own = &ms[i]
		}
	}
	if d.Contacts, err = h.store.MemberContacts(ctx, sc, id); err != nil {
		return nil, nil, err
	}
	if d.Coverage, err = h.store.SessionCoverage(ctx, sc, id); err != nil {
		return nil, nil, err
	}
	d.Covered = map[int64][]string{}
	for _, ic := range d.Coverage {
		for _, m := range ic.Members {
			d.Covered[m.ID] = append(d.Covered[m.ID], ic.Item.Number)
		}
	}
	if d.Staff {
		if d.Figures, err = h.store.DelegationFigures(ctx, ses); err != nil {
			return nil, nil, err
		}
	}
	if d.CanEdit && len(ms) > 0 {
		items, err := h.store.AgendaItems(ctx, sc, id, domain.AgendaFilter{})
		if err != nil {
			return nil, nil, err
		}
		d.Matrix = newCoverageMatrix(ses, ms, items, d.Coverage)
	}
	p := h.page(c, "delegations.title")
	p.Title = ses.Code + " · " + p.L.T("delegations.delegation")
	p.Data = d
	return p, d, nil
}

// dashboardDelegations is the dashboard's block of delegations: a delegate's own places
// on delegations with today's check-in, and for staff the sessions whose accreditations
// are outstanding.
type dashboardDelegations struct {
	Participations []domain.Participation
	Today          time.Time
	Accreditations []domain.DelegationSummary
}

func (h *Handler) dashboardDelegations(c *fiber.Ctx, u *domain.User) (dashboardDelegations, error) {
	d := dashboardDelegations{Today: h.today()}
	var err error
	if policy.Can(u, policy.CheckIn) {
		if d.Participations, err = h.store.UserParticipations(c.UserContext(), u.ID, d.Today); err != nil {
			return d, err
		}
	}
	if policy.Can(u, policy.ViewDelegationFigures) {
		if d.Accreditations, err = h.store.PendingAccreditations(c.UserContext()); err != nil {
			return d, err
		}
	}
	return d, nil
}
