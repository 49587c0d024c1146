// Package loadtest drives Plenary as a crowd of people would on the morning before a
// session: it starts the built binary on loopback with a private PostgreSQL cluster in a
// temporary folder and a scaled synthetic session, logs in users of every role, and has
// them read and write for a while; then it reports throughput, latency per kind of
// request and every error. `make load` runs it.
package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// SessionCode is the synthetic session the load runs on.
const SessionCode = "990 EX"

// Server is a Plenary process started for a load test, and what it was seeded with.
type Server struct {
	URL      string    // http://127.0.0.1:PORT
	Logins   []Account // the synthetic users
	Password string    // of every synthetic user
	Dir      string    // the temporary data folder

	cmd    *exec.Cmd
	exited chan struct{} // closed when the server process has ended
	log    *bytes.Buffer
	keep   bool
}

// Account is one synthetic user: e-mail and role, and a liaison's ministry code.
type Account struct {
	Email    string
	Role     string // admin, staff, liaison or delegate
	Ministry string
}

// ServerOptions say what to start.
type ServerOptions struct {
	Binary string // the plenary binary, e.g. bin/plenary
	Items  int    // items of the synthetic session
	Users  int    // synthetic users of every role
	Keep   bool   // keep the data folder afterwards
	Log    io.Writer
}

// StartServer seeds a new private cluster in a temporary folder (demo data, a session of
// o.Items items, o.Users users) and starts `plenary serve` on a free loopback port. It
// never uses DATABASE_URL: a load test must not touch a real database.
func StartServer(ctx context.Context, o ServerOptions) (*Server, error) {
	dir, err := os.MkdirTemp("", "plenary-load-")
	if err != nil {
		return nil, err
	}
	// Run as root, the private cluster runs as the postgres user, who must be able to
	// enter this folder (not list it) to reach the data folder inside.
	if err := os.Chmod(dir, 0o711); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{Dir: dir, Password: "load-" + strconv.FormatInt(time.Now().UnixNano(), 36), keep: o.Keep}
	fail := func(err error) (*Server, error) {
		s.Stop()
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return fail(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	s.URL = "http://" + addr
	env := serverEnv(dir, addr, s.Password)

	step := func(what string, args ...string) ([]byte, error) {
		fmt.Fprintf(o.Log, "load: %s\n", what)
		cmd := exec.CommandContext(ctx, o.Binary, args...)
		cmd.Env = env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("plenary %s: %w\n%s", strings.Join(args, " "), err, errOut.String())
		}
		return out.Bytes(), nil
	}
	if _, err := step("loading the demo data", "seed", "--demo"); err != nil {
		return fail(err)
	}
	out, err := step(fmt.Sprintf("adding %d items and %d users to %s", o.Items, o.Users, SessionCode),
		"seed", "--scale", strconv.Itoa(o.Items), "--users", strconv.Itoa(o.Users), "--session", SessionCode)
	if err != nil {
		return fail(err)
	}
	if s.Logins, err = parseLogins(out); err != nil {
		return fail(err)
	}

	fmt.Fprintf(o.Log, "load: starting plenary serve on %s\n", addr)
	s.log = new(bytes.Buffer)
	s.cmd = exec.Command(o.Binary, "serve")
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return fail(err)
	}
	s.exited = make(chan struct{})
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	if err := waitReady(ctx, s.URL, s.exited); err != nil {
		return fail(fmt.Errorf("%w\n%s", err, s.log.String()))
	}
	return s, nil
}

// serverEnv is the environment of the Plenary processes: this machine's, without any
// database or address of its own, and with the test's folder, address and password.
func serverEnv(dir, addr, password string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "PLENARY_") || name == "DATABASE_URL" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PLENARY_DATA_DIR="+dir, "PLENARY_ADDR="+addr, "PLENARY_DEMO_PASSWORD="+password,
		"PLENARY_LOG_LEVEL=warn")
}

// parseLogins reads the accounts `plenary seed --users` lists, one a line:
// "  EMAIL  ROLE [MINISTRY]".
func parseLogins(out []byte) ([]Account, error) {
	var as []Account
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || !strings.HasPrefix(sc.Text(), "  ") || !strings.Contains(f[0], "@") {
			continue
		}
		a := Account{Email: f[0], Role: f[1]}
		if len(f) > 2 {
			a.Ministry = f[2]
		}
		as = append(as, a)
	}
	if len(as) == 0 {
		return nil, errors.New("plenary seed --users listed no accounts")
	}
	return as, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady waits until /readyz answers 200, or the process ends, or a minute passes.
func waitReady(ctx context.Context, url string, exited <-chan struct{}) error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("plenary serve ended before it was ready")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		resp, err := http.Get(url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return errors.New("plenary serve was not ready within a minute")
}

// Pid is the server's process id.
func (s *Server) Pid() int {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// PostgresPid is the pid of the private cluster's postmaster, or 0.
func (s *Server) PostgresPid() int {
	b, err := os.ReadFile(s.Dir + "/postgres/postmaster.pid")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}

// Stop ends the server as an operator would (SIGTERM: in-flight requests finish, then
// the private cluster stops) and removes the data folder unless asked to keep it.
func (s *Server) Stop() {
	if s.exited != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	if !s.keep && s.Dir != "" {
		os.RemoveAll(s.Dir)
	}
}

// ServerLog is what the server wrote to its standard output and error, once it has
// stopped.
func (s *Server) ServerLog() string {
	if s.log == nil {
		return ""
	}
	return s.log.String()
}
