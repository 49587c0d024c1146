package web

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// longRequests are the routes that build or read whole workbooks: they run under the
// export timeout instead of the request timeout.
var longRequests = []struct{ method, path string }{
	{fiber.MethodGet, "/sessions/:id/pack"},
	{fiber.MethodGet, "/consultations/tracker"},
	{fiber.MethodPost, "/sessions/:id/import"},
	{fiber.MethodPost, "/sessions/:id/import/:token"},
	{fiber.MethodPost, "/consultations/upload"},
	{fiber.MethodPost, "/consultations/upload/:token"},
	// Files.
	{fiber.MethodGet, "/files/:id"},
	{fiber.MethodPost, "/items/:id/files"},
	{fiber.MethodPost, "/items/:id/brief/files"},
	{fiber.MethodPost, "/consultations/:id/files"},
	{fiber.MethodPost, "/files/:id/versions"},
}

// withDeadline gives the request a context that ends after the request timeout (the
// export timeout for longRequests). Handlers pass c.UserContext() to the store, so a
// query still running at the deadline is cancelled on the server and the request ends
// with an error page instead of holding its connection. The context ends when the chain
// returns: a response streamed after that must not read the database.
func (h *Handler) withDeadline(c *fiber.Ctx) error {
	d := h.cfg.RequestTimeout
	if isLongRequest(c.Method(), c.Path()) {
		d = h.cfg.ExportTimeout
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), d)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// isLongRequest reports whether method and path name one of longRequests, matched as
// fiber matches routes: case-insensitive, a trailing slash ignored, a parameter standing
// for one segment.
func isLongRequest(method, path string) bool {
	if method == fiber.MethodHead {
		method = fiber.MethodGet
	}
	got := strings.Split(strings.TrimSuffix(path, "/"), "/")
	for _, r := range longRequests {
		if r.method == method && matchSegments(strings.Split(r.path, "/"), got) {
			return true
		}
	}
	return false
}

func matchSegments(pattern, path []string) bool {
	if len(pattern) != len(path) {
		return false
	}
	for i, p := range pattern {
		if strings.HasPrefix(p, ":") {
			if path[i] == "" {
				return false
			}
		} else if !strings.EqualFold(p, path[i]) {
			return false
		}
	}
	return true
}
