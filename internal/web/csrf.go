package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Anti-forgery tokens need no server-side state. A logged-in person's token is a MAC of
// their login session's id, so it changes whenever the id does (at login, at logout, and
// when their sessions are ended by a password change) and a token read before login is
// worthless after it. An anonymous visitor (the login form, the language switch) gets a
// random nonce in a cookie and a token that is a MAC of that nonce and the time it was
// issued. The key is kept in the database, so that every server accepts the tokens of
// every other.

const (
	csrfSecretName = "csrf"
	csrfAnonPrefix = "a."
	csrfUserPrefix = "s."
)

var errCSRF = errors.New("csrf: missing or invalid token")

// csrfKey returns the shared key, read from the database on first use (and made there
// on the first start of the first server). It is not read at start-up, so that a server
// starts, and answers /readyz, while the database is down.
func (h *Handler) csrfKey(ctx context.Context) ([]byte, error) {
	if k := h.csrfKeyCache.Load(); k != nil {
		return *k, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	key, err := h.store.Secret(ctx, csrfSecretName, 32)
	if err != nil {
		return nil, fmt.Errorf("web: anti-forgery key: %w", err)
	}
	h.csrfKeyCache.Store(&key)
	return key, nil
}

func mac(key []byte, parts ...string) string {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfToken returns the token for the forms of the page being rendered; for an anonymous
// visitor without a nonce it sets one. checkCSRF has read the key before any page is
// rendered; a page rendered before it (an error on the way) gets an empty token.
func (h *Handler) csrfToken(c *fiber.Ctx) string {
	key, err := h.csrfKey(c.UserContext())
	if err != nil {
		h.log.Error("no anti-forgery token for the page", "err", err)
		return ""
	}
	if sid, _ := c.Locals(sessionIDLocal).(string); sid != "" {
		return csrfUserPrefix + mac(key, "session", sid)
	}
	nonce := c.Cookies(csrfCookie)
	if !validNonce(nonce) {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return ""
		}
		nonce = base64.RawURLEncoding.EncodeToString(b)
		c.Cookie(&fiber.Cookie{
			Name: csrfCookie, Value: nonce, Path: "/", HTTPOnly: true, Secure: h.cfg.SecureCookies,
			SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(h.cfg.AbsoluteTimeout.Seconds()),
		})
	}
	issued := strconv.FormatInt(h.now().Unix(), 36)
	return csrfAnonPrefix + issued + "." + mac(key, "anonymous", nonce, issued)
}

func validNonce(n string) bool {
	b, err := base64.RawURLEncoding.DecodeString(n)
	return err == nil && len(b) == 16
}

// validCSRF reports whether token belongs to this request's visitor: the session's token
// when logged in, an unexpired token of the visitor's nonce otherwise.
func (h *Handler) validCSRF(c *fiber.Ctx, key []byte, token string) bool {
	if sid, _ := c.Locals(sessionIDLocal).(string); sid != "" {
		return equal(token, csrfUserPrefix+mac(key, "session", sid))
	}
	rest, ok := strings.CutPrefix(token, csrfAnonPrefix)
	nonce := c.Cookies(csrfCookie)
	if !ok || !validNonce(nonce) {
		return false
	}
	issued, sig, ok := strings.Cut(rest, ".")
	t, err := strconv.ParseInt(issued, 36, 64)
	if !ok || err != nil {
		return false
	}
	if age := h.now().Sub(time.Unix(t, 0)); age > h.cfg.AbsoluteTimeout || age < -time.Minute {
		return false
	}
	return equal(sig, mac(key, "anonymous", nonce, issued))
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// checkCSRF refuses, with 403, every request that may change something (anything but
// GET, HEAD and OPTIONS) unless it carries the visitor's token, in the form or in the
// X-CSRF-Token header for scripts that post without a form.
func (h *Handler) checkCSRF(c *fiber.Ctx) error {
	// The key first, for every request: a page is never served with forms that carry no
	// token (which would be refused as forged once the database is back), and a form is
	// answered as unavailable, not as forged, while the key cannot be read.
	key, err := h.csrfKey(c.UserContext())
	if err != nil {
		return err
	}
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if streamedUpload(c) {
		return c.Next() // the token is the form's first field, checked by readUpload before the file is read
	}
	token := c.FormValue(csrfField)
	if token == "" {
		token = c.Get("X-CSRF-Token")
	}
	if token == "" || !h.validCSRF(c, key, token) {
		if kept, err := h.keepRefusedForm(c, key); kept || err != nil {
			return err
		}
		return h.csrfFailed(c, errCSRF)
	}
	return c.Next()
}

// retireAnonymousToken drops the visitor's nonce at login, so that no token issued
// before the login is accepted after a later logout either.
func (h *Handler) retireAnonymousToken(c *fiber.Ctx) {
	if c.Cookies(csrfCookie) != "" {
		h.clearCookie(c, csrfCookie)
	}
}
