package web

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgconn"

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
	switch {
	case timedOut(err):
		return fiber.StatusServiceUnavailable, "error.timeout"
	case databaseDown(err):
		return fiber.StatusServiceUnavailable, "error.unavailable"
	}
	return fiber.StatusInternalServerError, "error.internal"
}

// timedOut reports whether err ended a request that ran out of time: its deadline passed
// (in Plenary or in pgx), or PostgreSQL cancelled the statement (statement_timeout, or
// the cancellation sent at the deadline).
func timedOut(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "57014" || pe.Code == "55P03") // query_canceled, lock_not_available
}

// databaseDown reports whether err says that the database could not be reached or dropped
// the connection: it is down, restarting, or refusing more connections. In a request only
// the database is spoken to over the network, so a socket error is the database's.
func databaseDown(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || // connection_exception
			strings.HasPrefix(pe.Code, "57P") || // admin_shutdown, crash_shutdown, cannot_connect_now...
			pe.Code == "53300" // too_many_connections
	}
	var ce *pgconn.ConnectError
	var oe *net.OpError
	return errors.As(err, &ce) || errors.As(err, &oe) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone)
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
		h.log.Error("request failed", "method", c.Method(), "path", loggedPath(c.Path()), "request_id", requestID(c), "err", err)
	}
	title := "error.title"
	switch status {
	case fiber.StatusNotFound:
		title = "error.title_not_found"
	case fiber.StatusForbidden:
		title = "error.title_forbidden"
	case fiber.StatusServiceUnavailable:
		title = "error.title_unavailable"
		c.Set(fiber.HeaderRetryAfter, "5")
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
	h.log.Error("panic", "method", c.Method(), "path", loggedPath(c.Path()), "panic", e)
}
