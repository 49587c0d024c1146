package main_test

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/pgcluster"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
)

var wrote = regexp.MustCompile(`^wrote (.+): [0-9.]+ (bytes|KiB|MiB) \((\d+) bytes\), (\d+) tables, in `)

// testBackupUsage: the commands explain themselves and need a file.
func testBackupUsage(t *testing.T, bin string) {
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"BackupHelp", []string{"backup", "--help"}, 0, "Usage: plenary backup -o FILE"},
		{"RestoreHelp", []string{"restore", "--help"}, 0, "must hold no data"},
		{"ErrBackupWithoutFile", []string{"backup"}, 2, "Usage: plenary backup"},
		{"ErrRestoreWithoutFile", []string{"restore"}, 2, "Usage: plenary restore"},
		{"ErrRestoreMissingFile", []string{"restore", "no-such.dump"}, 1, "no-such.dump"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, bin, "postgres://127.0.0.1:1/none?connect_timeout=1", "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.out) {
				t.Errorf("exit status %d, want %d; output lacks %q?\n%s%s", r.code, tt.code, tt.out, r.stdout, r.stderr)
			}
		})
	}
}

// testBackupRestoreURL backs up a database given by DATABASE_URL and restores
// it into an empty one: every row of every table comes back, and a restore
// over data is refused without changing anything.
func testBackupRestoreURL(t *testing.T, bin string) {
	src, srcURL := testdb.NewDemo(t)
	want := testdb.Fingerprint(t, src)
	file := filepath.Join(t.TempDir(), "plenary.dump")

	r := run(t, bin, srcURL, "", "backup", "-o", file)
	m := wrote.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil {
		t.Fatalf("backup: exit status %d, output:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if fi, err := os.Stat(file); err != nil || m[3] != itoa(fi.Size()) {
		t.Errorf("backup says %s bytes, file: %v", m[3], err)
	}
	if tables := countPrefix(want, "table "); m[4] != itoa(int64(tables)) {
		t.Errorf("backup says %s tables, the database has %d", m[4], tables)
	}
	if !strings.Contains(r.stderr, "public.audit_log") {
		t.Errorf("no progress line for public.audit_log:\n%s", r.stderr)
	}

	dst, dstURL := testdb.Empty(t)
	r = run(t, bin, dstURL, "", "restore", file)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "restored "+file) {
		t.Fatalf("restore: exit status %d, output:\n%s%s", r.code, r.stdout, r.stderr)
	}
	sameRows(t, testdb.Fingerprint(t, dst), want)

	r = run(t, bin, dstURL, "", "restore", file)
	if r.code != 1 || !strings.Contains(r.stderr, "already holds data") || !strings.Contains(r.stderr, "set DATABASE_URL to it") {
		t.Errorf("restore over data: exit status %d, want 1 and advice:\n%s", r.code, r.stderr)
	}
	sameRows(t, testdb.Fingerprint(t, dst), want)
}

// testPrivateCluster runs the commands on a private cluster, as `make run`
// does: a `plenary serve` started while `plenary seed --scale` (which
// started the cluster) runs keeps its database when the seed ends; backup
// joins a running cluster or starts one; restore fills a new one.
func testPrivateCluster(t *testing.T, bin string) {
	dataDir := reachableDir(t)
	pgdir := filepath.Join(dataDir, "postgres")
	t.Cleanup(func() { stopCluster(t, pgdir) })
	vars := []string{"PLENARY_DATA_DIR=" + dataDir, "PLENARY_LOG_LEVEL=info", "PLENARY_DEMO_PASSWORD=" + testdb.Password}

	if r := runWith(t, bin, "", "", vars, "seed", "--demo"); r.code != 0 {
		t.Fatalf("seed --demo: exit status %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(pgdir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("the cluster still runs after seed --demo, its only user, ended (%v)", err)
	}

	// seed --scale starts the cluster and is paused there, so that serve
	// certainly starts while it runs.
	seed := exec.Command(bin, "seed", "--scale", "2000", "--session", "990 EX")
	seed.Env = env(t, "", vars...)
	seedErr := new(syncBuffer)
	seed.Stdout, seed.Stderr = new(syncBuffer), seedErr
	if err := seed.Start(); err != nil {
		t.Fatal(err)
	}
	seedDone := make(chan error, 1)
	go func() { seedDone <- seed.Wait() }()
	t.Cleanup(func() { _ = seed.Process.Kill() })
	waitFor(t, seedErr, "started the private PostgreSQL cluster", seedDone)
	if err := seed.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-seedDone:
		t.Fatalf("seed --scale ended (%v) before serve could start; its output:\n%s", err, seedErr)
	default:
	}
	postmaster := postmasterPID(t, pgdir)

	srv := startServer(t, bin, "", vars...)
	if !strings.Contains(srv.stderr.String(), "using the running private PostgreSQL cluster") {
		t.Errorf("serve did not join the cluster seed started:\n%s", srv.stderr)
	}
	if err := seed.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	if err := <-seedDone; err != nil {
		t.Fatalf("seed --scale: %v\n%s", err, seedErr)
	}
	if !strings.Contains(seedErr.String(), "leaving PostgreSQL running") {
		t.Errorf("seed did not leave the cluster to serve:\n%s", seedErr)
	}
	if !ready(srv.url) {
		t.Fatal("serve is not ready after seed --scale, which started the cluster, ended")
	}
	if got := postmasterPID(t, pgdir); got != postmaster {
		t.Errorf("postmaster %s, want %s: the cluster was restarted under serve", got, postmaster)
	}

	// A backup joins the running cluster and leaves it to serve.
	running := filepath.Join(t.TempDir(), "running.dump")
	if r := runWith(t, bin, "", "", vars, "backup", "-o", running); r.code != 0 || !wrote.MatchString(r.stdout) {
		t.Fatalf("backup of the running cluster: exit status %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !ready(srv.url) {
		t.Fatal("serve is not ready after a backup")
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-srv.exited
	if _, err := os.Stat(filepath.Join(pgdir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("the cluster still runs after serve, its last user, ended (%v)", err)
	}

	// A backup of the stopped cluster starts it and stops it again.
	stopped := filepath.Join(t.TempDir(), "stopped.dump")
	if r := runWith(t, bin, "", "", vars, "backup", "-o", stopped); r.code != 0 {
		t.Fatalf("backup of the stopped cluster: exit status %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(pgdir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("backup left the cluster running (%v)", err)
	}
	want := clusterFingerprint(t, pgdir)

	// Into a new private cluster, and, refused, over the original.
	newDir := reachableDir(t)
	t.Cleanup(func() { stopCluster(t, filepath.Join(newDir, "postgres")) })
	for _, file := range []string{running, stopped} {
		dir := filepath.Join(newDir, filepath.Base(file))
		r := runWith(t, bin, "", "", []string{"PLENARY_DATA_DIR=" + dir}, "restore", file)
		t.Cleanup(func() { stopCluster(t, filepath.Join(dir, "postgres")) })
		if r.code != 0 {
			t.Fatalf("restore %s into a new cluster: exit status %d\n%s", file, r.code, r.stderr)
		}
		sameRows(t, clusterFingerprint(t, filepath.Join(dir, "postgres")), want)
	}
	r := runWith(t, bin, "", "", vars, "restore", stopped)
	if r.code != 1 || !strings.Contains(r.stderr, "already holds data") || !strings.Contains(r.stderr, "PLENARY_DATA_DIR=") {
		t.Errorf("restore over the cluster's data: exit status %d, want 1 and advice:\n%s", r.code, r.stderr)
	}
	sameRows(t, clusterFingerprint(t, pgdir), want)

	r = runWith(t, bin, "", "", []string{"PLENARY_DATA_DIR=" + filepath.Join(newDir, "nothing")}, "backup", "-o", filepath.Join(newDir, "x.dump"))
	if r.code != 1 || !strings.Contains(r.stderr, "nothing to back up") {
		t.Errorf("backup without a cluster: exit status %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(newDir, "nothing")); !os.IsNotExist(err) {
		t.Errorf("backup without a cluster made one (%v)", err)
	}
}

// sameRows compares two fingerprints; the restored database is the same in
// every table, sequence and the schema.
func sameRows(t *testing.T, got, want map[string]string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s: %q, want %q", k, got[k], want[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d tables, sequences and schema, want %d", len(got), len(want))
	}
}

// clusterFingerprint joins (or starts) the private cluster in dir and
// fingerprints its database.
func clusterFingerprint(t *testing.T, dir string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.Stop(); err != nil {
			t.Error(err)
		}
	}()
	db, err := database.Open(ctx, c.URL("plenary"))
	if err != nil {
		t.Fatal(err)
	}
	defer func(db *bun.DB) { db.Close() }(db)
	return testdb.Fingerprint(t, db)
}

// stopCluster makes sure no server is left running in dir when a test ends.
func stopCluster(t *testing.T, dir string) {
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); err != nil {
		return
	}
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir})
	if err == nil {
		err = c.Stop()
	}
	if err != nil {
		t.Errorf("stopping the cluster in %s: %v", dir, err)
	}
}

// reachableDir is a temporary folder that the postgres user may enter, as the
// folder above a private cluster must be (t.TempDir is private to its owner).
func reachableDir(t *testing.T) string {
	t.Helper()
	dir, err := testtool.ClusterDir("plenary-cmd-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// waitFor waits until out contains text, failing if the process ends first.
func waitFor(t *testing.T, out *syncBuffer, text string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(out.String(), text) {
		select {
		case err := <-done:
			done <- err
			t.Fatalf("process ended (%v) before saying %q:\n%s", err, text, out)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q after a minute:\n%s", text, out)
		}
	}
}

func postmasterPID(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		t.Fatalf("the cluster does not run: %v", err)
	}
	return strings.SplitN(string(b), "\n", 2)[0]
}

func countPrefix(m map[string]string, prefix string) int {
	n := 0
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			n++
		}
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
