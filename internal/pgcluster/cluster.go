// Package pgcluster runs a private PostgreSQL server out of a data folder, so
// that plenary and its tests work without a separately administered database:
// when no DATABASE_URL is given, the app starts (or joins) the cluster that
// lives in its data folder.
package pgcluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNoBinaries lets callers tell "PostgreSQL is not installed" apart from
// other start failures, so they can tell the user how to fix it instead of
// showing a server log.
var ErrNoBinaries = errors.New("PostgreSQL server binaries not found: install them (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL")

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
	// files Dir+".password", Dir+".log" and Dir+".lock" live next to it.
	Dir string
	// Database is created when missing, so the app can connect to it right
	// after Start. Empty means no database is created.
	Database string
	// Logger receives progress and permission warnings; nil discards them.
	Logger *slog.Logger
}

// Cluster is the handle on a running server, whether this process started it
// or joined one already running in the same data folder, so callers need not
// care which happened.
type Cluster struct {
	dir      string
	port     int
	password string
	started  bool
	bin      binaries
	run      *runner
	logger   *slog.Logger

	mu      sync.Mutex
	stopped bool
}

// Start starts the cluster in opts.Dir, initialising it on first use, or
// reuses it when a postmaster already runs there (e.g. a second `plenary
// serve` on the same data folder), so the data folder alone determines the
// database. Concurrent Starts on the same folder, in any process, are
// serialised.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
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
	bin, err := findBinaries(defaultLibRoot, os.Getenv("PATH"))
	if err != nil {
		return nil, err
	}
	run, err := newRunner()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	unlock, err := lockFile(ctx, dir+".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()

	c := &Cluster{dir: dir, bin: bin, run: run, logger: logger}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	if opts.Database != "" {
		if err := c.CreateDatabase(ctx, opts.Database); err != nil {
			if c.started {
				_ = c.stopLocked()
			}
			return nil, err
		}
	}
	return c, nil
}

// start initialises, joins or starts the server; the caller holds the lock.
func (c *Cluster) start(ctx context.Context) error {
	if err := c.run.ensureTraversable(c.dir, c.logger); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(c.dir, "PG_VERSION")); errors.Is(err, fs.ErrNotExist) {
		if err := c.initialise(ctx); err != nil {
			return err
		}
	} else if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	} else if err := c.readPassword(); err != nil {
		return err
	}

	port, running, err := c.findRunning(ctx)
	if err != nil {
		return err
	}
	if running {
		c.port = port
		c.logger.Info("pgcluster: reusing running PostgreSQL", "dir", c.dir, "port", port)
		return nil
	}
	if err := c.startServer(ctx); err != nil {
		return err
	}
	c.started = true
	if err := c.waitReady(ctx); err != nil {
		_ = c.stopLocked()
		return fmt.Errorf("%w\nserver log:\n%s", err, readFrom(c.logPath(), 0, 2000))
	}
	c.logger.Info("pgcluster: started PostgreSQL", "dir", c.dir, "port", c.port, "log", c.logPath())
	return nil
}

func (c *Cluster) passwordPath() string { return c.dir + ".password" }
func (c *Cluster) logPath() string      { return c.dir + ".log" }
func (c *Cluster) pidPath() string      { return filepath.Join(c.dir, "postmaster.pid") }

// workDir is a folder the postgres user can enter (see ensureTraversable).
func (c *Cluster) workDir() string { return filepath.Dir(c.dir) }

func (c *Cluster) readPassword() error {
	b, err := os.ReadFile(c.passwordPath())
	if err != nil {
		return fmt.Errorf("pgcluster: data folder %s exists but its password cannot be read (remove the data folder to start afresh): %w", c.dir, err)
	}
	c.password = strings.TrimSpace(string(b))
	if c.password == "" {
		return fmt.Errorf("pgcluster: password file %s is empty", c.passwordPath())
	}
	return nil
}

// initialise runs initdb with a fresh random password, which is stored next
// to the data folder before initdb runs so that a crash cannot leave a
// cluster whose password is lost.
func (c *Cluster) initialise(ctx context.Context) error {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	password := hex.EncodeToString(raw)
	if err := os.WriteFile(c.passwordPath(), []byte(password+"\n"), 0o600); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := os.Chmod(c.passwordPath(), 0o600); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := c.run.chown(c.dir); err != nil {
		return err
	}
	pwfile := c.passwordPath()
	if c.run.asPostgres {
		// The stored password file stays private to the invoking user; initdb
		// gets its own copy owned by postgres.
		f, err := os.CreateTemp(c.workDir(), ".initdb-pw-*")
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		defer os.Remove(f.Name())
		_, werr := f.WriteString(password + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("pgcluster: %w", werr)
		}
		if err := c.run.chown(f.Name()); err != nil {
			return err
		}
		pwfile = f.Name()
	}
	c.logger.Info("pgcluster: initialising PostgreSQL cluster", "dir", c.dir, "binaries", c.bin.dir)
	out, err := c.run.command(ctx, c.workDir(), c.bin.initdb,
		"-D", c.dir, "-U", superuser, "-E", "UTF8", "--locale=C.UTF-8",
		"--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile="+pwfile,
	).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgcluster: initdb -D %s: %w\n%s", c.dir, err, tail(string(out), 2000))
	}
	c.password = password
	return nil
}

// findRunning reports whether a server already runs in the data folder and
// accepts connections, and on which port. A stale postmaster.pid (process
// gone) means "not running"; pg_ctl start copes with it.
func (c *Cluster) findRunning(ctx context.Context) (port int, running bool, err error) {
	deadline := time.Now().Add(readyTimeout)
	var lastErr error
	for {
		data, err := os.ReadFile(c.pidPath())
		if errors.Is(err, fs.ErrNotExist) {
			return 0, false, nil
		} else if err != nil {
			return 0, false, fmt.Errorf("pgcluster: %w", err)
		}
		lines := strings.Split(string(data), "\n")
		pid, _ := strconv.Atoi(strings.TrimSpace(lines[0]))
		if pid > 0 {
			if !processAlive(pid) {
				c.logger.Info("pgcluster: stale postmaster.pid, starting afresh", "dir", c.dir, "pid", pid)
				return 0, false, nil
			}
			if !looksLikePostgres(pid) {
				// PostgreSQL itself would refuse to start while the recorded
				// pid is alive, so the stale file must go.
				c.logger.Warn("pgcluster: postmaster.pid names a process that is not PostgreSQL; removing it", "dir", c.dir, "pid", pid)
				if err := os.Remove(c.pidPath()); err != nil {
					return 0, false, fmt.Errorf("pgcluster: %w", err)
				}
				return 0, false, nil
			}
		}
		if len(lines) >= 4 {
			if p, err := strconv.Atoi(strings.TrimSpace(lines[3])); err == nil && p > 0 {
				port = p
				c.port = p
				lastErr = c.ping(ctx, "postgres")
				if lastErr == nil {
					return p, true, nil
				}
				var pgErr *pgconn.PgError
				if errors.As(lastErr, &pgErr) && strings.HasPrefix(pgErr.Code, "28") {
					return 0, false, fmt.Errorf("pgcluster: PostgreSQL runs in %s on port %d but rejects the password in %s: %w", c.dir, p, c.passwordPath(), lastErr)
				}
			}
		}
		if time.Now().After(deadline) {
			return 0, false, fmt.Errorf("pgcluster: a postmaster (pid %d) runs in %s but accepts no connections on 127.0.0.1:%d: %v", pid, c.dir, port, lastErr)
		}
		select {
		case <-ctx.Done():
			return 0, false, fmt.Errorf("pgcluster: waiting for running PostgreSQL in %s: %w", c.dir, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// startServer runs pg_ctl start on a free port, retrying with another port
// when someone else grabbed it between choosing and binding.
func (c *Cluster) startServer(ctx context.Context) error {
	f, err := os.OpenFile(c.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	fi, err := f.Stat()
	_ = f.Close()
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := c.run.chown(c.logPath()); err != nil {
		return err
	}
	offset := fi.Size()

	const attempts = 3
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		// No unix socket: its path would be limited to 107 bytes, and TCP on
		// loopback is all the app needs.
		serverOpts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", port)
		out, err := c.run.command(ctx, c.workDir(), c.bin.pgctl,
			"-D", c.dir, "-l", c.logPath(), "-w", "-t", strconv.Itoa(int(pgctlTimeout/time.Second)),
			"-o", serverOpts, "start",
		).CombinedOutput()
		if err == nil {
			c.port = port
			return nil
		}
		serverLog := readFrom(c.logPath(), offset, 2000)
		if attempt < attempts && (strings.Contains(serverLog, "could not bind") || strings.Contains(serverLog, "already in use")) {
			c.logger.Warn("pgcluster: port taken, retrying", "port", port)
			if fi, err := os.Stat(c.logPath()); err == nil {
				offset = fi.Size()
			}
			continue
		}
		return fmt.Errorf("pgcluster: starting PostgreSQL in %s: %w\npg_ctl: %s\nserver log %s:\n%s",
			c.dir, err, strings.TrimSpace(tail(string(out), 1000)), c.logPath(), serverLog)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgcluster: choosing a port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	return port, nil
}

// waitReady retries connecting until the server answers, bounded by ctx and
// readyTimeout.
func (c *Cluster) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(readyTimeout)
	for {
		err := c.ping(ctx, "postgres")
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pgcluster: PostgreSQL in %s accepts no connections on port %d: %w", c.dir, c.port, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: waiting for PostgreSQL in %s: %w (last error: %v)", c.dir, ctx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
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

// Started tells whether this process started the server, because only the
// starter may stop it: a second process that joined must not pull the
// database from under the first.
func (c *Cluster) Started() bool { return c.started }

// Dir is the absolute data folder, for messages and for tools run against
// the cluster.
func (c *Cluster) Dir() string { return c.dir }

// Port is the TCP port on 127.0.0.1, for callers that build their own
// connection settings instead of using URL.
func (c *Cluster) Port() int { return c.port }

// LogFile is where the server writes its log, so failures can point there.
func (c *Cluster) LogFile() string { return c.logPath() }

// Stop shuts the server down (fast mode: open sessions are cancelled) if this
// process started it, so shutdown of the app or a test does not leave a
// server behind; it does nothing for a joined server and is safe to call
// more than once.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started || c.stopped {
		return nil
	}
	// Hold the start lock so that a concurrent Start elsewhere neither joins
	// a server that is shutting down nor starts one that pg_ctl stop would
	// then wait for.
	ctx, cancel := context.WithTimeout(context.Background(), pgctlTimeout+30*time.Second)
	defer cancel()
	unlock, err := lockFile(ctx, c.dir+".lock")
	if err != nil {
		return err
	}
	defer unlock()
	return c.stopLocked()
}

// stopLocked runs pg_ctl stop; the caller holds the start lock.
func (c *Cluster) stopLocked() error {
	ctx, cancel := context.WithTimeout(context.Background(), pgctlTimeout+30*time.Second)
	defer cancel()
	out, err := c.run.command(ctx, c.workDir(), c.bin.pgctl,
		"-D", c.dir, "-m", "fast", "-w", "-t", strconv.Itoa(int(pgctlTimeout/time.Second)), "stop",
	).CombinedOutput()
	if err != nil {
		if _, serr := os.Stat(c.pidPath()); errors.Is(serr, fs.ErrNotExist) {
			c.stopped = true // already down
			return nil
		}
		return fmt.Errorf("pgcluster: stopping PostgreSQL in %s: %w\n%s", c.dir, err, strings.TrimSpace(tail(string(out), 1000)))
	}
	c.stopped = true
	c.logger.Info("pgcluster: stopped PostgreSQL", "dir", c.dir)
	return nil
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

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
