package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Body returns one body.
func (s *Store) Body(ctx context.Context, id int64) (*domain.Body, error) {
	b := new(domain.Body)
	if err := s.db.NewSelect().Model(b).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, dbError("body", err)
	}
	return b, nil
}

// BodyByCode returns the body with the given code ("EX", "C").
func (s *Store) BodyByCode(ctx context.Context, code string) (*domain.Body, error) {
	b := new(domain.Body)
	if err := s.db.NewSelect().Model(b).Where("code = ?", strings.ToUpper(strings.TrimSpace(code))).Scan(ctx); err != nil {
		return nil, dbError("body by code", err)
	}
	return b, nil
}

// Bodies returns every body, the General Conference and the Executive Board first.
func (s *Store) Bodies(ctx context.Context) ([]domain.Body, error) {
	var bs []domain.Body
	err := s.db.NewSelect().Model(&bs).OrderExpr("CASE code WHEN 'C' THEN 0 WHEN 'EX' THEN 1 ELSE 2 END, code").Scan(ctx)
	if err != nil {
		return nil, dbError("bodies", err)
	}
	return bs, nil
}

// CreateBody adds a body.
func (s *Store) CreateBody(ctx context.Context, a domain.Actor, in domain.BodyInput) (*domain.Body, error) {
	b := &domain.Body{Code: strings.TrimSpace(in.Code), NameEN: strings.TrimSpace(in.NameEN), NameKO: strings.TrimSpace(in.NameKO)}
	b.CreatedAt = s.now()
	b.UpdatedAt = b.CreatedAt
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(b).Returning("*").Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "create", "body", b.ID, nil, b)
	})
	if err != nil {
		return nil, dbError("create body", err)
	}
	return b, nil
}

// UpdateBody changes a body, provided nobody changed it since in.Version was read. A
// changed code is carried into the codes of the body's sessions ("220 EX").
func (s *Store) UpdateBody(ctx context.Context, a domain.Actor, id int64, in domain.BodyInput) (*domain.Body, error) {
	var after *domain.Body
	err := s.inTx(ctx, func(tx bun.Tx) (err error) {
		after, err = updateVersioned(ctx, s, tx, a, versionedUpdate[domain.Body]{
			entity: "body", id: id, version: in.Version, columns: []string{"code", "name_en", "name_ko"},
			change: func(tx bun.Tx, before, after *domain.Body) error {
				after.Code, after.NameEN, after.NameKO = strings.TrimSpace(in.Code), strings.TrimSpace(in.NameEN), strings.TrimSpace(in.NameKO)
				if after.Code == before.Code {
					return nil
				}
				_, err := tx.NewUpdate().Table("sessions").Set("code = number || ' ' || ?", after.Code).
					Set("version = version + 1").Where("body_id = ?", id).Exec(ctx)
				return err
			},
		})
		return err
	})
	if err != nil {
		return nil, dbError("update body", err)
	}
	return after, nil
}
