package web

import "github.com/kncu/plenary/internal/policy"

// Public is the gate of routes that need no login, for tests.
const Public = public

// Gates returns what every route declared it requires, by "METHOD /path"; mounts and
// groups are listed as "USE /prefix".
func (h *Handler) Gates() map[string]policy.Action { return h.gates }
