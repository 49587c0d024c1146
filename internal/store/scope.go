package store

import (
	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// The scope filters are the one place where a user's visibility becomes SQL. Each takes
// the alias its table has in the query, so that every list, page, search and export that
// uses them sees the same.
//
// A liaison sees the items their ministry leads or is consulted on (a consultation not
// withdrawn), and the sessions holding them. A delegate sees the sessions whose
// delegation they are on, with their whole agenda.

const (
	// liaisonItem is true for an item (alias i) that ministry ? leads or is consulted on.
	liaisonItem = `(i.lead_ministry_id = ? OR EXISTS (SELECT 1 FROM consultations sc
		WHERE sc.item_id = i.id AND sc.ministry_id = ? AND sc.status <> 'withdrawn'))`
	// delegateSession is true for a session (expression ?) whose delegation has user ?.
	delegateSession = `EXISTS (SELECT 1 FROM delegation_members sm JOIN people sp ON sp.id = sm.person_id
		WHERE sm.session_id = ? AND sp.user_id = ?)`
	// coveredItem is true for an item (alias i) that user ? covers on its session's
	// delegation: a delegate's "my items".
	coveredItem = `EXISTS (SELECT 1 FROM coverage cv JOIN delegation_members cm ON cm.id = cv.member_id
		JOIN people cp ON cp.id = cm.person_id WHERE cv.item_id = i.id AND cp.user_id = ?)`
)

// scopeItems restricts agenda items (alias i) to those sc may see.
func scopeItems(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	switch {
	case sc.All:
		return q
	case sc.MinistryID != 0:
		return q.Where(liaisonItem, sc.MinistryID, sc.MinistryID)
	case sc.UserID != 0:
		return q.Where(delegateSession, bun.Ident("i.session_id"), sc.UserID)
	}
	return q.Where("FALSE")
}

// scopeSessions restricts sessions (alias s) to those sc may see.
func scopeSessions(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	switch {
	case sc.All:
		return q
	case sc.MinistryID != 0:
		return q.Where("EXISTS (SELECT 1 FROM agenda_items i WHERE i.session_id = s.id AND "+liaisonItem+")",
			sc.MinistryID, sc.MinistryID)
	case sc.UserID != 0:
		return q.Where(delegateSession, bun.Ident("s.id"), sc.UserID)
	}
	return q.Where("FALSE")
}
