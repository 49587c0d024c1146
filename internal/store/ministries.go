package store

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Ministry returns one ministry with its former names.
func (s *Store) Ministry(ctx context.Context, id int64) (*domain.Ministry, error) {
	m := new(domain.Ministry)
	err := s.db.NewSelect().Model(m).Relation("FormerNames", orderFormerNames).Where("m.id = ?", id).Scan(ctx)
	if err != nil {
		return nil, dbError("ministry", err)
	}
	return m, nil
}

// Ministries returns every ministry with its former names, by code.
func (s *Store) Ministries(ctx context.Context) ([]domain.Ministry, error) {
	var ms []domain.Ministry
	err := s.db.NewSelect().Model(&ms).Relation("FormerNames", orderFormerNames).Order("m.code").Scan(ctx)
	if err != nil {
		return nil, dbError("ministries", err)
	}
	return ms, nil
}

func orderFormerNames(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("used_until DESC") }

// CreateMinistry adds a ministry.
func (s *Store) CreateMinistry(ctx context.Context, a domain.Actor, in domain.MinistryInput) (*domain.Ministry, error) {
	m := &domain.Ministry{Code: strings.TrimSpace(in.Code), NameEN: strings.TrimSpace(in.NameEN), NameKO: strings.TrimSpace(in.NameKO)}
	m.CreatedAt = s.now()
	m.UpdatedAt = m.CreatedAt
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(m).Returning("*").Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "create", "ministry", m.ID, nil, m)
	})
	if err != nil {
		return nil, dbError("create ministry", err)
	}
	return m, nil
}

// UpdateMinistry changes a ministry, provided nobody changed it since in.Version was read.
// When in.Renamed is set and the names change, the old names are kept as former names in
// use until yesterday (in the time zone loc), so old sessions still read them.
func (s *Store) UpdateMinistry(ctx context.Context, a domain.Actor, id int64, in domain.MinistryInput, loc *time.Location) (*domain.Ministry, error) {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.Ministry]{
			entity: "ministry", id: id, version: in.Version, columns: []string{"code", "name_en", "name_ko"},
			change: func(tx bun.Tx, before, after *domain.Ministry) error {
				after.Code, after.NameEN, after.NameKO = strings.TrimSpace(in.Code), strings.TrimSpace(in.NameEN), strings.TrimSpace(in.NameKO)
				if !in.Renamed || (after.NameEN == before.NameEN && after.NameKO == before.NameKO) {
					return nil
				}
				until := domain.Today(s.now(), loc).AddDate(0, 0, -1)
				f := &domain.MinistryFormerName{MinistryID: id, NameEN: before.NameEN, NameKO: before.NameKO, UsedUntil: until}
				// A second rename on the same day keeps the name that was in use until then,
				// not the one that lived for a few hours.
				_, err := tx.NewInsert().Model(f).On("CONFLICT (ministry_id, used_until) DO NOTHING").Exec(ctx)
				return err
			},
		})
		return err
	})
	if err != nil {
		return nil, dbError("update ministry", err)
	}
	return s.Ministry(ctx, id)
}

// AddFormerName records a name a ministry bore until a day, for history entered after the
// fact (the demo data, or an admin recording an old rename).
func (s *Store) AddFormerName(ctx context.Context, a domain.Actor, f domain.MinistryFormerName) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&f).Returning("id").Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "add_former_name", "ministry", f.MinistryID, nil, &f)
	})
	return dbError("add former name", err)
}

// MinistryByCode returns the ministry with a code such as "MOE".
func (s *Store) MinistryByCode(ctx context.Context, code string) (*domain.Ministry, error) {
	m := new(domain.Ministry)
	err := s.db.NewSelect().Model(m).Relation("FormerNames", orderFormerNames).
		Where("m.code = ?", strings.ToUpper(strings.TrimSpace(code))).Scan(ctx)
	if err != nil {
		return nil, dbError("ministry by code", err)
	}
	return m, nil
}
