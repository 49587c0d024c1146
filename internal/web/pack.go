package web

import (
	"bufio"
	"context"
	"mime"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
)

// packTimeout bounds the building of one pack.
const packTimeout = 5 * time.Minute

// downloadPack builds a session's briefing pack for the audience asked for (by default
// the person's own: full for staff, their ministry's for a liaison, their own for a
// delegate) in the language asked for, and streams it to the browser.
func (h *Handler) downloadPack(c *fiber.Ctx) error {
	u := currentUser(c)
	if err := policy.Check(u, policy.ViewSessions); err != nil {
		return err
	}
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	ses, err := h.store.Session(ctx, policy.ScopeOf(u), id)
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
	kind, ministryID, userID := policy.DefaultPack(u)
	label := ""
	switch c.Query("audience", kind) {
	case policy.PackFull:
		kind, ministryID, userID = policy.PackFull, 0, 0
	case policy.PackMinistry:
		kind, userID = policy.PackMinistry, 0
		if code := c.Query("ministry"); code != "" {
			m, err := h.store.MinistryByCode(ctx, code)
			if err != nil {
				return err
			}
			ministryID = m.ID
		}
	case policy.PackDelegate:
		kind, ministryID = policy.PackDelegate, 0
		if email := c.Query("delegate"); email != "" {
			d, err := h.store.UserByEmail(ctx, email)
			if err != nil {
				return err
			}
			userID = d.ID
		}
	default:
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	if err := policy.CheckPack(u, kind, ministryID, userID); err != nil {
		return err
	}
	switch {
	case ministryID != 0:
		m, err := h.store.Ministry(ctx, ministryID)
		if err != nil {
			return err
		}
		label = m.Code
	case userID != 0:
		d, err := h.store.User(ctx, userID)
		if err != nil {
			return err
		}
		label = d.Email
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
	bctx, cancel := context.WithTimeout(ctx, packTimeout)
	defer cancel()
	wb, err := pack.Build(bctx, src)
	if err != nil {
		return err
	}
	if err := h.store.RecordExport(ctx, actor(c), "pack", ses.ID, map[string]any{"audience": kind, "label": label, "lang": lang}); err != nil {
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
