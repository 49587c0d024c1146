package testdb

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
)

// Password is the password of every fixture account.
const Password = "correct-horse-battery"

// Demo loads the demo data into db, the standard fixtures of every test that needs
// users, ministries, bodies and sessions.
func Demo(tb testing.TB, db *bun.DB) *seed.Accounts {
	tb.Helper()
	a, err := seed.Demo(context.Background(), store.New(db), Password)
	if err != nil {
		tb.Fatalf("testdb: demo data: %v", err)
	}
	return a
}
