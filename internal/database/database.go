// Package database opens Plenary's PostgreSQL database and applies its schema.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/migrate"

	"github.com/kncu/plenary/migrations"
)

// Option adjusts the pool that Open returns.
type Option func(*pgx.ConnConfig)

// StatementTimeout ends any statement that runs longer than d on the pool's connections
// (PostgreSQL's statement_timeout, set as each connection starts). It is the server's own
// backstop behind the deadline of each request, for a statement whose cancellation never
// arrived. Zero leaves the server's setting.
func StatementTimeout(d time.Duration) Option {
	return func(cfg *pgx.ConnConfig) {
		if d <= 0 {
			return
		}
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(max(d.Milliseconds(), 1), 10)
	}
}

// connectTimeout bounds a connection attempt when the URL sets no connect_timeout, so
// that a database host that does not answer gives an error page well within a request's
// deadline rather than at its end.
const connectTimeout = 5 * time.Second

// cancelGrace is how long a query whose context ended may wait for the server to confirm
// its cancellation before the connection is dropped.
const cancelGrace = time.Second

// Open connects to the database at url. The simple query protocol keeps bun's queries
// free of server-side prepared statements, which connection poolers do not share.
func Open(ctx context.Context, url string, opts ...Option) (*bun.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: parse url: %w", err)
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	// When a request's deadline passes, have the server cancel the statement before the
	// query returns, so that nothing the request started still runs (or waits for a lock)
	// once it has answered, and the connection stays usable. pgx's default drops the
	// connection at once and cancels in the background; that remains the fallback when the
	// server does not confirm within cancelGrace.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}
	}
	for _, o := range opts {
		o(cfg)
	}
	sqldb := stdlib.OpenDB(*cfg)
	sqldb.SetMaxOpenConns(20)
	sqldb.SetMaxIdleConns(10)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	db := bun.NewDB(sqldb, pgdialect.New())
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database: connect: %w", err)
	}
	return db, nil
}

func migrator(db *bun.DB) *migrate.Migrator {
	return migrate.NewMigrator(db, migrations.Migrations)
}

// migrationLockKey is the key of the PostgreSQL advisory lock that serialises migrations.
const migrationLockKey = 0x706c656e61727921 // "plenary!"

// withLock runs fn while holding the migration lock. Servers started at once against one
// database queue on a PostgreSQL advisory lock, so that only one creates bun's migration
// tables and applies migrations while the others wait; bun's own lock is taken inside.
func withLock(ctx context.Context, m *migrate.Migrator, fn func() error) error {
	conn, err := m.DB().Conn(ctx)
	if err != nil {
		return fmt.Errorf("database: migration lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", int64(migrationLockKey)); err != nil {
		return fmt.Errorf("database: waiting for the migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(?)", int64(migrationLockKey)) //nolint:errcheck // the lock ends with the connection anyway
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("database: init migrations: %w", err)
	}
	if err := m.Lock(ctx); err != nil {
		return fmt.Errorf("database: migration lock: %w", err)
	}
	defer m.Unlock(context.WithoutCancel(ctx)) //nolint:errcheck // a failed unlock is reported by the next Lock
	return fn()
}

// Migrate applies every migration not yet applied and reports what it did.
func Migrate(ctx context.Context, db *bun.DB, log *slog.Logger) error {
	m := migrator(db)
	return withLock(ctx, m, func() error {
		group, err := m.Migrate(ctx)
		if err != nil {
			return fmt.Errorf("database: migrate: %w", err)
		}
		if group.IsZero() {
			log.Debug("database schema is up to date")
		} else {
			log.Info("database migrated", "group", group.ID, "migrations", group.Migrations.String())
		}
		return nil
	})
}

// Rollback undoes the last group of migrations.
func Rollback(ctx context.Context, db *bun.DB, log *slog.Logger) error {
	m := migrator(db)
	return withLock(ctx, m, func() error {
		group, err := m.Rollback(ctx)
		if err != nil {
			return fmt.Errorf("database: rollback: %w", err)
		}
		if group.IsZero() {
			log.Info("nothing to roll back")
		} else {
			log.Info("database rolled back", "group", group.ID, "migrations", group.Migrations.String())
		}
		return nil
	})
}

// Status describes every migration and whether it is applied, one per line.
func Status(ctx context.Context, db *bun.DB) (string, error) {
	m := migrator(db)
	if err := m.Init(ctx); err != nil {
		return "", fmt.Errorf("database: init migrations: %w", err)
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return "", fmt.Errorf("database: migration status: %w", err)
	}
	var b strings.Builder
	for _, mig := range ms {
		state := "pending"
		if mig.IsApplied() {
			state = fmt.Sprintf("applied (group %d, %s)", mig.GroupID, mig.MigratedAt.Format(time.RFC3339))
		}
		fmt.Fprintf(&b, "%s_%s\t%s\n", mig.Name, mig.Comment, state)
	}
	return b.String(), nil
}

// IsEmpty reports whether the database holds no users yet, which is when `make run`
// loads the demo data.
func IsEmpty(ctx context.Context, db bun.IDB) (bool, error) {
	var n int
	err := db.NewRaw("SELECT count(*) FROM users").Scan(ctx, &n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("database: count users: %w", err)
	}
	return n == 0, nil
}
