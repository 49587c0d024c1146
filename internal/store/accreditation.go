package store

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
)

// A member's accreditation details (member_accreditations) are part of the member's
// record: they are written with the member, under the member's version, and audited with
// it. Only staff read them: no query of members for anyone else joins the table, so that
// a page, a pack or a search for a liaison or a delegate cannot show them by mistake.

// selectDetails is the one query shape of accreditation details: the row with the names
// of the member's ministry or organisation.
func selectDetails(db bun.IDB, model any) *bun.SelectQuery {
	return db.NewSelect().Model(model).ColumnExpr("ma.*").
		ColumnExpr("coalesce(mi.name_en, o.name_en, '') AS affiliation_en, coalesce(mi.name_ko, o.name_ko, '') AS affiliation_ko").
		Join("LEFT JOIN ministries AS mi ON mi.id = ma.ministry_id").
		Join("LEFT JOIN organisations AS o ON o.id = ma.organisation_id")
}

// detailsOf returns the accreditation details of member id, or nil when none are recorded.
func detailsOf(ctx context.Context, db bun.IDB, id int64) (*domain.AccreditationDetails, error) {
	d := new(domain.AccreditationDetails)
	if err := selectDetails(db, d).Where("ma.member_id = ?", id).Scan(ctx); err != nil {
		if isNoRows(err) {
			return nil, nil
		}
		return nil, err
	}
	return d, nil
}

// saveDetails makes d the accreditation details of member id: written when d holds
// anything, removed when it is nil. A ministry or organisation that does not exist is
// refused, naming the field.
func saveDetails(ctx context.Context, db bun.IDB, id int64, d *domain.AccreditationDetails) error {
	if d == nil {
		_, err := db.NewDelete().Model((*domain.AccreditationDetails)(nil)).Where("member_id = ?", id).Exec(ctx)
		return err
	}
	d.MemberID = id
	table, body := "ministries", d.MinistryID
	if d.OrganisationID != nil {
		table, body = "organisations", d.OrganisationID
	}
	if body != nil {
		ok, err := db.NewSelect().Table(table).Where("id = ?", *body).Exists(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return domain.FieldError("affiliation", "accred.error_affiliation")
		}
	}
	_, err := db.NewInsert().Model(d).ExcludeColumn("updated_at").
		On("CONFLICT (member_id) DO UPDATE").
		Set("honorific = EXCLUDED.honorific, passport_name = EXCLUDED.passport_name, function_en = EXCLUDED.function_en").
		Set("ministry_id = EXCLUDED.ministry_id, organisation_id = EXCLUDED.organisation_id, updated_at = now()").
		Exec(ctx)
	if err != nil {
		return err
	}
	// The names of the ministry or organisation, as the audit row and the page show them.
	saved, err := detailsOf(ctx, db, id)
	if err != nil {
		return err
	}
	d.AffiliationEN, d.AffiliationKO, d.UpdatedAt = saved.AffiliationEN, saved.AffiliationKO, saved.UpdatedAt
	return nil
}

// AffiliationChoices returns the list a member's affiliation is chosen from: the
// ministries by code and the other organisations by English name.
func (s *Store) AffiliationChoices(ctx context.Context) (domain.AffiliationChoices, error) {
	var out domain.AffiliationChoices
	var ms []domain.Ministry
	if err := s.db.NewSelect().Model(&ms).Order("m.code").Scan(ctx); err != nil {
		return out, dbError("affiliation choices", err)
	}
	for _, m := range ms {
		out.Ministries = append(out.Ministries, domain.AffiliationChoice{Ref: domain.AffiliationRef(domain.AffiliationMinistry, m.ID), NameEN: m.NameEN, NameKO: m.NameKO})
	}
	os, err := s.Organisations(ctx)
	if err != nil {
		return out, err
	}
	for _, o := range os {
		out.Organisations = append(out.Organisations, domain.AffiliationChoice{Ref: domain.AffiliationRef(domain.AffiliationOrganisation, o.ID), NameEN: o.NameEN, NameKO: o.NameKO})
	}
	return out, nil
}

// LatestDetails returns the accreditation details the person last had on a delegation
// (of the latest session), to start a new member's from, or nil when they have none.
// Only staff read them.
func (s *Store) LatestDetails(ctx context.Context, sc domain.Scope, personID int64) (*domain.AccreditationDetails, error) {
	if !sc.All {
		return nil, domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	d := new(domain.AccreditationDetails)
	err := selectDetails(s.db, d).
		Join("JOIN delegation_members AS dm ON dm.id = ma.member_id").
		Join("JOIN sessions AS s ON s.id = dm.session_id").
		Where("dm.person_id = ?", personID).
		OrderExpr("s.starts_on DESC, dm.id DESC").Limit(1).Scan(ctx)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError("latest details", err)
	}
	d.MemberID = 0
	return d, nil
}

// accreditationOrder lists a delegation in the order of UNESCO's accreditation forms:
// by role (domain.AccreditationOrder), then by the name as in the passport (or the
// person's name where it is not recorded yet).
var accreditationOrder = "array_position(ARRAY['" + strings.Join(roleCodes(domain.AccreditationOrder), "', '") + "'], dm.role), " +
	"lower(coalesce(nullif(ma.passport_name, ''), nullif(p.name_en, ''), p.name_ko)), dm.id"

func roleCodes(rs []domain.MemberRole) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// accreditationRow is one member of the accreditation list as the database gives it.
type accreditationRow struct {
	Honorific    domain.Honorific     `bun:"honorific"`
	PassportName string               `bun:"passport_name"`
	NameEN       string               `bun:"name_en"`
	NameKO       string               `bun:"name_ko"`
	FunctionEN   string               `bun:"function_en"`
	Organisation string               `bun:"organisation"`
	Role         domain.MemberRole    `bun:"role"`
	Status       domain.Accreditation `bun:"accreditation"`
	ArrivesOn    *time.Time           `bun:"arrives_on,type:date"`
	DepartsOn    *time.Time           `bun:"departs_on,type:date"`
}

// AccreditationList returns the delegation of session ses as UNESCO's accreditation forms
// list it, for staff only. A ministry is named as it was called on the session's first day.
func (s *Store) AccreditationList(ctx context.Context, sc domain.Scope, ses *domain.Session) ([]exports.AccreditationRow, error) {
	if !sc.All {
		return nil, domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	var rows []accreditationRow
	err := s.db.NewSelect().TableExpr("delegation_members AS dm").
		Join("JOIN people AS p ON p.id = dm.person_id").
		Join("JOIN sessions AS s ON s.id = dm.session_id").
		Join("LEFT JOIN member_accreditations AS ma ON ma.member_id = dm.id").
		Join("LEFT JOIN ministries AS mi ON mi.id = ma.ministry_id").
		Join("LEFT JOIN organisations AS o ON o.id = ma.organisation_id").
		ColumnExpr("coalesce(ma.honorific, '') AS honorific, coalesce(ma.passport_name, '') AS passport_name").
		ColumnExpr("p.name_en, p.name_ko, coalesce(ma.function_en, '') AS function_en").
		ColumnExpr(`coalesce((SELECT f.name_en FROM ministry_former_names f
			WHERE f.ministry_id = mi.id AND f.used_until >= s.starts_on ORDER BY f.used_until LIMIT 1),
			mi.name_en, o.name_en, '') AS organisation`).
		ColumnExpr("dm.role, dm.accreditation, dm.arrives_on, dm.departs_on").
		Where("dm.session_id = ?", ses.ID).
		OrderExpr(accreditationOrder).
		Scan(ctx, &rows)
	if err != nil {
		return nil, dbError("accreditation list", err)
	}
	out := make([]exports.AccreditationRow, len(rows))
	for i, r := range rows {
		out[i] = exports.AccreditationRow{Honorific: r.Honorific.Written(), PassportName: r.PassportName,
			NameEN: r.NameEN, NameKO: r.NameKO, Function: r.FunctionEN, Organisation: r.Organisation,
			Role: string(r.Role), Accreditation: string(r.Status), ArrivesOn: r.ArrivesOn, DepartsOn: r.DepartsOn}
	}
	return out, nil
}
