package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// showAudit lists the newest audit rows, a page at a time.
func (h *Handler) showAudit(c *fiber.Ctx) error {
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	rows, err := h.store.AuditLog(c.UserContext(), before, 100)
	if err != nil {
		return err
	}
	p := h.page(c, "audit.title")
	p.Data = rows
	return h.render(c, fiber.StatusOK, "pages/admin/audit", p)
}
