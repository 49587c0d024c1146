package main_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestCommands runs the plenary binary as an operator would: built once, then started
// as servers and run as commands against databases of the test server.
func TestCommands(t *testing.T) {
	t.Parallel()
	bin := plenaryBinary(t, false)

	t.Run("BackupUsage", func(t *testing.T) { t.Parallel(); testBackupUsage(t, bin) })
	t.Run("BackupRestore", func(t *testing.T) { t.Parallel(); testBackupRestoreURL(t, bin) })
	t.Run("PrivateCluster", func(t *testing.T) { t.Parallel(); testPrivateCluster(t, bin) })

	t.Run("TwoServersShareLogins", func(t *testing.T) {
		t.Parallel()
		db, dbURL := testdb.NewDemo(t)
		staff, err := store.New(db).UserByEmail(context.Background(), "staff@plenary.example")
		if err != nil {
			t.Fatal(err)
		}
		one, two := startServer(t, bin, dbURL), startServer(t, bin, dbURL)
		b := newBrowser(t)

		token := b.csrf(one.url + "/login")
		resp, _ := b.post(one.url+"/login", url.Values{"_csrf": {token}, "email": {staff.Email}, "password": {testdb.Password}})
		if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("login on server 1: status %d, want %d", got, want)
		}
		resp, body := b.get(two.url + "/")
		if got, want := resp.StatusCode, http.StatusOK; got != want {
			t.Fatalf("GET / on server 2: status %d, want %d", got, want)
		}
		if !strings.Contains(body, staff.Name) {
			t.Errorf("server 2 does not greet %q", staff.Name)
		}

		// A logout on one server ends the session on the other.
		token = b.csrf(two.url + "/")
		resp, _ = b.post(two.url+"/logout", url.Values{"_csrf": {token}})
		if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("logout on server 2: status %d, want %d", got, want)
		}
		resp, _ = b.get(one.url + "/")
		if got, want := resp.Header.Get("Location"), "/login?next=%2F"; got != want {
			t.Errorf("GET / on server 1 after logout: Location %q, want %q", got, want)
		}
	})

	t.Run("TwoServersMailOnce", func(t *testing.T) { t.Parallel(); testTwoServersMailOnce(t, bin) })

	t.Run("GracefulShutdown", func(t *testing.T) {
		t.Parallel()
		_, dbURL := testdb.New(t)
		s := startServer(t, bin, dbURL)
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		select {
		case <-s.exited:
			if s.err != nil {
				t.Errorf("exit after SIGTERM: %v, want status 0\n%s", s.err, s.stderr)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("still running 10s after SIGTERM")
		}
	})

	t.Run("Usage", func(t *testing.T) {
		t.Parallel()
		tests := []struct {
			name string
			args []string
			code int
			out  string // in stdout or stderr
		}{
			{"Help", []string{"--help"}, 0, "Usage:"},
			{"MigrateHelp", []string{"migrate", "--help"}, 0, "Usage: plenary migrate"},
			{"UserHelp", []string{"user", "--help"}, 0, "Usage: plenary user add"},
			{"ErrNoCommand", nil, 2, "Usage:"},
			{"ErrUnknownCommand", []string{"bogus"}, 2, `unknown command "bogus"`},
			{"ErrUnknownFlag", []string{"serve", "--bogus"}, 2, "-bogus"},
			{"ErrUnknownMigration", []string{"migrate", "sideways"}, 2, "Usage: plenary migrate"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// No database: none of these may need one.
				r := run(t, bin, "postgres://127.0.0.1:1/none?connect_timeout=1", "", tt.args...)
				if got, want := r.code, tt.code; got != want {
					t.Errorf("exit status %d, want %d\n%s%s", got, want, r.stdout, r.stderr)
				}
				if !strings.Contains(r.stdout+r.stderr, tt.out) {
					t.Errorf("output lacks %q:\n%s%s", tt.out, r.stdout, r.stderr)
				}
			})
		}
	})

	t.Run("InitCost", func(t *testing.T) {
		// Starting the binary does no heavy work before main: every command, --help
		// included, pays for package initialisation. Allocations are the measure here;
		// the clock, which depends on the machine's load, is for the benchmark notes.
		t.Parallel()
		cmd := exec.Command(bin, "--help")
		cmd.Env = append(env(t, "postgres://127.0.0.1:1/none"), "GODEBUG=inittrace=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("plenary --help: %v\n%s", err, out)
		}
		total := 0
		for _, m := range initLine.FindAllStringSubmatch(string(out), -1) {
			n, _ := strconv.Atoi(m[2])
			total += n
			if n > 4<<20 {
				t.Errorf("init of %s allocates %d bytes, want under 4 MiB", m[1], n)
			}
		}
		if total == 0 {
			t.Fatalf("no init trace in the output:\n%s", out)
		}
		if total > 8<<20 {
			t.Errorf("package initialisation allocates %d bytes in all, want under 8 MiB", total)
		}
	})

	t.Run("MigrateStatus", func(t *testing.T) {
		t.Parallel()
		_, dbURL := testdb.New(t)
		r := run(t, bin, dbURL, "", "migrate", "status")
		if r.code != 0 || !strings.Contains(r.stdout, "_foundation\tapplied") {
			t.Errorf("exit status %d, output:\n%s%s\nwant the foundation applied", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("UserAdd", func(t *testing.T) {
		t.Parallel()
		db, dbURL := testdb.NewDemo(t)
		st := store.New(db)
		count := func(table string) int {
			n, err := db.NewSelect().Table(table).Count(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}

		failures := []struct {
			name     string
			args     []string
			want     string
			password string // piped in; "" means a good one
		}{
			{"ErrEmailInvalid", []string{"--email", "not-an-email", "--name", "정하늘", "--role", "staff"}, "--email", ""},
			{"ErrRoleInvalid", []string{"--email", "jung@plenary.example", "--name", "정하늘", "--role", "boss"}, "--role", ""},
			{"ErrLiaisonWithoutMinistry", []string{"--email", "jung@plenary.example", "--name", "정하늘", "--role", "liaison"}, "--ministry", ""},
			{"ErrUnknownMinistry", []string{"--email", "jung@plenary.example", "--name", "정하늘", "--role", "liaison", "--ministry", "NOPE"}, "--ministry", ""},
			{"ErrPasswordShort", []string{"--email", "jung@plenary.example", "--name", "정하늘", "--role", "staff"}, "--password-stdin", "too-short"},
			// Twelve bytes, four characters.
			{"ErrPasswordShortKorean", []string{"--email", "jung@plenary.example", "--name", "정하늘", "--role", "staff"}, "at least 12 characters", "비밀번호"},
			{"ErrPasswordEmail", []string{"--email", "jung@plenary.example", "--name", "정하늘", "--role", "staff"}, "e-mail address", "Jung@Plenary.Example"},
			{"ErrPasswordCommon", []string{"--email", "jung@plenary.example", "--name", "정하늘", "--role", "staff"}, "most common", "Password2024!"},
		}
		for _, tt := range failures {
			t.Run(tt.name, func(t *testing.T) {
				users, audits := count("users"), count("audit_log")
				password := "a-long-enough-password\n"
				if tt.password != "" {
					password = tt.password + "\n"
				}
				r := run(t, bin, dbURL, password, append([]string{"user", "add", "--password-stdin"}, tt.args...)...)
				if r.code == 0 {
					t.Fatalf("exit status 0, want a failure\n%s", r.stdout)
				}
				if !strings.Contains(r.stderr, tt.want) {
					t.Errorf("error output does not name %s:\n%s", tt.want, r.stderr)
				}
				if got, want := count("users"), users; got != want {
					t.Errorf("%d users, want %d", got, want)
				}
				if got, want := count("audit_log"), audits; got != want {
					t.Errorf("%d audit rows, want %d", got, want)
				}
			})
		}

		t.Run("OK", func(t *testing.T) {
			r := run(t, bin, dbURL, "a-long-enough-password\n", "user", "add", "--password-stdin",
				"--email", "Jung@Plenary.Example", "--name", "정하늘 Jung Haneul", "--role", "liaison", "--ministry", "moe")
			if r.code != 0 {
				t.Fatalf("exit status %d\n%s", r.code, r.stderr)
			}
			if got, want := r.stdout, "created user jung@plenary.example (liaison)\n"; got != want {
				t.Errorf("output %q, want %q", got, want)
			}
			u, err := st.Authenticate(context.Background(), "jung@plenary.example", "a-long-enough-password")
			if err != nil {
				t.Fatalf("logging in as the new user: %v", err)
			}
			if u.Ministry == nil || u.Ministry.Code != "MOE" {
				t.Errorf("ministry %v, want MOE", u.Ministry)
			}
		})
	})
}

// TestPasswordCommands: `user passwd` applies the same rule as `user add` and the web,
// counting characters, not bytes; PLENARY_DEMO_PASSWORD is held to it before anything is
// loaded.
func TestPasswordCommands(t *testing.T) {
	t.Parallel()
	bin := plenaryBinary(t, false)
	db, dbURL := testdb.NewDemo(t)
	st := store.New(db)

	t.Run("UserPasswd", func(t *testing.T) {
		for _, tt := range []struct{ password, want string }{
			{"비밀번호", "at least 12 characters"}, // 12 bytes, 4 characters
			{"가나다라마바사아자차카", "at least 12 characters"},
			{"staff@plenary.example", "e-mail address"},
			{"qwertyuiop123", "most common"},
		} {
			r := run(t, bin, dbURL, tt.password+"\n", "user", "passwd", "--password-stdin", "--email", "staff@plenary.example")
			if r.code == 0 || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "--password-stdin") {
				t.Errorf("passwd %q: exit status %d, output %q; want a failure naming --password-stdin and %q", tt.password, r.code, r.stderr, tt.want)
			}
		}
		if _, err := st.Authenticate(context.Background(), "staff@plenary.example", testdb.Password); err != nil {
			t.Fatalf("the refused passwords changed the password: %v", err)
		}
		const good = "열두 글자가 넘는 비밀번호"
		r := run(t, bin, dbURL, good+"\n", "user", "passwd", "--password-stdin", "--email", "staff@plenary.example")
		if r.code != 0 {
			t.Fatalf("passwd: exit status %d\n%s", r.code, r.stderr)
		}
		if _, err := st.Authenticate(context.Background(), "staff@plenary.example", good); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
	})

	t.Run("ErrDemoPassword", func(t *testing.T) {
		_, empty := testdb.New(t)
		for _, pw := range []string{"비밀번호", "password1234"} {
			r := runWith(t, bin, empty, "", []string{"PLENARY_DEMO_PASSWORD=" + pw}, "seed", "--demo")
			if r.code == 0 || !strings.Contains(r.stderr, "PLENARY_DEMO_PASSWORD") {
				t.Errorf("seed with PLENARY_DEMO_PASSWORD=%q: exit status %d, output %q; want a failure naming it", pw, r.code, r.stderr)
			}
		}
	})
}

// initLine matches a line of GODEBUG=inittrace=1: the package and the bytes its
// initialisation allocated.
var initLine = regexp.MustCompile(`(?m)^init (\S+) @[^,]+, [^,]+ clock, (\d+) bytes`)

// env is the environment of a plenary process: this one's, without any Plenary setting,
// and with the database at dbURL.
func env(t testing.TB, dbURL string, vars ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PLENARY_") && !strings.HasPrefix(kv, "DATABASE_URL=") {
			out = append(out, kv)
		}
	}
	out = append(out, "DATABASE_URL="+dbURL, "PLENARY_DATA_DIR="+t.TempDir(), "PLENARY_LOG_LEVEL=warn")
	return append(out, vars...)
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs plenary with args and stdin to the end.
func run(t testing.TB, bin, dbURL, stdin string, args ...string) result {
	t.Helper()
	return runWith(t, bin, dbURL, stdin, nil, args...)
}

// runWith runs plenary with the environment variables vars set as well.
func runWith(t testing.TB, bin, dbURL, stdin string, vars []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env(t, dbURL, vars...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("plenary %v: %v", args, err)
	}
	return result{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
}

// server is a running `plenary serve`.
type server struct {
	url    string
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited, with err its result
	err    error
	stderr *syncBuffer
}

var servingOn = regexp.MustCompile(`serving on (http://[^/\s]+)`)

// startServer starts `plenary serve` on a free port of the loopback interface, with the
// environment variables vars set as well, and waits until it is ready. The process is
// killed when the test ends, if it still runs.
func startServer(t testing.TB, bin, dbURL string, vars ...string) *server {
	t.Helper()
	s := &server{cmd: exec.Command(bin, "serve"), exited: make(chan struct{}), stderr: new(syncBuffer)}
	stdout := new(syncBuffer)
	s.cmd.Env = env(t, dbURL, append([]string{"PLENARY_ADDR=127.0.0.1:0"}, vars...)...)
	s.cmd.Stdout, s.cmd.Stderr = stdout, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			s.cmd.Process.Kill()
			<-s.exited
		}
	})

	deadline := time.Now().Add(time.Minute)
	for s.url == "" || !ready(s.url) {
		if m := servingOn.FindStringSubmatch(stdout.String()); m != nil {
			s.url = m[1]
		}
		select {
		case <-s.exited:
			t.Fatalf("plenary serve exited: %v\n%s", s.err, s.stderr)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("plenary serve not ready after a minute\n%s%s", stdout, s.stderr)
		}
	}
	return s
}

func ready(base string) bool {
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// syncBuffer is a bytes.Buffer that a process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// browser is an HTTP client with cookies that does not follow redirects.
type browser struct {
	t *testing.T
	c *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, c: &http.Client{
		Jar:           jar,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (b *browser) read(resp *http.Response, err error) (*http.Response, string) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, string(body)
}

func (b *browser) get(u string) (*http.Response, string) {
	b.t.Helper()
	return b.read(b.c.Get(u))
}

func (b *browser) post(u string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	return b.read(b.c.PostForm(u, form))
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf reads the page at u and returns the CSRF token of its forms.
func (b *browser) csrf(u string) string {
	b.t.Helper()
	resp, body := b.get(u)
	m := csrfInput.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		b.t.Fatalf("GET %s: status %d, no CSRF token", u, resp.StatusCode)
	}
	return m[1]
}
