package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Sessions returns every session with its body: those not yet concluded first, soonest
// first, then the concluded ones, latest first.
func (s *Store) Sessions(ctx context.Context) ([]domain.Session, error) {
	var ss []domain.Session
	err := s.db.NewSelect().Model(&ss).Relation("Body").
		OrderExpr("s.status = 'concluded', CASE WHEN s.status = 'concluded' THEN NULL ELSE s.starts_on END, s.starts_on DESC").
		Scan(ctx)
	if err != nil {
		return nil, dbError("sessions", err)
	}
	return ss, nil
}

// CreateSession adds a session of a body; its code is derived from number and body.
func (s *Store) CreateSession(ctx context.Context, a domain.Actor, ses *domain.Session) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		body := new(domain.Body)
		if err := tx.NewSelect().Model(body).Where("id = ?", ses.BodyID).Scan(ctx); err != nil {
			if isNoRows(err) {
				return domain.FieldError("body_id", "error.unknown_body")
			}
			return err
		}
		ses.Code = domain.SessionCode(ses.Number, body.Code)
		if ses.Status == "" {
			ses.Status = domain.SessionPlanning
		}
		if _, err := tx.NewInsert().Model(ses).Returning("*").Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, a, "create", "session", ses.ID, nil, ses)
	})
	return dbError("create session", err)
}
