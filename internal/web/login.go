package web

import (
	"net/netip"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
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
// an id planted before login is worthless after it. Every failure reads the same. Only
// failures count against the limits, per account and per address, in the database so
// that every server sees them; a locked account or address is refused before its
// password is hashed.
func (h *Handler) login(c *fiber.Ctx) error {
	var f loginForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	password := c.FormValue("password")
	p := h.page(c, "login.title")
	f.Password, p.Form = "", loginForm{Email: f.Email, Next: localPath(f.Next)}
	if err := p.L.Validate(loginForm{Email: f.Email, Password: password}); err != nil {
		p.Errors = domain.ErrorFields(err)
		return h.render(c, fiber.StatusUnprocessableEntity, "pages/login", p)
	}
	ctx, addr, limits := c.UserContext(), clientAddress(c), h.loginLimits()
	if locked, err := h.store.LoginLocked(ctx, f.Email, addr, limits); err != nil {
		return err
	} else if locked {
		return h.loginLimited(c, p)
	}
	u, err := h.store.Authenticate(ctx, f.Email, password)
	switch domain.ErrorCode(err) {
	case "":
	case domain.EUNAUTHORIZED:
		a := actor(c)
		a.Label = "anonymous"
		if err := h.store.RecordLoginFailure(ctx, a, f.Email, addr, limits); err != nil {
			return err
		}
		h.log.Info("login failed", "ip", addr)
		p.Error = p.L.T("login.failed")
		return h.render(c, fiber.StatusUnauthorized, "pages/login", p)
	case domain.EUNAVAILABLE:
		h.log.Warn("login refused: every password worker busy", "ip", addr)
		c.Set(fiber.HeaderRetryAfter, "5")
		p.Error = p.L.T("login.busy")
		return h.render(c, fiber.StatusServiceUnavailable, "pages/login", p)
	default:
		return err
	}
	// Failures that ran alongside this attempt may have locked the account while its
	// password was checked: then a right guess among them is refused like the rest.
	if locked, err := h.store.LoginLocked(ctx, f.Email, addr, limits); err != nil {
		return err
	} else if locked {
		return h.loginLimited(c, p)
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	now := h.now()
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
	if err := h.store.StartSession(ctx, a, id); err != nil {
		return err
	}
	h.retireAnonymousToken(c)
	return c.Redirect(localPath(f.Next), fiber.StatusSeeOther)
}

func (h *Handler) loginLimits() store.LoginLimits {
	return store.LoginLimits{
		PerAccount: h.cfg.LoginFailuresPerAccount,
		PerAddress: h.cfg.LoginFailuresPerAddress,
		Window:     h.cfg.LoginWindow,
	}
}

// clientAddress is the address failed logins are counted against: the client's IP (from
// X-Forwarded-For only behind a trusted proxy), an IPv6 client by its /64 network, since
// one host usually holds a whole /64.
func clientAddress(c *fiber.Ctx) string {
	ip := c.IP()
	a, err := netip.ParseAddr(ip)
	if err != nil {
		if len(ip) > 64 {
			ip = ip[:64]
		}
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		if p, err := a.Prefix(64); err == nil {
			return p.String()
		}
	}
	return a.String()
}

// loginLimited answers a login attempt while the account or the address is locked, with
// the same words whichever it is and whether the password was right or not.
func (h *Handler) loginLimited(c *fiber.Ctx, p *Page) error {
	h.log.Warn("login refused: too many failures", "ip", clientAddress(c))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(h.cfg.LoginWindow.Seconds())))
	p.Error = p.L.T("login.limited")
	return h.render(c, fiber.StatusTooManyRequests, "pages/login", p)
}

// logout ends the login session on the server, not only in the browser.
func (h *Handler) logout(c *fiber.Ctx) error {
	if u := currentUser(c); u != nil {
		sess, err := h.sessions.Get(c)
		if err != nil {
			return err
		}
		if err := h.store.EndSession(c.UserContext(), actor(c), sess.ID()); err != nil {
			return err
		}
		if err := sess.Destroy(); err != nil {
			return err
		}
	}
	h.retireAnonymousToken(c)
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
