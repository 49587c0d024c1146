package web

import (
	"bufio"
	"mime"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

// downloadPack builds a session's briefing pack for the audience asked for (by default
// the person's own: full for staff, their ministry's for a liaison, their own for a
// delegate) in the language asked for, and streams it to the browser.
func (h *Handler) downloadPack(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	// Every parameter passes the rule for text before any of them reaches the store.
	var q struct {
		Audience string `query:"audience"`
		Ministry string `query:"ministry"`
		Delegate string `query:"delegate"`
		Lang     string `query:"lang"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	kind, _, _ := policy.DefaultPack(u)
	kind = c.Query("audience", kind)
	switch kind {
	case policy.PackFull, policy.PackMinistry, policy.PackDelegate:
	default:
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	// Whether the person may ask for this audience at all is decided from their role,
	// before the session or anything the request names is looked up.
	if !policy.MayAskPack(u, kind) {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	ctx := c.UserContext()
	ses, err := h.store.Session(ctx, policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	ministryID, userID, label, err := h.packAudience(c, u, kind)
	if err != nil {
		return err
	}
	if err := policy.CheckPack(u, kind, ministryID, userID); err != nil {
		return err
	}
	lang := c.Query("lang", h.localizer(c).Lang())
	if !i18n.Supported(lang) {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	now := time.Now().In(h.cfg.Zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	src, err := h.store.NewPackSource(ses, kind, policy.PackScope(kind, ministryID, userID), today)
	if err != nil {
		return err
	}
	pack := &exports.Pack{
		Audience:    exports.Audience{Kind: kind, Label: label},
		L:           h.cat.For(lang),
		GeneratedBy: u.Name + " <" + u.Email + ">",
		GeneratedAt: now,
	}
	wb, err := pack.Build(ctx, src)
	if err != nil {
		return err
	}
	if err := h.store.RecordExport(ctx, actor(c), "pack", "session", ses.ID, map[string]any{"audience": kind, "label": label, "lang": lang}); err != nil {
		wb.Close()
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": pack.FileName(ses.Code)}))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer wb.Close()
		if _, err := wb.WriteTo(w); err != nil {
			h.log.Error("streaming a briefing pack failed", "session", ses.Code, "err", err)
			return
		}
		if err := w.Flush(); err != nil {
			h.log.Warn("briefing pack download interrupted", "session", ses.Code, "err", err)
		}
	})
	return nil
}

// packAudience resolves the ministry (?ministry=CODE) or the delegate (?delegate=E-MAIL)
// of a pack of kind. Staff and admin may name any, looked up; a ministry or e-mail that
// is not found, or is not a delegate's, is not found alike. Anyone else gets their own:
// what they name is compared with who they are, never looked up, so that naming another
// ministry or person is refused the same whether it exists or not.
func (h *Handler) packAudience(c *fiber.Ctx, u *domain.User, kind string) (ministryID, userID int64, label string, err error) {
	ctx := c.UserContext()
	switch kind {
	case policy.PackMinistry:
		code := strings.ToUpper(strings.TrimSpace(c.Query("ministry")))
		if !policy.NamesAnyone(u) {
			m, err := h.store.Ministry(ctx, *u.MinistryID)
			if err != nil {
				return 0, 0, "", err
			}
			if code != "" && code != m.Code {
				return 0, 0, "", domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
			}
			return m.ID, 0, m.Code, nil
		}
		if code == "" {
			return 0, 0, "", nil
		}
		m, err := h.store.MinistryByCode(ctx, code)
		if err != nil {
			return 0, 0, "", err
		}
		return m.ID, 0, m.Code, nil
	case policy.PackDelegate:
		email := store.NormalizeEmail(c.Query("delegate"))
		if !policy.NamesAnyone(u) {
			if email != "" && email != store.NormalizeEmail(u.Email) {
				return 0, 0, "", domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
			}
			return 0, u.ID, u.Email, nil
		}
		if email == "" {
			return 0, 0, "", nil
		}
		d, err := h.store.UserByEmail(ctx, email)
		if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && d.Role != domain.RoleDelegate) {
			return 0, 0, "", domain.Errorf(domain.ENOTFOUND, "error.not_found")
		} else if err != nil {
			return 0, 0, "", err
		}
		return 0, d.ID, d.Email, nil
	}
	return 0, 0, "", nil
}
