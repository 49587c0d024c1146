package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// outboxPageSize is how many mails a page of the outbox shows.
const outboxPageSize = 50

type outboxPage struct {
	Rows     []domain.Mail
	Status   domain.OutboxStatus
	Statuses []domain.OutboxStatus
	Counts   map[domain.OutboxStatus]int
	Pager    *pager
}

// outboxQuery is the outbox page's query: the status shown and the page (read again by
// the pager), both checked like any input.
type outboxQuery struct {
	Status string `query:"status" validate:"omitempty,enum=outbox_status"`
	Page   int    `query:"page"`
}

// retryForm is the retry button's form: the status the page showed, to go back to.
type retryForm struct {
	Status string `form:"status" validate:"omitempty,enum=outbox_status"`
}

// showOutbox lists the mails of the outbox, newest first, narrowed to one status.
func (h *Handler) showOutbox(c *fiber.Ctx) error {
	var q outboxQuery
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	pg := newPager(c, outboxPageSize)
	rows, total, err := h.store.Outbox(c.UserContext(), store.OutboxFilter{
		Status: domain.OutboxStatus(q.Status), Limit: pg.Size, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	pg.Total = total
	counts, err := h.store.OutboxCounts(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "outbox.title")
	p.Data = outboxPage{Rows: rows, Status: domain.OutboxStatus(q.Status), Statuses: domain.OutboxStatuses,
		Counts: counts, Pager: pg}
	return h.render(c, fiber.StatusOK, "pages/admin/outbox", p)
}

// retryMail puts a mail that was not sent back in line, now; the change is audited.
func (h *Handler) retryMail(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var f retryForm
	if err := h.parseForm(c, &f); err != nil {
		return err
	}
	back := "/admin/outbox"
	if f.Status != "" {
		back += "?status=" + f.Status
	}
	if err := h.store.RetryMail(c.UserContext(), actor(c), id); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return h.redirect(c, back, domain.ErrorMessage(err))
		}
		return err
	}
	return h.redirect(c, back, "outbox.retried")
}
