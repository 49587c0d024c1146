package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// LoginLimits say how many failed logins are allowed within Window for one account (the
// e-mail typed) and from one client address. Correct logins never count.
type LoginLimits struct {
	PerAccount int
	PerAddress int
	Window     time.Duration
}

// LoginLocked reports whether logins to the account with this e-mail, or from this
// address, are refused for now because too many failed within the window.
func (s *Store) LoginLocked(ctx context.Context, email, address string, l LoginLimits) (bool, error) {
	n, err := countFailures(ctx, s.db, NormalizeEmail(email), address, s.now().Add(-l.Window))
	if err != nil {
		return false, dbError("login locked", err)
	}
	return n.account >= l.PerAccount || n.address >= l.PerAddress, nil
}

type failureCounts struct{ account, address int }

// countFailures counts the failed logins since the window opened for the account and from
// the address.
func countFailures(ctx context.Context, db bun.IDB, account, address string, since time.Time) (failureCounts, error) {
	var n struct {
		Account int
		Address int
	}
	err := db.NewRaw(`SELECT count(*) FILTER (WHERE account = ?) AS account,
		count(*) FILTER (WHERE address = ?) AS address
		FROM login_failures WHERE (account = ? OR address = ?) AND at > ?`,
		account, address, account, address, since).Scan(ctx, &n)
	return failureCounts{n.Account, n.Address}, err
}

// RecordLoginFailure counts a failed login against the account with this e-mail and
// against the address, and writes it to the audit log in the same transaction; the
// failure that reaches a limit is audited as a lock-out as well. The e-mail typed is
// named in the audit log only when it belongs to an account: a stranger's guesses, or a
// password typed into the wrong field, are not kept for ever.
func (s *Store) RecordLoginFailure(ctx context.Context, a domain.Actor, email, address string, l LoginLimits) error {
	account := NormalizeEmail(email)
	now := s.now()
	since := now.Add(-l.Window)
	err := s.inTx(ctx, func(tx bun.Tx) error {
		// One account's failures are counted one at a time, so that exactly one of
		// several concurrent failures is the one that locks it.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 7301))", "login:"+account); err != nil {
			return err
		}
		// Sweep what has left the window; SKIP LOCKED keeps concurrent sweeps apart.
		if _, err := tx.NewRaw(`DELETE FROM login_failures WHERE id IN (
			SELECT id FROM login_failures WHERE at <= ? LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
			since).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw("INSERT INTO login_failures (account, address, at) VALUES (?, ?, ?)", account, address, now).Exec(ctx); err != nil {
			return err
		}
		n, err := countFailures(ctx, tx, account, address, since)
		if err != nil {
			return err
		}
		var userID int64
		err = tx.NewSelect().Table("users").Column("id").Where("email = ?", account).Scan(ctx, &userID)
		if err != nil && !isNoRows(err) {
			return err
		}
		entity, details := "login", map[string]any{"address": address}
		if userID != 0 {
			entity, details["email"] = "user", account
		}
		if err := s.audit(ctx, tx, a, "login_failed", entity, userID, nil, details); err != nil {
			return err
		}
		var locked []string
		if n.account == l.PerAccount {
			locked = append(locked, "account")
		}
		if n.address == l.PerAddress {
			locked = append(locked, "address")
		}
		if len(locked) == 0 {
			return nil
		}
		details["locked"] = locked
		details["minutes"] = int(l.Window.Minutes())
		return s.audit(ctx, tx, a, "login_locked", entity, userID, nil, details)
	})
	return dbError("record login failure", err)
}
