package web

import (
	"context"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type briefsPage struct {
	Session   *domain.Session // nil: the briefs of every session, a page at a time
	Rows      []domain.BriefRow
	Pager     *pager // of the briefs of every session
	Status    domain.BriefStatus
	Statuses  []domain.BriefStatus
	FinalOnly bool
	Mine      bool // only the items the delegate covers
	Delegate  bool // may narrow to their items
}

// mineFilter reads ?mine=1, the delegate's "my items", into f for u; it is nobody
// else's filter.
func (h *Handler) mineFilter(c *fiber.Ctx, u *domain.User, f *domain.BriefFilter) (mine, delegate bool, err error) {
	var q struct {
		Mine bool `query:"mine"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return false, false, err
	}
	delegate = policy.Can(u, policy.CheckIn)
	if delegate && q.Mine {
		f.CoveredBy = u.ID
		return true, delegate, nil
	}
	return false, delegate, nil
}

// showBriefs lists the briefs the person may read, in every session, narrowed to one
// status by ?status=, a page at a time.
func (h *Handler) showBriefs(c *fiber.Ctx) error {
	u := currentUser(c)
	bsc := policy.BriefScopeOf(u)
	d := briefsPage{Statuses: domain.BriefStatuses, FinalOnly: bsc.FinalOnly, Pager: newPager(c, listPageSize)}
	f := domain.BriefFilter{Limit: d.Pager.Size, Offset: d.Pager.Offset()}
	if st := domain.BriefStatus(c.Query("status")); st != "" {
		if !slices.Contains(domain.BriefStatuses, st) {
			return domain.Errorf(domain.EINVALID, "error.invalid")
		}
		d.Status, f.Statuses = st, []domain.BriefStatus{st}
	}
	var err error
	if d.Mine, d.Delegate, err = h.mineFilter(c, u, &f); err != nil {
		return err
	}
	if d.Rows, d.Pager.Total, err = h.store.BriefPage(c.UserContext(), bsc, f); err != nil {
		return err
	}
	p := h.page(c, "briefs.title")
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/briefs", p)
}

// showSessionBriefs lists a session's agenda with each item's brief: its status and
// stance where the person may read it, so that what is missing shows at a glance.
func (h *Handler) showSessionBriefs(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	ses, err := h.store.Session(ctx, policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	bsc := policy.BriefScopeOf(u)
	d := briefsPage{Session: ses, Statuses: domain.BriefStatuses, FinalOnly: bsc.FinalOnly}
	f := domain.BriefFilter{SessionID: id, WithoutBrief: true}
	if d.Mine, d.Delegate, err = h.mineFilter(c, u, &f); err != nil {
		return err
	}
	if d.Rows, err = h.store.Briefs(ctx, bsc, f); err != nil {
		return err
	}
	p := h.page(c, "briefs.title")
	p.Title = p.L.T("briefs.title") + " · " + ses.Code
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/briefs", p)
}

// briefQueues are the briefs waiting for the person, on the dashboard: for staff, those
// in review and those approved but not yet final; for a liaison, those waiting for their
// ministry's verdict. Each shows its first few, with the count of all.
type briefQueues struct {
	InReview briefQueue
	Approved briefQueue
	Awaiting briefQueue
	// A liaison's: the final positions on the items their ministry gave input on.
	Outcomes briefQueue
}

// briefQueue is the first rows of one queue, and how many it holds in all.
type briefQueue struct {
	Rows  []domain.BriefRow
	Total int
}

func (h *Handler) briefQueues(ctx context.Context, u *domain.User) (*briefQueues, error) {
	bsc := policy.BriefScopeOf(u)
	q := &briefQueues{}
	read := func(f domain.BriefFilter) (briefQueue, error) {
		f.Limit = dashboardRows
		var bq briefQueue
		var err error
		bq.Rows, bq.Total, err = h.store.BriefPage(ctx, bsc, f)
		return bq, err
	}
	var err error
	switch {
	case policy.Can(u, policy.ApproveBriefs):
		if q.InReview, err = read(domain.BriefFilter{Statuses: []domain.BriefStatus{domain.BriefInReview}}); err != nil {
			return nil, err
		}
		if q.Approved, err = read(domain.BriefFilter{Statuses: []domain.BriefStatus{domain.BriefApproved}}); err != nil {
			return nil, err
		}
	case policy.Can(u, policy.ReviewBriefs) && u.MinistryID != nil:
		if q.Awaiting, err = read(domain.BriefFilter{AwaitingMinistry: *u.MinistryID}); err != nil {
			return nil, err
		}
		final := []domain.BriefStatus{domain.BriefFinal}
		if q.Outcomes, err = read(domain.BriefFilter{AnsweredBy: *u.MinistryID, Statuses: final}); err != nil {
			return nil, err
		}
	default:
		return nil, nil
	}
	return q, nil
}
