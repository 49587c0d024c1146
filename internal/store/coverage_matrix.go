package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// SaveCoverageMatrix sets who covers which item on the delegation of session sessionID
// from its coverage matrix, in one transaction: each member whose items change is
// changed as SetCoverage changes one (writeCoverage), with an audit row of their own.
// Items the matrix did not show keep their coverage. A member whose ticks match what is
// saved is left alone, whatever their version. Nothing is changed when the coverage of
// a member the person changed was changed meanwhile, or the member left the delegation
// (a *domain.MembersChangedError naming every such member), or an item shown is not on
// the session's agenda (EINVALID). It returns how many members' coverage changed.
func (s *Store) SaveCoverageMatrix(ctx context.Context, a domain.Actor, sessionID int64, m domain.CoverageMatrix) (int, error) {
	shown := sortedSet(m.Shown)
	members := slices.Clone(m.Members)
	// Locking in the order of ids lets two saves of one delegation take turns rather than
	// deadlock, with each other and with SetCoverage.
	slices.SortFunc(members, func(x, y domain.MemberCoverage) int { return cmp.Compare(x.MemberID, y.MemberID) })
	inSession := func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("?TableAlias.session_id = ?", sessionID) }
	changed := 0
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := checkSessionItems(ctx, tx, sessionID, shown); err != nil {
			return err
		}
		var stale []int64
		for _, mc := range members {
			for _, item := range mc.Items {
				if _, found := slices.BinarySearch(shown, item); !found {
					return domain.FieldError("cover", "delegations.error_item_elsewhere")
				}
			}
			member, err := lockVersioned[domain.Member](ctx, tx, mc.MemberID, anyVersion, inSession)
			if isNoRows(err) {
				stale = append(stale, mc.MemberID) // taken off the delegation meanwhile
				continue
			} else if err != nil {
				return err
			}
			had, err := coverageOf(ctx, tx, mc.MemberID)
			if err != nil {
				return err
			}
			// The matrix decides the items it showed; the others stay as they are.
			want := sortedSet(append(slices.DeleteFunc(slices.Clone(had), func(id int64) bool {
				_, found := slices.BinarySearch(shown, id)
				return found
			}), mc.Items...))
			switch {
			case slices.Equal(had, want):
				continue
			case member.Version != mc.Version:
				// The others are still read, so that every stale member is named at once;
				// the transaction is rolled back all the same.
				stale = append(stale, mc.MemberID)
				continue
			}
			if len(stale) > 0 {
				continue // nothing will be written
			}
			if err := s.writeCoverage(ctx, tx, a, mc.MemberID, had, want); err != nil {
				return err
			}
			changed++
		}
		if len(stale) > 0 {
			return &domain.MembersChangedError{IDs: stale}
		}
		return nil
	})
	if err != nil {
		return 0, dbError("save coverage matrix", err)
	}
	return changed, nil
}

// sortedSet returns ids sorted, without repeats, in a new slice.
func sortedSet(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
