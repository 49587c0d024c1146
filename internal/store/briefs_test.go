package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// briefRig is a database with the demo data and one agenda item of a session of its own,
// led by the Ministry of Education, with the Korea Heritage Service consulted on it.
type briefRig struct {
	t      *testing.T
	db     *bun.DB
	s      *store.Store
	item   int64
	staff  domain.Actor
	moe    domain.Actor // the Ministry of Education's liaison
	khs    domain.Actor // the Korea Heritage Service's liaison
	moeID  int64
	khsID  int64
	mofaID int64
}

func newBriefRig(t *testing.T) *briefRig {
	t.Helper()
	ctx := context.Background()
	db, _ := testdb.NewDemo(t)
	s := store.New(db)
	r := &briefRig{t: t, db: db, s: s}
	for email, a := range map[string]*domain.Actor{
		"staff@plenary.example": &r.staff, "moe@plenary.example": &r.moe, "khs@plenary.example": &r.khs,
	} {
		u, err := s.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		*a = domain.Actor{User: u}
	}
	r.moeID, r.khsID = *r.moe.User.MinistryID, *r.khs.User.MinistryID
	// A session of its own, whose delegation nobody is on yet.
	var body int64
	if err := db.NewSelect().Table("bodies").Column("id").Where("code = 'EX'").Scan(ctx, &body); err != nil {
		t.Fatal(err)
	}
	ses := &domain.Session{BodyID: body, Number: 227, TitleEN: "227th session of the Executive Board",
		StartsOn: day("2027-10-06"), EndsOn: day("2027-10-20")}
	if err := s.CreateSession(ctx, testActor, ses); err != nil {
		t.Fatal(err)
	}
	if err := db.NewSelect().Table("ministries").Column("id").Where("code = 'MOFA'").Scan(ctx, &r.mofaID); err != nil {
		t.Fatal(err)
	}
	item, err := s.CreateAgendaItem(ctx, testActor, ses.ID, domain.AgendaItemInput{
		Number: "40", TitleEN: "Safeguarding of documentary heritage in schools", LeadMinistryID: r.moeID,
		Priority: "normal", Status: "new"})
	if err != nil {
		t.Fatal(err)
	}
	r.item = item.ID
	r.consult(r.khsID, "open")
	return r
}

// consult asks ministry for input on the rig's item, as the consultations feature does.
func (r *briefRig) consult(ministry int64, status string) {
	r.t.Helper()
	_, err := r.db.ExecContext(context.Background(), `INSERT INTO consultations (item_id, ministry_id, question, asked_on, due_on, status)
		VALUES (?, ?, 'Your input, please.', '2027-02-01', '2027-03-01', ?)`, r.item, ministry, status)
	if err != nil {
		r.t.Fatal(err)
	}
}

// brief returns the rig's brief as staff read it.
func (r *briefRig) brief() *domain.Brief {
	r.t.Helper()
	b, err := r.s.Brief(context.Background(), domain.BriefScope{Scope: domain.Scope{All: true}}, r.item)
	if err != nil {
		r.t.Fatalf("brief: %v", err)
	}
	return b
}

// save saves text as the next revision and fails the test unless it is saved.
func (r *briefRig) save(text string) *domain.Brief {
	r.t.Helper()
	// The writer confirms that a save in review sets aside the verdicts given.
	in := domain.BriefInput{Stance: "support", SummaryEN: text, VoidVerdicts: true}
	if b, err := r.s.Brief(context.Background(), domain.BriefScope{Scope: domain.Scope{All: true}}, r.item); err == nil {
		in.Version = b.Version
	}
	if _, err := r.s.SaveBrief(context.Background(), r.staff, r.item, in); err != nil {
		r.t.Fatalf("save %q: %v", text, err)
	}
	return r.brief()
}

// at returns what a person who reads b now sends with a workflow step.
func at(b *domain.Brief, reason string) domain.StepInput {
	return domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID, Reason: reason}
}

func wantError(t *testing.T, err error, code, msg string) {
	t.Helper()
	if domain.ErrorCode(err) != code || domain.ErrorMessage(err) != msg {
		t.Fatalf("error %v, want %s %s", err, code, msg)
	}
}

// TestSaveBriefConcurrently: fifty people save the same brief at the same version at
// once; exactly one revision is added and the forty-nine others are told the brief
// changed, for a new brief as for one with revisions.
func TestSaveBriefConcurrently(t *testing.T) {
	t.Parallel()
	r := newBriefRig(t)
	ctx := context.Background()
	const n = 50
	saveAll := func(t *testing.T, version int) (saved int, texts map[string]bool) {
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := domain.BriefInput{Stance: "support", SummaryEN: fmt.Sprintf("%s: text of editor %d", t.Name(), i), Version: version}
				_, errs[i] = r.s.SaveBrief(ctx, r.staff, r.item, in)
			}()
		}
		wg.Wait()
		texts = map[string]bool{}
		for i, err := range errs {
			switch {
			case err == nil:
				saved++
				texts[fmt.Sprintf("%s: text of editor %d", t.Name(), i)] = true
			case domain.ErrorCode(err) == domain.ECONFLICT && domain.ErrorMessage(err) == "error.stale":
			default:
				t.Errorf("save %d: %v, want a stale-version conflict", i, err)
			}
		}
		return saved, texts
	}
	for _, tt := range []struct {
		name    string
		version func() int
	}{
		{"NewBrief", func() int { return 0 }},
		{"NextRevision", func() int { return r.brief().Version }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			version := tt.version()
			revisions := count(t, r.db, "brief_revisions", "TRUE")
			audits := count(t, r.db, "audit_log", "action = 'save' AND entity = 'brief'")
			saved, texts := saveAll(t, version)
			if saved != 1 {
				t.Fatalf("%d saves succeeded, want 1", saved)
			}
			if got, want := count(t, r.db, "brief_revisions", "TRUE"), revisions+1; got != want {
				t.Errorf("%d revisions, want %d", got, want)
			}
			if got, want := count(t, r.db, "audit_log", "action = 'save' AND entity = 'brief'"), audits+1; got != want {
				t.Errorf("%d save audit rows, want %d", got, want)
			}
			b := r.brief()
			if !texts[b.Current.SummaryEN] {
				t.Errorf("the current text %q is not the one saved", b.Current.SummaryEN)
			}
			if version != 0 && b.Version != version+1 {
				t.Errorf("version %d, want %d", b.Version, version+1)
			}
		})
	}
}

// TestBriefWorkflow walks one brief through its whole life.
func TestBriefWorkflow(t *testing.T) {
	t.Parallel()
	r := newBriefRig(t)
	ctx := context.Background()
	b := r.save("Korea supports the draft decision.")

	t.Run("ErrUnchanged", func(t *testing.T) {
		_, err := r.s.SaveBrief(ctx, r.staff, r.item, b.Current.Input(b.Version))
		wantError(t, err, domain.EINVALID, "briefs.unchanged")
	})
	t.Run("ErrApproveDraft", func(t *testing.T) {
		wantError(t, r.s.ApproveBrief(ctx, r.staff, r.item, at(b, ""), false), domain.ECONFLICT, "briefs.wrong_status")
	})
	t.Run("ErrReviewDraft", func(t *testing.T) {
		_, err := r.s.ReviewBrief(ctx, r.moe, r.item, domain.ReviewInput{Verdict: "concur", RevisionID: b.CurrentRevisionID})
		wantError(t, err, domain.ECONFLICT, "briefs.review_closed")
	})

	t.Run("SubmitNamesInvolvedMinistries", func(t *testing.T) {
		r.consult(r.mofaID, "withdrawn") // a withdrawn consultation does not involve its ministry
		got, err := r.s.SubmitBrief(ctx, r.staff, r.item, at(b, ""))
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]bool{r.moeID: true, r.khsID: true}
		if len(got) != len(want) || !want[got[0]] || !want[got[1]] {
			t.Errorf("ministries asked %v, want the lead (%d) and the consulted (%d)", got, r.moeID, r.khsID)
		}
		if b = r.brief(); b.Status != domain.BriefInReview {
			t.Errorf("status %s, want in_review", b.Status)
		}
	})

	reviewed := b.CurrentRevisionID
	t.Run("Reviews", func(t *testing.T) {
		if _, err := r.s.ReviewBrief(ctx, r.moe, r.item, domain.ReviewInput{Verdict: "concur", RevisionID: reviewed}); err != nil {
			t.Fatal(err)
		}
		_, err := r.s.ReviewBrief(ctx, r.moe, r.item, domain.ReviewInput{Verdict: "concur", RevisionID: reviewed})
		wantError(t, err, domain.ECONFLICT, "briefs.already_reviewed")
		_, err = r.s.ReviewBrief(ctx, r.khs, r.item, domain.ReviewInput{Verdict: "request_changes", RevisionID: reviewed})
		wantError(t, err, domain.EINVALID, "error.invalid") // a request for changes says which
		if _, err := r.s.ReviewBrief(ctx, r.khs, r.item, domain.ReviewInput{Verdict: "request_changes",
			Comment: "Mention the 2027 Memory of the World call.", RevisionID: reviewed}); err != nil {
			t.Fatal(err)
		}
		b = r.brief()
		wantError(t, r.s.ApproveBrief(ctx, r.staff, r.item, at(b, ""), false), domain.ECONFLICT, "briefs.not_all_concur")
		wantError(t, r.s.ApproveBrief(ctx, r.staff, r.item, at(b, " "), true), domain.EINVALID, "error.invalid")
	})

	t.Run("ErrVoidVerdictsUnconfirmed", func(t *testing.T) {
		b = r.brief()
		_, err := r.s.SaveBrief(ctx, r.staff, r.item, domain.BriefInput{Stance: "support", SummaryEN: "Unconfirmed.", Version: b.Version})
		wantError(t, err, domain.EINVALID, "error.invalid")
		if f := domain.ErrorFields(err)["void_verdicts"]; f != "briefs.void_confirm_required" {
			t.Errorf("field message %q, want briefs.void_confirm_required", f)
		}
		if now := r.brief(); now.Version != b.Version || now.CurrentRevisionID != b.CurrentRevisionID {
			t.Error("a revision was saved that sets aside verdicts without the writer's confirmation")
		}
	})

	t.Run("ErrReviewOfEarlierRevision", func(t *testing.T) {
		b = r.save("Korea supports the draft decision and the 2027 Memory of the World call.")
		if b.Status != domain.BriefInReview {
			t.Fatalf("status %s after a save in review, want in_review", b.Status)
		}
		_, err := r.s.ReviewBrief(ctx, r.khs, r.item, domain.ReviewInput{Verdict: "concur", RevisionID: reviewed})
		wantError(t, err, domain.ECONFLICT, "briefs.review_outdated")
		reviewers, err := r.s.BriefReviewers(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, rv := range reviewers {
			if rv.Verdict != "" {
				t.Errorf("%s's verdict on the earlier revision still counts: %s", rv.Code, rv.Verdict)
			}
		}
		if got, want := count(t, r.db, "brief_reviews", "brief_id = ?", b.ID), 2; got != want {
			t.Errorf("%d reviews in the history, want %d", got, want)
		}
	})

	t.Run("ErrApproveRevisionNotRead", func(t *testing.T) {
		for _, a := range []domain.Actor{r.moe, r.khs} {
			if _, err := r.s.ReviewBrief(ctx, a, r.item, domain.ReviewInput{Verdict: "concur_with_comments",
				Comment: "Fine.", RevisionID: b.CurrentRevisionID}); err != nil {
				t.Fatal(err)
			}
		}
		stale := at(r.brief(), "")
		stale.RevisionID = reviewed
		wantError(t, r.s.ApproveBrief(ctx, r.staff, r.item, stale, false), domain.ECONFLICT, "briefs.revision_changed")
		wantError(t, r.s.ApproveBrief(ctx, r.staff, r.item, at(b, ""), false), domain.ECONFLICT, "error.stale")
	})

	t.Run("Approve", func(t *testing.T) {
		b = r.brief()
		if err := r.s.ApproveBrief(ctx, r.staff, r.item, at(b, ""), false); err != nil {
			t.Fatal(err)
		}
		b = r.brief()
		if b.Status != domain.BriefApproved || b.ApprovedRevisionID == nil || *b.ApprovedRevisionID != b.CurrentRevisionID {
			t.Errorf("status %s, approved revision %v, want approved %d", b.Status, b.ApprovedRevisionID, b.CurrentRevisionID)
		}
		_, err := r.s.SaveBrief(ctx, r.staff, r.item, domain.BriefInput{Stance: "oppose", SummaryEN: "Changed after approval", Version: b.Version})
		wantError(t, err, domain.ECONFLICT, "briefs.locked")
	})

	t.Run("Finalise", func(t *testing.T) {
		if err := r.s.FinaliseBrief(ctx, r.staff, r.item, at(b, "")); err != nil {
			t.Fatal(err)
		}
		b = r.brief()
		_, err := r.db.ExecContext(ctx, `INSERT INTO brief_revisions (brief_id, number, author, stance, summary_en)
			VALUES (?, 99, 'intruder', 'oppose', 'Rewritten behind the workflow')`, b.ID)
		if err == nil {
			t.Error("the database took a new revision of a final brief")
		}
		if _, err := r.db.ExecContext(ctx, `UPDATE brief_revisions SET summary_en = 'Rewritten' WHERE id = ?`, b.CurrentRevisionID); err == nil {
			t.Error("the database let a revision be changed")
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		wantError(t, func() error { _, err := r.s.ReopenBrief(ctx, r.staff, r.item, at(b, "")); return err }(),
			domain.EINVALID, "error.invalid")
		final := b.Current
		rev, err := r.s.ReopenBrief(ctx, r.staff, r.item, at(b, "The Secretariat revised the draft decision."))
		if err != nil {
			t.Fatal(err)
		}
		b = r.brief()
		if b.Status != domain.BriefDraft || b.SubmissionID != nil || b.ApprovedRevisionID != nil {
			t.Errorf("status %s, submission %v, approved %v; want a draft", b.Status, b.SubmissionID, b.ApprovedRevisionID)
		}
		if rev.Number != final.Number+1 || b.Current.SummaryEN != final.SummaryEN || b.Current.Reason != "The Secretariat revised the draft decision." {
			t.Errorf("revision %d %q reason %q; want %d with the final text and the reason", rev.Number, b.Current.SummaryEN, b.Current.Reason, final.Number+1)
		}
		if reviewers, _ := r.s.BriefReviewers(ctx, b); len(reviewers) != 0 {
			t.Errorf("%d reviewers of a reopened draft, want none until it is submitted again", len(reviewers))
		}
	})

	t.Run("History", func(t *testing.T) {
		es, err := r.s.BriefEvents(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			got = append(got, fmt.Sprintf("%s@%d", e.Action, e.RevisionNumber))
		}
		if want := "[reopen@2 finalise@2 approve@2 submit@1]"; fmt.Sprint(got) != want {
			t.Errorf("events %v, want %s", got, want)
		}
		if got, want := count(t, r.db, "audit_log", "entity = 'brief' AND entity_id = ?", b.ID), 10; got != want {
			t.Errorf("%d audit rows, want %d (2 saves, submit, 4 reviews, approve, finalise, reopen)", got, want)
		}
	})
}

// TestApproveConcurrently: staff approving one brief at once make one transition.
func TestApproveConcurrently(t *testing.T) {
	t.Parallel()
	r := newBriefRig(t)
	ctx := context.Background()
	b := r.save("Korea supports the draft decision.")
	if _, err := r.s.SubmitBrief(ctx, r.staff, r.item, at(b, "")); err != nil {
		t.Fatal(err)
	}
	for _, a := range []domain.Actor{r.moe, r.khs} {
		if _, err := r.s.ReviewBrief(ctx, a, r.item, domain.ReviewInput{Verdict: "concur", RevisionID: b.CurrentRevisionID}); err != nil {
			t.Fatal(err)
		}
	}
	b = r.brief()
	const n = 10
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				errs[i] = r.s.ApproveBrief(ctx, r.staff, r.item, at(b, ""), false)
			} else {
				errs[i] = r.s.ApproveBrief(ctx, r.staff, r.item, at(b, "Urgent: the Board meets tomorrow."), true)
			}
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case domain.ErrorCode(err) == domain.ECONFLICT:
		default:
			t.Errorf("approval %d: %v, want a conflict", i, err)
		}
	}
	if ok != 1 {
		t.Errorf("%d approvals succeeded, want 1", ok)
	}
	if got, want := count(t, r.db, "brief_events", "brief_id = ? AND action IN ('approve', 'override')", b.ID), 1; got != want {
		t.Errorf("%d approval events, want %d", got, want)
	}
	if got := r.brief(); got.Version != b.Version+1 || got.Status != domain.BriefApproved {
		t.Errorf("version %d status %s, want %d approved", got.Version, got.Status, b.Version+1)
	}
}
