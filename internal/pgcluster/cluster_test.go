package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kncu/plenary/internal/testtool"
)

// newDir returns a data folder inside a fresh temporary folder, removed at
// the end of the test (after any Stop registered later has run). The folder
// is open to others, as the parent of a data folder must be when the server
// runs as the postgres user.
func newDir(t *testing.T) string {
	t.Helper()
	tmp, err := testtool.ClusterDir("pgcluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(tmp) })
	return filepath.Join(tmp, "postgres")
}

func start(t *testing.T, ctx context.Context, opts Options) *Cluster {
	t.Helper()
	c, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("cleanup Stop: %v", err)
		}
	})
	return c
}

func selectOne(ctx context.Context, dsn string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return err
	}
	if one != 1 {
		return errors.New("SELECT 1 did not return 1")
	}
	return nil
}

func TestStartReuseStop(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := newDir(t)
	var logBuf syncBuffer
	logger := slog.New(slog.NewTextHandler(&logBuf, nil))

	c1 := start(t, ctx, Options{Dir: dir, Database: "plenary_test", Logger: logger})
	if !c1.Started() {
		t.Fatal("first Start: Started() = false, want true")
	}
	if err := selectOne(ctx, c1.URL("plenary_test")); err != nil {
		t.Fatalf("SELECT 1 on %s: %v", c1.URL("plenary_test"), err)
	}
	u, err := url.Parse(c1.URL("x"))
	if err != nil || u.Hostname() != "127.0.0.1" || u.User.Username() != "plenary" {
		t.Fatalf("URL = %q (%v), want plenary@127.0.0.1", c1.URL("x"), err)
	}
	if pw, _ := u.User.Password(); len(pw) != 32 {
		t.Fatalf("password %q, want 32 hex characters", pw)
	}
	fi, err := os.Stat(dir + ".password")
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v, mode %v; want 0600", err, fi.Mode())
	}
	if got, want := mustStat(t, filepath.Dir(dir)).Mode().Perm(), fs.FileMode(0o711); got != want {
		t.Errorf("parent folder's permissions changed to %v, want %v as before", got, want)
	}

	for i := range 2 {
		if err := c1.CreateDatabase(ctx, "extra-db"); err != nil {
			t.Fatalf("CreateDatabase #%d: %v", i+1, err)
		}
	}
	if err := selectOne(ctx, c1.URL("extra-db")); err != nil {
		t.Fatalf("SELECT 1 in extra-db: %v", err)
	}

	// A second Start on the same folder joins the running server, and
	// leaving it does not stop the server the first still uses.
	pid, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	c2 := start(t, ctx, Options{Dir: dir, Database: "plenary_test"})
	if c2.Started() {
		t.Fatal("second Start: Started() = true, want false (reuse)")
	}
	if c2.Port() != c1.Port() || c2.URL("a") != c1.URL("a") {
		t.Fatalf("second Start URL %q, want %q", c2.URL("a"), c1.URL("a"))
	}
	if err := c2.Stop(); err != nil {
		t.Fatalf("Stop of joined cluster: %v", err)
	}
	if err := selectOne(ctx, c2.URL("plenary_test")); err != nil {
		t.Fatalf("server gone after Stop of the joined cluster: %v", err)
	}
	if !strings.Contains(logBuf.String(), "started PostgreSQL") {
		t.Errorf("no log of the start; log:\n%s", logBuf.String())
	}

	if err := c1.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := c1.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if err := selectOne(ctx, c1.URL("plenary_test")); err == nil {
		t.Fatal("server still answers after Stop")
	}

	// A stale postmaster.pid (its process is gone) must not prevent a restart.
	pidPath := filepath.Join(dir, "postmaster.pid")
	if err := os.WriteFile(pidPath, pid, 0o600); err != nil {
		t.Fatal(err)
	}
	if st, ok := mustStat(t, dir).Sys().(*syscall.Stat_t); ok {
		// As the server would have left it: owned by the data folder's owner.
		if err := os.Chown(pidPath, int(st.Uid), int(st.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	c3 := start(t, ctx, Options{Dir: dir})
	if !c3.Started() {
		t.Fatal("Start after stale pid: Started() = false, want true")
	}
	if err := selectOne(ctx, c3.URL("extra-db")); err != nil {
		t.Fatalf("SELECT 1 after restart: %v", err)
	}
	if err := c3.Stop(); err != nil {
		t.Fatalf("Stop after restart: %v", err)
	}
}

func TestConcurrentStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := newDir(t)

	var wg sync.WaitGroup
	clusters := make([]*Cluster, 2)
	errs := make([]error, 2)
	for i := range clusters {
		wg.Go(func() { clusters[i], errs[i] = Start(ctx, Options{Dir: dir, Database: "plenary"}) })
	}
	wg.Wait()
	for _, c := range clusters {
		if c != nil {
			t.Cleanup(func() { _ = c.Stop() })
		}
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Start #%d: %v", i+1, err)
		}
	}
	if clusters[0].Started() == clusters[1].Started() {
		t.Fatalf("Started() = %v and %v, want exactly one true", clusters[0].Started(), clusters[1].Started())
	}
	if clusters[0].URL("plenary") != clusters[1].URL("plenary") {
		t.Fatalf("URLs differ: %q vs %q", clusters[0].URL("plenary"), clusters[1].URL("plenary"))
	}
	if err := selectOne(ctx, clusters[1].URL("plenary")); err != nil {
		t.Fatal(err)
	}
}

func TestBinariesFound(t *testing.T) {
	t.Parallel()
	b, err := findBinaries(defaultLibRoot, os.Getenv("PATH"), 0)
	if err != nil {
		t.Fatalf("PostgreSQL binaries are required for these tests: %v", err)
	}
	if filepath.Dir(b.pgctl) != b.dir || filepath.Dir(b.postgres) != b.dir {
		t.Fatalf("binaries from different folders: %+v", b)
	}
}

func TestNoBinaries(t *testing.T) {
	t.Parallel()
	_, err := findBinaries(filepath.Join(t.TempDir(), "none"), t.TempDir(), 0)
	if !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("err = %v, want ErrNoBinaries", err)
	}
	if !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Fatalf("message %q does not say what to install", err)
	}
}

func mustStat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// syncBuffer is a bytes.Buffer safe for the logger and the test to share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
