package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type memberPage struct {
	Session    *domain.Session
	Member     *domain.Member
	Person     *domain.Person // staff only: contact details
	Covered    []domain.AgendaItem
	Agenda     []domain.AgendaItem // staff: every item, to choose the covered ones
	Checked    map[int64]bool
	Attendance []domain.Attendance // staff and the member themself
	Self       bool
	CanEdit    bool
	Staff      bool
	CheckIn    bool // the member themself, on a day of the session
	// Accreditation: staff see the member's accreditation details (Member.Details).
	Accreditation bool
}

// memberPageData gathers a member's page for the person logged in; checked, when not nil,
// are the items typed in a coverage form that could not be saved.
func (h *Handler) memberPageData(c *fiber.Ctx, checked []int64) (*memberPage, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	sc, ctx := policy.ScopeOf(u), c.UserContext()
	m, err := h.store.Member(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	d := &memberPage{Member: m, Self: m.IsUser(u.ID), CanEdit: policy.Can(u, policy.EditDelegations),
		Staff: policy.Can(u, policy.ViewDelegationFigures), Accreditation: policy.Can(u, policy.ViewAccreditation)}
	if d.Session, err = h.store.Session(ctx, sc, m.SessionID); err != nil {
		return nil, err
	}
	d.CheckIn = d.Self && policy.Can(u, policy.CheckIn) && domain.IsSessionDay(d.Session, h.today())
	if d.Covered, err = h.store.CoveredItems(ctx, sc, m); err != nil {
		return nil, err
	}
	if d.Staff {
		if d.Person, err = h.store.Person(ctx, sc, m.PersonID); err != nil {
			return nil, err
		}
	}
	if d.Staff || d.Self {
		if d.Attendance, err = h.store.AttendanceOfMember(ctx, m); err != nil {
			return nil, err
		}
	}
	if d.CanEdit {
		if d.Agenda, err = h.store.AgendaItems(ctx, sc, m.SessionID, domain.AgendaFilter{}); err != nil {
			return nil, err
		}
		d.Checked = map[int64]bool{}
		if checked == nil {
			for _, it := range d.Covered {
				checked = append(checked, it.ID)
			}
		}
		for _, id := range checked {
			d.Checked[id] = true
		}
	}
	return d, nil
}

// showMember is a member's page: their place on the delegation, the items they cover and
// their attendance; staff choose the covered items here.
func (h *Handler) showMember(c *fiber.Ctx) error {
	d, err := h.memberPageData(c, nil)
	if err != nil {
		return err
	}
	p := h.page(c, "members.title")
	p.Title = d.Member.Name(p.Lang) + " · " + d.Session.Code
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/member", p)
}

// saveCoverage makes the ticked items those the member covers. A stale version or an
// item of another session shows the page again with what was ticked.
func (h *Handler) saveCoverage(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(c.FormValue("version"))
	if err != nil {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	items := []int64{}
	for _, v := range c.Request().PostArgs().PeekMulti("item_id") {
		item, perr := strconv.ParseInt(string(v), 10, 64)
		if perr != nil || item <= 0 {
			return domain.Errorf(domain.EINVALID, "error.invalid")
		}
		items = append(items, item)
	}
	// The member must be one this person may see before anything is written.
	if _, err := h.store.Member(c.UserContext(), policy.ScopeOf(currentUser(c)), id); err != nil {
		return err
	}
	err = h.store.SetCoverage(c.UserContext(), actor(c), id, version, items)
	if err == nil {
		return h.redirect(c, "/members/"+strconv.FormatInt(id, 10), "members.coverage_saved")
	}
	d, derr := h.memberPageData(c, items)
	if derr != nil {
		return derr
	}
	p := h.page(c, "members.title")
	p.Title = d.Member.Name(p.Lang) + " · " + d.Session.Code
	p.Data = d
	return h.formFailed(c, p, "pages/member", err)
}
