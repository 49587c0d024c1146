package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/policy"
)

// public is the gate of a route that needs no login: the login page, health checks,
// assets, the choice of language. It is a declaration, not a rule: policy knows no such
// action, so nothing else can be allowed by it.
const public policy.Action = "public"

// gates registers routes, each with the action it requires, and remembers what every
// route declared, so that a test can find a route registered without one. A route that
// is not public runs behind policy.Check of its action: the handler starts with a person
// who may take it, and checks only what depends on the thing asked for.
type gates struct {
	h      *Handler
	r      fiber.Router
	prefix string
}

// gated returns the registrar of the application's routes.
func (h *Handler) gated() gates {
	if h.gates == nil {
		h.gates = map[string]policy.Action{}
	}
	return gates{h: h, r: h.app}
}

// get registers a page at path (GET and HEAD) behind the gate of act.
func (g gates) get(path string, act policy.Action, handler fiber.Handler) {
	g.declare(act, fiber.MethodGet+" "+path, fiber.MethodHead+" "+path)
	g.r.Get(path, g.h.behind(act, handler)...)
}

// post registers a form's target at path behind the gate of act.
func (g gates) post(path string, act policy.Action, handler fiber.Handler) {
	g.declare(act, fiber.MethodPost+" "+path)
	g.r.Post(path, g.h.behind(act, handler)...)
}

// mount serves handler under prefix for every path below it, as static assets are.
func (g gates) mount(prefix string, act policy.Action, handler fiber.Handler) {
	g.declare(act, "USE "+prefix)
	args := []any{prefix}
	for _, h := range g.h.behind(act, handler) {
		args = append(args, h)
	}
	g.r.Use(args...)
}

// group returns the registrar of the routes under prefix, all behind act: every route
// added to it is refused to whoever may not take act, whatever it declares itself.
func (g gates) group(prefix string, act policy.Action) gates {
	g.declare(act, "USE "+prefix)
	return gates{h: g.h, r: g.r.Group(prefix, g.h.require(act)), prefix: g.prefix + prefix}
}

// declare records act as the gate of routes ("METHOD /path" under the registrar's
// prefix), for routes registered elsewhere with middleware of their own.
func (g gates) declare(act policy.Action, routes ...string) {
	if act != public && !policy.Defined(act) {
		panic(fmt.Sprintf("web: route %v declares action %q, which has no rule", routes, act))
	}
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		key := method + " " + g.prefix + path
		if _, dup := g.h.gates[key]; dup {
			panic("web: route declared twice: " + key)
		}
		g.h.gates[key] = act
	}
}

// behind returns handler behind the gate of act: as it is for a public route, after the
// check of act otherwise.
func (h *Handler) behind(act policy.Action, handler fiber.Handler) []fiber.Handler {
	if act == public {
		return []fiber.Handler{handler}
	}
	return []fiber.Handler{h.require(act), handler}
}

// require is the middleware of a gate: the check that the person logged in may take act
// (EUNAUTHORIZED for nobody, EFORBIDDEN for a role without it), before the handler reads
// anything.
func (h *Handler) require(act policy.Action) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := policy.Check(currentUser(c), act); err != nil {
			return err
		}
		return c.Next()
	}
}
