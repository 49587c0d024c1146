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
// or too old, or whose user has been disabled, ends here, before any handler runs.
func (h *Handler) loadUser(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	var user *domain.User
	if uid, ok := sess.Get(keyUserID).(int64); ok {
		now := time.Now()
		loginAt, _ := sess.Get(keyLoginAt).(time.Time)
		seenAt, _ := sess.Get(keySeenAt).(time.Time)
		if now.Sub(loginAt) > h.cfg.AbsoluteTimeout || now.Sub(seenAt) > h.cfg.IdleTimeout {
			if err := sess.Destroy(); err != nil {
				return err
			}
		} else if u, err := h.store.User(c.UserContext(), uid); err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		} else if epoch, _ := sess.Get(keyEpoch).(int); u == nil || u.Disabled() || u.SessionEpoch != epoch {
			if err := sess.Destroy(); err != nil {
				return err
			}
		} else {
			user = u
			c.Locals(userLocal, u)
			if now.Sub(seenAt) > seenEvery {
				sess.Set(keySeenAt, now)
				if err := sess.Save(); err != nil {
					return err
				}
			}
		}
	}
	chosen := c.Cookies(langCookie)
	if user != nil && user.Lang != nil {
		chosen = *user.Lang
	}
	c.Locals(langLocal, i18n.Match(chosen, c.Get(fiber.HeaderAcceptLanguage)))
	return c.Next()
}

// logRequests writes one structured log line per request.
func (h *Handler) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status, _ = errorStatus(err)
	}
	h.log.Debug("request", "method", c.Method(), "path", c.Path(), "status", status,
		"duration", time.Since(start), "request_id", requestID(c))
	return err
}
