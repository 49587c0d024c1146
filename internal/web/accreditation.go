package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
)

// downloadAccreditation sends a session's delegation laid out for the secretariat's
// accreditation form, in the language asked for (?lang=, by default the person's), and
// audits the download before a byte of it is sent.
func (h *Handler) downloadAccreditation(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	var q struct {
		Lang string `query:"lang"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	if q.Lang == "" {
		q.Lang = h.localizer(c).Lang()
	}
	if !i18n.Supported(q.Lang) {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	ctx, sc := c.UserContext(), policy.ScopeOf(u)
	ses, err := h.store.Session(ctx, sc, id)
	if err != nil {
		return err
	}
	rows, err := h.store.AccreditationList(ctx, sc, ses)
	if err != nil {
		return err
	}
	list := &exports.AccreditationList{SessionCode: ses.Code, SessionTitle: ses.Title(q.Lang), L: h.cat.For(q.Lang),
		GeneratedBy: u.Name + " <" + u.Email + ">", GeneratedAt: h.now().In(h.cfg.Zone), Rows: rows}
	wb, err := list.Build()
	if err != nil {
		return err
	}
	if err := h.store.RecordExport(ctx, actor(c), "accreditation", "session", ses.ID,
		map[string]any{"lang": q.Lang, "members": len(rows)}); err != nil {
		wb.Close()
		return err
	}
	h.stream(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", list.FileName(), ses.Code, wb, wb.Close)
	return nil
}
