package store

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// AskConsultations asks in's question of each of its ministries on each of its items, all
// of session sessionID, in one transaction: a consultation for every item and ministry
// with an audit row each, and the ministries told as OpenConsultations tells them. A pair
// that already has a live consultation (open, answered or closed) is left out and
// reported; nothing is opened when an item is not of the session (ENOTFOUND), a ministry
// does not exist, the dates are refused, or every pair is left out.
func (s *Store) AskConsultations(ctx context.Context, a domain.Actor, loc *time.Location, sessionID int64, in domain.ConsultationBulkRequest) (domain.AskReport, error) {
	var r domain.AskReport
	k, err := s.newAsk(loc, in.ConsultationRequest)
	if err != nil {
		return r, err
	}
	items := in.Items()
	if len(items) == 0 {
		return r, domain.FieldError("item_ids", "consultations.error_no_item")
	}
	slices.Sort(items)
	err = s.inTx(ctx, func(tx bun.Tx) error {
		// Requests on overlapping items take turns, locking in the order of ids so that
		// they cannot deadlock; the check for live requests holds under the locks.
		var locked []struct {
			ID     int64
			Number string
		}
		if err := tx.NewSelect().Table("agenda_items").Column("id", "number").Where("id IN (?)", bun.List(items)).
			Where("session_id = ?", sessionID).Order("id").For("UPDATE").Scan(ctx, &locked); err != nil {
			return err
		}
		if len(locked) != len(items) {
			return domain.Errorf(domain.ENOTFOUND, "error.not_found")
		}
		if err := checkMinistries(ctx, tx, k.ministries); err != nil {
			return err
		}
		if r.Skipped, err = livePairs(ctx, tx, items, k.ministries); err != nil {
			return err
		}
		// The consultations are opened in the agenda's order, as people read them.
		var ordered []int64
		if err := tx.NewSelect().Table("agenda_items").Column("id").Where("id IN (?)", bun.List(items)).
			Order("sort_key", "id").Scan(ctx, &ordered); err != nil {
			return err
		}
		var pairs []domain.ConsultationPair
		for _, it := range ordered {
			for _, m := range k.ministries {
				if !slices.ContainsFunc(r.Skipped, func(p domain.ConsultationPair) bool { return p.ItemID == it && p.MinistryID == m }) {
					pairs = append(pairs, domain.ConsultationPair{ItemID: it, MinistryID: m})
				}
			}
		}
		if len(pairs) == 0 {
			return domain.FieldError("ministry_ids", "consultations.error_all_live")
		}
		r.Opened, err = s.insertConsultations(ctx, tx, a, k, pairs)
		return err
	})
	if err != nil {
		return domain.AskReport{}, dbError("ask consultations", err)
	}
	return r, nil
}

// CloseConsultations accepts the answers of the consultations ticked, all of session
// sessionID, in one transaction, each as CloseConsultation closes one, with its audit
// row. Nothing is closed when any changed since the page was read or is not answered (a
// *domain.ConsultationsChangedError naming each), or is not of the session (ENOTFOUND).
// It returns how many it closed.
func (s *Store) CloseConsultations(ctx context.Context, a domain.Actor, sessionID int64, ticked []domain.ConsultationVersion) (int, error) {
	cs := slices.Clone(ticked)
	// Locking in the order of ids lets two closes of overlapping consultations take
	// turns rather than deadlock.
	slices.SortFunc(cs, func(x, y domain.ConsultationVersion) int { return cmp.Compare(x.ID, y.ID) })
	cs = slices.CompactFunc(cs, func(x, y domain.ConsultationVersion) bool { return x.ID == y.ID })
	inSession := func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("?TableAlias.item_id IN (SELECT id FROM agenda_items WHERE session_id = ?)", sessionID)
	}
	errNotAnswered := errors.New("not answered")
	err := s.inTx(ctx, func(tx bun.Tx) error {
		rows := make([]idVersion, len(cs))
		for i, cv := range cs {
			rows[i] = idVersion{ID: cv.ID, Version: cv.Version}
		}
		refused, err := updateVersionedAll(ctx, s, tx, a, versionedBatch[domain.Consultation]{
			entity: "consultation", action: string(domain.ConsultClose),
			columns: consultationStepColumns, where: inSession,
			change: func(_ bun.Tx, before, after *domain.Consultation) error {
				to, ok := domain.NextStatus(before.Status, domain.ConsultClose)
				if !ok {
					return errNotAnswered
				}
				after.Status = to
				return nil
			},
		}, rows)
		if err != nil {
			return err
		}
		// Every one refused is named at once; the transaction is rolled back all the same.
		var stale, notReady []int64
		for i, err := range refused {
			switch {
			case errors.Is(err, errStale):
				stale = append(stale, cs[i].ID)
			case errors.Is(err, errNotAnswered):
				notReady = append(notReady, cs[i].ID)
			case err != nil:
				return err
			}
		}
		if len(stale) == 0 && len(notReady) == 0 {
			return nil
		}
		e := &domain.ConsultationsChangedError{}
		if e.Stale, err = pairsOf(ctx, tx, stale); err != nil {
			return err
		}
		if e.NotReady, err = pairsOf(ctx, tx, notReady); err != nil {
			return err
		}
		return e
	})
	if err != nil {
		return 0, dbError("close consultations", err)
	}
	return len(cs), nil
}

// pairsOf names consultations ids by their item and ministry, in the agenda's order.
func pairsOf(ctx context.Context, tx bun.Tx, ids []int64) ([]domain.ConsultationPair, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var ps []domain.ConsultationPair
	err := tx.NewRaw(`SELECT c.item_id, c.ministry_id, i.number AS item_number, m.code AS ministry_code FROM consultations c
		JOIN agenda_items i ON i.id = c.item_id JOIN ministries m ON m.id = c.ministry_id
		WHERE c.id IN (?) ORDER BY i.sort_key, m.code`, bun.List(ids)).Scan(ctx, &ps)
	return ps, err
}
