package database_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/testdb"
)

// TestStatementTimeout checks that every connection of the pool carries the configured
// statement_timeout, and that the server ends a statement that outlives it.
func TestStatementTimeout(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := testdb.New(t)

	t.Run("OnEveryConnection", func(t *testing.T) {
		db, err := database.Open(ctx, url, database.StatementTimeout(1500*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		// Hold several connections at once, so that each is a different one.
		pids := map[int]bool{}
		for range 4 {
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var pid int
			var got string
			if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid(), current_setting('statement_timeout')").Scan(&pid, &got); err != nil {
				t.Fatal(err)
			}
			pids[pid] = true
			if want := "1500ms"; got != want {
				t.Errorf("connection %d: statement_timeout %q, want %q", pid, got, want)
			}
		}
		if len(pids) != 4 {
			t.Errorf("%d connections, want 4", len(pids))
		}
	})

	t.Run("UnsetLeavesTheServers", func(t *testing.T) {
		db, err := database.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var got string
		if err := db.QueryRowContext(ctx, "SHOW statement_timeout").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := "0"; got != want {
			t.Errorf("statement_timeout %q, want the server's %q", got, want)
		}
	})

	t.Run("EndsALongStatement", func(t *testing.T) {
		db, err := database.Open(ctx, url, database.StatementTimeout(200*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, "SELECT pg_sleep(600)")
		if pe := (*pgconn.PgError)(nil); !errors.As(err, &pe) || pe.Code != "57014" {
			t.Fatalf("error %v, want query_canceled (57014)", err)
		}
		var one int
		if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
			t.Errorf("the pool after a cancelled statement: %v", err)
		}
	})
}

// TestCancelAtDeadline checks that a query whose context ends is cancelled on the server
// before the call returns, and that its connection stays usable.
func TestCancelAtDeadline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := testdb.New(t)
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the query after the cancelled one reuses its connection
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err = conn.ExecContext(qctx, "SELECT pg_sleep(600)")
	if err == nil {
		t.Fatal("the query outlived its deadline")
	}
	if pe := (*pgconn.PgError)(nil); !errors.Is(err, context.DeadlineExceeded) && !(errors.As(err, &pe) && pe.Code == "57014") {
		t.Errorf("error %v, want the deadline or query_canceled", err)
	}

	other, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var state sql.NullString
	if err := other.QueryRowContext(ctx, "SELECT state FROM pg_stat_activity WHERE pid = ?", pid).Scan(&state); err != nil {
		t.Fatalf("the backend of the cancelled query: %v", err)
	}
	if state.String == "active" {
		t.Errorf("backend %d still runs the query after the call returned", pid)
	}
	var got int
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&got); err != nil {
		t.Fatalf("the connection after the cancelled query: %v", err)
	}
	if got != pid {
		t.Errorf("backend %d after the cancelled query, want the same %d", got, pid)
	}
	conn.Close()
}
