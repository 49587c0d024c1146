package pgcluster

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// holderEnv makes the test binary act as a separate process that uses the
// cluster in the folder it names: it starts (or joins) it, prints
// "started=BOOL port=N", waits for a line on standard input, stops its
// handle and prints "left".
const holderEnv = "PGCLUSTER_TEST_HOLDER_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(holderEnv); dir != "" {
		os.Exit(holderMain(dir))
	}
	os.Exit(m.Run())
}

func holderMain(dir string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	c, err := Start(ctx, Options{Dir: dir, Database: "plenary", Logger: logger})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("started=%v port=%d\n", c.Started(), c.Port())
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	if err := c.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("left")
	return 0
}

// holder is a process started by startHolder.
type holder struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *syncBuffer
}

func startHolder(t *testing.T, dir string) (*holder, string) {
	t.Helper()
	h := &holder{cmd: exec.Command(os.Args[0]), stderr: new(syncBuffer)}
	h.cmd.Env = append(os.Environ(), holderEnv+"="+dir)
	h.cmd.Stderr = h.stderr
	var err error
	if h.stdin, err = h.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	h.out = bufio.NewReader(stdout)
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = h.cmd.Process.Kill()
		_ = h.cmd.Wait()
	})
	line, err := h.out.ReadString('\n')
	if err != nil {
		t.Fatalf("holder process: %v\n%s", err, h.stderr)
	}
	return h, strings.TrimSpace(line)
}

// leave asks the holder to stop its handle and waits for it to exit.
func (h *holder) leave(t *testing.T) {
	t.Helper()
	if _, err := io.WriteString(h.stdin, "leave\n"); err != nil {
		t.Fatal(err)
	}
	line, _ := h.out.ReadString('\n')
	if err := h.cmd.Wait(); err != nil || strings.TrimSpace(line) != "left" {
		t.Fatalf("holder exit: %v, output %q\n%s", err, line, h.stderr)
	}
}

func postmasterPID(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		t.Fatalf("postmaster.pid: %v", err)
	}
	return strings.SplitN(string(b), "\n", 2)[0]
}

// serverURL addresses the server of dir on port, without taking a handle.
func serverURL(t *testing.T, dir string, port int) string {
	t.Helper()
	c := &Cluster{dir: dir, port: port}
	if err := c.readPassword(); err != nil {
		t.Fatal(err)
	}
	return c.URL("plenary")
}

// TestServerOutlivesStarter: a process that started the server leaves while
// another, which joined later, still uses it (as `plenary seed --scale` and
// `plenary serve` do); the server stays until the last one leaves, and a
// holder that dies without leaving does not keep it alive.
func TestServerOutlivesStarter(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := newDir(t)

	first, got := startHolder(t, dir)
	var port int
	if _, err := fmt.Sscanf(got, "started=true port=%d", &port); err != nil {
		t.Fatalf("first process: %q, want it to start the server", got)
	}
	pid := postmasterPID(t, dir)
	second, got := startHolder(t, dir)
	if want := fmt.Sprintf("started=false port=%d", port); got != want {
		t.Fatalf("second process: %q, want %q", got, want)
	}

	first.leave(t)
	if err := selectOne(ctx, serverURL(t, dir, port)); err != nil {
		t.Fatalf("server gone after its starter left, while another process uses it: %v", err)
	}
	if got := postmasterPID(t, dir); got != pid {
		t.Errorf("postmaster pid %s, want %s: the server was restarted", got, pid)
	}

	second.leave(t)
	if err := selectOne(ctx, serverURL(t, dir, port)); err == nil {
		t.Fatal("server still answers after the last process left")
	}
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("postmaster.pid after the last process left: %v, want none", err)
	}

	// A holder killed without leaving counts no more.
	starter, got := startHolder(t, dir)
	if !strings.HasPrefix(got, "started=true") {
		t.Fatalf("restart: %q", got)
	}
	fmt.Sscanf(got, "started=true port=%d", &port)
	doomed, _ := startHolder(t, dir)
	if err := doomed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = doomed.cmd.Wait()
	starter.leave(t)
	if err := selectOne(ctx, serverURL(t, dir, port)); err == nil {
		t.Fatal("server still answers: a killed holder kept it alive")
	}
}

// TestJoinedServerStartedElsewhere: a server that no Plenary process started
// (pg_ctl by hand, an older version) is joined and never stopped.
func TestJoinedServerStartedElsewhere(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := newDir(t)
	c1 := start(t, ctx, Options{Dir: dir})
	clearStarted(dir) // as if started by hand
	c2 := start(t, ctx, Options{Dir: dir})
	if c2.Started() {
		t.Fatal("second handle started a server that runs")
	}
	// c1 started it in this very process and knows it: give its share up
	// first, then the joined handle is the last.
	c1.mu.Lock()
	c1.hold.release()
	c1.hold = nil
	c1.mu.Unlock()
	if err := c2.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := selectOne(ctx, c2.URL("postgres")); err != nil {
		t.Fatalf("server started elsewhere was stopped by a handle that joined it: %v", err)
	}
	if err := c1.stopLocked(); err != nil {
		t.Fatal(err)
	}
}

// TestStrangerInPidFile: postmaster.pid names a live PostgreSQL server, but
// of another data folder (its pid recycled, e.g. after a reboot): Start must
// not take that server for its own.
func TestStrangerInPidFile(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	other := start(t, ctx, Options{Dir: newDir(t)})
	dir := newDir(t)
	mine := start(t, ctx, Options{Dir: dir})
	if err := mine.Stop(); err != nil {
		t.Fatal(err)
	}
	pidFile, err := os.ReadFile(filepath.Join(other.Dir(), "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "postmaster.pid"), pidFile, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := pidOwner(mustAtoi(t, postmasterPID(t, dir)), dir); got != ownerStranger {
		t.Fatalf("pidOwner of the other folder's server = %v, want stranger", got)
	}
	again := start(t, ctx, Options{Dir: dir})
	if !again.Started() || again.Port() == other.Port() {
		t.Fatalf("Start joined the server of another folder (port %d), want its own started", again.Port())
	}
	if err := selectOne(ctx, again.URL("postgres")); err != nil {
		t.Fatal(err)
	}
	if got := pidOwner(mustAtoi(t, postmasterPID(t, dir)), dir); got != ownerServer {
		t.Errorf("pidOwner of its own server = %v, want server", got)
	}
	if err := selectOne(ctx, other.URL("postgres")); err != nil {
		t.Errorf("the other folder's server was disturbed: %v", err)
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
