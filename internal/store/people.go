package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// orderPeople sorts people by their English name, or their Korean one where they have no
// English name.
const orderPeople = "lower(coalesce(nullif(p.name_en, ''), p.name_ko)), p.id"

// selectPeople is the one query shape of people: the person, their ministry's code and
// names, and their user's e-mail.
func (s *Store) selectPeople(model any) *bun.SelectQuery {
	return s.db.NewSelect().Model(model).
		ColumnExpr("p.*").
		ColumnExpr("coalesce(m.code, '') AS ministry_code").
		ColumnExpr("coalesce(m.name_en, '') AS ministry_name_en").
		ColumnExpr("coalesce(m.name_ko, '') AS ministry_name_ko").
		ColumnExpr("coalesce(u.email, '') AS user_email").
		Join("LEFT JOIN ministries AS m ON m.id = p.ministry_id").
		Join("LEFT JOIN users AS u ON u.id = p.user_id")
}

// scopePeople restricts people (alias p) to those sc may read as records of their own:
// the list of people, with their contact details, is the Commission's, so staff read
// everyone and nobody else anyone. Others know the members of the delegations they may
// see, through Members, by what a member's row shows.
func scopePeople(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	if sc.All {
		return q
	}
	return q.Where("FALSE")
}

// People returns the people sc may read whose names, organisation, title, e-mail or
// expertise contain q (everyone when q is blank), by name, each with the number of
// delegations they have been on: limit of them (all for 0) after skipping offset, and
// how many there are in all.
func (s *Store) People(ctx context.Context, sc domain.Scope, q string, limit, offset int) ([]domain.Person, int, error) {
	ps := []domain.Person{}
	query := scopePeople(s.selectPeople(&ps), sc).
		ColumnExpr("(SELECT count(*) FROM delegation_members dm WHERE dm.person_id = p.id) AS delegations").
		OrderExpr(orderPeople)
	if q = strings.Join(strings.Fields(q), " "); q != "" {
		query = query.Where("person_text(p.name_en, p.name_ko, p.organisation, p.title, p.email, p.expertise) ILIKE ?",
			"%"+escapeLike(q)+"%")
	}
	n, err := scanPage(ctx, query, &ps, limit, offset)
	if err != nil {
		return nil, 0, dbError("people", err)
	}
	return ps, n, nil
}

// Person returns one person, if sc may read them.
func (s *Store) Person(ctx context.Context, sc domain.Scope, id int64) (*domain.Person, error) {
	p := new(domain.Person)
	if err := scopePeople(s.selectPeople(p), sc).Where("p.id = ?", id).Scan(ctx); err != nil {
		return nil, dbError("person", err)
	}
	return p, nil
}

// LikelyDuplicates returns the people who are probably the one in the input: the same
// e-mail address, or the same English or Korean name whatever its case, spacing,
// hyphens and word order.
func (s *Store) LikelyDuplicates(ctx context.Context, in domain.PersonInput) ([]domain.Person, error) {
	var p domain.Person
	if err := in.Apply(&p); err != nil {
		return nil, err
	}
	var ps []domain.Person
	q := s.selectPeople(&ps).WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		if p.Email != nil {
			q = q.WhereOr("p.email = ?", *p.Email)
		}
		if p.NameEN != "" {
			q = q.WhereOr("(p.name_en <> '' AND person_name_keys(p.name_en) && person_name_keys(?))", p.NameEN)
		}
		if p.NameKO != "" {
			q = q.WhereOr("(p.name_ko <> '' AND person_name_keys(p.name_ko) && person_name_keys(?))", p.NameKO)
		}
		return q
	})
	if err := q.OrderExpr(orderPeople).Limit(20).Scan(ctx); err != nil {
		return nil, dbError("likely duplicates", err)
	}
	return ps, nil
}

// CreatePerson adds a person.
func (s *Store) CreatePerson(ctx context.Context, a domain.Actor, in domain.PersonInput) (*domain.Person, error) {
	p := new(domain.Person)
	if err := in.Apply(p); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := checkPersonRefs(ctx, tx, p); err != nil {
			return err
		}
		p.CreatedAt = s.now()
		p.UpdatedAt = p.CreatedAt
		if _, err := tx.NewInsert().Model(p).ExcludeColumn("version").
			Returning("id, created_at, updated_at, version").Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "create", "person", p.ID, nil, p)
	})
	if err != nil {
		return nil, dbError("create person", err)
	}
	return p, nil
}

// UpdatePerson changes a person, provided nobody changed them since in.Version was read.
func (s *Store) UpdatePerson(ctx context.Context, a domain.Actor, id int64, in domain.PersonInput) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.Person]{
			entity: "person", id: id, version: in.Version,
			columns: []string{"name_en", "name_ko", "organisation", "title", "email", "phone", "expertise", "notes",
				"ministry_id", "user_id"},
			change: func(tx bun.Tx, _, after *domain.Person) error {
				if err := in.Apply(after); err != nil {
					return err
				}
				return checkPersonRefs(ctx, tx, after)
			},
		})
		return err
	})
	return dbError("update person", err)
}

// checkPersonRefs refuses a ministry or a user that does not exist, naming the field.
func checkPersonRefs(ctx context.Context, db bun.IDB, p *domain.Person) error {
	if p.MinistryID != nil {
		ok, err := db.NewSelect().Table("ministries").Where("id = ?", *p.MinistryID).Exists(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return domain.FieldError("ministry_id", "error.unknown_ministry")
		}
	}
	if p.UserID != nil {
		ok, err := db.NewSelect().Table("users").Where("id = ?", *p.UserID).Exists(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return domain.FieldError("user_id", "people.error_unknown_user")
		}
	}
	return nil
}

// LinkableUsers returns the users who may be linked to person id (0 for a new person):
// those not yet linked to anyone else, by name.
func (s *Store) LinkableUsers(ctx context.Context, personID int64) ([]domain.User, error) {
	var us []domain.User
	err := s.db.NewSelect().Model(&us).
		Where("NOT EXISTS (SELECT 1 FROM people lp WHERE lp.user_id = u.id AND lp.id <> ?)", personID).
		OrderExpr("u.disabled_at IS NOT NULL, lower(u.name), u.id").Scan(ctx)
	if err != nil {
		return nil, dbError("linkable users", err)
	}
	return us, nil
}

// Candidates returns the people sc may read who are not yet on the delegation of session
// ses, by name: whom the member form offers.
func (s *Store) Candidates(ctx context.Context, sc domain.Scope, ses *domain.Session) ([]domain.Person, error) {
	var ps []domain.Person
	err := scopePeople(s.selectPeople(&ps), sc).
		Where("NOT EXISTS (SELECT 1 FROM delegation_members dm WHERE dm.person_id = p.id AND dm.session_id = ?)", ses.ID).
		OrderExpr(orderPeople).Scan(ctx)
	if err != nil {
		return nil, dbError("candidates", err)
	}
	return ps, nil
}
