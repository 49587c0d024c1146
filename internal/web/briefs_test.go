package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// brief returns the brief of item as staff read it now.
func (a *testApp) brief(item int64) *domain.Brief {
	a.t.Helper()
	b, err := a.Store.Brief(context.Background(), domain.BriefScope{Scope: domain.Scope{All: true}}, item)
	if err != nil {
		a.t.Fatalf("brief of item %d: %v", item, err)
	}
	return b
}

// stepForm is what a workflow button posts: the version and the revision read.
func stepForm(b *domain.Brief, reason string) url.Values {
	return url.Values{"version": {strconv.Itoa(b.Version)}, "revision_id": {strconv.FormatInt(b.CurrentRevisionID, 10)}, "step_reason": {reason}}
}

// confirmed ticks the confirmation of a step's form.
func confirmed(f url.Values) url.Values {
	f.Set("confirm", "true")
	return f
}

// briefForm is the editor's form with the summary text, read at b (nil: a new brief).
func briefForm(b *domain.Brief, text string) url.Values {
	f := url.Values{"stance": {"support"}, "summary_en": {text}, "version": {"0"}}
	if b != nil {
		f.Set("version", strconv.Itoa(b.Version))
		f.Set("base", strconv.FormatInt(b.CurrentRevisionID, 10))
	}
	return f
}

// TestSaveBriefConcurrentlyOnTheWeb: fifty people press save on the same brief, read at
// the same version, at once. One revision is added; the forty-nine others get 409 with
// their own text still in the form and the winner's text shown as what changed.
func TestSaveBriefConcurrentlyOnTheWeb(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	item := app.itemID("226 EX", "3")
	path := fmt.Sprintf("/items/%d/brief", item)
	if resp, _ := c.get(path); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	before := app.brief(item)
	revisions := app.count("brief_revisions", "brief_id = ?", before.ID)

	const n = 50
	type answer struct {
		status int
		body   string
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	for i := range n {
		form := briefForm(before, fmt.Sprintf("Position typed by editor %d: welcome the report.", i))
		form.Set("_csrf", c.csrf)
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "en")
		for name, value := range c.jar {
			req.AddCookie(&http.Cookie{Name: name, Value: value})
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := app.H.App().Test(req, -1)
			if err != nil {
				t.Errorf("save %d: %v", i, err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			answers[i] = answer{resp.StatusCode, string(b)}
		}()
	}
	wg.Wait()

	after := app.brief(item)
	saved, conflicts := 0, 0
	for i, a := range answers {
		typed := fmt.Sprintf("Position typed by editor %d: welcome the report.", i)
		switch a.status {
		case http.StatusSeeOther:
			saved++
			if after.Current.SummaryEN != typed {
				t.Errorf("save %d succeeded but the current text is %q", i, after.Current.SummaryEN)
			}
		case http.StatusConflict:
			conflicts++
			if !strings.Contains(a.body, ">"+typed+"</textarea>") {
				t.Errorf("conflict %d: the typed text is not in the form", i)
			}
			if !strings.Contains(a.body, html.EscapeString(en.T("briefs.conflict_title"))) || !strings.Contains(a.body, "<ins>") {
				t.Errorf("conflict %d: the page does not show what changed meanwhile", i)
			}
			if got, want := inputValue(a.body, "version"), strconv.Itoa(after.Version); got != want {
				t.Errorf("conflict %d: the form carries version %s, want the current %s", i, got, want)
			}
		default:
			t.Errorf("save %d: status %d, want 303 or 409", i, a.status)
		}
	}
	if saved != 1 || conflicts != n-1 {
		t.Errorf("%d saved and %d conflicts, want 1 and %d", saved, conflicts, n-1)
	}
	if got, want := app.count("brief_revisions", "brief_id = ?", before.ID), revisions+1; got != want {
		t.Errorf("%d revisions, want %d", got, want)
	}
}

// TestBriefWorkflowOnTheWeb: a brief goes from nothing to final and back through the
// pages, and every refusal says why.
func TestBriefWorkflowOnTheWeb(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	staff := app.client()
	staff.login(staffEmail)
	item := app.itemID("226 EX", "16.XIX")
	page := fmt.Sprintf("/items/%d", item)

	t.Run("ErrNoSummary", func(t *testing.T) {
		staff.get(page + "/brief")
		resp, body := staff.post(page+"/brief", url.Values{"stance": {"oppose"}, "background_en": {"Typed background"}, "version": {"0"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if fieldErrors(body)["summary_ko"] != en.T("briefs.summary_required") || !strings.Contains(body, ">Typed background</textarea>") {
			t.Error("the page must say the summary is missing and keep what was typed")
		}
	})
	t.Run("Write", func(t *testing.T) {
		staff.get(page + "/brief")
		resp, _ := staff.post(page+"/brief", briefForm(nil, "Support the Greening Education Partnership report."))
		wantRedirect(t, resp, page)
		_, body := staff.get(page)
		if !strings.Contains(body, en.T("briefs.saved", "Number", 1)) || !strings.Contains(body, "Support the Greening Education Partnership report.") {
			t.Error("the item page does not show the saved brief")
		}
	})
	t.Run("Revise", func(t *testing.T) {
		staff.get(page + "/brief")
		resp, _ := staff.post(page+"/brief", briefForm(app.brief(item), "Support the Greening Education Partnership report and its new targets."))
		wantRedirect(t, resp, page)
		resp, body := staff.get(page + "/brief/diff?from=1&to=2")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<ins> and its new targets</ins>") {
			t.Errorf("diff: status %d, want the words added highlighted", resp.StatusCode)
		}
		if _, body := staff.get(page + "/brief/history"); !strings.Contains(body, en.T("briefs.revision_n", "Number", 2)) {
			t.Error("the history does not list revision 2")
		}
	})
	t.Run("Submit", func(t *testing.T) {
		staff.get(page)
		resp, _ := staff.post(page+"/brief/submit", stepForm(app.brief(item), ""))
		wantRedirect(t, resp, page)
		if b := app.brief(item); b.Status != domain.BriefInReview {
			t.Errorf("status %s, want in_review", b.Status)
		}
	})
	t.Run("ErrApproveWithoutConcurrence", func(t *testing.T) {
		resp, _ := staff.get(page + "/brief/approve")
		wantRedirect(t, resp, page)
		if _, body := staff.get(page); !strings.Contains(body, html.EscapeString(en.T("briefs.not_all_concur"))) {
			t.Error("the item page does not say why the brief cannot be approved")
		}
		resp, body := staff.post(page+"/brief/approve", confirmed(stepForm(app.brief(item), "")))
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, html.EscapeString(en.T("briefs.not_all_concur"))) {
			t.Errorf("status %d; want 409 saying why the brief was not approved", resp.StatusCode)
		}
	})
	t.Run("ErrOverrideWithoutReason", func(t *testing.T) {
		staff.get(page + "/brief/override")
		resp, body := staff.post(page+"/brief/override", stepForm(app.brief(item), "  "))
		if resp.StatusCode != http.StatusUnprocessableEntity || fieldErrors(body)["step_reason"] != en.T("briefs.reason_required") {
			t.Errorf("status %d, field errors %v; want 422 asking for the reason", resp.StatusCode, fieldErrors(body))
		}
	})
	t.Run("Override", func(t *testing.T) {
		staff.get(page + "/brief/override")
		resp, _ := staff.post(page+"/brief/override", stepForm(app.brief(item), "The ministry agreed by letter of 20 March."))
		wantRedirect(t, resp, page)
		if _, body := staff.get(page + "/brief/history"); !strings.Contains(body, "The ministry agreed by letter of 20 March.") {
			t.Error("the history does not show the reason for the override")
		}
	})
	t.Run("ErrEditApproved", func(t *testing.T) {
		resp, _ := staff.get(page + "/brief")
		wantRedirect(t, resp, page)
	})
	t.Run("ErrFinaliseStale", func(t *testing.T) {
		stale := stepForm(app.brief(item), "")
		stale.Set("version", "1")
		staff.get(page + "/brief/finalise")
		resp, _ := staff.post(page+"/brief/finalise", confirmed(stale))
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("status %d after a stale finalise, want 409", resp.StatusCode)
		}
		if b := app.brief(item); b.Status != domain.BriefApproved {
			t.Errorf("status %s after a stale finalise, want approved", b.Status)
		}
	})
	t.Run("Finalise", func(t *testing.T) {
		staff.get(page + "/brief/finalise")
		resp, _ := staff.post(page+"/brief/finalise", confirmed(stepForm(app.brief(item), "")))
		wantRedirect(t, resp, page)
		if b := app.brief(item); b.Status != domain.BriefFinal {
			t.Errorf("status %s, want final", b.Status)
		}
	})
	t.Run("Reopen", func(t *testing.T) {
		staff.get(page + "/brief/reopen")
		resp, _ := staff.post(page+"/brief/reopen", stepForm(app.brief(item), "The Secretariat issued a revised report."))
		wantRedirect(t, resp, page)
		b := app.brief(item)
		if b.Status != domain.BriefDraft || b.Current.Number != 3 || b.Current.Reason != "The Secretariat issued a revised report." {
			t.Errorf("status %s, revision %d %q; want a draft at revision 3 with the reason", b.Status, b.Current.Number, b.Current.Reason)
		}
	})
}

// TestReviewOfEarlierRevision: a liaison who read a revision that staff replaced while
// they were reading is refused with 409, shown what changed, keeps their comment, and
// records the verdict on the new revision when they confirm it.
func TestReviewOfEarlierRevision(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("21 ICH", "14") // in review, the Ministry of Education's verdict awaited
	page := fmt.Sprintf("/items/%d", item)
	moe := app.client()
	moe.login(moeEmail)
	if _, body := moe.get("/"); !strings.Contains(body, fmt.Sprintf(`href="/items/%d"`, item)) {
		t.Error("the liaison's dashboard does not list the brief waiting for their ministry")
	}
	if resp, _ := moe.get(page + "/brief/review"); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET review: status %d", resp.StatusCode)
	}
	read := app.brief(item)

	staff := app.client()
	staff.login(staffEmail)
	staff.get(page + "/brief")
	revision := briefForm(read, "A new text the liaison has not read.")
	revision.Set("void_verdicts", "true") // other ministries have given their verdicts
	if resp, _ := staff.post(page+"/brief", revision); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("staff save: status %d", resp.StatusCode)
	}

	form := url.Values{"verdict": {"concur_with_comments"}, "review_comment": {"Mention the 2025 teacher training."},
		"revision_id": {strconv.FormatInt(read.CurrentRevisionID, 10)}}
	resp, body := moe.post(page+"/brief/review", form)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("verdict on the earlier revision: status %d, want 409", resp.StatusCode)
	}
	if alert(body) != en.T("briefs.review_outdated") {
		t.Errorf("message %q, want %q", alert(body), en.T("briefs.review_outdated"))
	}
	if !strings.Contains(body, ">Mention the 2025 teacher training.</textarea>") || !strings.Contains(body, "A new text the liaison has not read.") {
		t.Error("the page must keep the comment and show the new revision")
	}
	if got := app.count("brief_reviews", "revision_id = ? AND ministry_id = ?", read.CurrentRevisionID, *app.user(moeEmail).MinistryID); got != 0 {
		t.Errorf("%d verdicts recorded on the earlier revision of the MOE, want 0", got)
	}
	cur := app.brief(item)
	if got, want := inputValue(body, "revision_id"), strconv.FormatInt(cur.CurrentRevisionID, 10); got != want {
		t.Fatalf("the form now carries revision %s, want the current %s", got, want)
	}
	form.Set("revision_id", inputValue(body, "revision_id"))
	resp, _ = moe.post(page+"/brief/review", form)
	wantRedirect(t, resp, page)
	if got := app.count("brief_reviews", "revision_id = ? AND ministry_id = ?", cur.CurrentRevisionID, *app.user(moeEmail).MinistryID); got != 1 {
		t.Errorf("%d verdicts of the MOE on the current revision, want 1", got)
	}
}

// TestBriefPages renders every brief page of the demo for the roles that use them.
func TestBriefPages(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	staff := app.client()
	staff.login(staffEmail)
	ai := app.itemID("226 EX", "5.I.A") // reopened, three revisions
	approved := app.itemID("21 ICH", "7.A")
	reviewing := app.itemID("21 ICH", "14")
	for _, path := range []string{
		"/", "/briefs", "/briefs?status=in_review", fmt.Sprintf("/sessions/%d/briefs", app.sessionID("226 EX")),
		fmt.Sprintf("/items/%d", ai), fmt.Sprintf("/items/%d/brief", ai), fmt.Sprintf("/items/%d/brief/history", ai),
		fmt.Sprintf("/items/%d/brief/diff", ai), fmt.Sprintf("/items/%d/brief/diff?from=0&to=1", ai),
		fmt.Sprintf("/items/%d/brief/reopen", approved), fmt.Sprintf("/items/%d/brief/override", reviewing),
		"/search?q=" + url.QueryEscape("준비도 평가"),
	} {
		t.Run(path, func(t *testing.T) {
			if resp, body := staff.get(path); resp.StatusCode != http.StatusOK {
				t.Errorf("status %d, want 200\n%s", resp.StatusCode, body)
			}
		})
	}
	t.Run("ChainShowsEarlierPosition", func(t *testing.T) {
		_, body := staff.get(fmt.Sprintf("/items/%d", ai))
		if !strings.Contains(body, `class="chain-position"`) || !strings.Contains(body, "Global Observatory") {
			t.Error("the history does not show the position taken on 220 EX/5.I.A")
		}
	})
	t.Run("ErrUnknownStatus", func(t *testing.T) {
		if resp, _ := staff.get("/briefs?status=lost"); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", resp.StatusCode)
		}
	})
	t.Run("ErrUnknownRevision", func(t *testing.T) {
		if resp, _ := staff.get(fmt.Sprintf("/items/%d/brief/diff?from=1&to=99", ai)); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
}
