package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// KV is a fiber.Storage on one PostgreSQL table with columns id, data and expires_at. It
// keeps login sessions in the database, so that every server behind a load balancer sees
// the same ones.
type KV struct {
	db      bun.IDB
	table   string
	timeout time.Duration
	now     func() time.Time
	stop    chan struct{}
}

// NewKV returns the storage on table and starts a sweeper that deletes expired rows every
// gcInterval (none when gcInterval is zero). Expiry is computed and checked on now, the
// clock of the sessions it keeps, not the database's (time.Now when nil).
func NewKV(db bun.IDB, table string, gcInterval time.Duration, now func() time.Time) *KV {
	if now == nil {
		now = time.Now
	}
	kv := &KV{db: db, table: table, timeout: 10 * time.Second, now: now, stop: make(chan struct{})}
	if gcInterval > 0 {
		go kv.sweep(gcInterval)
	}
	return kv
}

// SetTimeout bounds each of the storage's queries (10 seconds unless set). fiber's storage
// interface carries no context, so this bound stands in for the request's deadline: set
// it no longer than that. Call it before the storage is used.
func (kv *KV) SetTimeout(d time.Duration) {
	if d > 0 {
		kv.timeout = d
	}
}

func (kv *KV) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), kv.timeout)
}

// Get returns the value of key, or nil when there is none or it has expired.
func (kv *KV) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	ctx, cancel := kv.ctx()
	defer cancel()
	var data []byte
	err := kv.db.NewSelect().Table(kv.table).Column("data").
		Where("id = ?", key).Where("expires_at IS NULL OR expires_at > ?", kv.now()).
		Scan(ctx, &data)
	if err != nil {
		if isNoRows(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("store: %s get: %w", kv.table, err)
	}
	return data, nil
}

// Set stores val under key for exp (for ever when exp is zero).
func (kv *KV) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	var expires *time.Time
	if exp > 0 {
		t := kv.now().Add(exp)
		expires = &t
	}
	ctx, cancel := kv.ctx()
	defer cancel()
	_, err := kv.db.NewRaw(
		"INSERT INTO ? (id, data, expires_at) VALUES (?, ?, ?) "+
			"ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at",
		bun.Ident(kv.table), key, val, expires).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: %s set: %w", kv.table, err)
	}
	return nil
}

// Delete removes key.
func (kv *KV) Delete(key string) error {
	if key == "" {
		return nil
	}
	ctx, cancel := kv.ctx()
	defer cancel()
	if _, err := kv.db.NewDelete().Table(kv.table).Where("id = ?", key).Exec(ctx); err != nil {
		return fmt.Errorf("store: %s delete: %w", kv.table, err)
	}
	return nil
}

// Reset removes every key.
func (kv *KV) Reset() error {
	ctx, cancel := kv.ctx()
	defer cancel()
	if _, err := kv.db.NewDelete().Table(kv.table).Where("TRUE").Exec(ctx); err != nil {
		return fmt.Errorf("store: %s reset: %w", kv.table, err)
	}
	return nil
}

// Close stops the sweeper.
func (kv *KV) Close() error {
	select {
	case <-kv.stop:
	default:
		close(kv.stop)
	}
	return nil
}

func (kv *KV) sweep(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-kv.stop:
			return
		case <-t.C:
			ctx, cancel := kv.ctx()
			_, _ = kv.db.NewDelete().Table(kv.table).Where("expires_at <= ?", kv.now()).Exec(ctx)
			cancel()
		}
	}
}

// endSessions ends every login session of a user: it moves the user's session epoch on,
// which invalidates sessions a request in flight may still write back, and deletes the
// sessions' rows.
func endSessions(ctx context.Context, db bun.IDB, userID int64) error {
	if _, err := db.NewUpdate().Table("users").Set("session_epoch = session_epoch + 1").
		Where("id = ?", userID).Exec(ctx); err != nil {
		return err
	}
	_, err := db.NewDelete().Table("login_sessions").Where("user_id = ?", userID).Exec(ctx)
	return err
}

// StartSession records a login: the session is bound to the user, so that disabling the
// user ends it, the account's failed logins are forgotten, and the login is written to
// the audit log.
func (s *Store) StartSession(ctx context.Context, a domain.Actor, sessionID string) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := tx.NewUpdate().Table("login_sessions").Set("user_id = ?", a.User.ID).
			Where("id = ?", sessionID).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Table("login_failures").Where("account = ?", a.User.Email).Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "login", "user", a.User.ID, nil, nil)
	})
	return dbError("start session", err)
}

// EndSession records a logout; the session itself is deleted by its middleware.
func (s *Store) EndSession(ctx context.Context, a domain.Actor, sessionID string) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := tx.NewDelete().Table("login_sessions").Where("id = ?", sessionID).Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "logout", "user", a.User.ID, nil, nil)
	})
	return dbError("end session", err)
}
