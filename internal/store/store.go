// Package store keeps Plenary's data in PostgreSQL. Every method that changes data checks
// the row's version, writes the change and its audit row in one transaction, and returns
// *domain.Error values the web layer can show.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Store is Plenary's data, on one database.
type Store struct {
	base   *bun.DB
	db     bun.IDB // base, or the transaction of InTx
	now    func() time.Time
	hasher *Hasher
}

// New returns a store on db, hashing passwords with DefaultHasher.
func New(db *bun.DB) *Store {
	return &Store{base: db, db: db, now: time.Now, hasher: DefaultHasher()}
}

// WithClock returns a store on the same database (and transaction) that reads the time
// from now: for tests at the edge of a day, and for demo data dated in the past.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// WithHasher returns a store on the same database that hashes passwords with h.
func (s *Store) WithHasher(h *Hasher) *Store {
	c := *s
	c.hasher = h
	return &c
}

// Now returns the time on the store's clock: the time every timestamp it writes and
// every "today" it reads come from.
func (s *Store) Now() time.Time { return s.now() }

// DB returns the database, for the parts of Plenary that keep their own tables (the
// login session storage).
func (s *Store) DB() *bun.DB { return s.base }

// Ping reports whether the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	return s.base.PingContext(ctx)
}

// InTx runs fn with a store whose every method works inside one transaction, committed
// when fn returns nil: for work that must happen whole or not at all, such as loading
// the demo data.
func (s *Store) InTx(ctx context.Context, fn func(*Store) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(&Store{base: s.base, db: tx, now: s.now, hasher: s.hasher})
	})
}

// inTx runs fn in a transaction (a savepoint inside InTx) committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx bun.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(tx)
	})
}

// audit writes one audit row. It takes the transaction of the change it records, so
// that the change and its record are committed together or not at all.
func (s *Store) audit(ctx context.Context, db bun.IDB, a domain.Actor, action, entity string, id int64, before, after any) error {
	e, err := s.auditEntry(a, action, entity, id, before, after)
	if err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(e).Exec(ctx); err != nil {
		return fmt.Errorf("store: audit %s %s: %w", action, entity, err)
	}
	return nil
}

// auditAll writes the audit rows es, made by auditEntry, in one statement: for the bulk
// changes that write hundreds at once.
func auditAll(ctx context.Context, db bun.IDB, es []domain.AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	if _, err := db.NewInsert().Model(&es).Exec(ctx); err != nil {
		return fmt.Errorf("store: audit %s %s: %w", es[0].Action, es[0].Entity, err)
	}
	return nil
}

// auditEntry is the audit row of a's action on entity id, what it was before and after.
func (s *Store) auditEntry(a domain.Actor, action, entity string, id int64, before, after any) (*domain.AuditEntry, error) {
	e := &domain.AuditEntry{
		At:        s.now(),
		Actor:     a.Label,
		Action:    action,
		Entity:    entity,
		RequestID: a.RequestID,
	}
	if a.User != nil {
		e.ActorID = &a.User.ID
		e.Actor = a.User.Email
	}
	if e.Actor == "" {
		e.Actor = "system"
	}
	if id != 0 {
		e.EntityID = &id
	}
	var err error
	if e.Before, err = marshalAudit(before); err != nil {
		return nil, err
	}
	if e.After, err = marshalAudit(after); err != nil {
		return nil, err
	}
	return e, nil
}

func marshalAudit(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	return b, nil
}

// uniqueFields maps the names of unique constraints to the form field they concern and
// the message a person reads when the value is taken.
var uniqueFields = map[string][2]string{
	"users_email_key":             {"email", "error.email_taken"},
	"ministries_code_key":         {"code", "error.code_taken"},
	"bodies_code_key":             {"code", "error.code_taken"},
	"sessions_code_key":           {"number", "error.session_taken"},
	"sessions_body_id_number_key": {"number", "error.session_taken"},
	"agenda_items_number_key":     {"number", "error.item_number_taken"},
	"consultations_live_key":      {"ministry_ids", "consultations.error_live"},

	// Briefs.
	"brief_reviews_one_per_ministry": {"verdict", "briefs.already_reviewed"},

	// Delegations.
	"people_user_key":               {"user_id", "people.error_user_taken"},
	"delegation_members_person_key": {"person_id", "delegations.error_person_taken"},
	"delegation_members_one_head":   {"role", "delegations.error_head_taken"},
	"organisations_name_en_key":     {"name_en", "organisations.error_taken"},
	"organisations_name_ko_key":     {"name_ko", "organisations.error_taken"},
}

// dbError turns the database's refusals into errors a person can act on, and wraps
// everything else with the operation's name.
func dbError(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.ENOTFOUND, "error.not_found")
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			if f, ok := uniqueFields[pe.ConstraintName]; ok {
				return &domain.Error{Code: domain.ECONFLICT, Message: f[1], Fields: map[string]string{f[0]: f[1]}}
			}
			return domain.Errorf(domain.ECONFLICT, "error.duplicate")
		case "23503": // foreign_key_violation
			return domain.Errorf(domain.EINVALID, "error.reference")
		case "23514": // check_violation
			return domain.Errorf(domain.EINVALID, "error.invalid")
		}
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// errStale is returned when a row changed since the person read it.
var errStale = domain.Errorf(domain.ECONFLICT, "error.stale")

// checkUpdated turns "no row matched id and version" into a stale-version conflict, or a
// not-found when the row is gone altogether.
func checkUpdated(ctx context.Context, db bun.IDB, res sql.Result, table string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	exists, err := db.NewSelect().Table(table).Where("id = ?", id).Exists(ctx)
	if err != nil {
		return err
	}
	if !exists {
		return domain.Errorf(domain.ENOTFOUND, "error.not_found")
	}
	return errStale
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
