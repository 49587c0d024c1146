package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/web"
)

// benchSite is a server on a database with the demo data and a synthetic session of n
// items made by seed.Scale (as `plenary seed --scale n` makes it), and the cookies of a
// logged-in person.
type benchSite struct {
	h       *web.Handler
	session int64
	cookies []*http.Cookie
}

func newBenchSite(b *testing.B, items int, email string) *benchSite {
	b.Helper()
	db, _ := testdb.New(b)
	testdb.Demo(b, db)
	session := scaledSession(b, db, items)
	loc, _ := time.LoadLocation("Asia/Seoul")
	h, err := web.New(web.Config{Store: store.New(db), Catalog: catalog, Zone: loc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Shutdown(context.Background()) })
	s := &benchSite{h: h, session: session}
	s.login(b, email)
	return s
}

// scaledSession adds the session 990 EX with n synthetic items, each with a brief and a
// consultation, as `plenary seed --scale n` does, and returns its id.
func scaledSession(tb testing.TB, db *bun.DB, n int) int64 {
	return scaledSessionAt(tb, db, 990, time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC), n)
}

// scaledSessionAt adds the session "number EX" of fourteen days from from, with n
// synthetic items made by seed.Scale, and returns its id.
func scaledSessionAt(tb testing.TB, db *bun.DB, number int, from time.Time, n int) int64 {
	tb.Helper()
	ctx := context.Background()
	st := store.New(db)
	body, err := st.BodyByCode(ctx, "EX")
	if err != nil {
		tb.Fatal(err)
	}
	ses := &domain.Session{BodyID: body.ID, Number: number, TitleEN: "Synthetic session", Venue: "Paris",
		StartsOn: from, EndsOn: from.AddDate(0, 0, 13), Status: domain.SessionPreparing}
	if err := st.CreateSession(ctx, domain.SystemActor("test"), ses); err != nil {
		tb.Fatal(err)
	}
	if err := seed.Scale(ctx, db, fmt.Sprintf("%d EX", number), n, nil); err != nil {
		tb.Fatal(err)
	}
	return ses.ID
}

var benchCSRF = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// login logs in through the form, keeping the cookies it gets.
func (s *benchSite) login(b *testing.B, email string) {
	b.Helper()
	resp, body := s.get(b, "/login")
	s.keep(resp)
	m := benchCSRF.FindStringSubmatch(body)
	if m == nil {
		b.Fatal("login page without a CSRF token")
	}
	form := url.Values{"email": {email}, "password": {testdb.Password}, "_csrf": {m[1]}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, _ = s.do(b, req)
	if resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("login %s: status %d", email, resp.StatusCode)
	}
	s.keep(resp)
}

func (s *benchSite) keep(resp *http.Response) {
	for _, c := range resp.Cookies() {
		s.cookies = append(s.cookies, &http.Cookie{Name: c.Name, Value: c.Value})
	}
}

func (s *benchSite) do(b *testing.B, req *http.Request) (*http.Response, string) {
	req.Header.Set("Accept-Language", "en")
	seen := map[string]bool{}
	for i := len(s.cookies) - 1; i >= 0; i-- { // the newest value of each cookie
		if c := s.cookies[i]; !seen[c.Name] {
			seen[c.Name] = true
			req.AddCookie(c)
		}
	}
	resp, err := s.h.App().Test(req, -1)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		b.Fatal(err)
	}
	return resp, string(body)
}

func (s *benchSite) get(b *testing.B, path string) (*http.Response, string) {
	return s.do(b, httptest.NewRequest(http.MethodGet, path, nil))
}

// benchPage requests path b.N times and reports the size of the page.
func (s *benchSite) benchPage(b *testing.B, path string) {
	resp, body := s.get(b, path)
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if resp, _ := s.get(b, path); resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: status %d", path, resp.StatusCode)
		}
	}
	// The CPU time of this process per request (PostgreSQL's aside) is steadier than the
	// wall time on a machine that is busy with other work.
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(len(body))/1024, "page-KB")
	// What the page would weigh compressed, as a proxy in front of Plenary may send it.
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	if _, err := io.WriteString(w, body); err != nil || w.Close() != nil {
		b.Fatal("gzip")
	}
	b.ReportMetric(float64(gz.Len())/1024, "gzip-KB")
}

// processCPU is the user and system CPU time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAgendaPage is a staff member reading a session's agenda page of 60 and of 500
// items, everything included: login session, queries, rendering.
//
//	go test -run XXX -bench AgendaPage -benchtime 100x ./internal/web/
func BenchmarkAgendaPage(b *testing.B) {
	for _, n := range []int{60, 500} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			s := newBenchSite(b, n, staffEmail)
			s.benchPage(b, fmt.Sprintf("/sessions/%d", s.session))
		})
	}
}

// BenchmarkListPages are the other pages whose length grows with a session: the
// dashboard, the lists of consultations and briefs (paginated), and a session's briefs.
func BenchmarkListPages(b *testing.B) {
	s := newBenchSite(b, 500, staffEmail)
	for _, path := range []string{"/", "/consultations", "/briefs",
		fmt.Sprintf("/sessions/%d/briefs", s.session), fmt.Sprintf("/sessions/%d/consultations", s.session)} {
		b.Run(strings.ReplaceAll(strings.Trim(path, "/"), "/", "_"), func(b *testing.B) {
			s.benchPage(b, path)
		})
	}
}

// BenchmarkDelegationPage is a staff member reading a session's delegation page with its
// coverage matrix (60 items × 15 members) and its attendance grid (15 members × 14
// days), as an Executive Board brings them.
//
//	go test -run XXX -bench 'DelegationPage' -benchtime 50x ./internal/web/
func BenchmarkDelegationPage(b *testing.B) {
	s := newBenchSite(b, 60, staffEmail)
	for _, path := range []string{"delegation", "attendance"} {
		b.Run(path, func(b *testing.B) {
			s.benchPage(b, fmt.Sprintf("/sessions/%d/%s", s.session, path))
		})
	}
}
