package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type briefHistoryData struct {
	Item      *domain.AgendaItem
	Brief     *domain.Brief
	Revisions []domain.BriefRevision // newest first
	Events    []domain.BriefEvent
	Reviews   []domain.BriefReview
}

// historyBrief is the brief of the route's item for a reader of its history: staff and
// the liaisons of the ministries involved. Delegates read final briefs only, never their
// drafts, and have no history.
func (h *Handler) historyBrief(c *fiber.Ctx) (*domain.AgendaItem, *domain.Brief, error) {
	u, item, err := h.briefItem(c)
	if err != nil {
		return nil, nil, err
	}
	b, err := h.store.Brief(c.UserContext(), policy.BriefScopeOf(u), item.ID)
	if err != nil {
		return nil, nil, err
	}
	return item, b, nil
}

// showBriefHistory lists every revision of the brief with its author and time, the
// workflow's steps with their reasons, and every verdict, including those on earlier
// revisions that no longer count.
func (h *Handler) showBriefHistory(c *fiber.Ctx) error {
	item, b, err := h.historyBrief(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	d := briefHistoryData{Item: item, Brief: b}
	if d.Revisions, err = h.store.BriefRevisions(ctx, b); err != nil {
		return err
	}
	if d.Events, err = h.store.BriefEvents(ctx, b); err != nil {
		return err
	}
	if d.Reviews, err = h.store.BriefReviews(ctx, b); err != nil {
		return err
	}
	p := h.page(c, "briefs.history")
	p.Title = p.L.T("briefs.history") + " · " + item.SessionCode + " · " + item.Number
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/brief_history", p)
}

type briefDiffData struct {
	Item      *domain.AgendaItem
	Brief     *domain.Brief
	From, To  *domain.BriefRevision
	Changes   []fieldChange
	Changed   bool
	Revisions []domain.BriefRevision
}

// showBriefDiff compares two revisions, from=N and to=M, word by word; by default the
// current revision and the one before it.
func (h *Handler) showBriefDiff(c *fiber.Ctx) error {
	item, b, err := h.historyBrief(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	to := b.Current.Number
	if v := c.Query("to"); v != "" {
		if to, err = strconv.Atoi(v); err != nil {
			return fiber.ErrNotFound
		}
	}
	from := to - 1
	if v := c.Query("from"); v != "" {
		if from, err = strconv.Atoi(v); err != nil {
			return fiber.ErrNotFound
		}
	}
	d := briefDiffData{Item: item, Brief: b}
	if d.To, err = h.store.BriefRevision(ctx, b, to); err != nil {
		return err
	}
	if from > 0 {
		if d.From, err = h.store.BriefRevision(ctx, b, from); err != nil {
			return err
		}
	}
	if d.Revisions, err = h.store.BriefRevisions(ctx, b); err != nil {
		return err
	}
	d.Changes = revisionChanges(d.From, d.To)
	for _, ch := range d.Changes {
		d.Changed = d.Changed || ch.Changed
	}
	p := h.page(c, "briefs.diff")
	p.Title = p.L.T("briefs.diff") + " · " + item.SessionCode + " · " + item.Number
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/brief_diff", p)
}
