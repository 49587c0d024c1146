package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Organisations returns every organisation other than the ministries, by English name.
func (s *Store) Organisations(ctx context.Context) ([]domain.Organisation, error) {
	var os []domain.Organisation
	if err := s.db.NewSelect().Model(&os).OrderExpr("lower(o.name_en), o.id").Scan(ctx); err != nil {
		return nil, dbError("organisations", err)
	}
	return os, nil
}

// Organisation returns one organisation.
func (s *Store) Organisation(ctx context.Context, id int64) (*domain.Organisation, error) {
	o := new(domain.Organisation)
	if err := s.db.NewSelect().Model(o).Where("o.id = ?", id).Scan(ctx); err != nil {
		return nil, dbError("organisation", err)
	}
	return o, nil
}

// CreateOrganisation adds an organisation to the list members' bodies are chosen from.
func (s *Store) CreateOrganisation(ctx context.Context, a domain.Actor, in domain.OrganisationInput) (*domain.Organisation, error) {
	o := new(domain.Organisation)
	in.Apply(o)
	o.CreatedAt = s.now()
	o.UpdatedAt = o.CreatedAt
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := checkOrganisation(ctx, tx, o); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(o).ExcludeColumn("version").Returning("id, version").Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "create", "organisation", o.ID, nil, o)
	})
	if err != nil {
		return nil, dbError("create organisation", err)
	}
	return o, nil
}

// UpdateOrganisation renames an organisation, provided nobody changed it since
// in.Version was read. Members who come from it are then listed under the new name.
func (s *Store) UpdateOrganisation(ctx context.Context, a domain.Actor, id int64, in domain.OrganisationInput) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.Organisation]{
			entity: "organisation", id: id, version: in.Version, columns: []string{"name_en", "name_ko"},
			change: func(tx bun.Tx, _, after *domain.Organisation) error {
				in.Apply(after)
				return checkOrganisation(ctx, tx, after)
			},
		})
		return err
	})
	return dbError("update organisation", err)
}

// checkOrganisation refuses, naming the field, a name of blanks alone (EINVALID) and a
// name another organisation or a ministry already bears (ECONFLICT): the list must not
// offer one body twice.
func checkOrganisation(ctx context.Context, db bun.IDB, o *domain.Organisation) error {
	// A name of blanks alone passes the form's "required" and is nothing once squeezed.
	blank := map[string]string{}
	for field, name := range map[string]string{"name_en": o.NameEN, "name_ko": o.NameKO} {
		if name == "" {
			blank[field] = "organisations.error_blank"
		}
	}
	if len(blank) > 0 {
		return &domain.Error{Code: domain.EINVALID, Message: "error.invalid", Fields: blank}
	}
	for _, f := range []struct{ field, match, value string }{
		{"name_en", "lower(name_en) = lower(?)", o.NameEN}, {"name_ko", "name_ko = ?", o.NameKO},
	} {
		taken, err := db.NewSelect().Table("organisations").Where(f.match, f.value).Where("id <> ?", o.ID).Exists(ctx)
		if err != nil {
			return err
		}
		if taken {
			return &domain.Error{Code: domain.ECONFLICT, Message: "organisations.error_taken",
				Fields: map[string]string{f.field: "organisations.error_taken"}}
		}
		ministry, err := db.NewSelect().Table("ministries").Where(f.match, f.value).Exists(ctx)
		if err != nil {
			return err
		}
		if ministry {
			return &domain.Error{Code: domain.ECONFLICT, Message: "organisations.error_ministry",
				Fields: map[string]string{f.field: "organisations.error_ministry"}}
		}
	}
	return nil
}
