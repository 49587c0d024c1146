package store

import (
	"context"

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
