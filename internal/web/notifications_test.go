package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// targetNotice is the notice of the target user's account, which nobody in the route
// matrix owns.
func targetNotice(f *fixture) int64 {
	return f.app.scanID("SELECT id FROM notifications WHERE user_id = ? ORDER BY id LIMIT 1", f.target.ID)
}

// targetMail is the mail of that notice.
func targetMail(f *fixture) int64 {
	return f.app.scanID(`SELECT o.id FROM outbox o JOIN notifications n ON n.id = o.notification_id
		WHERE n.user_id = ? ORDER BY o.id LIMIT 1`, f.target.ID)
}

func (a *testApp) scanID(query string, args ...any) int64 {
	a.t.Helper()
	var id int64
	if err := a.DB.NewRaw(query, args...).Scan(context.Background(), &id); err != nil {
		a.t.Fatalf("%s: %v", query, err)
	}
	return id
}

// unreadBadge is the header's count of unread notifications (other badges, such as the
// dashboard timeline's, are not it).
var unreadBadge = regexp.MustCompile(`<a class="notices" href="/notifications">[^<]*<span class="badge"`)

// TestNotificationsInTheApp: a liaison asked for input sees the count in the header and
// the request in the list, linked; marking all read (a form with its token) clears the
// count; once the request is withdrawn, the entry no longer says what it was about.
func TestNotificationsInTheApp(t *testing.T) {
	app := newApp(t)
	ctx := context.Background()
	staff := app.user(staffEmail)
	item := app.scanID(`SELECT i.id FROM agenda_items i JOIN sessions s ON s.id = i.session_id
		WHERE s.code = '226 EX' AND i.number = '16.XL'`) // KHS sees it only through the request
	khsMinistry := app.scanID("SELECT id FROM ministries WHERE code = 'KHS'")
	cs, err := app.Store.OpenConsultations(ctx, domain.Actor{User: staff}, time.UTC, item, domain.ConsultationRequest{
		MinistryIDs: []int64{khsMinistry}, Question: "Q", DueOn: time.Now().AddDate(0, 0, 10).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	link := `href="/consultations/` + id(cs[0].ID) + `"`

	c := app.client()
	c.login(khsEmail)
	_, body := c.get("/")
	if !unreadBadge.MatchString(body) {
		t.Fatalf("the header shows no unread count:\n%s", body)
	}
	_, body = c.get("/notifications")
	if !strings.Contains(body, link) || !strings.Contains(body, "asks Korea Heritage Service for its input on 226 EX/16.XL") {
		t.Fatalf("the list does not show the request:\n%s", body)
	}
	if resp, _ := c.postRaw("/notifications/read", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("marking read without the form's token: %d, want 403", resp.StatusCode)
	}
	if resp, _ := c.post("/notifications/read", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("marking all read: %d, want 303", resp.StatusCode)
	}
	if _, body = c.get("/"); unreadBadge.MatchString(body) {
		t.Errorf("the header still counts unread notifications")
	}

	if err := app.Store.WithdrawConsultation(ctx, domain.Actor{User: staff}, cs[0].ID, cs[0].Version); err != nil {
		t.Fatal(err)
	}
	_, body = c.get("/notifications")
	if strings.Contains(body, link) || strings.Contains(body, "16.XL") || !strings.Contains(body, "You can no longer see") {
		t.Errorf("the withdrawn request still shows:\n%s", body)
	}
}
