package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestVerdictCorrection: a liaison who gave a verdict by mistake corrects it until the
// brief is approved; the first verdict stays on record and the correction is audited.
// Once the brief is approved, nothing is corrected.
func TestVerdictCorrection(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("21 ICH", "14") // in review, the MOE's verdict awaited
	page := fmt.Sprintf("/items/%d", item)
	moeID := *app.user(moeEmail).MinistryID
	moe := app.client()
	moe.login(moeEmail)
	moe.get(page + "/brief/review")
	rev := strconv.FormatInt(app.brief(item).CurrentRevisionID, 10)
	resp, _ := moe.post(page+"/brief/review", url.Values{"verdict": {"request_changes"}, "review_comment": {"Wrong brief, sorry."}, "revision_id": {rev}})
	wantRedirect(t, resp, page)
	if _, body := moe.get(page); !strings.Contains(body, en.T("briefs.correct_verdict")) {
		t.Fatal("the item page offers no correction")
	}

	_, body := moe.get(page + "/brief/review")
	if !strings.Contains(body, en.T("briefs.correcting")) || inputValue(body, "corrects") == "" {
		t.Fatal("the review page is not a correction of the verdict given")
	}
	if !strings.Contains(body, ">Wrong brief, sorry.</textarea>") {
		t.Error("the correction form does not start from the verdict given")
	}
	first := inputValue(body, "corrects")
	resp, _ = moe.post(page+"/brief/review", url.Values{"verdict": {"concur"}, "review_comment": {""}, "revision_id": {rev}, "corrects": {first}})
	wantRedirect(t, resp, page)
	rs, err := app.Store.BriefReviewers(context.Background(), app.brief(item))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.MinistryID == moeID && r.Verdict != domain.VerdictConcur {
			t.Errorf("the MOE's standing verdict is %q, want concur", r.Verdict)
		}
	}
	if got := app.count("brief_reviews", "ministry_id = ? AND revision_id = ?", moeID, rev); got != 2 {
		t.Errorf("%d verdicts on record, want the first and its correction", got)
	}
	if got := app.count("audit_log", "action = 'correct_review'"); got != 1 {
		t.Errorf("%d audit rows of the correction, want 1", got)
	}

	t.Run("ErrCorrectsAVerdictNoLongerStanding", func(t *testing.T) {
		resp, _ := moe.post(page+"/brief/review", url.Values{"verdict": {"request_changes"}, "review_comment": {"Again."}, "revision_id": {rev}, "corrects": {first}})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("status %d, want 409", resp.StatusCode)
		}
	})
	t.Run("ErrAfterApproval", func(t *testing.T) {
		staff := domain.Actor{User: app.user(staffEmail)}
		b := app.brief(item)
		if err := app.Store.ApproveBrief(context.Background(), staff, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID, Reason: "Agreed."}, true); err != nil {
			t.Fatal(err)
		}
		resp, _ := moe.get(page + "/brief/review")
		wantRedirect(t, resp, page)
		_, body := moe.get(page)
		if strings.Contains(body, en.T("briefs.correct_verdict")) {
			t.Error("the approved brief still offers a correction")
		}
		resp, _ = moe.post(page+"/brief/review", url.Values{"verdict": {"request_changes"}, "review_comment": {"Too late."}, "revision_id": {rev}, "corrects": {first}})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("status %d, want 409", resp.StatusCode)
		}
	})
}

// TestEarlierVerdictBesideNewRevision: a liaison asked to review a new revision reads
// their ministry's verdict on the revision before, and the notes staff left on the
// revisions since.
func TestEarlierVerdictBesideNewRevision(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("21 ICH", "14")
	page := fmt.Sprintf("/items/%d", item)
	moe := app.client()
	moe.login(moeEmail)
	moe.get(page + "/brief/review")
	read := app.brief(item)
	moe.post(page+"/brief/review", url.Values{"verdict": {"request_changes"}, "review_comment": {"Add the 2025 teacher training figures."},
		"revision_id": {strconv.FormatInt(read.CurrentRevisionID, 10)}})
	staff := app.client()
	staff.login(staffEmail)
	staff.get(page + "/brief")
	form := briefForm(app.brief(item), "Now with the 2025 teacher training figures.")
	form.Set("change_note", "Added the 2025 figures the Ministry asked for.")
	form.Set("void_verdicts", "true")
	if resp, _ := staff.post(page+"/brief", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("staff save: status %d", resp.StatusCode)
	}
	resp, body := moe.get(page + "/brief/review")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("review page: status %d", resp.StatusCode)
	}
	for _, want := range []string{
		en.T("briefs.your_earlier_verdict", "Number", read.Current.Number),
		"Add the 2025 teacher training figures.",
		"Added the 2025 figures the Ministry asked for.",
	} {
		if !strings.Contains(body, html.EscapeString(want)) {
			t.Errorf("the review page does not show %q", want)
		}
	}
}
