package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// maxChain bounds how far back a chain of linked items is followed.
const maxChain = 50

// ItemChain returns the earlier items that item id is linked to, one link after another,
// newest session first: the history of a recurring item. Items sc may not see are left
// out.
func (s *Store) ItemChain(ctx context.Context, sc domain.Scope, id int64) ([]domain.AgendaItem, error) {
	var items []domain.AgendaItem
	chain := s.db.NewRaw(`WITH RECURSIVE chain(id, depth) AS (
			SELECT previous_item_id, 1 FROM agenda_items WHERE id = ? AND previous_item_id IS NOT NULL
			UNION ALL
			SELECT a.previous_item_id, c.depth + 1 FROM agenda_items a JOIN chain c ON a.id = c.id
			WHERE a.previous_item_id IS NOT NULL AND c.depth < ?)
		SELECT id FROM chain`, id, maxChain)
	err := s.selectItems(&items, sc).Where("i.id IN (?)", chain).OrderExpr("s.starts_on DESC").Scan(ctx)
	if err != nil {
		return nil, dbError("item chain", err)
	}
	return items, nil
}

// SuggestPrevious proposes the items of the body's previous session that are most likely
// the same item as item: the same number or a similar English or Korean title, best
// first.
func (s *Store) SuggestPrevious(ctx context.Context, item *domain.AgendaItem) ([]domain.AgendaItem, error) {
	var items []domain.AgendaItem
	prev := s.db.NewSelect().Table("sessions").Column("id").
		Where("body_id = (SELECT body_id FROM sessions WHERE id = ?)", item.SessionID).
		Where("starts_on < (SELECT starts_on FROM sessions WHERE id = ?)", item.SessionID).
		Order("starts_on DESC").Limit(1)
	score := "greatest(similarity(i.title_en, ?), CASE WHEN i.title_ko <> '' AND ? <> '' THEN similarity(i.title_ko, ?) ELSE 0 END)"
	err := s.selectItems(&items, domain.Scope{All: true}).
		Where("i.session_id = (?)", prev).
		Where("(i.number = ? OR "+score+" > 0.35)", item.Number, item.TitleEN, item.TitleKO, item.TitleKO).
		OrderExpr("(i.number = ?) DESC, "+score+" DESC", item.Number, item.TitleEN, item.TitleKO, item.TitleKO).
		Limit(3).Scan(ctx)
	if err != nil {
		return nil, dbError("suggest previous", err)
	}
	return items, nil
}

// LinkPrevious links item id to the same item in an earlier session of the same body
// (previousID zero removes the link), provided nobody changed the item since version.
func (s *Store) LinkPrevious(ctx context.Context, a domain.Actor, id, previousID int64, version int) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.AgendaItem]{
			entity: "agenda_item", action: "link_previous", id: id, version: version, columns: []string{"previous_item_id"},
			change: func(tx bun.Tx, before, after *domain.AgendaItem) error {
				after.PreviousItemID = nil
				if previousID == 0 {
					return nil
				}
				ok, err := tx.NewSelect().TableExpr("agenda_items AS p").
					Join("JOIN sessions AS ps ON ps.id = p.session_id").
					Join("JOIN sessions AS s ON s.id = ?", before.SessionID).
					Where("p.id = ?", previousID).
					Where("ps.body_id = s.body_id AND ps.starts_on < s.starts_on").Exists(ctx)
				if err != nil {
					return err
				}
				if !ok {
					return domain.FieldError("previous_item_id", "error.previous_item")
				}
				// A link may not close a loop.
				var loops bool
				if err := tx.NewRaw(`WITH RECURSIVE chain(id, depth) AS (
						SELECT ?::bigint, 1
						UNION ALL
						SELECT a.previous_item_id, c.depth + 1 FROM agenda_items a JOIN chain c ON a.id = c.id
						WHERE a.previous_item_id IS NOT NULL AND c.depth < ?)
					SELECT EXISTS (SELECT 1 FROM chain WHERE id = ?)`, previousID, maxChain, id).Scan(ctx, &loops); err != nil {
					return err
				}
				if loops {
					return domain.FieldError("previous_item_id", "error.previous_item")
				}
				after.PreviousItemID = &previousID
				return nil
			},
		})
		return err
	})
	return dbError("link previous item", err)
}
