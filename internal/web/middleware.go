package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// Keys of the values kept in a login session.
const (
	keyUserID  = "uid"
	keyLoginAt = "login_at"
	keySeenAt  = "seen_at"
	keyEpoch   = "epoch"
)

// seenEvery is how stale the "last seen" mark may get before a request renews it: the
// idle time-out is honoured to within this, for one write a minute instead of one per
// request.
const seenEvery = time.Minute

// loadUser finds who is logged in and in which language to answer. A session that is idle
// or too old, or whose user has been disabled, ends here, before any handler runs. A
// visitor without a session cookie costs the database nothing: anonymous visitors keep no
// state on the server.
func (h *Handler) loadUser(c *fiber.Ctx) error {
	user, err := h.sessionUser(c)
	if err != nil {
		return err
	}
	chosen := c.Cookies(langCookie)
	if user != nil && user.Lang != nil {
		chosen = *user.Lang
	}
	c.Locals(langLocal, i18n.Match(chosen, c.Get(fiber.HeaderAcceptLanguage)))
	return c.Next()
}

// sessionUser returns the user of the request's login session, or nil. It ends sessions
// that are no longer valid, and forgets cookies of sessions that no longer exist.
func (h *Handler) sessionUser(c *fiber.Ctx) (*domain.User, error) {
	if c.Cookies(sessionCookie) == "" {
		return nil, nil
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return nil, err
	}
	if sess.Fresh() {
		// No stored session has this id (ended, expired, or never issued).
		h.clearCookie(c, sessionCookie)
		return nil, nil
	}
	uid, ok := sess.Get(keyUserID).(int64)
	if !ok {
		// A session without a login: nothing to keep.
		return nil, sess.Destroy()
	}
	now := h.now()
	loginAt, _ := sess.Get(keyLoginAt).(time.Time)
	seenAt, _ := sess.Get(keySeenAt).(time.Time)
	if now.Sub(loginAt) > h.cfg.AbsoluteTimeout || now.Sub(seenAt) > h.cfg.IdleTimeout {
		return nil, sess.Destroy()
	}
	u, err := h.store.User(c.UserContext(), uid)
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return nil, err
	}
	if epoch, _ := sess.Get(keyEpoch).(int); u == nil || u.Disabled() || u.SessionEpoch != epoch {
		return nil, sess.Destroy()
	}
	c.Locals(userLocal, u)
	c.Locals(sessionIDLocal, sess.ID())
	if now.Sub(seenAt) > seenEvery {
		sess.Set(keySeenAt, now)
		if err := sess.Save(); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// clearCookie tells the browser to forget a cookie of Plenary's.
func (h *Handler) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: "", Path: "/", HTTPOnly: true, Secure: h.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: -1, Expires: time.Unix(0, 0),
	})
}

// logRequests writes one structured log line per request.
func (h *Handler) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status, _ = errorStatus(err)
	}
	h.log.Debug("request", "method", c.Method(), "path", loggedPath(c.Path()), "status", status,
		"duration", time.Since(start), "request_id", requestID(c))
	return err
}
