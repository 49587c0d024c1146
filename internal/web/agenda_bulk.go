package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// agendaBulk is the bulk form of a session's agenda page: a tick box on every row and,
// below the table, the values to set on the items ticked. It works without script: the
// table sits inside the form.
type agendaBulk struct {
	Action      string // the form's target, with the page's filters
	Ministries  []domain.Ministry
	FocalPoints []domain.User
	Priorities  []domain.Priority
	Statuses    []domain.ItemStatus
	Ticked      map[int64]bool // items ticked when the form comes back after a refusal
	Stale       map[int64]bool // items that changed since the page was read
}

func (h *Handler) agendaBulkFor(c *fiber.Ctx, sessionID int64, f domain.AgendaFilter) (*agendaBulk, error) {
	ctx := c.UserContext()
	ms, err := h.store.Ministries(ctx)
	if err != nil {
		return nil, err
	}
	fps, err := h.store.FocalPoints(ctx)
	if err != nil {
		return nil, err
	}
	return &agendaBulk{Action: agendaPath(sessionID, "/items/bulk", f), Ministries: ms, FocalPoints: fps,
		Priorities: domain.Priorities, Statuses: domain.ItemStatuses}, nil
}

// agendaPath is the path rest of session id's page, with the agenda's filters f.
func agendaPath(id int64, rest string, f domain.AgendaFilter) string {
	path := "/sessions/" + strconv.FormatInt(id, 10) + rest
	v := url.Values{}
	set := func(k, s string) {
		if s != "" && s != "0" {
			v.Set(k, s)
		}
	}
	set("commission", f.Commission)
	set("sector", f.Sector)
	set("lead", strconv.FormatInt(f.LeadMinistryID, 10))
	set("status", f.Status)
	set("priority", f.Priority)
	set("focal", strconv.FormatInt(f.FocalPointID, 10))
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	return path
}

// bulkUpdateItems sets the lead ministry, focal point, priority or status of every item
// ticked on a session's agenda page, in one step: all of them or none. A refusal shows
// the agenda again with the ticks kept: 422 with the message of each wrong field, or 409
// naming the items someone changed meanwhile, shown as they are now, so that sending the
// form again is a deliberate choice.
func (h *Handler) bulkUpdateItems(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var f domain.AgendaFilter
	if err := h.parseQuery(c, &f); err != nil {
		return err
	}
	var in domain.AgendaBulkInput
	err = h.parseForm(c, &in)
	if c.FormValue("then") == "ask" && err == nil {
		return h.askAboutTicked(c, id, in)
	}
	ch, cerr := in.Change()
	err = joinInvalid(err, cerr)
	n := 0
	if err == nil {
		n, err = h.store.UpdateAgendaItems(c.UserContext(), actor(c), id, ch)
	}
	if err == nil {
		return h.redirect(c, agendaPath(id, "", f), "agenda.bulk_saved", "Count", n)
	}
	p, perr := h.sessionPageFor(c, id, f)
	if perr != nil {
		return perr
	}
	if b := p.Data.(sessionPage).Bulk; b != nil {
		b.Ticked = map[int64]bool{}
		for _, s := range in.Items {
			if iv, err := domain.ParseItemVersion(s); err == nil {
				b.Ticked[iv.ID] = true
			}
		}
		var changed *domain.ItemsChangedError
		if errors.As(err, &changed) {
			b.Stale = map[int64]bool{}
			for _, id := range changed.IDs {
				b.Stale[id] = true
			}
			err = domain.Errorf(domain.ECONFLICT, p.L.T("agenda.bulk_stale",
				"Numbers", strings.Join(changed.Numbers, ", "), "Count", len(changed.Numbers)))
		}
	}
	p.Form = in
	return h.formFailed(c, p, "pages/session", err)
}
