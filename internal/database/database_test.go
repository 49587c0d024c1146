package database_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/testdb"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// foundationTables are the tables of the first migration.
var foundationTables = []string{
	"ministries", "ministry_former_names", "bodies", "users", "sessions",
	"login_sessions", "rate_limits", "audit_log",
}

// tables returns which of names exist in db.
func tables(t *testing.T, db *bun.DB, names []string) map[string]bool {
	t.Helper()
	have := map[string]bool{}
	for _, name := range names {
		var exists bool
		if err := db.NewRaw("SELECT to_regclass(?) IS NOT NULL", name).Scan(context.Background(), &exists); err != nil {
			t.Fatal(err)
		}
		have[name] = exists
	}
	return have
}

func wantTables(t *testing.T, db *bun.DB, exist bool) {
	t.Helper()
	for name, got := range tables(t, db, foundationTables) {
		if got != exist {
			t.Errorf("table %s exists: %v, want %v", name, got, exist)
		}
	}
}

func status(t *testing.T, db *bun.DB) string {
	t.Helper()
	s, err := database.Status(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMigrations migrates an empty database up, rolls it back and migrates it up again.
func TestMigrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.Empty(t)

	if err := database.Migrate(ctx, db, quiet); err != nil {
		t.Fatalf("up: %v", err)
	}
	wantTables(t, db, true)
	s := status(t, db)
	if !strings.Contains(s, "_foundation\tapplied") || strings.Contains(s, "\tpending") {
		t.Errorf("status after up:\n%s\nwant every migration applied", s)
	}

	if err := database.Migrate(ctx, db, quiet); err != nil {
		t.Fatalf("up again, with nothing to do: %v", err)
	}

	if err := database.Rollback(ctx, db, quiet); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	wantTables(t, db, false)
	if s := status(t, db); !strings.Contains(s, "_foundation\tpending") {
		t.Errorf("status after rollback:\n%s\nwant the foundation pending", s)
	}

	if err := database.Migrate(ctx, db, quiet); err != nil {
		t.Fatalf("up after rollback: %v", err)
	}
	wantTables(t, db, true)
}

// TestMigrateConcurrently starts two migrations of one database at once, as two servers
// started together do: one waits for the other's lock and both succeed.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, url := testdb.Empty(t)
	// Up and back down: the schema is empty, but the migrator's own tables exist, as
	// they do once any server has started.
	if err := database.Migrate(ctx, db, quiet); err != nil {
		t.Fatal(err)
	}
	if err := database.Rollback(ctx, db, quiet); err != nil {
		t.Fatal(err)
	}

	errs := migrateAtOnce(t, url, 2)
	for i, err := range errs {
		if err != nil {
			t.Errorf("migration %d: %v", i+1, err)
		}
	}
	wantTables(t, db, true)
}

// TestAuditLogAppendOnly checks that the database itself refuses to change or delete
// history, whatever the application does.
func TestAuditLogAppendOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	var id int64
	err := db.NewRaw("INSERT INTO audit_log (actor, action, entity) VALUES ('test', 'create', 'user') RETURNING id").Scan(ctx, &id)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, sql string
	}{
		{"ErrUpdate", "UPDATE audit_log SET actor = 'someone else' WHERE id = ?"},
		{"ErrDelete", "DELETE FROM audit_log WHERE id = ?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.ExecContext(ctx, tt.sql, id)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("error %v, want the audit log to be append-only", err)
			}
			var actor string
			if err := db.NewRaw("SELECT actor FROM audit_log WHERE id = ?", id).Scan(ctx, &actor); err != nil {
				t.Fatalf("the row is gone: %v", err)
			}
			if got, want := actor, "test"; got != want {
				t.Errorf("actor %q, want %q", got, want)
			}
		})
	}
}

func TestIsEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := testdb.New(t)
	empty, err := database.IsEmpty(ctx, db)
	if err != nil || !empty {
		t.Fatalf("new database: empty %v, %v; want true", empty, err)
	}
	testdb.Demo(t, db)
	empty, err = database.IsEmpty(ctx, db)
	if err != nil || empty {
		t.Fatalf("with the demo data: empty %v, %v; want false", empty, err)
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	_, url := testdb.New(t)
	tests := []struct {
		name, url string
		ok        bool
	}{
		{"OK", url, true},
		{"ErrBadURL", "postgres://%zz", false},
		{"ErrNoDatabase", url + "_missing", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := database.Open(context.Background(), tt.url)
			if db != nil {
				defer db.Close()
			}
			if got, want := err == nil, tt.ok; got != want {
				t.Errorf("error %v, want ok %v", err, want)
			}
		})
	}
}
