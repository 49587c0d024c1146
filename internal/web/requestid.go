package web

import (
	"regexp"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
)

// requestIDLocal is where a request's id is kept for the logs, the error page and the
// audit log.
const requestIDLocal = "requestid"

// plainRequestID is what an id passed on by a proxy may look like: short and plain, so
// that it is safe in logs and in the append-only audit log.
var plainRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// assignRequestID gives the request its id: a random one of the server's own, unless a
// trusted proxy passed on a plain one in X-Request-Id, so that one id follows the request
// through the proxy's logs and Plenary's. Clients cannot choose what goes in the audit log.
func (h *Handler) assignRequestID(c *fiber.Ctx) error {
	rid := c.Get(fiber.HeaderXRequestID)
	if !h.fromTrustedProxy(c) || !plainRequestID.MatchString(rid) {
		rid = utils.UUIDv4()
	}
	c.Set(fiber.HeaderXRequestID, rid)
	c.Locals(requestIDLocal, rid)
	return c.Next()
}

// fromTrustedProxy reports whether the request comes from one of PLENARY_TRUSTED_PROXIES
// (fiber's own check believes every address when none is configured).
func (h *Handler) fromTrustedProxy(c *fiber.Ctx) bool {
	return len(h.cfg.TrustedProxies) > 0 && c.IsProxyTrusted()
}

// requestID returns the id of the request.
func requestID(c *fiber.Ctx) string {
	rid, _ := c.Locals(requestIDLocal).(string)
	return rid
}
