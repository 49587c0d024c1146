package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// AuditLog returns up to limit audit rows, newest first, older than the row before
// (all when before is zero).
func (s *Store) AuditLog(ctx context.Context, before int64, limit int) ([]domain.AuditEntry, error) {
	var es []domain.AuditEntry
	q := s.db.NewSelect().Model(&es).Order("id DESC").Limit(int64(limit))
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, dbError("audit log", err)
	}
	return es, nil
}

// RecordExport writes to the audit log that someone took a copy of data out of Plenary:
// what (kind: "pack", "tracker"), of what (entity and its id: the session of a pack, the
// ministry of a tracker, 0 for every ministry's), cut how.
func (s *Store) RecordExport(ctx context.Context, a domain.Actor, kind, entity string, id int64, details map[string]any) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		return s.audit(ctx, tx, a, "export_"+kind, entity, id, nil, details)
	})
	return dbError("record export", err)
}
