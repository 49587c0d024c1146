package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/config"
	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/pgcluster"
	"github.com/kncu/plenary/internal/store"
)

// env is what every command works with: the configuration, a logger and the database.
type env struct {
	cfg     *config.Config
	log     *slog.Logger
	db      *bun.DB
	cluster *pgcluster.Cluster
	url     string // of the database, for the tools that connect themselves
	// now is the clock of everything the command dates or writes: the store's, the web
	// server's, an export's "generated at".
	now func() time.Time
}

// clusterDir is the data folder of the private cluster.
func clusterDir(cfg *config.Config) (string, error) {
	return filepath.Abs(filepath.Join(cfg.DataDir, "postgres"))
}

// open reads the configuration and connects to the database: DATABASE_URL when given,
// otherwise the private cluster in PLENARY_DATA_DIR/postgres, started if need be.
func open(ctx context.Context, stderr io.Writer) (*env, error) {
	cfg, err := config.Load()
	if err != nil {
		return nil, err
	}
	level, _ := cfg.Level()
	e := &env{cfg: cfg, log: newLogger(stderr, level), now: time.Now}
	url := cfg.DatabaseURL
	if url == "" {
		dir, err := clusterDir(cfg)
		if err != nil {
			return nil, err
		}
		e.cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Database: "plenary", Logger: e.log})
		if err != nil {
			return nil, err
		}
		if e.cluster.Started() {
			e.log.Info("started the private PostgreSQL cluster", "dir", dir, "port", e.cluster.Port())
		} else {
			e.log.Info("using the running private PostgreSQL cluster", "dir", dir, "port", e.cluster.Port())
		}
		url = e.cluster.URL("plenary")
	}
	e.url = url
	if e.db, err = database.Open(ctx, url, database.StatementTimeout(cfg.StatementTimeout)); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

// close closes the pool and leaves the private cluster, which stops when no
// other process (e.g. a `plenary serve`) still uses it, whoever started it.
func (e *env) close() {
	if e.db != nil {
		e.db.Close()
	}
	if e.cluster != nil {
		if err := e.cluster.Stop(); err != nil {
			e.log.Error("stopping the private PostgreSQL cluster", "err", err)
		}
	}
}

func (e *env) migrate(ctx context.Context) error {
	if err := database.Migrate(ctx, e.db, e.log); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// withStore opens the database, migrates it to the schema this program's store expects,
// and runs fn with the environment and a store on it; everything is closed when fn
// returns.
func withStore(ctx context.Context, stderr io.Writer, fn func(e *env, st *store.Store) error) error {
	e, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	if err := e.migrate(ctx); err != nil {
		return err
	}
	return fn(e, store.New(e.db).WithClock(e.now))
}
