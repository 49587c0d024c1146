// Package testdb gives tests a real, migrated PostgreSQL database of their own.
//
// A package's TestMain calls Main. The first test that asks for a database starts one
// private cluster for the whole run of that package (or uses TEST_DATABASE_URL) and
// migrates a template database once; a package whose tests never ask starts nothing. Then
// every New copies the template: each test starts from the same empty schema, isolated
// from the others. NewDemo does the same from a second template that holds the demo data,
// loaded once per package. Without PostgreSQL the run fails; it never skips.
package testdb

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/pgcluster"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testtool"
)

var (
	admin    *bun.DB // connection to the maintenance database, to create and drop copies
	baseURL  *url.URL
	template string
	counter  atomic.Int64

	mainRan   bool      // Main was called
	setupOnce sync.Once // starts the cluster on the first request for a database
	setupErr  error
	stopAll   = func() {}
)

// Main runs the tests of a package against a private cluster and stops it afterwards.
func Main(m *testing.M) {
	os.Exit(Run(m))
}

// Run is Main for a TestMain with work of its own to undo afterwards: it returns the
// exit code instead of exiting.
func Run(m *testing.M) int {
	// Tests hash a password for every fixture account and every login: at production
	// cost (64 MiB and a sizeable share of a second each) that would dominate the run.
	store.SetDefaultHasher(store.NewHasher(store.HashConfig{Params: store.CheapHashParams}))
	mainRan = true
	code := m.Run()
	stopAll()
	return code
}

// ready starts the cluster and the template the first time a test needs them.
func ready(tb testing.TB) {
	tb.Helper()
	if !mainRan {
		tb.Fatal("testdb: call testdb.Main from the package's TestMain")
	}
	setupOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		stopAll, setupErr = setup(ctx)
	})
	if setupErr != nil {
		tb.Fatalf("testdb: %v", setupErr)
	}
}

func setup(ctx context.Context) (stop func(), err error) {
	stop = func() {}
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		dir, err := testtool.ClusterDir("plenary-test-")
		if err != nil {
			return stop, err
		}
		c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir + "/postgres", Database: "postgres"})
		if err != nil {
			os.RemoveAll(dir)
			return stop, err
		}
		stop = func() {
			if err := c.Stop(); err != nil {
				fmt.Fprintln(os.Stderr, "testdb: stop:", err)
			}
			os.RemoveAll(dir)
		}
		raw = c.URL("postgres")
	}
	// A private cluster holds only throwaway databases: durability buys nothing there
	// and costs a flush at every commit and every CREATE DATABASE. (TEST_DATABASE_URL
	// names a server the tests do not own, so it is left as it is.)
	fast := os.Getenv("TEST_DATABASE_URL") == ""
	if baseURL, err = url.Parse(raw); err != nil {
		stop()
		return func() {}, fmt.Errorf("TEST_DATABASE_URL: %w", err)
	}
	if admin, err = database.Open(ctx, raw); err != nil {
		stop()
		return func() {}, err
	}
	if fast {
		for _, q := range []string{"ALTER SYSTEM SET fsync = off", "ALTER SYSTEM SET synchronous_commit = off",
			"ALTER SYSTEM SET full_page_writes = off", "SELECT pg_reload_conf()"} {
			if _, err := admin.ExecContext(ctx, q); err != nil {
				admin.Close()
				stop()
				return func() {}, fmt.Errorf("%s: %w", q, err)
			}
		}
	}
	template = fmt.Sprintf("plenary_tpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+template); err != nil {
		stop()
		return func() {}, fmt.Errorf("create template: %w", err)
	}
	db, err := database.Open(ctx, URL(template))
	if err == nil {
		err = database.Migrate(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		db.Close()
	}
	if err != nil {
		stop()
		return func() {}, fmt.Errorf("migrate template: %w", err)
	}
	inner := stop
	return func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+template+"_demo WITH (FORCE)")
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+template+" WITH (FORCE)")
		admin.Close()
		inner()
	}, nil
}

// URL returns the address of the database name on the test server.
func URL(name string) string {
	u := *baseURL
	u.Path = "/" + name
	return u.String()
}

// New returns a new database, migrated and empty, dropped when the test ends, and its URL.
func New(tb testing.TB) (*bun.DB, string) {
	tb.Helper()
	ready(tb)
	return copyOf(tb, template)
}

// NewDemo returns a new database, migrated and loaded with the demo data (see Demo),
// dropped when the test ends, and its URL. The demo data is loaded once per package
// into a template and copied from there, so it costs each test a copy, not a load.
func NewDemo(tb testing.TB) (*bun.DB, string) {
	tb.Helper()
	ready(tb)
	demoOnce.Do(func() { demoErr = makeDemoTemplate() })
	if demoErr != nil {
		tb.Fatalf("testdb: demo template: %v", demoErr)
	}
	return copyOf(tb, template+"_demo")
}

var (
	demoOnce sync.Once
	demoErr  error
)

// makeDemoTemplate copies the empty template and loads the demo data into it. A template
// must have no open connection while it is copied, so the loading one is closed.
func makeDemoTemplate() error {
	ctx := context.Background()
	name := template + "_demo"
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+template); err != nil {
		return err
	}
	db, err := database.Open(ctx, URL(name))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = seed.Demo(ctx, store.New(db), Password)
	return err
}

// Clone returns a new database holding what the test database at dbURL holds, dropped
// when the test ends, and its URL: a test that builds its fixtures once copies them for
// each of its parts that must not see the others' writes. PostgreSQL copies only a
// database nobody is connected to, so every pool on the source must be closed first.
func Clone(tb testing.TB, dbURL string) (*bun.DB, string) {
	tb.Helper()
	ready(tb)
	u, err := url.Parse(dbURL)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	return copyOf(tb, strings.TrimPrefix(u.Path, "/"))
}

// copyOf creates a copy of the database tpl, dropped when the test ends.
func copyOf(tb testing.TB, tpl string) (*bun.DB, string) {
	tb.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("%s_%d", template, counter.Add(1))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tpl); err != nil {
		tb.Fatalf("testdb: create database: %v", err)
	}
	db, err := database.Open(ctx, URL(name))
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	tb.Cleanup(func() {
		db.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("testdb: drop database: %v", err)
		}
	})
	return db, URL(name)
}

// Empty returns a new database without any schema, for tests of the migrations.
func Empty(tb testing.TB) (*bun.DB, string) {
	tb.Helper()
	ready(tb)
	ctx := context.Background()
	name := fmt.Sprintf("%s_e%d", template, counter.Add(1))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("testdb: create database: %v", err)
	}
	db, err := database.Open(ctx, URL(name))
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	tb.Cleanup(func() {
		db.Close()
		_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return db, URL(name)
}
