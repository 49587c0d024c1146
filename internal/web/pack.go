package web

import (
	"bufio"
	"io"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
)

// exportRequest is a download of a session cut for an audience, resolved: who asks, the
// session, the audience they may have, the language, the time it is made at and the
// rows it is written from.
type exportRequest struct {
	user *domain.User
	ses  *domain.Session
	aud  domain.PackAudience
	lang string
	now  time.Time
	src  *store.SessionView
}

// resolveExport reads the audience asked for (by default the person's own: full for
// staff, their ministry's for a liaison, their own for a delegate) and the language, and
// checks that the person may have it, for the pack and the book alike.
func (h *Handler) resolveExport(c *fiber.Ctx) (*exportRequest, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	// Every parameter passes the rule for text before any of them reaches the store.
	var q struct {
		Audience string `query:"audience"`
		Ministry string `query:"ministry"`
		Delegate string `query:"delegate"`
		Lang     string `query:"lang"`
	}
	if err := h.parseQuery(c, &q); err != nil {
		return nil, err
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
		return nil, err
	}
	ses, err := h.store.Session(ctx, policy.ScopeOf(u), id)
	if err != nil {
		return nil, err
	}
	lang := c.Query("lang", h.localizer(c).Lang())
	if !i18n.Supported(lang) {
		return nil, domain.Errorf(domain.EINVALID, "error.invalid")
	}
	now := h.now().In(h.cfg.Zone)
	src, err := h.store.NewPackSource(ses, aud.Kind, policy.PackScope(aud), domain.Today(now, h.cfg.Zone))
	if err != nil {
		return nil, err
	}
	return &exportRequest{user: u, ses: ses, aud: aud, lang: lang, now: now, src: src}, nil
}

// audit records the download, before a byte of it is sent.
func (h *Handler) auditExport(c *fiber.Ctx, kind string, r *exportRequest) error {
	return h.store.RecordExport(c.UserContext(), actor(c), kind, "session", r.ses.ID,
		map[string]any{"audience": r.aud.Kind, "label": r.aud.Label, "lang": r.lang})
}

// downloadPack builds a session's briefing pack for the audience asked for in the
// language asked for, and streams it to the browser.
func (h *Handler) downloadPack(c *fiber.Ctx) error {
	r, err := h.resolveExport(c)
	if err != nil {
		return err
	}
	pack := &exports.Pack{
		Audience:    exports.Audience{Kind: r.aud.Kind, Label: r.aud.Label},
		L:           h.cat.For(r.lang),
		GeneratedBy: r.user.Name + " <" + r.user.Email + ">",
		GeneratedAt: r.now,
	}
	wb, err := pack.Build(c.UserContext(), r.src)
	if err != nil {
		return err
	}
	if err := h.auditExport(c, "pack", r); err != nil {
		wb.Close()
		return err
	}
	h.stream(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", pack.FileName(r.ses.Code), r.ses.Code, wb, wb.Close)
	return nil
}

// downloadBook builds a session's briefing book (PDF) for the audience asked for in the
// language asked for, by the pack's rules, and streams it to the browser.
func (h *Handler) downloadBook(c *fiber.Ctx) error {
	r, err := h.resolveExport(c)
	if err != nil {
		return err
	}
	book := &exports.Book{
		Audience:    exports.Audience{Kind: r.aud.Kind, Label: r.aud.Label},
		L:           h.cat.For(r.lang),
		GeneratedBy: r.user.Name + " <" + r.user.Email + ">",
		GeneratedAt: r.now,
	}
	doc, err := book.Build(c.UserContext(), r.src)
	if err != nil {
		return err
	}
	if err := h.auditExport(c, "book", r); err != nil {
		doc.Close()
		return err
	}
	h.stream(c, "application/pdf", book.FileName(r.ses.Code), r.ses.Code, doc, doc.Close)
	return nil
}

// stream sends doc as an attachment called name, written to the response as it is
// produced; done, when set, is called once it is written.
func (h *Handler) stream(c *fiber.Ctx, contentType, name, session string, doc io.WriterTo, done func() error) {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, attachment(name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		if done != nil {
			defer done()
		}
		if _, err := doc.WriteTo(w); err != nil {
			h.log.Error("streaming an export failed", "file", name, "session", session, "err", err)
			return
		}
		if err := w.Flush(); err != nil {
			h.log.Warn("export download interrupted", "file", name, "session", session, "err", err)
		}
	})
}
