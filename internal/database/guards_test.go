package database_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/testdb"
)

// TestAuditLogRefusesTruncate: TRUNCATE, which bypasses row triggers, cannot empty the
// audit log either.
func TestAuditLogRefusesTruncate(t *testing.T) {
	t.Parallel()
	db, _ := testdb.New(t)
	if _, err := db.ExecContext(context.Background(), "TRUNCATE audit_log"); err == nil {
		t.Error("TRUNCATE audit_log succeeded, want it refused")
	}
}

// TestMigrateConcurrentlyOnEmptyDatabase: servers started together on a database that has
// never been migrated queue for the lock, and all succeed.
func TestMigrateConcurrentlyOnEmptyDatabase(t *testing.T) {
	t.Parallel()
	_, url := testdb.Empty(t)
	for i, err := range migrateAtOnce(t, url, 3) {
		if err != nil {
			t.Errorf("server %d: %v", i+1, err)
		}
	}
}

// migrateAtOnce migrates the database at url from n connection pools at the same time,
// as n servers started together do, and returns each one's error.
func migrateAtOnce(t *testing.T, url string, n int) []error {
	t.Helper()
	ctx := context.Background()
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range errs {
		db, err := database.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = database.Migrate(ctx, db, quiet)
		}()
	}
	wg.Wait()
	return errs
}
