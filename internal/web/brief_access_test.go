package web_test

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

// TestDelegateReadsFinalBriefsOnly follows one brief through every status: a delegate on
// the session's delegation never reads its text, on any page or in search, until it is
// final; then they read it everywhere.
func TestDelegateReadsFinalBriefsOnly(t *testing.T) {
	t.Parallel()
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
