package main_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/database"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/testdb"
)

// Bounds of TestDatabaseRestart. None of them is a measurement: each only keeps a test
// that has gone wrong from running for ever.
const (
	outageRequestTimeout = 5 * time.Second  // PLENARY_REQUEST_TIMEOUT of the server
	outageMargin         = 20 * time.Second // what a loaded machine may add to an answer
	outageDown           = 3 * time.Second  // the least time the database stays down
	outageWait           = 2 * time.Minute  // for each phase to see what it waits for
	outageMaxRequests    = 5000             // per client
)

// TestDatabaseRestart stops PostgreSQL under two running `plenary serve` while a member
// of staff keeps saving a brief, others keep reading pages and logging in, and a load
// balancer keeps asking /readyz; then starts it again on the same port. While it is
// down, every page, save and login answers the translated 503 page within its deadline,
// and /readyz says not ready. Once it is back, the same server processes serve again,
// and every save that was acknowledged is in the database, as a revision of its own,
// with its audit row; a save that was not acknowledged is there whole or not at all.
func TestDatabaseRestart(t *testing.T) {
	t.Parallel()
	bin := buildPlenary(t)
	pg := newPrivateServer(t)
	dbURL := pg.c.URL("plenary")
	ctx := context.Background()
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := database.Migrate(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	testdb.Demo(t, db)
	var itemID int64
	if err := db.NewRaw(`SELECT min(id) FROM agenda_items WHERE id NOT IN (SELECT item_id FROM briefs)`).Scan(ctx, &itemID); err != nil {
		t.Fatal(err)
	}
	db.Close() // the test's own connections must not outlive the stop unnoticed

	s := startServer(t, bin, dbURL, "PLENARY_REQUEST_TIMEOUT="+outageRequestTimeout.String())
	// A server that has served nothing yet when the database stops, as one just started
	// behind a load balancer: it has not read the key of its forms' tokens.
	fresh := startServer(t, bin, dbURL, "PLENARY_REQUEST_TIMEOUT="+outageRequestTimeout.String())
	b := newBrowser(t)
	token := b.csrf(s.url + "/login")
	if resp, body := b.post(s.url+"/login", url.Values{"_csrf": {token}, "email": {"staff@plenary.example"}, "password": {testdb.Password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d\n%s", resp.StatusCode, body)
	}

	rec := &recorder{client: &http.Client{
		Jar:           b.c.Jar, // the same person, in several tabs
		Timeout:       outageRequestTimeout + 2*outageMargin,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}, base: s.url, cat: i18n.MustNew()}
	w := &writer{rec: rec, item: itemID, hold: make(chan struct{}), resume: make(chan struct{}), stop: make(chan struct{})}
	stopReaders, down := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(5)
	go func() { defer wg.Done(); w.run() }()
	go func() {
		defer wg.Done()
		pages := []string{fmt.Sprintf("/items/%d", itemID), "/", "/sessions", "/briefs"}
		for i := 0; i < outageMaxRequests && !closed(stopReaders); i++ {
			rec.page(pages[i/2%len(pages)], []string{"en", "ko"}[i%2])
			time.Sleep(50 * time.Millisecond)
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < outageMaxRequests && !closed(stopReaders); i++ {
			rec.login(s.url, "delegate@plenary.example", []string{"ko", "en"}[i%2])
			time.Sleep(200 * time.Millisecond)
		}
	}()
	go func() {
		defer wg.Done()
		select {
		case <-down:
		case <-stopReaders:
		}
		for i := 0; i < outageMaxRequests && !closed(stopReaders); i++ {
			rec.login(fresh.url, "delegate@plenary.example", []string{"en", "ko"}[i%2])
			time.Sleep(200 * time.Millisecond)
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < outageMaxRequests && !closed(stopReaders); i++ {
			rec.readyz()
			time.Sleep(50 * time.Millisecond)
		}
	}()
	finished := false
	defer func() {
		if !finished { // a phase failed: let the clients go before the server is killed
			close(stopReaders)
			w.close()
			wg.Wait()
		}
	}()

	// Serving: saves are acknowledged and pages answer in both languages.
	rec.waitFor(t, "serving", time.Time{}, func(c counts) bool {
		return c.acked >= 3 && c.served["en"] > 0 && c.served["ko"] > 0 && c.ready > 0 && c.loggedIn[s.url] > 0
	}, nil)

	// The editor is open when the database stops; its save is sent while it is down.
	select {
	case <-w.hold:
	case <-time.After(outageWait):
		t.Fatal("the writer never opened the editor")
	}
	pg.stop()
	stopped := time.Now()
	close(w.resume)
	close(down)
	rec.waitFor(t, "down", stopped, func(c counts) bool {
		return time.Since(stopped) >= outageDown && c.refused["en"] > 0 && c.refused["ko"] > 0 &&
			c.notReady > 0 && c.refused5 > 0 && c.loginRefused[s.url] > 0 && c.loginRefused[fresh.url] > 0
	}, func(x *exchange) string {
		if x.anyTime || x.status == http.StatusServiceUnavailable {
			return ""
		}
		return fmt.Sprintf("status %d while the database is down, want 503", x.status)
	})
	restarting := time.Now()
	pg.start()
	restarted := time.Now()

	// Back: the same process serves again, and saves go through.
	rec.waitFor(t, "back", restarted, func(c counts) bool {
		return c.acked >= 3 && c.served["en"] > 0 && c.served["ko"] > 0 && c.ready > 0 &&
			c.loggedIn[s.url] > 0 && c.loggedIn[fresh.url] > 0
	}, nil)
	close(stopReaders)
	w.close()
	wg.Wait()
	finished = true
	for _, s := range []*server{s, fresh} {
		select {
		case <-s.exited:
			t.Fatalf("plenary serve exited: %v\n%s", s.err, s.stderr)
		default:
		}
	}

	t.Run("Answers", func(t *testing.T) {
		var back time.Time // when the first page was served after the restart
		for _, x := range rec.all() {
			if x.what == "page" && x.status == http.StatusOK && x.start.After(restarted) && (back.IsZero() || x.end.Before(back)) {
				back = x.end
			}
		}
		for _, x := range rec.all() {
			if x.problem != "" {
				t.Errorf("%s: %s", x, x.problem)
			}
			if d := x.end.Sub(x.start); d > outageRequestTimeout+outageMargin {
				t.Errorf("%s: answered after %v, past its deadline of %v", x, d.Round(time.Millisecond), outageRequestTimeout)
			}
			// Wholly within the outage, nothing can be served.
			if x.start.After(stopped) && x.end.Before(restarting) && !x.anyTime && x.status != http.StatusServiceUnavailable {
				t.Errorf("%s: status %d while the database was down, want 503", x, x.status)
			}
			// Once back, it is back for every request: no connection of the pool still
			// belongs to the server that stopped. (A request may still run out of time
			// on a loaded machine; that says so in other words.)
			if x.start.After(back) && x.down {
				t.Errorf("%s: the database cannot be reached, after a page was served again", x)
			}
		}
	})
	t.Run("NoSaveLost", func(t *testing.T) {
		checkSaves(t, dbURL, itemID, w.acked(), w.tried())
	})
	t.Run("ServerLog", func(t *testing.T) {
		for _, s := range []*server{s, fresh} {
			for _, bad := range []string{"panic", "DATA RACE"} {
				if strings.Contains(s.stderr.String(), bad) {
					t.Errorf("the log of the server on %s reports a %s:\n%s", s.url, bad, s.stderr)
				}
			}
		}
	})
	t.Logf("down %v; %d requests; %d saves acknowledged; %d answered 503 and committed nonetheless",
		restarting.Sub(stopped).Round(time.Millisecond), len(rec.all()), len(w.acked()), w.committedUnacked())
}

// checkSaves compares the brief's revisions with the saves the writer sent: every
// acknowledged save is a revision, the last one is the brief's text, and every revision
// is one save whole, recorded in the audit log with it.
func checkSaves(t *testing.T, dbURL string, itemID int64, acked, tried []int) {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var brief struct {
		ID, Current int64
		Version     int
	}
	err = db.NewRaw(`SELECT id, current_revision_id AS current, version FROM briefs WHERE item_id = ?`, itemID).Scan(ctx, &brief)
	if err != nil {
		t.Fatal(err)
	}
	var revs []struct {
		ID                                     int64
		Number                                 int
		Stance, SummaryKO, SummaryEN, KeyPoint string
	}
	err = db.NewRaw(`SELECT id, number, stance, summary_ko, summary_en, key_points_en AS key_point
		FROM brief_revisions WHERE brief_id = ? ORDER BY number`, brief.ID).Scan(ctx, &revs)
	if err != nil {
		t.Fatal(err)
	}
	var audited []int64
	err = db.NewRaw(`SELECT (after->'revision'->>'ID')::bigint FROM audit_log
		WHERE action = 'save' AND entity = 'brief' AND entity_id = ? ORDER BY 1`, brief.ID).Scan(ctx, &audited)
	if err != nil {
		t.Fatal(err)
	}

	saved := map[int]int{} // save number → revision number
	var ids []int64
	for i, r := range revs {
		n, ok := saveNumber(r.SummaryEN)
		if want := briefSave(n); !ok || r.Stance != want.Get("stance") || r.SummaryKO != want.Get("summary_ko") || r.KeyPoint != want.Get("key_points_en") {
			t.Errorf("revision %d (%q, %q, %s, %q) is not one save whole", r.Number, r.SummaryEN, r.SummaryKO, r.Stance, r.KeyPoint)
		}
		if !slices.Contains(tried, n) {
			t.Errorf("revision %d holds save %d, which was never sent", r.Number, n)
		}
		if _, twice := saved[n]; twice {
			t.Errorf("save %d is in revisions %d and %d", n, saved[n], r.Number)
		}
		saved[n] = r.Number
		if r.Number != i+1 {
			t.Errorf("revision %d follows revision %d", r.Number, i)
		}
		ids = append(ids, r.ID)
	}
	for _, n := range acked {
		if _, ok := saved[n]; !ok {
			t.Errorf("acknowledged save %d is lost", n)
		}
	}
	if len(acked) == 0 {
		t.Fatal("no save was acknowledged")
	}
	if len(revs) == 0 || brief.Current != revs[len(revs)-1].ID || brief.Version != len(revs) {
		t.Errorf("brief: version %d, current revision id %d; want version %d and the last of the revisions %v", brief.Version, brief.Current, len(revs), ids)
	} else if last, _ := saveNumber(revs[len(revs)-1].SummaryEN); last != acked[len(acked)-1] {
		t.Errorf("the brief holds save %d, want the last acknowledged one, %d", last, acked[len(acked)-1])
	}
	slices.Sort(ids)
	if !slices.Equal(audited, ids) {
		t.Errorf("audit rows of saves name revisions %v, want %v", audited, ids)
	}
}

// briefSave is the form of the writer's save n: every field says n, so that a revision
// made of parts of two saves shows.
func briefSave(n int) url.Values {
	stances := domain.Stances
	return url.Values{
		"stance":        {string(stances[n%len(stances)])},
		"summary_en":    {fmt.Sprintf("Position of save %d", n)},
		"summary_ko":    {fmt.Sprintf("%d번째 저장의 입장", n)},
		"key_points_en": {fmt.Sprintf("- point of save %d", n)},
		"change_note":   {fmt.Sprintf("save %d", n)},
	}
}

var saveSummary = regexp.MustCompile(`^Position of save (\d+)$`)

func saveNumber(summary string) (int, bool) {
	m := saveSummary.FindStringSubmatch(summary)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// buildPlenary returns the plenary binary, with the race detector when the test runs with
// it.
func buildPlenary(t *testing.T) string {
	t.Helper()
	return plenaryBinary(t, raceBuild)
}
