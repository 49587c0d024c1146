// Package pgcluster runs a private PostgreSQL server out of a data folder, so
// that plenary and its tests work without a separately administered database:
// when no DATABASE_URL is given, the app starts (or joins) the cluster that
// lives in its data folder.
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// superuser is the role initdb creates; a fixed name keeps URLs predictable.
const superuser = "plenary"

// Time limits that apply even when the caller's context has no deadline.
const (
	pgctlTimeout  = 60 * time.Second // passed to pg_ctl -t
	readyTimeout  = 30 * time.Second // waiting for a server to accept connections
	attemptLength = 3 * time.Second  // one connection attempt
)

// Options configure a cluster; they are the few choices a caller must make,
// everything else (user, auth, port) is decided here so every caller gets
// the same, safe setup.
type Options struct {
	// Dir is the data folder, e.g. ".data/postgres". It is made absolute so
	// that the server, which runs with another working folder, finds it. The
	// files Dir+".password", Dir+".log", Dir+".lock" and Dir+".holders" live
	// next to it.
	Dir string
	// Database is created when missing, so the app can connect to it right
	// after Start. Empty means no database is created.
	Database string
	// Logger receives progress and warnings; nil discards them.
	Logger *slog.Logger
}

// Cluster is one process's handle on the server of a data folder, whether it
// started the server or joined one already running, so callers need not care
// which happened: the server runs until the last handle, in any process, is
// stopped (see hold.go).
type Cluster struct {
	dir        string
	port       int
	password   string
	started    bool
	bin        binaries
	run        *runner
	logger     *slog.Logger
	choosePort func() (int, error)

	mu   sync.Mutex
	hold *hold // nil once stopped
}

// Start starts the cluster in opts.Dir, initialising it on first use, or
// joins the server already running there (e.g. that of a `plenary serve` on
// the same data folder), so the data folder alone determines the database.
// Concurrent Starts on the same folder, in any process, are serialised. Every
// successful Start must be matched by a Stop.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	return startCluster(ctx, opts, freePort)
}

func startCluster(ctx context.Context, opts Options, choosePort func() (int, error)) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("pgcluster: Options.Dir is empty")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	run, err := newRunner()
	if err != nil {
		return nil, err
	}
	if run.asPostgres {
		if err := checkReachable(dir, run.uid, run.gids, "postgres"); err != nil {
			return nil, err
		}
	}
	if err := mkdirReachable(filepath.Dir(dir)); err != nil {
		return nil, err
	}
	unlock, err := lockFile(ctx, dir+".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()

	major, err := dataVersion(dir)
	if err != nil {
		return nil, err
	}
	bin, err := findBinaries(defaultLibRoot, os.Getenv("PATH"), major)
	if err != nil {
		if major != 0 {
			return nil, fmt.Errorf("%w (data folder %s)", err, dir)
		}
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin, run: run, logger: logger, choosePort: choosePort}
	if c.hold, err = takeHold(dir); err != nil {
		return nil, err
	}
	if err := c.start(ctx); err != nil {
		c.hold.release()
		return nil, err
	}
	if opts.Database != "" {
		if err := c.CreateDatabase(ctx, opts.Database); err != nil {
			_ = c.leaveLocked()
			return nil, err
		}
	}
	return c, nil
}

// URL gives a pgx-compatible connection URL, over TCP on 127.0.0.1 with the
// cluster's password, so callers never handle ports or credentials
// themselves. An empty database means the maintenance database "postgres".
func (c *Cluster) URL(database string) string {
	if database == "" {
		database = "postgres"
	}
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(superuser, c.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Started tells whether this handle started the server rather than joining
// a running one, for messages; it does not decide who stops the server.
func (c *Cluster) Started() bool { return c.started }

// Dir is the absolute data folder, for messages and for tools run against
// the cluster.
func (c *Cluster) Dir() string { return c.dir }

// Port is the TCP port on 127.0.0.1, for callers that build their own
// connection settings instead of using URL.
func (c *Cluster) Port() int { return c.port }

// LogFile is where the server writes its log, so failures can point there.
func (c *Cluster) LogFile() string { return c.logPath() }

// BinDir is the folder of the server's programs, where the client tools of
// the same version (pg_dump, pg_restore, psql) live too.
func (c *Cluster) BinDir() string { return c.bin.dir }

// Major is the PostgreSQL major version of the server.
func (c *Cluster) Major() int { return c.bin.major }

// Stop gives up this handle's use of the server and shuts the server down
// (fast mode: open sessions are cancelled) if no other handle, in this or
// another process, still uses it, so that a `plenary serve` keeps its
// database when a command that happened to start the server ends, and the
// last user leaves nothing behind. It is safe to call more than once.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hold == nil {
		return nil
	}
	// Under the start lock, so that a concurrent Start elsewhere neither joins
	// a server that is shutting down nor starts one that pg_ctl stop would
	// then wait for.
	ctx, cancel := context.WithTimeout(context.Background(), pgctlTimeout+30*time.Second)
	defer cancel()
	unlock, err := lockFile(ctx, c.dir+".lock")
	if err != nil {
		return err
	}
	defer unlock()
	return c.leaveLocked()
}

// leaveLocked releases the hold and stops the server if this was the last
// one; the caller holds the start lock.
func (c *Cluster) leaveLocked() error {
	last := c.hold.release()
	c.hold = nil
	switch {
	case !last:
		c.logger.Info("pgcluster: leaving PostgreSQL running for the other processes that use it", "dir", c.dir)
		return nil
	case !c.started && !startedByPlenary(c.dir):
		c.logger.Info("pgcluster: leaving PostgreSQL running: it was not started by plenary", "dir", c.dir)
		return nil
	}
	return c.stopLocked()
}

// CreateDatabase creates a database unless it exists, so callers (the app at
// start-up, tests wanting a fresh database) can call it unconditionally.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	if name == "" {
		return errors.New("pgcluster: CreateDatabase: empty name")
	}
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: create database %q: %w", name, err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("pgcluster: create database %q: %w", name, err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		var pgErr *pgconn.PgError
		// 42P04 duplicate_database, 23505 unique_violation: a concurrent
		// creator won the race, which is fine.
		if errors.As(err, &pgErr) && (pgErr.Code == "42P04" || pgErr.Code == "23505") {
			return nil
		}
		return fmt.Errorf("pgcluster: create database %q: %w", name, err)
	}
	c.logger.Info("pgcluster: created database", "name", name)
	return nil
}

func (c *Cluster) ping(ctx context.Context, database string) error {
	ctx, cancel := context.WithTimeout(ctx, attemptLength)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL(database))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return conn.Ping(ctx)
}
