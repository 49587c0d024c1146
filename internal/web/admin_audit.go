package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// auditPageSize is how many rows a page of the audit log shows.
const auditPageSize = 100

type auditPage struct {
	Rows  []domain.AuditEntry
	Older int64 // the id to read older rows before, 0 when there are none
	Newer bool  // whether this page is not the newest
}

// showAudit lists the newest audit rows, a page at a time: pages are cut by id rather
// than counted, so that a page deep in a long log costs what the first one does.
func (h *Handler) showAudit(c *fiber.Ctx) error {
	var q struct {
		Before int64 `query:"before"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	// One row more than a page tells whether there are older ones.
	rows, err := h.store.AuditLog(c.UserContext(), q.Before, auditPageSize+1)
	if err != nil {
		return err
	}
	d := auditPage{Rows: rows, Newer: q.Before > 0}
	if len(rows) > auditPageSize {
		d.Rows = rows[:auditPageSize]
		d.Older = d.Rows[auditPageSize-1].ID
	}
	p := h.page(c, "audit.title")
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/admin/audit", p)
}
