package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

// TestTrackerDownloadAudited: a tracker carries consultations' questions out of Plenary,
// so each download is in the audit log, like a pack's: who took it, of which ministry
// (none for every ministry's), in which language, with how many consultations. A refused
// download leaves no row.
func TestTrackerDownloadAudited(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	moe := app.ministry("MOE")
	type row struct {
		ActorID       int64
		EntityID      *int64
		Ministry      string
		Lang          string
		Consultations int
	}
	last := func(t *testing.T) (row, int) {
		t.Helper()
		var r row
		n := app.count("audit_log", "action = 'export_tracker'")
		if n == 0 {
			return r, 0
		}
		err := app.DB.NewRaw(`SELECT actor_id, entity_id, after->>'ministry' AS ministry, after->>'lang' AS lang,
			(after->>'consultations')::int AS consultations
			FROM audit_log WHERE action = 'export_tracker' AND entity = 'ministry' ORDER BY id DESC LIMIT 1`).
			Scan(context.Background(), &r.ActorID, &r.EntityID, &r.Ministry, &r.Lang, &r.Consultations)
		if err != nil {
			t.Fatal(err)
		}
		return r, n
	}
	openOf := func(ministry int64) int {
		where := "status = 'open'"
		if ministry != 0 {
			return app.count("consultations", where+" AND ministry_id = ?", ministry)
		}
		return app.count("consultations", where)
	}

	t.Run("StaffEveryMinistry", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		getTracker(t, c, "/consultations/tracker")
		r, n := last(t)
		if n != 1 || r.ActorID != app.user(staffEmail).ID || r.EntityID != nil || r.Ministry != "all" || r.Lang != "en" || r.Consultations != openOf(0) {
			t.Errorf("audit: %d rows, last %+v; want 1, by staff, every ministry, en, %d consultations", n, r, openOf(0))
		}
	})
	t.Run("LiaisonOwnMinistry", func(t *testing.T) {
		c := app.client()
		c.login(moeEmail)
		getTracker(t, c, "/consultations/tracker")
		r, n := last(t)
		if n != 2 || r.ActorID != app.user(moeEmail).ID || r.EntityID == nil || *r.EntityID != moe.ID || r.Ministry != "MOE" ||
			r.Consultations != openOf(moe.ID) || r.Consultations == 0 {
			t.Errorf("audit: %d rows, last %+v; want 2, by the liaison, of MOE, %d consultations", n, r, openOf(moe.ID))
		}
	})
	t.Run("ErrRefusedLeavesNoRow", func(t *testing.T) {
		for _, tt := range []struct{ email, path string }{
			{khsEmail, fmt.Sprintf("/consultations/tracker?ministry=%d", moe.ID)},
			{delegateEmail, "/consultations/tracker"},
		} {
			c := app.client()
			c.login(tt.email)
			before := app.count("audit_log", "TRUE")
			if resp, _ := c.get(tt.path); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: status %d, want 403", tt.email, tt.path, resp.StatusCode)
			}
			if got := app.count("audit_log", "TRUE"); got != before {
				t.Errorf("%s GET %s: %d audit rows, want %d", tt.email, tt.path, got, before)
			}
		}
	})
}
