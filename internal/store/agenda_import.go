package store

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
)

// errImportChanged is returned when the session's agenda or the ministries no longer are
// what the preview was checked against.
var errImportChanged = domain.Errorf(domain.ECONFLICT, "import.changed")

// importBatch is how many items one INSERT or UPDATE statement of an import carries.
const importBatch = 500

// ImportLookups returns what importer.Check needs to know of a session: every ministry
// with its former names, and the numbers of the session's items.
func (s *Store) ImportLookups(ctx context.Context, sessionID int64) (importer.Lookups, error) {
	ms, err := s.Ministries(ctx)
	if err != nil {
		return importer.Lookups{}, err
	}
	var numbers []string
	err = s.db.NewSelect().Table("agenda_items").Column("number").Where("session_id = ?", sessionID).
		OrderExpr("sort_key").Scan(ctx, &numbers)
	if err != nil {
		return importer.Lookups{}, dbError("import lookups", err)
	}
	return importer.Lookups{Ministries: ms, Existing: numbers}, nil
}

// ImportAgenda imports the rows of a checked agenda file into a session, all or nothing,
// in one transaction. Each row adds an item or updates the item with its number, as its
// Action says; an update replaces the imported fields only (titles, documents,
// commission, sector, lead ministry, priority) and leaves an item the file does not
// change as it is. Every row is checked again, so that an agenda or a ministry changed
// since the preview fails the import as a whole (ECONFLICT "import.changed"). Each added
// or updated item gets its audit row, and the session one for the import with the file
// name and the counts.
func (s *Store) ImportAgenda(ctx context.Context, a domain.Actor, sessionID int64, file string, items []importer.Item) (added, updated int, err error) {
	err = s.inTx(ctx, func(tx bun.Tx) error {
		added, updated, err = s.importItems(ctx, tx, a, sessionID, file, items)
		return err
	})
	if err != nil {
		return 0, 0, dbError("import agenda", err)
	}
	return added, updated, nil
}

func (s *Store) importItems(ctx context.Context, tx bun.Tx, a domain.Actor, sessionID int64, file string, items []importer.Item) (added, updated int, err error) {
	// Two imports into one session take turns.
	var id int64
	if err := tx.NewSelect().Table("sessions").Column("id").Where("id = ?", sessionID).For("UPDATE").Scan(ctx, &id); err != nil {
		return 0, 0, err
	}
	if len(items) == 0 {
		return 0, 0, domain.Errorf(domain.EINVALID, "import.no_rows")
	}
	fresh, err := readItems(sessionID, items)
	if err != nil {
		return 0, 0, err
	}
	current, err := lockItems(ctx, tx, sessionID, fresh)
	if err != nil {
		return 0, 0, err
	}
	if err := checkLeadMinistries(ctx, tx, fresh); err != nil {
		return 0, 0, err
	}
	var adds []domain.AgendaItem
	var befores, afters []domain.AgendaItem
	for i, it := range items {
		before, exists := current[fresh[i].Number]
		if exists != (it.Action == importer.Update) {
			return 0, 0, errImportChanged
		}
		if !exists {
			adds = append(adds, fresh[i])
			continue
		}
		after := *before
		copyImported(&after, &fresh[i])
		if sameImported(before, &after) {
			continue
		}
		after.Version++
		befores, afters = append(befores, *before), append(afters, after)
	}
	now := s.now()
	for i := range adds {
		adds[i].CreatedAt, adds[i].UpdatedAt = now, now
	}
	for part := range slices.Chunk(adds, importBatch) {
		if _, err := tx.NewInsert().Model(&part).ExcludeColumn("id", "version").
			Returning("id, created_at, updated_at, version").Exec(ctx); err != nil {
			return 0, 0, err
		}
		for i := range part {
			if err := s.audit(ctx, tx, a, "create", "agenda_item", part[i].ID, nil, &part[i]); err != nil {
				return 0, 0, err
			}
		}
	}
	for part := range slices.Chunk(afters, importBatch) {
		if _, err := tx.NewUpdate().Model(&part).
			Column("title_en", "title_ko", "documents", "commission", "sector", "lead_ministry_id", "priority", "version").
			Bulk().Set("updated_at = ?", now).Exec(ctx); err != nil {
			return 0, 0, err
		}
	}
	for i := range afters {
		if err := s.audit(ctx, tx, a, "update", "agenda_item", afters[i].ID, &befores[i], &afters[i]); err != nil {
			return 0, 0, err
		}
	}
	summary := map[string]any{"file": file, "rows": len(items), "added": len(adds), "updated": len(afters)}
	if err := s.audit(ctx, tx, a, "import", "session", sessionID, nil, summary); err != nil {
		return 0, 0, err
	}
	return len(adds), len(afters), nil
}

// readItems reads every row as an item of the session, refusing what the preview would
// have refused: a malformed or repeated number, an empty title, an unknown priority.
func readItems(sessionID int64, items []importer.Item) ([]domain.AgendaItem, error) {
	fresh := make([]domain.AgendaItem, len(items))
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		item := &fresh[i]
		item.SessionID = sessionID
		in := it.Input
		in.FocalPointID, in.Status, in.DecisionRef, in.OutcomeSummary = 0, string(domain.ItemNew), "", ""
		if err := in.Apply(item); err != nil {
			return nil, err
		}
		if item.TitleEN == "" {
			return nil, domain.FieldError("title_en", "import.title_required")
		}
		if !slices.Contains(domain.Priorities, item.Priority) {
			return nil, domain.FieldError("priority", "import.bad_priority")
		}
		if seen[item.Number] {
			return nil, domain.FieldError("number", "import.duplicate_number")
		}
		seen[item.Number] = true
	}
	return fresh, nil
}

// lockItems returns the session's items that have the numbers of the rows, by number,
// locked until the import ends.
func lockItems(ctx context.Context, tx bun.Tx, sessionID int64, fresh []domain.AgendaItem) (map[string]*domain.AgendaItem, error) {
	numbers := make([]string, len(fresh))
	for i := range fresh {
		numbers[i] = fresh[i].Number
	}
	var items []domain.AgendaItem
	err := tx.NewSelect().Model(&items).Where("i.session_id = ?", sessionID).Where("i.number IN (?)", bun.List(numbers)).
		For("UPDATE").Scan(ctx)
	if err != nil {
		return nil, err
	}
	byNumber := make(map[string]*domain.AgendaItem, len(items))
	for i := range items {
		byNumber[items[i].Number] = &items[i]
	}
	return byNumber, nil
}

// checkLeadMinistries refuses rows whose lead ministry no longer exists, in one query.
func checkLeadMinistries(ctx context.Context, tx bun.Tx, fresh []domain.AgendaItem) error {
	var ids []int64
	for i := range fresh {
		if id := fresh[i].LeadMinistryID; id != nil && !slices.Contains(ids, *id) {
			ids = append(ids, *id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	n, err := tx.NewSelect().Table("ministries").Where("id IN (?)", bun.List(ids)).Count(ctx)
	if err != nil {
		return err
	}
	if int(n) != len(ids) {
		return errImportChanged
	}
	return nil
}

// copyImported copies the fields an import sets from src to dst.
func copyImported(dst, src *domain.AgendaItem) {
	dst.TitleEN, dst.TitleKO, dst.Documents = src.TitleEN, src.TitleKO, src.Documents
	dst.Commission, dst.Sector = src.Commission, src.Sector
	dst.LeadMinistryID, dst.Priority = src.LeadMinistryID, src.Priority
}

// sameImported reports whether a and b agree on every field an import sets.
func sameImported(a, b *domain.AgendaItem) bool {
	return a.TitleEN == b.TitleEN && a.TitleKO == b.TitleKO && slices.Equal(a.Documents, b.Documents) &&
		a.Commission == b.Commission && a.Sector == b.Sector && sameID(a.LeadMinistryID, b.LeadMinistryID) &&
		a.Priority == b.Priority
}

// pendingImport is what an agenda import keeps under its token: the checked rows of a file
// for one session.
type pendingImport struct {
	SessionID int64           `json:"session_id"`
	Filename  string          `json:"filename"`
	Rows      []importer.Item `json:"rows"`
}

// SavePendingImport keeps the rows of a checked file for the user who checked it, for
// PendingTTL, and returns the token that names them.
func (s *Store) SavePendingImport(ctx context.Context, userID, sessionID int64, file string, items []importer.Item) (string, error) {
	return s.savePending(ctx, PendingAgendaImport, userID, &pendingImport{SessionID: sessionID, Filename: file, Rows: items})
}

// ConfirmPendingImport imports the rows kept under token, provided they are the acting
// user's, an import's, for this session and not expired, and forgets them in the same
// transaction: a second confirmation finds nothing (ENOTFOUND "import.expired"). It
// returns the file's name and the counts.
func (s *Store) ConfirmPendingImport(ctx context.Context, a domain.Actor, sessionID int64, token string) (file string, added, updated int, err error) {
	err = s.inTx(ctx, func(tx bun.Tx) error {
		var p pendingImport
		if err := takePending(ctx, tx, s.now(), PendingAgendaImport, a, token, &p); err != nil {
			return err
		}
		if p.SessionID != sessionID {
			return domain.Errorf(domain.ENOTFOUND, pendingExpired[PendingAgendaImport])
		}
		file = p.Filename
		added, updated, err = s.importItems(ctx, tx, a, sessionID, p.Filename, p.Rows)
		return err
	})
	if err != nil {
		return "", 0, 0, dbError("confirm import", err)
	}
	return file, added, updated, nil
}
