package store

import (
	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// The scope filters are the one place where a user's visibility becomes SQL. Each takes
// the alias its table has in the query. Features that widen what a role sees (the
// consultations a liaison's ministry receives, the delegations a delegate is on) extend
// these predicates, and every list, page, search and export follows.

// scopeItems restricts agenda items (alias i) to those sc may see.
func scopeItems(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	switch {
	case sc.All:
		return q
	case sc.MinistryID != 0:
		return q.Where("i.lead_ministry_id = ?", sc.MinistryID)
	}
	// Delegates see the agenda of the sessions whose delegation they are on, which the
	// delegations feature records; until then, and for anyone else, nothing.
	return q.Where("FALSE")
}

// scopeSessions restricts sessions (alias s) to those sc may see.
func scopeSessions(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	switch {
	case sc.All:
		return q
	case sc.MinistryID != 0:
		return q.Where("EXISTS (SELECT 1 FROM agenda_items si WHERE si.session_id = s.id AND si.lead_ministry_id = ?)", sc.MinistryID)
	}
	return q.Where("FALSE")
}
