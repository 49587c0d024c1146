package web_test

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// joinDelegation puts the user with email on the delegation of the session, as the
// delegations feature records it: a person who is that user, and a member row.
func (a *testApp) joinDelegation(email, session string) {
	a.t.Helper()
	_, err := a.DB.ExecContext(context.Background(), `WITH p AS (
			INSERT INTO people (name_en, user_id) SELECT name, id FROM users WHERE email = ?
			ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO UPDATE SET updated_at = now() RETURNING id)
		INSERT INTO delegation_members (session_id, person_id, role) SELECT s.id, p.id, 'delegate' FROM sessions s, p WHERE s.code = ?`,
		email, session)
	if err != nil {
		a.t.Fatalf("join delegation: %v", err)
	}
}

// TestBriefAccess: staff write; a liaison reads and reviews only the briefs of their
// ministry's items; nobody else learns that a brief exists.
func TestBriefAccess(t *testing.T) {
	app := newApp(t)
	ctx := context.Background()
	ses := app.sessionID("226 EX")
	moeItem, err := app.Store.CreateAgendaItem(ctx, domain.SystemActor("test"), ses, domain.AgendaItemInput{
		Number: "41", TitleEN: "Literacy in the digital age", LeadMinistryID: *app.user(moeEmail).MinistryID, Priority: "normal", Status: "new"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.SaveBrief(ctx, domain.Actor{User: app.user(staffEmail)}, moeItem.ID,
		domain.BriefInput{Stance: "support", SummaryEN: "Confidential: Korea will fund the literacy pilot."}); err != nil {
		t.Fatal(err)
	}
	item := fmt.Sprintf("/items/%d", moeItem.ID)
	tests := []struct {
		name, email, path string
		status            int
	}{
		{"StaffEdits", staffEmail, item + "/brief", 200},
		{"StaffHistory", staffEmail, item + "/brief/history", 200},
		{"LiaisonReads", moeEmail, item, 200},
		{"LiaisonHistory", moeEmail, item + "/brief/history", 200},
		{"LiaisonDiff", moeEmail, item + "/brief/diff?to=1", 200},
		{"LiaisonCannotEdit", moeEmail, item + "/brief", 403},
		{"OtherLiaisonItem", khsEmail, item, 404},
		{"OtherLiaisonHistory", khsEmail, item + "/brief/history", 404},
		{"OtherLiaisonDiff", khsEmail, item + "/brief/diff?to=1", 404},
		{"OtherLiaisonReview", khsEmail, item + "/brief/review", 404},
		{"DelegateHistory", delegateEmail, item + "/brief/history", 403},
		{"DelegateEdits", delegateEmail, item + "/brief", 403},
		{"StaffCannotReview", staffEmail, item + "/brief/review", 403},
	}
	clients := map[string]*client{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := clients[tt.email]
			if !ok {
				c = app.client()
				c.login(tt.email)
				clients[tt.email] = c
			}
			resp, body := c.get(tt.path)
			if resp.StatusCode != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
			}
			if tt.status != 200 && strings.Contains(body, "Korea will fund") {
				t.Error("a refused page shows the brief's text")
			}
		})
	}

	t.Run("OtherLiaisonCannotPost", func(t *testing.T) {
		khs := clients[khsEmail]
		khs.get("/")
		b := app.brief(moeItem.ID)
		audits := app.count("audit_log", "TRUE")
		for _, path := range []string{item + "/brief/review", item + "/brief/submit"} {
			resp, _ := khs.post(path, url.Values{"verdict": {"concur"}, "revision_id": {strconv.FormatInt(b.CurrentRevisionID, 10)},
				"version": {strconv.Itoa(b.Version)}})
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s: status %d, want 404 or 403", path, resp.StatusCode)
			}
		}
		if got := app.count("audit_log", "TRUE"); got != audits {
			t.Errorf("%d audit rows after refused requests, want %d", got, audits)
		}
	})
	t.Run("OtherLiaisonSearch", func(t *testing.T) {
		if _, body := clients[khsEmail].get("/search?q=literacy+pilot"); strings.Contains(body, "Korea will fund") {
			t.Error("search shows another ministry's brief")
		}
		if _, body := clients[moeEmail].get("/search?q=literacy+pilot"); !strings.Contains(body, "Korea will fund") {
			t.Error("search does not find the brief of the liaison's own ministry")
		}
	})
}

// TestDelegateReadsFinalBriefsOnly follows one brief through every status: a delegate on
// the session's delegation never reads its text, on any page or in search, until it is
// final; then they read it everywhere.
func TestDelegateReadsFinalBriefsOnly(t *testing.T) {
	app := newApp(t)
	ctx := context.Background()
	item := app.itemID("21 ICH", "2")
	ses := app.sessionID("21 ICH")
	const secret = "Korea quietly supports the agenda proposal of the Bureau"
	staff := domain.Actor{User: app.user(staffEmail)}
	if _, err := app.Store.SaveBrief(ctx, staff, item, domain.BriefInput{Stance: "support", SummaryEN: secret}); err != nil {
		t.Fatal(err)
	}
	delegate := app.client()
	delegate.login(delegateEmail)
	// The pages where a final brief shows; the dashboard never shows a delegate a brief.
	pages := []string{
		fmt.Sprintf("/items/%d", item),
		fmt.Sprintf("/sessions/%d/briefs", ses),
		"/briefs",
		"/search?q=" + url.QueryEscape("quietly supports"),
	}
	look := func(t *testing.T, wantText bool) {
		t.Helper()
		for _, path := range pages {
			resp, body := delegate.get(path)
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d", path, resp.StatusCode)
			}
			if got := strings.Contains(body, secret); got != wantText {
				t.Errorf("GET %s shows the brief's text: %v, want %v", path, got, wantText)
			}
		}
		if _, body := delegate.get("/"); strings.Contains(body, secret) {
			t.Error("the dashboard shows the brief's text")
		}
		pack := fmt.Sprintf("/sessions/%d/pack", ses)
		resp, body := delegate.get(pack)
		if resp.StatusCode == http.StatusOK {
			if got := strings.Contains(xlsxText(t, body), secret); got != wantText {
				t.Errorf("GET %s: the briefing pack holds the brief's text: %v, want %v", pack, got, wantText)
			}
		} else if wantText || resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d", pack, resp.StatusCode)
		}
	}

	t.Run("NotOnDelegation", func(t *testing.T) {
		if resp, _ := delegate.get(pages[0]); resp.StatusCode != http.StatusNotFound {
			t.Errorf("item page: status %d, want 404", resp.StatusCode)
		}
		look(t, false)
	})
	app.joinDelegation(delegateEmail, "21 ICH")
	t.Run("Draft", func(t *testing.T) {
		resp, body := delegate.get(pages[0])
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, en.T("briefs.no_final")) {
			t.Errorf("item page: status %d, want 200 saying there is no final position", resp.StatusCode)
		}
		look(t, false)
	})
	if _, err := app.Store.SubmitBrief(ctx, staff, item, domain.StepInput{Version: app.brief(item).Version, RevisionID: app.brief(item).CurrentRevisionID}); err != nil {
		t.Fatal(err)
	}
	t.Run("InReview", func(t *testing.T) { look(t, false) })
	b := app.brief(item)
	if err := app.Store.ApproveBrief(ctx, staff, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}, false); err != nil {
		t.Fatal(err)
	}
	t.Run("Approved", func(t *testing.T) { look(t, false) })
	b = app.brief(item)
	if err := app.Store.FinaliseBrief(ctx, staff, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}); err != nil {
		t.Fatal(err)
	}
	t.Run("Final", func(t *testing.T) { look(t, true) })
}

// xlsxText returns the text of every part of a workbook, to look for what it holds.
func xlsxText(t *testing.T, body string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the download is not a workbook: %v", err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		sb.Write(b)
	}
	return sb.String()
}
