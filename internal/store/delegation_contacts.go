package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// scopeContacts restricts members (alias dm, their person p) to those whose contacts sc
// may read: staff every member's, a delegate those of the delegations they are on. A
// liaison, who may see their own ministry's people on a delegation, reads no contacts.
func scopeContacts(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	if !sc.All && sc.UserID == 0 {
		return q.Where("FALSE")
	}
	return scopeMembers(q, sc)
}

// MemberContacts returns the e-mail address and phone number of each member of the
// delegation to session sessionID, by member id, as sc may read them.
func (s *Store) MemberContacts(ctx context.Context, sc domain.Scope, sessionID int64) (map[int64]domain.Contact, error) {
	var cs []domain.Contact
	q := s.db.NewSelect().TableExpr("delegation_members AS dm").
		Join("JOIN people AS p ON p.id = dm.person_id").
		ColumnExpr("dm.id AS member_id, coalesce(p.email, '') AS email, p.phone").
		Where("dm.session_id = ?", sessionID)
	if err := scopeContacts(q, sc).Scan(ctx, &cs); err != nil {
		return nil, dbError("member contacts", err)
	}
	out := make(map[int64]domain.Contact, len(cs))
	for _, c := range cs {
		out[c.MemberID] = c
	}
	return out, nil
}

// SessionCoverage returns the agenda items of session sessionID that someone on its
// delegation covers, in UNESCO's order, each with who covers it by precedence: items and
// members as sc may see them.
func (s *Store) SessionCoverage(ctx context.Context, sc domain.Scope, sessionID int64) ([]domain.ItemCoverage, error) {
	var items []domain.AgendaItem
	err := s.selectItems(&items, sc).Where("i.session_id = ?", sessionID).
		Where(`i.id IN (SELECT cv.item_id FROM coverage cv JOIN delegation_members m ON m.id = cv.member_id
			WHERE m.session_id = ?)`, sessionID).
		OrderExpr("i.sort_key").Scan(ctx)
	if err != nil {
		return nil, dbError("session coverage", err)
	}
	var rows []struct {
		domain.Member `bun:",extend"`
		ItemID        int64 `bun:"item_id,scanonly"`
	}
	err = s.selectMembers(&rows, sc).ColumnExpr("cv.item_id AS item_id").
		Join("JOIN coverage AS cv ON cv.member_id = dm.id").
		Where("dm.session_id = ?", sessionID).OrderExpr(orderMembers).Scan(ctx)
	if err != nil {
		return nil, dbError("session coverage", err)
	}
	out := make([]domain.ItemCoverage, len(items))
	at := make(map[int64]int, len(items))
	for i := range items {
		out[i].Item, at[items[i].ID] = items[i], i
	}
	for _, r := range rows {
		if i, ok := at[r.ItemID]; ok {
			out[i].Members = append(out[i].Members, r.Member)
		}
	}
	return out, nil
}
