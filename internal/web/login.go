package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
)

type loginForm struct {
	Email    string `form:"email" validate:"required,max=254"`
	Password string `form:"password" validate:"required,max=200"`
	Next     string `form:"next"`
}

func (h *Handler) showLogin(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(localPath(c.Query("next")), fiber.StatusSeeOther)
	}
	p := h.page(c, "login.title")
	p.Form = loginForm{Next: localPath(c.Query("next"))}
	return h.render(c, fiber.StatusOK, "pages/login", p)
}

// login checks the e-mail and password and starts a login session under a new id, so that
// an id planted before login is worthless after it. Every failure reads the same.
func (h *Handler) login(c *fiber.Ctx) error {
	var f loginForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	p := h.page(c, "login.title")
	f.Password, p.Form = "", loginForm{Email: f.Email, Next: localPath(f.Next)}
	if err := p.L.Validate(loginForm{Email: f.Email, Password: c.FormValue("password")}); err != nil {
		p.Errors = domain.ErrorFields(err)
		return h.render(c, fiber.StatusUnprocessableEntity, "pages/login", p)
	}
	u, err := h.store.Authenticate(c.UserContext(), f.Email, c.FormValue("password"))
	if err != nil {
		if domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			return err
		}
		h.log.Info("login failed", "ip", c.IP())
		p.Error = p.L.T("login.failed")
		return h.render(c, fiber.StatusUnauthorized, "pages/login", p)
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	now := time.Now()
	sess.Set(keyUserID, u.ID)
	sess.Set(keyLoginAt, now)
	sess.Set(keySeenAt, now)
	sess.Set(keyEpoch, u.SessionEpoch)
	id := sess.ID()
	if err := sess.Save(); err != nil {
		return err
	}
	a := actor(c)
	a.User = u
	if err := h.store.StartSession(c.UserContext(), a, id); err != nil {
		return err
	}
	return c.Redirect(localPath(f.Next), fiber.StatusSeeOther)
}

// loginLimited answers a login attempt over the limit, with the same words as a failure.
func (h *Handler) loginLimited(c *fiber.Ctx) error {
	h.log.Warn("login rate limit reached", "ip", c.IP())
	p := h.page(c, "login.title")
	p.Form = loginForm{Email: c.FormValue("email"), Next: localPath(c.FormValue("next"))}
	p.Error = p.L.T("login.limited")
	return h.render(c, fiber.StatusTooManyRequests, "pages/login", p)
}

// logout ends the login session on the server, not only in the browser.
func (h *Handler) logout(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	if u := currentUser(c); u != nil {
		if err := h.store.EndSession(c.UserContext(), actor(c), sess.ID()); err != nil {
			return err
		}
	}
	if err := sess.Destroy(); err != nil {
		return err
	}
	return h.redirect(c, "/login", "login.logged_out")
}

// setLanguage keeps the language a person chose: on their account when logged in, and in
// a cookie for the login page.
func (h *Handler) setLanguage(c *fiber.Ctx) error {
	lang := c.FormValue("lang")
	if lang != "ko" && lang != "en" {
		return domain.FieldError("lang", "error.invalid")
	}
	if !domain.ValidText(c.FormValue("back"), false) {
		return domain.FieldError("back", domain.TextControls)
	}
	if u := currentUser(c); u != nil {
		if err := h.store.SetUserLang(c.UserContext(), actor(c), u.ID, lang); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HTTPOnly: true, Secure: h.cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect(localPath(c.FormValue("back")), fiber.StatusSeeOther)
}
