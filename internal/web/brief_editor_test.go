package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
)

// editorFixture is a recurring item: "77" at 220 EX with a final brief, carried forward
// to "77" at 226 EX, whose brief is being written; beside it "78" at 226 EX. Each item
// has answers of its own, so that a page showing another item's answer shows it.
type editorFixture struct {
	app             *testApp
	staff, moe, khs domain.Actor
	prev, item, sib int64
}

func newEditorFixture(t *testing.T, app *testApp) *editorFixture {
	t.Helper()
	ctx := context.Background()
	f := &editorFixture{app: app, staff: domain.Actor{User: app.user(staffEmail)},
		moe: domain.Actor{User: app.user(moeEmail)}, khs: domain.Actor{User: app.user(khsEmail)}}
	moe := app.ministry("MOE").ID
	create := func(session, title string, number string, lead int64) int64 {
		t.Helper()
		it, err := app.Store.CreateAgendaItem(ctx, f.staff, app.sessionID(session), domain.AgendaItemInput{Number: number,
			TitleEN: title, LeadMinistryID: lead, Priority: "normal", Status: "new"})
		if err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	f.prev = create("220 EX", "Recurring item on teacher policy", "77", moe)
	f.item = create("226 EX", "Recurring item on teacher policy", "77", moe)
	f.sib = create("226 EX", "Another item", "78", moe)
	it, err := app.Store.AgendaItem(ctx, domain.Scope{All: true}, f.item)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.LinkPrevious(ctx, f.staff, f.item, f.prev, it.Version); err != nil {
		t.Fatal(err)
	}
	// The position made final at 220 EX.
	if _, err := app.Store.SaveBrief(ctx, f.staff, f.prev, domain.BriefInput{Stance: "support_with_amendments",
		SummaryEN: "PREV-FINAL-SUMMARY", SummaryKO: "이전 확정 요지", InterventionEN: "PREV-FINAL-INTERVENTION"}); err != nil {
		t.Fatal(err)
	}
	f.step(t, f.prev, func(in domain.StepInput) error { _, err := app.Store.SubmitBrief(ctx, f.staff, f.prev, in); return err })
	f.step(t, f.prev, func(in domain.StepInput) error {
		in.Reason = "Agreed by letter."
		return app.Store.ApproveBrief(ctx, f.staff, f.prev, in, true)
	})
	f.step(t, f.prev, func(in domain.StepInput) error { return app.Store.FinaliseBrief(ctx, f.staff, f.prev, in) })
	// Answers: the Ministry of Education on the item, with a file; the Korea Heritage
	// Service asked on the item, not yet answered; answers on the two other items.
	f.ask(t, f.item, "MOE", "MOE-ANSWER-ON-ITEM", "moe-answer-77.pdf")
	f.ask(t, f.item, "KHS", "", "")
	f.ask(t, f.sib, "KHS", "KHS-ANSWER-ON-SIBLING", "khs-sibling.pdf")
	f.ask(t, f.prev, "MOE", "MOE-ANSWER-ON-PREVIOUS", "")
	if _, err := app.Store.SaveFile(ctx, f.staff, domain.FileTarget{Kind: domain.FileItemDocument, ItemID: f.item},
		domain.FileInput{Name: "226 EX-77.pdf", Symbol: "226 EX/77", Language: "en"}, bytes.NewReader(seed.MinimalPDF("226 EX/77")), 1<<20); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.SaveFile(ctx, f.staff, domain.FileTarget{Kind: domain.FileItemDocument, ItemID: f.sib},
		domain.FileInput{Name: "226 EX-78.pdf", Symbol: "226 EX/78", Language: "en"}, bytes.NewReader(seed.MinimalPDF("226 EX/78")), 1<<20); err != nil {
		t.Fatal(err)
	}
	return f
}

// step takes a workflow step on item at the brief's current version and revision.
func (f *editorFixture) step(t *testing.T, item int64, take func(domain.StepInput) error) {
	t.Helper()
	b := f.app.brief(item)
	if err := take(domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}); err != nil {
		t.Fatal(err)
	}
}

// ask opens a consultation of ministry code on item; a non-empty answer is given by
// that ministry's liaison, with an answer file when name is given.
func (f *editorFixture) ask(t *testing.T, item int64, code, answer, file string) {
	t.Helper()
	ctx := context.Background()
	cs, err := f.app.Store.OpenConsultations(ctx, f.staff, time.UTC, item, domain.ConsultationRequest{
		MinistryIDs: []int64{f.app.ministry(code).ID}, Question: "Your input?", DueOn: inFuture(10)})
	if err != nil {
		t.Fatal(err)
	}
	if answer == "" {
		return
	}
	liaison, ok := map[string]domain.Actor{"MOE": f.moe, "KHS": f.khs}[code]
	if !ok {
		liaison = f.staff // an answer received by e-mail, recorded by the Commission
	}
	if err := f.app.Store.AnswerConsultation(ctx, liaison, cs[0].ID, domain.ConsultationAnswer{Answer: answer, Version: cs[0].Version}); err != nil {
		t.Fatal(err)
	}
	if file != "" {
		if _, err := f.app.Store.SaveFile(ctx, liaison, domain.FileTarget{Kind: domain.FileConsultationAnswer, ConsultationID: cs[0].ID},
			domain.FileInput{Name: file}, bytes.NewReader(seed.MinimalPDF(file)), 1<<20); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBriefEditorContext: beside the brief's form, staff read the answers given on this
// item (with their files, ministry and date), this item's documents and the position
// made final on the same item at the previous session; never another item's answers
// or documents.
func TestBriefEditorContext(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := newEditorFixture(t, app)
	staff := app.client()
	staff.login(staffEmail)
	resp, body := staff.get(fmt.Sprintf("/items/%d/brief", f.item))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		"MOE-ANSWER-ON-ITEM", "moe-answer-77.pdf", html.EscapeString(app.ministry("MOE").NameEN),
		html.EscapeString(app.ministry("KHS").NameEN), en.T("consultations.no_answer"),
		"226 EX-77.pdf",
		"PREV-FINAL-SUMMARY", "PREV-FINAL-INTERVENTION", "220 EX · 77", en.T("stance.support_with_amendments"),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the editor lacks %q", want)
			if testing.Verbose() {
				t.Log(body)
			}
		}
	}
	for _, not := range []string{"KHS-ANSWER-ON-SIBLING", "khs-sibling.pdf", "MOE-ANSWER-ON-PREVIOUS", "226 EX-78.pdf"} {
		if strings.Contains(body, not) {
			t.Errorf("the editor of item 77 shows %q, of another item", not)
		}
	}
	t.Run("NoPrevious", func(t *testing.T) {
		_, body := staff.get(fmt.Sprintf("/items/%d/brief", f.sib))
		if !strings.Contains(body, html.EscapeString(en.T("brief_context.no_previous"))) || strings.Contains(body, "PREV-FINAL-SUMMARY") {
			t.Error("an item with no earlier final position must say so")
		}
		if !strings.Contains(body, "KHS-ANSWER-ON-SIBLING") || strings.Contains(body, "MOE-ANSWER-ON-ITEM") {
			t.Error("the editor of item 78 must show its own answers only")
		}
	})
	t.Run("KoreanReader", func(t *testing.T) {
		// Last: the language is the person's, kept with their login.
		ko := app.client()
		ko.login(staffEmail)
		ko.post("/lang", url.Values{"lang": {"ko"}, "back": {"/"}})
		_, body := ko.get(fmt.Sprintf("/items/%d/brief", f.item))
		if !strings.Contains(body, "이전 확정 요지") || strings.Contains(body, "PREV-FINAL-SUMMARY") {
			t.Error("a Korean reader does not read the previous summary in Korean")
		}
		// The intervention was written in English only: shown, marked as such.
		if !strings.Contains(body, "PREV-FINAL-INTERVENTION") || !strings.Contains(body, "다른 언어로만 작성됨") {
			t.Error("the previous intervention, in English only, is not shown marked")
		}
	})
}

// TestBriefEditorQueryCount: the editor reads its context in a fixed number of queries,
// not one per answer or per file.
func TestBriefEditorQueryCount(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := newEditorFixture(t, app)
	counter := &queryCounter{}
	app = newAppOn(t, app.DB.WithQueryHook(counter))
	staff := app.client()
	staff.login(staffEmail)
	count := func() int64 {
		t.Helper()
		counter.n.Store(0)
		if resp, _ := staff.get(fmt.Sprintf("/items/%d/brief", f.item)); resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		return counter.n.Load()
	}
	before := count()
	for _, code := range []string{"MSIT", "MCST", "MOFA"} {
		f.ask(t, f.item, code, "Answer of "+code, code+".pdf")
	}
	after := count()
	t.Logf("editor: %d queries, %d with more consultations", before, after)
	if after != before {
		t.Errorf("%d queries with more consultations, %d before: want as many", after, before)
	}
	if want := int64(16); after > want {
		t.Errorf("%d queries, want at most %d", after, want)
	}
}

// TestSaveVoidingVerdicts: a save that would set aside the ministries' verdicts on the
// revision in review is refused without the writer's explicit confirmation, keeping
// their text and saving nothing; with it, the save voids the verdicts.
func TestSaveVoidingVerdicts(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	f := newEditorFixture(t, app)
	if _, err := app.Store.SaveBrief(ctx, f.staff, f.item, domain.BriefInput{Stance: "support", SummaryEN: "First text."}); err != nil {
		t.Fatal(err)
	}
	f.step(t, f.item, func(in domain.StepInput) error { _, err := app.Store.SubmitBrief(ctx, f.staff, f.item, in); return err })
	b := app.brief(f.item)
	if _, err := app.Store.ReviewBrief(ctx, f.moe, f.item, domain.ReviewInput{Verdict: "request_changes",
		Comment: "Add the figures.", RevisionID: b.CurrentRevisionID}); err != nil {
		t.Fatal(err)
	}
	staff := app.client()
	staff.login(staffEmail)
	page := fmt.Sprintf("/items/%d/brief", f.item)
	_, body := staff.get(page)
	if !strings.Contains(body, en.T("briefs.void_title", "Count", 1)) || !strings.Contains(body, `name="void_verdicts"`) {
		t.Fatal("the editor does not warn that a save sets aside the verdict given")
	}
	b = app.brief(f.item)
	const typed = "Second text, with the figures the Ministry asked for."
	t.Run("ErrWithoutConfirmation", func(t *testing.T) {
		resp, body := staff.post(page, briefForm(b, typed))
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if got := fieldErrors(body)["void_verdicts"]; got != en.T("briefs.void_confirm_required") {
			t.Errorf("field message %q", got)
		}
		if !strings.Contains(body, ">"+typed+"</textarea>") {
			t.Error("the typed text is not kept")
		}
		if now := app.brief(f.item); now.Version != b.Version || now.CurrentRevisionID != b.CurrentRevisionID {
			t.Error("a revision was saved without the confirmation")
		}
		rs, err := app.Store.BriefReviewers(ctx, app.brief(f.item))
		if err != nil || domain.VerdictsGiven(rs) != 1 {
			t.Errorf("the verdict no longer stands (%v)", err)
		}
	})
	t.Run("Confirmed", func(t *testing.T) {
		form := briefForm(b, typed)
		form.Set("void_verdicts", "true")
		resp, _ := staff.post(page, form)
		wantRedirect(t, resp, fmt.Sprintf("/items/%d", f.item))
		now := app.brief(f.item)
		if now.Current.Number != b.Current.Number+1 || now.Current.SummaryEN != typed || now.Status != domain.BriefInReview {
			t.Errorf("revision %d %q %s; want the next revision, in review", now.Current.Number, now.Current.SummaryEN, now.Status)
		}
		rs, err := app.Store.BriefReviewers(ctx, now)
		if err != nil || domain.VerdictsGiven(rs) != 0 {
			t.Errorf("verdicts still standing on the new revision: %d (%v)", domain.VerdictsGiven(rs), err)
		}
		// Nothing given on this revision: the next save needs no confirmation.
		if _, body := staff.get(page); strings.Contains(body, `name="void_verdicts"`) {
			t.Error("the editor asks to confirm with no verdict to set aside")
		}
	})
}

// TestApproveAndFinaliseNeedConfirmation: approving and making final are taken on a page
// of their own with a confirmation; a form without it changes nothing.
func TestApproveAndFinaliseNeedConfirmation(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	staffActor := domain.Actor{User: app.user(staffEmail)}
	it, err := app.Store.CreateAgendaItem(ctx, staffActor, app.sessionID("226 EX"), domain.AgendaItemInput{Number: "79",
		TitleEN: "An item nobody else is asked about", Priority: "normal", Status: "new"})
	if err != nil {
		t.Fatal(err)
	}
	item, page := it.ID, fmt.Sprintf("/items/%d", it.ID)
	if _, err := app.Store.SaveBrief(ctx, staffActor, item, domain.BriefInput{Stance: "support", SummaryEN: "Text."}); err != nil {
		t.Fatal(err)
	}
	b := app.brief(item)
	if _, err := app.Store.SubmitBrief(ctx, staffActor, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID}); err != nil {
		t.Fatal(err)
	}
	staff := app.client()
	staff.login(staffEmail)
	for _, step := range []struct {
		name, path string
		from, to   domain.BriefStatus
		label      string
	}{
		{"Approve", "/brief/approve", domain.BriefInReview, domain.BriefApproved, "briefs.confirm_approve"},
		{"Finalise", "/brief/finalise", domain.BriefApproved, domain.BriefFinal, "briefs.confirm_finalise"},
	} {
		t.Run(step.name, func(t *testing.T) {
			_, body := staff.get(page)
			if strings.Contains(body, `action="`+page+step.path+`"`) || !strings.Contains(body, `href="`+page+step.path+`"`) {
				t.Error("the item page must link to the step's page, not take the step in one click")
			}
			resp, body := staff.get(page + step.path)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, en.T(step.label, "Number", 1)) {
				t.Fatalf("GET %s: status %d, want the confirmation", step.path, resp.StatusCode)
			}
			before := app.brief(item)
			resp, body = staff.post(page+step.path, stepForm(before, ""))
			if resp.StatusCode != http.StatusUnprocessableEntity || fieldErrors(body)["confirm"] != en.T("briefs.confirm_required") {
				t.Errorf("without confirmation: status %d, field errors %v", resp.StatusCode, fieldErrors(body))
			}
			if now := app.brief(item); now.Status != step.from || now.Version != before.Version {
				t.Fatalf("without confirmation: status %s version %d, want %s at %d", now.Status, now.Version, step.from, before.Version)
			}
			resp, _ = staff.post(page+step.path, confirmed(stepForm(before, "")))
			wantRedirect(t, resp, page)
			if now := app.brief(item); now.Status != step.to {
				t.Errorf("status %s, want %s", now.Status, step.to)
			}
		})
	}
}
