package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// orderSessions lists sessions not yet concluded first, soonest first, then the
// concluded ones, latest first.
const orderSessions = "s.status = 'concluded', CASE WHEN s.status = 'concluded' THEN NULL ELSE s.starts_on END, s.starts_on DESC"

// Sessions returns every session with its body, upcoming first.
func (s *Store) Sessions(ctx context.Context) ([]domain.Session, error) {
	var ss []domain.Session
	if err := s.db.NewSelect().Model(&ss).Relation("Body").OrderExpr(orderSessions).Scan(ctx); err != nil {
		return nil, dbError("sessions", err)
	}
	return ss, nil
}

// VisibleSessions returns the sessions sc may see, upcoming first, each with the number of
// its items that sc may see.
func (s *Store) VisibleSessions(ctx context.Context, sc domain.Scope) ([]domain.SessionSummary, error) {
	var ss []domain.SessionSummary
	items := scopeItems(s.db.NewSelect().TableExpr("agenda_items AS i").ColumnExpr("count(*)").Where("i.session_id = s.id"), sc)
	q := s.db.NewSelect().Model(&ss).Relation("Body").ColumnExpr("s.*").ColumnExpr("(?) AS items", items).OrderExpr(orderSessions)
	if err := scopeSessions(q, sc).Scan(ctx); err != nil {
		return nil, dbError("visible sessions", err)
	}
	return ss, nil
}

// Session returns one session with its body, if sc may see it; ENOTFOUND otherwise, so
// that a session's existence is not revealed to those who may not see it.
func (s *Store) Session(ctx context.Context, sc domain.Scope, id int64) (*domain.Session, error) {
	x := new(domain.Session)
	q := s.db.NewSelect().Model(x).Relation("Body").Where("s.id = ?", id)
	if err := scopeSessions(q, sc).Scan(ctx); err != nil {
		return nil, dbError("session", err)
	}
	return x, nil
}

// SessionByCode returns the session with a code such as "220 EX".
func (s *Store) SessionByCode(ctx context.Context, code string) (*domain.Session, error) {
	x := new(domain.Session)
	if err := s.db.NewSelect().Model(x).Relation("Body").Where("s.code = ?", domain.NormalizeSessionCode(code)).Scan(ctx); err != nil {
		return nil, dbError("session by code", err)
	}
	return x, nil
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
		ses.Body = body
		if ses.Status == "" {
			ses.Status = domain.SessionPlanning
		}
		ses.CreatedAt = s.now()
		ses.UpdatedAt = ses.CreatedAt
		if _, err := tx.NewInsert().Model(ses).ExcludeColumn("version").Returning("id, created_at, updated_at, version").Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "create", "session", ses.ID, nil, ses)
	})
	return dbError("create session", err)
}

// UpdateSession changes a session, provided nobody changed it since ses.Version was read.
func (s *Store) UpdateSession(ctx context.Context, a domain.Actor, id int64, ses *domain.Session) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.Session]{
			entity: "session", id: id, version: ses.Version,
			columns: []string{"body_id", "number", "code", "title_ko", "title_en", "venue", "starts_on", "ends_on", "brief_deadline", "status"},
			change: func(tx bun.Tx, _, after *domain.Session) error {
				body := new(domain.Body)
				if err := tx.NewSelect().Model(body).Where("id = ?", ses.BodyID).Scan(ctx); err != nil {
					if isNoRows(err) {
						return domain.FieldError("body_id", "error.unknown_body")
					}
					return err
				}
				after.BodyID, after.Number, after.Code = ses.BodyID, ses.Number, domain.SessionCode(ses.Number, body.Code)
				after.TitleKO, after.TitleEN, after.Venue, after.Status = ses.TitleKO, ses.TitleEN, ses.Venue, ses.Status
				after.StartsOn, after.EndsOn, after.BriefDeadline = ses.StartsOn, ses.EndsOn, ses.BriefDeadline
				return nil
			},
		})
		return err
	})
	return dbError("update session", err)
}
