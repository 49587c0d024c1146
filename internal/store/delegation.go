package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// scopeMembers restricts delegation members (alias dm, joined with their person as p) to
// those sc may see: staff every member; a delegate the whole delegation of a session they
// are on; a liaison the members from their ministry, on sessions they may see.
func scopeMembers(q *bun.SelectQuery, sc domain.Scope) *bun.SelectQuery {
	switch {
	case sc.All:
		return q
	case sc.MinistryID != 0:
		visible := scopeSessions(q.NewSelect().TableExpr("sessions AS s").ColumnExpr("1").Where("s.id = dm.session_id"), sc)
		return q.Where("p.ministry_id = ?", sc.MinistryID).Where("EXISTS (?)", visible)
	case sc.UserID != 0:
		return q.Where(delegateSession, bun.Ident(membersAlias+".session_id"), sc.UserID)
	}
	return q.Where("FALSE")
}

// attendanceSeen is the condition that sc may read the attendance of a member (alias dm,
// with their person p): staff every member's; anyone else only their own, as a member's
// page shows it (to staff and to the member themselves).
func attendanceSeen(sc domain.Scope) (string, []any) {
	switch {
	case sc.All:
		return "TRUE", nil
	case sc.UserID != 0:
		return "p.user_id = ?", []any{sc.UserID}
	}
	return "FALSE", nil
}

// membersAlias is the alias of delegation_members in every query of members (and of
// domain.Member).
const membersAlias = "dm"

// orderMembers lists a delegation by precedence: Head of Delegation first, then by role
// (in the domain's order of roles) and by name.
var orderMembers = "array_position(ARRAY['" + strings.Join(domain.MemberRoleEnum.Values, "', '") + "'], dm.role), " +
	"lower(coalesce(nullif(p.name_en, ''), p.name_ko)), dm.id"

// selectMembers is the one query shape of delegation members: the member, their person's
// names, organisation and title, and the number of items they cover, as sc may see them.
func (s *Store) selectMembers(model any, sc domain.Scope) *bun.SelectQuery {
	q := s.db.NewSelect().Model(model).
		ColumnExpr("dm.*").
		ColumnExpr("p.name_en, p.name_ko, p.organisation, p.title, p.user_id").
		ColumnExpr("(SELECT count(*) FROM coverage cv WHERE cv.member_id = dm.id) AS covers").
		Join("JOIN people AS p ON p.id = dm.person_id")
	return scopeMembers(q, sc)
}

// Members returns the delegation of a session as sc may see it, by precedence.
func (s *Store) Members(ctx context.Context, sc domain.Scope, sessionID int64) ([]domain.Member, error) {
	var ms []domain.Member
	if err := s.selectMembers(&ms, sc).Where("dm.session_id = ?", sessionID).OrderExpr(orderMembers).Scan(ctx); err != nil {
		return nil, dbError("members", err)
	}
	return ms, nil
}

// Member returns one member of a delegation, if sc may see them; for staff with their
// accreditation details, which nobody else reads.
func (s *Store) Member(ctx context.Context, sc domain.Scope, id int64) (*domain.Member, error) {
	m := new(domain.Member)
	if err := s.selectMembers(m, sc).Where("dm.id = ?", id).Scan(ctx); err != nil {
		return nil, dbError("member", err)
	}
	if sc.All {
		var err error
		if m.Details, err = detailsOf(ctx, s.db, id); err != nil {
			return nil, dbError("member", err)
		}
	}
	return m, nil
}

// AddMember puts a person on the delegation of session ses.
func (s *Store) AddMember(ctx context.Context, a domain.Actor, ses *domain.Session, in domain.MemberInput) (*domain.Member, error) {
	m := new(domain.Member)
	if err := in.Apply(m, ses); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := checkMember(ctx, tx, m); err != nil {
			return err
		}
		m.CreatedAt = s.now()
		m.UpdatedAt = m.CreatedAt
		if _, err := tx.NewInsert().Model(m).ExcludeColumn("version").
			Returning("id, created_at, updated_at, version").Exec(ctx); err != nil {
			return err
		}
		if m.Details != nil {
			if err := saveDetails(ctx, tx, m.ID, m.Details); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "create", "delegation_member", m.ID, nil, m)
	})
	if err != nil {
		return nil, dbError("add member", err)
	}
	return m, nil
}

// UpdateMember changes a member's role, accreditation, dates, funding, notes and
// accreditation details, provided nobody changed the member since in.Version was read.
// The person stays the same.
func (s *Store) UpdateMember(ctx context.Context, a domain.Actor, ses *domain.Session, id int64, in domain.MemberInput) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.Member]{
			entity: "delegation_member", id: id, version: in.Version,
			columns: []string{"role", "accreditation", "arrives_on", "departs_on", "funded_by", "notes"},
			where:   func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("dm.session_id = ?", ses.ID) },
			change: func(tx bun.Tx, before, after *domain.Member) (err error) {
				in.PersonID = before.PersonID
				if before.Details, err = detailsOf(ctx, tx, id); err != nil {
					return err
				}
				if err := in.Apply(after, ses); err != nil {
					return err
				}
				if err := checkMember(ctx, tx, after); err != nil {
					return err
				}
				return saveDetails(ctx, tx, id, after.Details)
			},
		})
		return err
	})
	return dbError("update member", err)
}

// checkMember refuses, naming the field, a person who does not exist or is already on the
// delegation, and a second Head of Delegation. The database refuses both as well; asking
// first gives the person a message next to the field.
func checkMember(ctx context.Context, db bun.IDB, m *domain.Member) error {
	ok, err := db.NewSelect().Table("people").Where("id = ?", m.PersonID).Exists(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return domain.FieldError("person_id", "delegations.error_unknown_person")
	}
	taken, err := db.NewSelect().Table("delegation_members").
		Where("session_id = ? AND person_id = ? AND id <> ?", m.SessionID, m.PersonID, m.ID).Exists(ctx)
	if err != nil {
		return err
	}
	if taken {
		return &domain.Error{Code: domain.ECONFLICT, Message: "delegations.error_person_taken",
			Fields: map[string]string{"person_id": "delegations.error_person_taken"}}
	}
	if m.Role == domain.MemberHead {
		taken, err := db.NewSelect().Table("delegation_members").
			Where("session_id = ? AND role = 'head' AND id <> ?", m.SessionID, m.ID).Exists(ctx)
		if err != nil {
			return err
		}
		if taken {
			return &domain.Error{Code: domain.ECONFLICT, Message: "delegations.error_head_taken",
				Fields: map[string]string{"role": "delegations.error_head_taken"}}
		}
	}
	return nil
}

// RemoveMember takes a member off the delegation, with the items they covered, provided
// nobody changed the member since version was read. A member whose attendance has been
// recorded stays: they took part, and the record of it must not go.
func (s *Store) RemoveMember(ctx context.Context, a domain.Actor, id int64, version int) (*domain.Member, error) {
	var before *domain.Member
	err := s.inTx(ctx, func(tx bun.Tx) (err error) {
		if before, err = lockVersioned[domain.Member](ctx, tx, id, version, nil); err != nil {
			return err
		}
		// The accreditation details go with the member: the audit row keeps them.
		if before.Details, err = detailsOf(ctx, tx, id); err != nil {
			return err
		}
		attended, err := tx.NewSelect().Table("attendance").Where("member_id = ?", id).Exists(ctx)
		if err != nil {
			return err
		}
		if attended {
			return domain.Errorf(domain.ECONFLICT, "delegations.error_remove_attended")
		}
		var items []int64
		if err := tx.NewSelect().Table("coverage").Column("item_id").Where("member_id = ?", id).
			Order("item_id").Scan(ctx, &items); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model(before).WherePK().Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "delete", "delegation_member", id, struct {
			*domain.Member
			Items []int64 `json:"Items"`
		}{before, items}, nil)
	})
	if err != nil {
		return nil, dbError("remove member", err)
	}
	return before, nil
}

// SetCoverage makes itemIDs the agenda items member id covers, provided nobody changed
// the member since version was read: coverage is part of the member's record. Every item
// must be on the agenda of the member's session.
func (s *Store) SetCoverage(ctx context.Context, a domain.Actor, id int64, version int, itemIDs []int64) error {
	want := slices.Clone(itemIDs)
	slices.Sort(want)
	want = slices.Compact(want)
	err := s.inTx(ctx, func(tx bun.Tx) error {
		m, err := lockVersioned[domain.Member](ctx, tx, id, version, nil)
		if err != nil {
			return err
		}
		if err := checkSessionItems(ctx, tx, m.SessionID, want); err != nil {
			return err
		}
		had, err := coverageOf(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.writeCoverage(ctx, tx, a, id, had, want)
	})
	return dbError("set coverage", err)
}

// checkSessionItems refuses, naming the field, items (sorted, without repeats) that are
// not all on the agenda of session sessionID.
func checkSessionItems(ctx context.Context, tx bun.Tx, sessionID int64, items []int64) error {
	if len(items) == 0 {
		return nil
	}
	n, err := tx.NewSelect().Table("agenda_items").Where("session_id = ? AND id IN (?)", sessionID, bun.List(items)).Count(ctx)
	if err != nil {
		return err
	}
	if int(n) != len(items) {
		return domain.FieldError("item_id", "delegations.error_item_elsewhere")
	}
	return nil
}

// coverageOf returns the items member id covers, in the order of ids.
func coverageOf(ctx context.Context, tx bun.Tx, id int64) ([]int64, error) {
	had := []int64{}
	err := tx.NewSelect().Table("coverage").Column("item_id").Where("member_id = ?", id).Order("item_id").Scan(ctx, &had)
	return had, err
}

// writeCoverage replaces the items member id (locked by the caller) covers, had, with
// want (both sorted), moves the member's version on and audits the change as one row;
// it writes nothing when they are the same.
func (s *Store) writeCoverage(ctx context.Context, tx bun.Tx, a domain.Actor, id int64, had, want []int64) error {
	if slices.Equal(had, want) {
		return nil
	}
	if _, err := tx.NewDelete().Table("coverage").Where("member_id = ?", id).Exec(ctx); err != nil {
		return err
	}
	now := s.now()
	if len(want) > 0 {
		rows := make([]coverageRow, len(want))
		for i, item := range want {
			rows[i] = coverageRow{MemberID: id, ItemID: item, CreatedAt: now}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
	}
	if _, err := tx.NewUpdate().Table("delegation_members").Set("version = version + 1").Set("updated_at = ?", now).
		Where("id = ?", id).Exec(ctx); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, "cover", "delegation_member", id, map[string]any{"items": had}, map[string]any{"items": want})
}

// coverageRow is one row of coverage: a member covers an item.
type coverageRow struct {
	bun.BaseModel `bun:"table:coverage"`
	MemberID      int64     `bun:"member_id,pk"`
	ItemID        int64     `bun:"item_id,pk"`
	CreatedAt     time.Time `bun:"created_at"`
}

// CoveredItems returns the agenda items member m (as Member read it) covers that sc may
// see, in UNESCO's order.
func (s *Store) CoveredItems(ctx context.Context, sc domain.Scope, m *domain.Member) ([]domain.AgendaItem, error) {
	var items []domain.AgendaItem
	err := s.selectItems(&items, sc).
		Where("i.id IN (SELECT item_id FROM coverage WHERE member_id = ?)", m.ID).
		OrderExpr("i.sort_key").Scan(ctx)
	if err != nil {
		return nil, dbError("covered items", err)
	}
	return items, nil
}

// ItemCoverage returns the members who cover agenda item item (as AgendaItem read it), as
// sc may see them, by precedence.
func (s *Store) ItemCoverage(ctx context.Context, sc domain.Scope, item *domain.AgendaItem) ([]domain.Member, error) {
	var ms []domain.Member
	err := s.selectMembers(&ms, sc).
		Where("dm.id IN (SELECT member_id FROM coverage WHERE item_id = ?)", item.ID).
		OrderExpr(orderMembers).Scan(ctx)
	if err != nil {
		return nil, dbError("item coverage", err)
	}
	return ms, nil
}
