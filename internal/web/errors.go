package web

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

// errorStatus maps an error to its HTTP status and the catalogue id of its message. It is
// the only place where error codes become statuses.
func errorStatus(err error) (int, string) {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fiber.StatusNotFound:
			return fe.Code, "error.not_found"
		case fiber.StatusMethodNotAllowed:
			return fe.Code, "error.method"
		case fiber.StatusRequestEntityTooLarge:
			return fe.Code, "error.too_large"
		case fiber.StatusForbidden:
			return fe.Code, "error.forbidden"
		case fiber.StatusBadRequest, fiber.StatusUnprocessableEntity:
			return fe.Code, "error.invalid"
		}
		if fe.Code < 500 {
			return fe.Code, "error.invalid"
		}
		return fiber.StatusInternalServerError, "error.internal"
	}
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		return fiber.StatusUnprocessableEntity, domain.ErrorMessage(err)
	case domain.ECONFLICT:
		return fiber.StatusConflict, domain.ErrorMessage(err)
	case domain.ENOTFOUND:
		return fiber.StatusNotFound, domain.ErrorMessage(err)
	case domain.EUNAUTHORIZED:
		return fiber.StatusUnauthorized, domain.ErrorMessage(err)
	case domain.EFORBIDDEN:
		return fiber.StatusForbidden, domain.ErrorMessage(err)
	case domain.EUNAVAILABLE:
		return fiber.StatusServiceUnavailable, domain.ErrorMessage(err)
	}
	return fiber.StatusInternalServerError, "error.internal"
}

// handleError renders the friendly page of an error that reached the top of a handler.
// Nobody logged in is sent to the login page; internal errors are logged in full and
// shown as "internal error" only.
func (h *Handler) handleError(c *fiber.Ctx, err error) error {
	status, msg := errorStatus(err)
	if status == fiber.StatusUnauthorized && c.Method() == fiber.MethodGet {
		return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	if status >= 500 {
		rid, _ := c.Locals("requestid").(string)
		h.log.Error("request failed", "method", c.Method(), "path", c.Path(), "request_id", rid, "err", err)
	}
	title := "error.title"
	switch status {
	case fiber.StatusNotFound:
		title = "error.title_not_found"
	case fiber.StatusForbidden:
		title = "error.title_forbidden"
	}
	p := h.page(c, title)
	p.Error = p.L.Message(msg)
	p.Data = status
	if rerr := h.render(c, status, "pages/error", p); rerr != nil {
		h.log.Error("rendering the error page failed", "err", rerr)
		return c.Status(status).SendString(p.L.T("error.internal"))
	}
	return nil
}

// csrfFailed answers a request whose CSRF token is missing or wrong with 403.
func (h *Handler) csrfFailed(c *fiber.Ctx, err error) error {
	h.log.Warn("csrf check failed", "path", c.Path(), "ip", c.IP(), "err", err)
	return h.handleError(c, domain.Errorf(domain.EFORBIDDEN, "error.csrf"))
}

func (h *Handler) logPanic(c *fiber.Ctx, e any) {
	h.log.Error("panic", "method", c.Method(), "path", c.Path(), "panic", e)
}
