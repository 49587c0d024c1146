package domain

import (
	"encoding/json"
	"time"

	"github.com/uptrace/bun"
)

// AuditEntry is one line of the audit log: who changed what, when, from what to what.
type AuditEntry struct {
	bun.BaseModel `bun:"table:audit_log"`
	ID            int64           `bun:"id,pk,autoincrement"`
	At            time.Time       `bun:"at,nullzero,default:now()"`
	ActorID       *int64          `bun:"actor_id"`
	Actor         string          `bun:"actor"`
	Action        string          `bun:"action"`
	Entity        string          `bun:"entity"`
	EntityID      *int64          `bun:"entity_id"`
	Before        json.RawMessage `bun:"before,type:jsonb,nullzero"`
	After         json.RawMessage `bun:"after,type:jsonb,nullzero"`
	RequestID     string          `bun:"request_id"`
}

// Actor is who makes a change: a logged-in user, or the system itself (the command line,
// the demo data). Every store method that changes data takes one, for the audit log.
type Actor struct {
	User      *User
	Label     string // used when User is nil, e.g. "cli" or "seed"
	RequestID string
}

// SystemActor is the actor of changes made from the command line.
func SystemActor(label string) Actor { return Actor{Label: label} }
