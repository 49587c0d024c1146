package store

import (
	"context"
	"database/sql"
	"reflect"
	"slices"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Every row a person edits carries a version. A change locks the row, refuses it when the
// version is no longer the one the person read (ECONFLICT "error.stale"), writes the new
// row with the version moved on, and audits it, all in one transaction. updateVersioned
// is that sequence, once; lockVersioned is its first half, for changes that write
// something other than the row itself (a delete, the row's coverage).

// anyVersion, as the version read, accepts the row at whatever version it is: for the
// command line, which changes a row nobody read in a form.
const anyVersion = -1

// versionedUpdate is one change to a versioned row of T, made by updateVersioned.
type versionedUpdate[T any] struct {
	entity  string   // the audit's entity, e.g. "agenda_item"
	action  string   // the audit's action; "update" when empty
	id      int64    // the row's id
	version int      // the version the person read, or anyVersion
	columns []string // the columns change may set; version and updated_at are written with them
	// where narrows the locked row further (e.g. to its session); nil for none. A row it
	// leaves out is not found.
	where func(*bun.SelectQuery) *bun.SelectQuery
	// change turns after, a copy of the locked row before, into the new row, and makes
	// the change's other writes in tx. Its error ends the transaction with nothing written.
	change func(tx bun.Tx, before, after *T) error
}

// updateVersioned makes u in tx: it locks the row, checks its version, lets u.change make
// the new row, writes u.columns with the version raised by one and audits the row before
// and after. It returns the row as written.
func updateVersioned[T any](ctx context.Context, s *Store, tx bun.Tx, a domain.Actor, u versionedUpdate[T]) (*T, error) {
	before, err := lockVersioned[T](ctx, tx, u.id, u.version, u.where)
	if err != nil {
		return nil, err
	}
	after := new(T)
	*after = *before
	if err := u.change(tx, before, after); err != nil {
		return nil, err
	}
	version := versionOf(after)
	version.SetInt(versionOf(before).Int() + 1)
	columns := slices.Concat(u.columns, []string{"version"})
	if _, err := tx.NewUpdate().Model(after).Column(columns...).Set("updated_at = ?", s.now()).WherePK().Exec(ctx); err != nil {
		return nil, err
	}
	action := u.action
	if action == "" {
		action = "update"
	}
	if err := s.audit(ctx, tx, a, action, u.entity, u.id, before, after); err != nil {
		return nil, err
	}
	return after, nil
}

// lockVersioned reads the row of T with id, locked until the transaction ends, provided it
// is still at version (or version is anyVersion); where, when not nil, narrows the row
// further.
func lockVersioned[T any](ctx context.Context, tx bun.Tx, id int64, version int, where func(*bun.SelectQuery) *bun.SelectQuery) (*T, error) {
	row := new(T)
	q := tx.NewSelect().Model(row).Where("?TableAlias.id = ?", id)
	if where != nil {
		q = where(q)
	}
	if err := q.For("UPDATE").Scan(ctx); err != nil {
		return nil, err
	}
	if version != anyVersion && versionOf(row).Int() != int64(version) {
		return nil, errStale
	}
	return row, nil
}

// versionOf is the Version field of the row row points to; every versioned row of the
// domain has one.
func versionOf[T any](row *T) reflect.Value {
	return reflect.ValueOf(row).Elem().FieldByName("Version")
}

// idVersion names a row and the version the person read.
type idVersion struct {
	ID      int64
	Version int
}

// versionedBatch is one change made to many versioned rows of T by updateVersionedAll:
// its fields mean what versionedUpdate's do, for every row.
type versionedBatch[T any] struct {
	entity, action string
	columns        []string
	where          func(*bun.SelectQuery) *bun.SelectQuery
	change         func(tx bun.Tx, before, after *T) error
}

// updateVersionedAll makes u in tx on the rows rows names (id and the version the person
// read), each as updateVersioned makes one change: locked, its version checked, changed,
// written with the version raised by one and audited before and after. It takes a fixed
// number of queries however many rows there are, for the bulk actions. Rows are locked
// in the order of ids. The refusals, errStale or change's error, are returned row by row
// (nil where the row may be changed); when there is any, nothing is written and the
// caller ends the transaction. A row not found (or left out by u.where) is
// sql.ErrNoRows, for the whole.
func updateVersionedAll[T any](ctx context.Context, s *Store, tx bun.Tx, a domain.Actor, u versionedBatch[T], rows []idVersion) ([]error, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var locked []T
	q := tx.NewSelect().Model(&locked).Where("?TableAlias.id IN (?)", bun.List(ids))
	if u.where != nil {
		q = u.where(q)
	}
	if err := q.OrderExpr("?TableAlias.id").For("UPDATE").Scan(ctx); err != nil {
		return nil, err
	}
	byID := make(map[int64]*T, len(locked))
	for i := range locked {
		byID[reflect.ValueOf(&locked[i]).Elem().FieldByName("ID").Int()] = &locked[i]
	}
	refused, anyRefused := make([]error, len(rows)), false
	afters := make([]T, 0, len(rows))
	befores := make([]*T, 0, len(rows))
	for i, r := range rows {
		before := byID[r.ID]
		if before == nil {
			return nil, sql.ErrNoRows
		}
		if r.Version != anyVersion && versionOf(before).Int() != int64(r.Version) {
			refused[i], anyRefused = errStale, true
			continue
		}
		after := *before
		if err := u.change(tx, before, &after); err != nil {
			refused[i], anyRefused = err, true
			continue
		}
		versionOf(&after).SetInt(versionOf(before).Int() + 1)
		afters, befores = append(afters, after), append(befores, before)
	}
	if anyRefused || len(afters) == 0 {
		return refused, nil
	}
	columns := slices.Concat(u.columns, []string{"version"})
	if _, err := tx.NewUpdate().Model(&afters).Column(columns...).Set("updated_at = ?", s.now()).Bulk().Exec(ctx); err != nil {
		return nil, err
	}
	action := u.action
	if action == "" {
		action = "update"
	}
	es := make([]domain.AuditEntry, len(afters))
	for i := range afters {
		e, err := s.auditEntry(a, action, u.entity, reflect.ValueOf(&afters[i]).Elem().FieldByName("ID").Int(), befores[i], &afters[i])
		if err != nil {
			return nil, err
		}
		es[i] = *e
	}
	return refused, auditAll(ctx, tx, es)
}
