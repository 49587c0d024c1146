package web_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/web"
)

// TestDashboardProgress: staff see, for a seeded upcoming session, the picture of its
// preparation with the numbers it was seeded with: an SVG for each bar, labelled, with
// its numbers as text; concluded sessions have none; a liaison's dashboard has no
// picture.
func TestDashboardProgress(t *testing.T) {
	t.Parallel()
	seoul := mustZone(t, "Asia/Seoul")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, seoul)
	app := newApp(t, func(c *web.Config) { c.Now = func() time.Time { return now } })
	ctx := context.Background()
	s := app.Store.WithClock(func() time.Time { return now })
	staffActor := domain.Actor{User: app.user(staffEmail)}
	ses := &domain.Session{BodyID: app.body("EX").ID, Number: 998, TitleEN: "998th session of the Executive Board",
		StartsOn: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC),
		Status: domain.SessionPreparing}
	if err := s.CreateSession(ctx, staffActor, ses); err != nil {
		t.Fatal(err)
	}
	items := make([]int64, 4)
	for i := range items {
		status := "new"
		if i == 3 {
			status = "withdrawn"
		}
		it, err := s.CreateAgendaItem(ctx, staffActor, ses.ID, domain.AgendaItemInput{Number: fmt.Sprint(i + 1),
			TitleEN: fmt.Sprintf("Item %d", i+1), Priority: "normal", Status: status})
		if err != nil {
			t.Fatal(err)
		}
		items[i] = it.ID
	}
	// Item 1 final, item 2 a draft, item 3 without a brief; item 4 withdrawn.
	for _, it := range items[:2] {
		if _, err := s.SaveBrief(ctx, staffActor, it, domain.BriefInput{Stance: "support", SummaryEN: "Text."}); err != nil {
			t.Fatal(err)
		}
	}
	for _, take := range []func(domain.StepInput) error{
		func(in domain.StepInput) error { _, err := s.SubmitBrief(ctx, staffActor, items[0], in); return err },
		func(in domain.StepInput) error { return s.ApproveBrief(ctx, staffActor, items[0], in, false) },
		func(in domain.StepInput) error { return s.FinaliseBrief(ctx, staffActor, items[0], in) },
	} {
		b := app.brief(items[0])
		if err := take(domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}); err != nil {
			t.Fatal(err)
		}
	}
	// One consultation answered, one overdue (asked ten days ago, due five days ago).
	cs, err := s.OpenConsultations(ctx, staffActor, seoul, items[1], domain.ConsultationRequest{
		MinistryIDs: []int64{app.ministry("MOE").ID}, Question: "Input?", DueOn: "2026-11-27"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AnswerConsultation(ctx, domain.Actor{User: app.user(moeEmail)}, cs[0].ID,
		domain.ConsultationAnswer{Answer: "Agreed.", Version: cs[0].Version}); err != nil {
		t.Fatal(err)
	}
	past := s.WithClock(func() time.Time { return now.AddDate(0, 0, -10) })
	if _, err := past.OpenConsultations(ctx, staffActor, seoul, items[2], domain.ConsultationRequest{
		MinistryIDs: []int64{app.ministry("KHS").ID}, Question: "Input?", DueOn: "2026-11-15"}); err != nil {
		t.Fatal(err)
	}

	staff := app.client()
	staff.login(staffEmail)
	_, body := staff.get("/")
	card := progressCard(body, ses.ID)
	if card == "" {
		t.Fatal("the dashboard has no progress for 998 EX")
	}
	for _, want := range []string{
		en.T("progress.final_of", "Final", 1, "Count", 3),
		en.T("progress.days_to", "Count", 12),
		en.T("progress.consultations", "Count", 2, "Answered", 1, "Open", 1, "Overdue", 1),
		`role="img"`,
		"<title id=\"progress-" + fmt.Sprint(ses.ID) + "-b-t\">" + en.T("progress.briefs_chart", "Session", "998 EX", "Final", 1, "Count", 3) + "</title>",
		en.T("progress.consultations_chart", "Session", "998 EX"),
	} {
		if !strings.Contains(card, html.EscapeString(want)) && !strings.Contains(card, want) {
			t.Errorf("the progress of 998 EX lacks %q", want)
		}
	}
	// The legends, the pictures' text equivalent: every status with its count.
	legend := map[string]int{
		"brief_status.final": 1, "brief_status.approved": 0, "brief_status.in_review": 0, "brief_status.draft": 1,
		"progress.no_brief": 1, "consultations.status_answered": 1, "consultations.status_overdue": 1,
		"consultations.open_later": 0, "consultations.due_week": 0, "consultations.due_today": 0, "consultations.status_closed": 0,
	}
	for id, n := range legend {
		if want := fmt.Sprintf("%s <strong class=\"num\">%d</strong>", html.EscapeString(en.T(id)), n); !strings.Contains(card, want) {
			t.Errorf("the legend lacks %q", want)
		}
	}
	// The final part of the bar is a third of it: one item in three.
	if !regexp.MustCompile(`<rect x="0" y="0" width="13[0-3]" height="20" fill="#1e6b3a"/>`).MatchString(card) {
		t.Error("the final briefs' part of the bar is not a third of it")
	}
	if strings.Contains(card, "style=") || strings.Contains(card, "<script") {
		t.Error("the picture uses a style attribute or a script, which the CSP blocks")
	}
	if progressCard(body, app.sessionID("220 EX")) != "" {
		t.Error("a concluded session has a progress picture")
	}
	liaison := app.client()
	liaison.login(moeEmail)
	if _, body := liaison.get("/"); strings.Contains(body, `id="progress-h"`) {
		t.Error("a liaison's dashboard shows the progress picture")
	}
}

// progressCard returns the progress card of session id on the dashboard, or "".
func progressCard(body string, id int64) string {
	start := strings.Index(body, fmt.Sprintf(`aria-labelledby="progress-%d-h"`, id))
	if start < 0 {
		return ""
	}
	end := strings.Index(body[start:], "</article>")
	if end < 0 {
		return body[start:]
	}
	return body[start : start+end]
}
