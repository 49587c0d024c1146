package pgcluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// start initialises, joins or starts the server; the caller holds the start
// lock and a hold.
func (c *Cluster) start(ctx context.Context) error {
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
		c.logger.Info("pgcluster: joining running PostgreSQL", "dir", c.dir, "port", port)
		return nil
	}
	if err := c.startServer(ctx); err != nil {
		return err
	}
	c.started = true
	if err := markStarted(c.dir); err != nil {
		_ = c.stopLocked()
		return err
	}
	if err := c.waitReady(ctx); err != nil {
		_ = c.stopLocked()
		return fmt.Errorf("%w\nserver log:\n%s", err, readFrom(c.logPath(), 0, 2000))
	}
	c.logger.Info("pgcluster: started PostgreSQL", "dir", c.dir, "version", c.bin.major, "port", c.port, "log", c.logPath())
	return nil
}

func (c *Cluster) passwordPath() string { return c.dir + ".password" }
func (c *Cluster) logPath() string      { return c.dir + ".log" }
func (c *Cluster) pidPath() string      { return filepath.Join(c.dir, "postmaster.pid") }

// workDir is a folder the postgres user can enter (see checkReachable).
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
	c.logger.Info("pgcluster: initialising PostgreSQL cluster", "dir", c.dir, "version", c.bin.major, "binaries", c.bin.dir)
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

// findRunning reports whether the server of this data folder already runs
// and accepts connections, and on which port. A postmaster.pid whose process
// is gone means "not running" (pg_ctl start copes with it); one whose pid now
// belongs to another process is removed, since PostgreSQL would refuse to
// start while that process lives.
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
			switch pidOwner(pid, c.dir) {
			case ownerGone:
				c.logger.Info("pgcluster: stale postmaster.pid, starting afresh", "dir", c.dir, "pid", pid)
				return 0, false, nil
			case ownerStranger:
				c.logger.Warn("pgcluster: postmaster.pid names a process that is not this folder's server; removing it", "dir", c.dir, "pid", pid)
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

// portAttempts is how many ports startServer tries before giving up.
const portAttempts = 3

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

	for attempt := 1; ; attempt++ {
		port, err := c.choosePort()
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
		taken := strings.Contains(serverLog, "could not bind") || strings.Contains(serverLog, "already in use")
		if taken && attempt < portAttempts {
			c.logger.Warn("pgcluster: port taken, retrying with another", "port", port, "attempt", attempt)
			if fi, err := os.Stat(c.logPath()); err == nil {
				offset = fi.Size()
			}
			continue
		}
		what := ""
		if taken {
			what = fmt.Sprintf(" (%d ports tried, each taken by another program)", attempt)
		}
		return fmt.Errorf("pgcluster: starting PostgreSQL in %s%s: %w\npg_ctl: %s\nserver log %s:\n%s",
			c.dir, what, err, strings.TrimSpace(tail(string(out), 1000)), c.logPath(), serverLog)
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

// stopLocked runs pg_ctl stop; the caller holds the start lock.
func (c *Cluster) stopLocked() error {
	ctx, cancel := context.WithTimeout(context.Background(), pgctlTimeout+30*time.Second)
	defer cancel()
	out, err := c.run.command(ctx, c.workDir(), c.bin.pgctl,
		"-D", c.dir, "-m", "fast", "-w", "-t", strconv.Itoa(int(pgctlTimeout/time.Second)), "stop",
	).CombinedOutput()
	if err != nil {
		if _, serr := os.Stat(c.pidPath()); errors.Is(serr, fs.ErrNotExist) {
			clearStarted(c.dir)
			return nil // already down
		}
		return fmt.Errorf("pgcluster: stopping PostgreSQL in %s: %w\n%s", c.dir, err, strings.TrimSpace(tail(string(out), 1000)))
	}
	clearStarted(c.dir)
	c.logger.Info("pgcluster: stopped PostgreSQL", "dir", c.dir)
	return nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
