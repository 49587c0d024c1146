package store

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// UpdateAgendaItems makes ch on every item it lists, all of session sessionID, in one
// transaction: each item is changed as UpdateAgendaItem changes one (updateItem), with
// its own audit row. Nothing is changed when any item changed since the page was read
// (a *domain.ItemsChangedError naming every such item), is not of the session
// (ENOTFOUND), or would be refused on its own. It returns how many items it changed.
func (s *Store) UpdateAgendaItems(ctx context.Context, a domain.Actor, sessionID int64, ch domain.AgendaItemsChange) (int, error) {
	items := slices.Clone(ch.Items)
	// Locking in the order of ids lets two changes of overlapping items take turns
	// rather than deadlock.
	slices.SortFunc(items, func(x, y domain.ItemVersion) int { return cmp.Compare(x.ID, y.ID) })
	inSession := func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("?TableAlias.session_id = ?", sessionID) }
	apply := func(item *domain.AgendaItem) error { ch.Apply(item); return nil }
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var stale []int64
		for _, it := range items {
			err := s.updateItem(ctx, tx, a, it.ID, it.Version, inSession, apply)
			switch {
			case errors.Is(err, errStale):
				// The others are still tried, so that every stale item is named at once;
				// the transaction is rolled back all the same.
				stale = append(stale, it.ID)
			case err != nil:
				return err
			}
		}
		if len(stale) == 0 {
			return nil
		}
		e := &domain.ItemsChangedError{IDs: stale}
		if err := tx.NewSelect().Table("agenda_items").Column("number").Where("id IN (?)", bun.List(stale)).
			Order("sort_key").Scan(ctx, &e.Numbers); err != nil {
			return err
		}
		return e
	})
	if err != nil {
		return 0, dbError("update agenda items", err)
	}
	return len(items), nil
}
