package pgcluster

import (
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// takenPort holds a port on 127.0.0.1 for the rest of the test, as another
// program that grabbed it between choosing and binding would.
func takenPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

func TestStartRetriesTakenPort(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := newDir(t)
	taken := takenPort(t)
	var mu sync.Mutex
	var offered []int
	choose := func() (int, error) {
		mu.Lock()
		defer mu.Unlock()
		p := taken
		if len(offered) > 0 {
			var err error
			if p, err = freePort(); err != nil {
				return 0, err
			}
		}
		offered = append(offered, p)
		return p, nil
	}
	var logBuf syncBuffer
	c, err := startCluster(ctx, Options{Dir: dir, Logger: slog.New(slog.NewTextHandler(&logBuf, nil))}, choose)
	if err != nil {
		t.Fatalf("Start with the first port taken: %v", err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	if len(offered) != 2 || c.Port() != offered[1] || c.Port() == taken {
		t.Fatalf("ports offered %v, serving on %d; want a second port after %d", offered, c.Port(), taken)
	}
	if err := selectOne(ctx, c.URL("postgres")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logBuf.String(), "port taken") {
		t.Errorf("no warning about the taken port; log:\n%s", logBuf.String())
	}
}

func TestStartGivesUpWhenEveryPortIsTaken(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := newDir(t)
	taken := takenPort(t)
	calls := 0
	c, err := startCluster(ctx, Options{Dir: dir}, func() (int, error) { calls++; return taken, nil })
	if err == nil {
		_ = c.Stop()
		t.Fatal("Start succeeded with every port taken")
	}
	if calls != portAttempts || !strings.Contains(err.Error(), "ports tried") {
		t.Errorf("%d ports tried, err %v; want %d and a message saying so", calls, err, portAttempts)
	}
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("postmaster.pid left behind (%v)", err)
	}
}
