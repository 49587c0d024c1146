package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
)

// TestDelegateReadsLastFinal: a final brief that staff reopen stays readable for the
// delegation as it was final, marked "under revision since", on the item's page, in the
// lists and in the pack; none of the new draft reaches them.
func TestDelegateReadsLastFinal(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("226 EX", "5.I.A") // final, then reopened and revised (demo data)
	ses := app.sessionID("226 EX")
	const (
		final = "proposing again that readiness assessments be shared"
		draft = "follow-up to the 2026 Global Forum"
	)
	if b := app.brief(item); b.Status != domain.BriefDraft || !strings.Contains(b.Current.SummaryEN, draft) {
		t.Fatalf("demo brief %s %q, want a reopened draft", b.Status, b.Current.SummaryEN)
	}
	delegate := app.client()
	delegate.login(delegateEmail) // on the 226 EX delegation
	under := strings.TrimSuffix(en.T("briefs.under_revision_since", "At", "X"), "X.")
	for _, path := range []string{fmt.Sprintf("/items/%d", item), fmt.Sprintf("/sessions/%d/briefs", ses), "/briefs"} {
		resp, body := delegate.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, resp.StatusCode)
		}
		if !strings.Contains(body, final) {
			t.Errorf("GET %s does not show the last final text", path)
		}
		if strings.Contains(body, draft) {
			t.Errorf("GET %s shows the draft under revision", path)
		}
		if !strings.Contains(body, under) && !strings.Contains(body, en.T("briefs.under_revision")) {
			t.Errorf("GET %s does not mark the final text as under revision", path)
		}
	}
	if _, body := delegate.get(fmt.Sprintf("/items/%d", item)); strings.Contains(body, en.T("briefs.no_final")) {
		t.Error("the item page says there is no final position")
	}

	f, _ := download(t, delegate, fmt.Sprintf("/sessions/%d/pack?lang=en", ses))
	text := allText(t, f)
	if !strings.Contains(text, final) || strings.Contains(text, draft) {
		t.Errorf("the delegate's pack: final text %v, draft %v; want the final text only",
			strings.Contains(text, final), strings.Contains(text, draft))
	}
	if !strings.Contains(text, under) {
		t.Error("the delegate's pack does not mark the final text as under revision")
	}

	resp, body := delegate.get(fmt.Sprintf("/sessions/%d/book?lang=en", ses))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the delegate's book: status %d", resp.StatusCode)
	}
	book := strings.Join(strings.Fields(strings.Join(testtool.ReadPDF(t, []byte(body)).Pages(), " ")), " ")
	if !strings.Contains(book, final) || strings.Contains(book, draft) {
		t.Errorf("the delegate's book: final text %v, draft %v; want the final text only",
			strings.Contains(book, final), strings.Contains(book, draft))
	}
	if !strings.Contains(book, under) {
		t.Error("the delegate's book does not mark the final text as under revision")
	}

	// Staff read the draft, unmarked.
	staff := app.client()
	staff.login(staffEmail)
	if _, body := staff.get(fmt.Sprintf("/items/%d", item)); !strings.Contains(body, draft) || strings.Contains(body, under) {
		t.Error("staff must read the draft, without the delegates' mark")
	}
}

// TestDelegateSeesNoVerdicts: a brief made final over a ministry's silence shows a
// delegate its text only: no "awaited" verdict, no ministries' verdicts at all.
func TestDelegateSeesNoVerdicts(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	item := app.itemID("21 ICH", "14") // in review, the MOE's verdict awaited
	app.joinDelegation(delegateEmail, "21 ICH")
	staff := domain.Actor{User: app.user(staffEmail)}
	b := app.brief(item)
	in := domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID, Reason: "The Ministry agreed by telephone."}
	if err := app.Store.ApproveBrief(ctx, staff, item, in, true); err != nil {
		t.Fatal(err)
	}
	b = app.brief(item)
	if err := app.Store.FinaliseBrief(ctx, staff, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}); err != nil {
		t.Fatal(err)
	}
	delegate := app.client()
	delegate.login(delegateEmail)
	_, body := delegate.get(fmt.Sprintf("/items/%d", item))
	if !strings.Contains(body, b.Current.SummaryEN) {
		t.Fatal("the delegate does not read the final brief")
	}
	for _, key := range []string{"briefs.verdict_awaited", "briefs.reviews"} {
		if strings.Contains(body, en.T(key)) {
			t.Errorf("the delegate's page shows %q", en.T(key))
		}
	}
}
