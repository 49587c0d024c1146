package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestScalePageQueryCounts: the pages of this session's features read a session in a
// fixed number of queries, whatever its size. Each page is read on a small synthetic
// session (6 items) and on one an Executive Board brings (60 items, a delegation of 15
// with attendance on each of 14 days, work spread over 12 ministries): the counts must be
// equal and stay under a bound. The staff dashboard, with its progress picture, is read
// with one upcoming session and then with four.
func TestScalePageQueryCounts(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	small := scaledSessionAt(t, app.DB, 980, time.Date(2030, 3, 2, 0, 0, 0, 0, time.UTC), 6)
	counter := &queryCounter{}
	app = newAppOn(t, app.DB.WithQueryHook(counter))
	staff := app.client()
	staff.login(staffEmail)
	count := func(path string) (int64, string) {
		t.Helper()
		counter.n.Store(0)
		resp, body := staff.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, resp.StatusCode)
		}
		return counter.n.Load(), body
	}
	askPath := func(sid int64, items int) string {
		v := url.Values{}
		var ids []int64
		if err := app.DB.NewSelect().Table("agenda_items").Column("id").Where("session_id = ?", sid).
			Order("sort_key").Limit(int64(items)).Scan(context.Background(), &ids); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			v.Add("item", fmt.Sprint(id))
		}
		return fmt.Sprintf("/sessions/%d/consultations/new?%s", sid, v.Encode())
	}
	pages := []struct {
		name  string
		path  func(sid int64, items int) string
		bound int64
	}{
		{"Delegation", func(sid int64, _ int) string { return fmt.Sprintf("/sessions/%d/delegation", sid) }, 12},
		{"Attendance", func(sid int64, _ int) string { return fmt.Sprintf("/sessions/%d/attendance", sid) }, 8},
		{"AskMany", askPath, 8},
	}
	before := map[string]int64{}
	for _, p := range pages {
		before[p.name], _ = count(p.path(small, 6))
	}
	dashBefore, _ := count("/")

	big := scaledSessionAt(t, app.DB, 990, time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC), 60)
	for k := 1; k <= 2; k++ {
		scaledSessionAt(t, app.DB, 990+k, time.Date(2030, time.Month(4+k), 1, 0, 0, 0, 0, time.UTC), 60)
	}
	if got := app.count("delegation_members", "session_id = ?", big); got != 15 {
		t.Fatalf("the big session has %d members, want 15", got)
	}
	if got := app.count("attendance", "member_id IN (SELECT id FROM delegation_members WHERE session_id = ?)", big); got < 15*13 {
		t.Fatalf("the big session has %d attendance rows, want one a day for each member's stay", got)
	}
	if got := app.count("ministries", "TRUE"); got < 12 {
		t.Fatalf("%d ministries, want at least 12", got)
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			got, body := count(p.path(big, 60))
			t.Logf("%s: %d queries at 6 items, %d at 60 items (%d KB)", p.name, before[p.name], got, len(body)/1024)
			if got != before[p.name] {
				t.Errorf("%d queries at 60 items, %d at 6: want as many", got, before[p.name])
			}
			if got > p.bound {
				t.Errorf("%d queries, want at most %d", got, p.bound)
			}
			if !strings.Contains(body, "Synthetic item 60") && !strings.Contains(body, "Synthetic Member 15") {
				t.Error("the page lacks the session's last item or member")
			}
		})
	}
	t.Run("Dashboard", func(t *testing.T) {
		got, body := count("/")
		t.Logf("dashboard: %d queries with one upcoming synthetic session, %d with four", dashBefore, got)
		if got != dashBefore {
			t.Errorf("%d queries with four upcoming sessions, %d with one: want as many", got, dashBefore)
		}
		if got > 16 {
			t.Errorf("%d queries, want at most 16", got)
		}
		for _, code := range []string{"980 EX", "990 EX", "992 EX"} {
			if !strings.Contains(body, code) {
				t.Errorf("the dashboard does not show %s", code)
			}
		}
	})
}
