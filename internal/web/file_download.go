package web

import (
	"bufio"
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// downloadFile sends a file as an attachment, never to be shown in the browser: its
// stored type (one Plenary keeps, never HTML), nosniff, no caching, and its original
// name, Korean included. The download is audited first, as a pack's is; the bytes are
// then read from the database one chunk at a time as they are sent.
func (h *Handler) downloadFile(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return err
	}
	f, _, err := h.store.File(c.UserContext(), policy.BriefScopeOf(u), id)
	if err != nil {
		return err
	}
	if err := h.store.RecordExport(c.UserContext(), actor(c), "file", "file", f.ID,
		map[string]any{"name": f.Name, "kind": f.Kind, "version": f.Version, "size": f.Size}); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set(fiber.HeaderContentDisposition, attachment(f.Name))
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; sandbox")
	// The request's context ends when the handler returns; the chunks are read after,
	// while the response is written, under a deadline of their own.
	timeout, store := h.cfg.ExportTimeout, h.store
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		for seq := 0; ; seq++ {
			data, ok, err := store.FileChunk(ctx, f, seq)
			if err != nil {
				h.log.Error("reading a file for its download failed", "file", f.ID, "chunk", seq, "err", err)
				return
			}
			if !ok {
				break
			}
			if _, err := w.Write(data); err != nil {
				h.log.Warn("file download interrupted", "file", f.ID, "err", err)
				return
			}
		}
		if err := w.Flush(); err != nil {
			h.log.Warn("file download interrupted", "file", f.ID, "err", err)
		}
	})
	return nil
}

// attachment is the Content-Disposition of a download named name: an ASCII name for old
// clients, and the name itself in UTF-8 as RFC 5987 writes it.
func attachment(name string) string {
	return `attachment; filename="` + domain.ASCIIName(name) + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes s as an ext-value of RFC 5987: every byte but attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("!#$&+-.^_`|~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&15])
	}
	return b.String()
}
