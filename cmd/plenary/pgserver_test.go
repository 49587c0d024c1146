package main_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/pgcluster"
	"github.com/kncu/plenary/internal/testtool"
)

// privateServer is a PostgreSQL server of the test's own, in a folder of its own, which
// the test stops and starts again as an operator would, with pg_ctl, on the same port.
type privateServer struct {
	t *testing.T
	c *pgcluster.Cluster
}

func newPrivateServer(t *testing.T) *privateServer {
	t.Helper()
	dir, err := testtool.ClusterDir("plenary-outage-")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), outageWait)
	defer cancel()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(dir, "postgres"), Database: "plenary"})
	if err != nil {
		os.RemoveAll(dir)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("stopping PostgreSQL: %v", err)
		}
		os.RemoveAll(dir)
	})
	return &privateServer{t: t, c: c}
}

// pgctl runs pg_ctl on the server's folder, as the postgres user when run as root,
// waiting for the server to have stopped or started.
func (s *privateServer) pgctl(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), outageWait)
	defer cancel()
	name := filepath.Join(s.c.BinDir(), "pg_ctl")
	args = append([]string{"-D", s.c.Dir(), "-w", "-t", "60"}, args...)
	if os.Geteuid() == 0 {
		name, args = "runuser", append([]string{"-u", "postgres", "--", name}, args...)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = filepath.Dir(s.c.Dir()) // one the postgres user can enter
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// stop shuts the server down in fast mode: open sessions are ended and transactions in
// flight rolled back, as in `systemctl stop postgresql`.
func (s *privateServer) stop() {
	s.t.Helper()
	if out, err := s.pgctl("-m", "fast", "stop"); err != nil {
		s.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

// start starts the server again on the port it had, where Plenary looks for it. Should
// another program have taken the port meanwhile (as an outgoing connection's own port,
// say), it tries again for a while.
func (s *privateServer) start() {
	s.t.Helper()
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", s.c.Port())
	for attempt := 1; ; attempt++ {
		out, err := s.pgctl("-l", s.c.LogFile(), "-o", opts, "start")
		if err == nil {
			return
		}
		if attempt == 10 {
			log, _ := os.ReadFile(s.c.LogFile())
			s.t.Fatalf("pg_ctl start: %v\n%s\nserver log:\n%s", err, out, tail(string(log), 2000))
		}
		time.Sleep(time.Second)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
