package web

import (
	"github.com/gofiber/fiber/v2"
)

// showAudit lists the newest audit rows, a page at a time.
func (h *Handler) showAudit(c *fiber.Ctx) error {
	var q struct {
		Before int64 `query:"before"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	rows, err := h.store.AuditLog(c.UserContext(), q.Before, 100)
	if err != nil {
		return err
	}
	p := h.page(c, "audit.title")
	p.Data = rows
	return h.render(c, fiber.StatusOK, "pages/admin/audit", p)
}
