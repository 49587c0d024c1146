package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// nameAtSession is the SQL of a ministry's name (column name_en or name_ko) as it was on
// the first day of the session (alias s): the earliest former name still in use that day,
// or else the current name of the ministry row m. id is the SQL of the ministry's id. An
// old session reads as it was written. It is the one definition of a name at a date.
func nameAtSession(col, id, m string) string {
	return fmt.Sprintf(`coalesce((SELECT f.%[1]s FROM ministry_former_names f
		WHERE f.ministry_id = %[2]s AND f.used_until >= s.starts_on
		ORDER BY f.used_until LIMIT 1), %[3]s.%[1]s)`, col, id, m)
}

// ministryNameAt is the SQL of the lead ministry's name (lm, of item i) on the first day
// of the item's session.
func ministryNameAt(col string) string { return nameAtSession(col, "i.lead_ministry_id", "lm") }

// joinItems joins agenda items (i) to their session (s), lead ministry (lm) and focal
// point (fp): the one item join, which ministryNameAt and scopeItems read.
func joinItems(q *bun.SelectQuery) *bun.SelectQuery {
	return q.Join("JOIN sessions AS s ON s.id = i.session_id").
		Join("LEFT JOIN ministries AS lm ON lm.id = i.lead_ministry_id").
		Join("LEFT JOIN users AS fp ON fp.id = i.focal_point_id")
}

// itemListColumns are the columns of an item that a list of items shows: all but its
// outcome, the link to the earlier session's item and the bookkeeping, which only the
// item's own page reads. A 500-item agenda is a quarter cheaper to read without them.
const itemListColumns = "i.id, i.session_id, i.number, i.sort_key, i.title_en, i.title_ko, i.documents, " +
	"i.commission, i.sector, i.lead_ministry_id, i.focal_point_id, i.priority, i.status, i.version"

// selectItems is the one query shape of agenda items: the item, its session's code, the
// lead ministry's name at the time and the focal point's name. Callers add the order.
func (s *Store) selectItems(model any, sc domain.Scope) *bun.SelectQuery {
	return s.selectItemColumns(model, sc, "i.*")
}

// selectItemColumns is selectItems with only the item's columns cols.
func (s *Store) selectItemColumns(model any, sc domain.Scope, cols string) *bun.SelectQuery {
	q := joinItems(s.db.NewSelect().Model(model)).
		ColumnExpr(cols).
		ColumnExpr("coalesce(lm.code, '') AS lead_code").
		ColumnExpr("coalesce(" + ministryNameAt("name_en") + ", '') AS lead_name_en").
		ColumnExpr("coalesce(" + ministryNameAt("name_ko") + ", '') AS lead_name_ko").
		ColumnExpr("coalesce(fp.name, '') AS focal_name").
		ColumnExpr("s.code AS session_code")
	return scopeItems(q, sc)
}

// AgendaItems returns the items of a session that sc may see, narrowed by f, in UNESCO's
// order, with the columns a list shows (itemListColumns). It is one query, however long
// the agenda.
func (s *Store) AgendaItems(ctx context.Context, sc domain.Scope, sessionID int64, f domain.AgendaFilter) ([]domain.AgendaItem, error) {
	var items []domain.AgendaItem
	q := s.selectItemColumns(&items, sc, itemListColumns).Where("i.session_id = ?", sessionID).OrderExpr("i.sort_key")
	if f.Commission != "" {
		q = q.Where("i.commission = ?", f.Commission)
	}
	if f.Sector != "" {
		q = q.Where("i.sector = ?", f.Sector)
	}
	if f.LeadMinistryID > 0 {
		q = q.Where("i.lead_ministry_id = ?", f.LeadMinistryID)
	}
	if f.Status != "" {
		q = q.Where("i.status = ?", f.Status)
	}
	if f.Priority != "" {
		q = q.Where("i.priority = ?", f.Priority)
	}
	if f.FocalPointID > 0 {
		q = q.Where("i.focal_point_id = ?", f.FocalPointID)
	}
	if f.Mine {
		q = q.Where(coveredItem, sc.UserID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, dbError("agenda items", err)
	}
	return items, nil
}

// AgendaItem returns one item with its session and body, if sc may see it.
func (s *Store) AgendaItem(ctx context.Context, sc domain.Scope, id int64) (*domain.AgendaItem, error) {
	item := new(domain.AgendaItem)
	if err := s.selectItems(item, sc).Where("i.id = ?", id).Scan(ctx); err != nil {
		return nil, dbError("agenda item", err)
	}
	ses, err := s.Session(ctx, domain.Scope{All: true}, item.SessionID)
	if err != nil {
		return nil, err
	}
	item.Session = ses
	return item, nil
}

// AgendaFacets counts a session's items (those sc may see) by status, priority,
// commission, sector, lead ministry and focal point, in one query.
func (s *Store) AgendaFacets(ctx context.Context, sc domain.Scope, sessionID int64) (*domain.AgendaFacets, error) {
	var rows []struct {
		Dim     string `bun:"dim"`
		Value   string `bun:"value"`
		ID      int64  `bun:"id"`
		LabelEN string `bun:"label_en"`
		LabelKO string `bun:"label_ko"`
		Count   int    `bun:"n"`
	}
	// The items are counted first; the names of the lead ministries (as they were at the
	// session) and of the focal points are looked up once per group, not once per item.
	base := scopeItems(s.db.NewSelect().TableExpr("agenda_items AS i").
		ColumnExpr("i.status, i.priority, i.commission, i.sector, i.lead_ministry_id, i.focal_point_id").
		Where("i.session_id = ?", sessionID), sc)
	err := s.db.NewRaw(`WITH x AS (?), g AS (
		SELECT CASE
		         WHEN GROUPING(status) = 0 THEN 'status'
		         WHEN GROUPING(priority) = 0 THEN 'priority'
		         WHEN GROUPING(commission) = 0 THEN 'commission'
		         WHEN GROUPING(sector) = 0 THEN 'sector'
		         WHEN GROUPING(lead_ministry_id) = 0 THEN 'lead'
		         WHEN GROUPING(focal_point_id) = 0 THEN 'focal'
		         ELSE 'total' END AS dim,
		       coalesce(status, priority, commission, sector, '') AS value,
		       coalesce(lead_ministry_id, focal_point_id, 0) AS id,
		       count(*) AS n
		FROM x
		GROUP BY GROUPING SETS ((status), (priority), (commission), (sector), (lead_ministry_id), (focal_point_id), ()))
		SELECT g.dim, CASE WHEN g.dim = 'lead' THEN coalesce(lm.code, '') ELSE g.value END AS value, g.id,
		       CASE g.dim WHEN 'lead' THEN coalesce(`+nameAtSession("name_en", "g.id", "lm")+`, '') WHEN 'focal' THEN coalesce(fp.name, '') ELSE '' END AS label_en,
		       CASE g.dim WHEN 'lead' THEN coalesce(`+nameAtSession("name_ko", "g.id", "lm")+`, '') WHEN 'focal' THEN coalesce(fp.name, '') ELSE '' END AS label_ko,
		       g.n
		FROM g JOIN sessions AS s ON s.id = ?
		LEFT JOIN ministries AS lm ON g.dim = 'lead' AND lm.id = g.id
		LEFT JOIN users AS fp ON g.dim = 'focal' AND fp.id = g.id
		ORDER BY dim, value, label_en`, base, sessionID).Scan(ctx, &rows)
	if err != nil {
		return nil, dbError("agenda facets", err)
	}
	f := new(domain.AgendaFacets)
	for _, r := range rows {
		fc := domain.Facet{Value: r.Value, ID: r.ID, LabelEN: r.LabelEN, LabelKO: r.LabelKO, Count: r.Count}
		switch r.Dim {
		case "total":
			f.Total = r.Count
		case "status":
			f.Statuses = append(f.Statuses, fc)
		case "priority":
			f.Priorities = append(f.Priorities, fc)
		case "commission":
			if r.Value != "" {
				f.Commissions = append(f.Commissions, fc)
			}
		case "sector":
			if r.Value != "" {
				f.Sectors = append(f.Sectors, fc)
			}
		case "lead":
			if r.ID != 0 {
				f.LeadMinistries = append(f.LeadMinistries, fc)
			}
		case "focal":
			if r.ID != 0 {
				f.FocalPoints = append(f.FocalPoints, fc)
			}
		}
	}
	sortFacets(f.Statuses, domain.ItemStatuses)
	sortFacets(f.Priorities, domain.Priorities)
	return f, nil
}

// sortFacets puts facets in the order of the domain's list of values (statuses in their
// order, priorities highest first) rather than alphabetically.
func sortFacets[T ~string](fs []domain.Facet, order []T) {
	rank := func(v string) int {
		for i, o := range order {
			if string(o) == v {
				return i
			}
		}
		return len(order)
	}
	slices.SortStableFunc(fs, func(a, b domain.Facet) int { return rank(a.Value) - rank(b.Value) })
}

// CreateAgendaItem adds an item to a session.
func (s *Store) CreateAgendaItem(ctx context.Context, a domain.Actor, sessionID int64, in domain.AgendaItemInput) (*domain.AgendaItem, error) {
	item := &domain.AgendaItem{SessionID: sessionID}
	if err := in.Apply(item); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := checkItemRefs(ctx, tx, item); err != nil {
			return err
		}
		item.CreatedAt = s.now()
		item.UpdatedAt = item.CreatedAt
		if _, err := tx.NewInsert().Model(item).ExcludeColumn("version").
			Returning("id, created_at, updated_at, version").Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "create", "agenda_item", item.ID, nil, item)
	})
	if err != nil {
		return nil, dbError("create agenda item", err)
	}
	return item, nil
}

// itemColumns are the columns of an item that a person changes.
var itemColumns = []string{"number", "sort_key", "title_en", "title_ko", "documents", "commission", "sector",
	"lead_ministry_id", "focal_point_id", "priority", "status", "decision_ref", "outcome_summary"}

// UpdateAgendaItem changes an item, provided nobody changed it since in.Version was read.
func (s *Store) UpdateAgendaItem(ctx context.Context, a domain.Actor, id int64, in domain.AgendaItemInput) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		return s.updateItem(ctx, tx, a, id, in.Version, nil, in.Apply)
	})
	return dbError("update agenda item", err)
}

// updateItem is the one change of an item, in tx: it locks item id (narrowed by where,
// when not nil), refuses it as stale unless it is at version, lets apply change it,
// checks its lead ministry and focal point, writes it and audits it.
func (s *Store) updateItem(ctx context.Context, tx bun.Tx, a domain.Actor, id int64, version int,
	where func(*bun.SelectQuery) *bun.SelectQuery, apply func(*domain.AgendaItem) error) error {
	_, err := updateVersioned(ctx, s, tx, a, versionedUpdate[domain.AgendaItem]{
		entity: "agenda_item", id: id, version: version, columns: itemColumns, where: where,
		change: func(tx bun.Tx, _, after *domain.AgendaItem) error {
			if err := apply(after); err != nil {
				return err
			}
			return checkItemRefs(ctx, tx, after)
		},
	})
	return err
}

// checkItemRefs refuses a lead ministry that does not exist and a focal point who is not
// active Commission staff, naming the field.
func checkItemRefs(ctx context.Context, db bun.IDB, item *domain.AgendaItem) error {
	if item.LeadMinistryID != nil {
		ok, err := db.NewSelect().Table("ministries").Where("id = ?", *item.LeadMinistryID).Exists(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return domain.FieldError("lead_ministry_id", "error.unknown_ministry")
		}
	}
	if item.FocalPointID != nil {
		ok, err := db.NewSelect().Table("users").Where("id = ?", *item.FocalPointID).
			Where("role IN ('staff', 'admin')").Where("disabled_at IS NULL").Exists(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return domain.FieldError("focal_point_id", "error.focal_point")
		}
	}
	return nil
}

// FocalPoints returns the active staff who can be an item's focal point, by name.
func (s *Store) FocalPoints(ctx context.Context) ([]domain.User, error) {
	var us []domain.User
	err := s.db.NewSelect().Model(&us).Where("u.role IN ('staff', 'admin')").Where("u.disabled_at IS NULL").
		OrderExpr("lower(u.name)").Scan(ctx)
	if err != nil {
		return nil, dbError("focal points", err)
	}
	return us, nil
}
