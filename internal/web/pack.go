package web

import (
	"bufio"
	"encoding/hex"
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
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
	// The audience is written ?audience=ministry&ministry=CODE, or ?audience=ministry:CODE
	// as on the command line.
	if q.Audience == "" {
		q.Audience = policy.DefaultPack(u)
	}
	req := domain.ParsePackRequest(q.Audience)
	if req.Name == "" {
		switch req.Kind {
		case domain.PackMinistry:
			req.Name = q.Ministry
		case domain.PackDelegate:
			req.Name = q.Delegate
		}
	}
	ctx := c.UserContext()
	aud, err := policy.ResolvePack(ctx, h.store, u, req)
	if err != nil {
		return err
	}
	ses, err := h.store.Session(ctx, policy.ScopeOf(u), id)
	if err != nil {
		return err
	}
	lang := c.Query("lang", h.localizer(c).Lang())
	if !i18n.Supported(lang) {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	now := h.now().In(h.cfg.Zone)
	src, err := h.store.NewPackSource(ses, aud.Kind, policy.PackScope(aud), domain.Today(now, h.cfg.Zone))
	if err != nil {
		return err
	}
	pack := &exports.Pack{
		Audience:    exports.Audience{Kind: aud.Kind, Label: aud.Label},
		L:           h.cat.For(lang),
		GeneratedBy: u.Name + " <" + u.Email + ">",
		GeneratedAt: now,
	}
	wb, err := pack.Build(ctx, src)
	if err != nil {
		return err
	}
	if err := h.store.RecordExport(ctx, actor(c), "pack", "session", ses.ID, map[string]any{"audience": aud.Kind, "label": aud.Label, "lang": lang}); err != nil {
		wb.Close()
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, attachment(pack.ASCIIFileName(ses.Code), pack.FileName(ses.Code)))
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

// attachment is the Content-Disposition of a download named name: the plain filename in
// ASCII for old software, and the name as it is written in filename* (RFC 6266 and
// RFC 5987), which browsers prefer.
func attachment(ascii, name string) string {
	v := mime.FormatMediaType("attachment", map[string]string{"filename": ascii})
	if name == ascii {
		return v
	}
	var b strings.Builder
	for _, c := range []byte(name) {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return v + "; filename*=UTF-8''" + b.String()
}
