package main_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/testdb"
)

// BenchmarkConcurrentLogins measures what a burst of correct logins costs a real
// `plenary serve` at production hashing costs: 50 people behind one address log in at
// the same moment. Every login must succeed, and the server's resident memory may grow
// by well under 300 MB; the growth is reported as MB-rss-growth.
//
//	go test ./cmd/plenary/ -run '^$' -bench ConcurrentLogins -benchtime 1x
func BenchmarkConcurrentLogins(b *testing.B) {
	const n, password = 50, "burst-of-logins-at-nine"
	bin := filepath.Join(b.TempDir(), "plenary")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	_, dbURL := testdb.New(b)
	// The binary seeds the accounts, so that their hashes have production costs.
	if r := runWith(b, bin, dbURL, "", []string{"PLENARY_DEMO_PASSWORD=" + password}, "seed", "--demo"); r.code != 0 {
		b.Fatalf("seed: exit status %d\n%s", r.code, r.stderr)
	}
	s := startServer(b, bin, dbURL)
	pid := s.cmd.Process.Pid

	var growth, seconds float64
	for b.Loop() {
		clients := make([]*http.Client, n)
		forms := make([]url.Values, n)
		for i := range clients {
			jar, _ := cookiejar.New(nil)
			clients[i] = &http.Client{Jar: jar, Timeout: time.Minute,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			token, err := loginToken(clients[i], s.url)
			if err != nil {
				b.Fatal(err)
			}
			forms[i] = url.Values{"_csrf": {token}, "email": {"staff@plenary.example"}, "password": {password}}
		}
		base := rss(b, pid, "VmRSS")
		resetPeak(b, pid)
		statuses := make([]int, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				resp, err := clients[i].PostForm(s.url+"/login", forms[i])
				if err != nil {
					statuses[i] = -1
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			}()
		}
		t0 := time.Now()
		close(start)
		wg.Wait()
		seconds = time.Since(t0).Seconds()
		growth = float64(rss(b, pid, "VmHWM")-base) / (1 << 20)
		for i, st := range statuses {
			if st != http.StatusSeeOther {
				b.Errorf("login %d: status %d, want 303", i+1, st)
			}
		}
		b.Logf("%d logins in %.1f s; resident memory %d MB before, grew by %.0f MB at its peak", n, seconds, base>>20, growth)
	}
	b.ReportMetric(growth, "MB-rss-growth")
	b.ReportMetric(seconds, "s-burst")
	if growth >= 300 {
		b.Errorf("resident memory grew by %.0f MB, want well under 300 MB", growth)
	}
}

var tokenInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func loginToken(c *http.Client, base string) (string, error) {
	resp, err := c.Get(base + "/login")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := tokenInput.FindSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("GET /login: status %d, no token", resp.StatusCode)
	}
	return string(m[1]), nil
}

// rss reads a memory figure of /proc/PID/status (VmRSS now, VmHWM the peak), in bytes.
func rss(tb testing.TB, pid int, field string) int64 {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb << 10
		}
	}
	tb.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// resetPeak starts the process's peak resident memory (VmHWM) afresh from now.
func resetPeak(tb testing.TB, pid int) {
	tb.Helper()
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		tb.Fatalf("reset peak memory: %v", err)
	}
}
