package web_test

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestWhatBecameOfMyInput: once a ministry has answered a request, the request shows the
// item's position as the liaison may read it, and when that position is final the
// liaison's dashboard lists it among the outcomes of their input.
func TestWhatBecameOfMyInput(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	item := app.itemID("21 ICH", "14") // the MOE's request open, its brief in review
	id := app.consultationID(item, "MOE")
	page := fmt.Sprintf("/consultations/%d", id)
	moe := app.client()
	moe.login(moeEmail)
	if _, body := moe.get(page); strings.Contains(body, `id="outcome-h"`) {
		t.Error("an unanswered request shows an outcome")
	}
	c := app.consultation(id)
	if err := app.Store.AnswerConsultation(ctx, domain.Actor{User: app.user(moeEmail)}, id,
		domain.ConsultationAnswer{Answer: "We support the programme.", Version: c.Version}); err != nil {
		t.Fatal(err)
	}
	b := app.brief(item)
	_, body := moe.get(page)
	if !strings.Contains(body, `id="outcome-h"`) || !strings.Contains(body, html.EscapeString(b.Current.Summary("en"))) {
		t.Error("the answered request does not show the item's position")
	}
	if _, body := moe.get("/"); strings.Contains(body, `id="briefs-outcomes-h"`) &&
		strings.Contains(body[strings.Index(body, `id="briefs-outcomes-h"`):], fmt.Sprintf(`href="/items/%d"`, item)) {
		t.Error("the dashboard lists a position that is not final as an outcome")
	}

	staff := domain.Actor{User: app.user(staffEmail)}
	if err := app.Store.ApproveBrief(ctx, staff, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID, Reason: "Agreed."}, true); err != nil {
		t.Fatal(err)
	}
	b = app.brief(item)
	if err := app.Store.FinaliseBrief(ctx, staff, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}); err != nil {
		t.Fatal(err)
	}
	_, body = moe.get("/")
	i := strings.Index(body, `id="briefs-outcomes-h"`)
	if i < 0 || !strings.Contains(body[i:], fmt.Sprintf(`href="/items/%d"`, item)) {
		t.Error("the dashboard does not list the final position on the item the ministry answered on")
	}
}
