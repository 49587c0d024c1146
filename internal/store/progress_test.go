package store_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// progressSession adds the 999th Executive Board, from 2 to 6 December 2026, with six
// items: one brief in each status, one item without a brief, and a withdrawn item with a
// draft; and four consultations: one answered, two open on time, one overdue. It returns
// the session's id.
func progressSession(t *testing.T, r *consRig) int64 {
	t.Helper()
	ctx := context.Background()
	ses := &domain.Session{BodyID: r.id("bodies", "code = 'EX'"), Number: 999, TitleEN: "999th session of the Executive Board",
		StartsOn: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC),
		Status: domain.SessionPreparing}
	if err := r.s.CreateSession(ctx, r.staff, ses); err != nil {
		t.Fatal(err)
	}
	items := map[string]int64{}
	for _, n := range []string{"1", "2", "3", "4", "5", "6"} {
		status := "new"
		if n == "6" {
			status = "withdrawn"
		}
		it, err := r.s.CreateAgendaItem(ctx, r.staff, ses.ID, domain.AgendaItemInput{Number: n, TitleEN: "Item " + n,
			Priority: "normal", Status: status})
		if err != nil {
			t.Fatal(err)
		}
		items[n] = it.ID
	}
	step := func(item int64, take func(domain.StepInput) error) {
		t.Helper()
		b, err := r.s.Brief(ctx, domain.BriefScope{Scope: domain.Scope{All: true}}, item)
		if err != nil {
			t.Fatal(err)
		}
		if err := take(domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID, Reason: "Agreed."}); err != nil {
			t.Fatal(err)
		}
	}
	// Item 1 final, 2 approved, 3 in review, 4 and 6 drafts, 5 without a brief.
	for _, n := range []string{"1", "2", "3", "4", "6"} {
		if _, err := r.s.SaveBrief(ctx, r.staff, items[n], domain.BriefInput{Stance: "support", SummaryEN: "Text " + n}); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"1", "2", "3"} {
		step(items[n], func(in domain.StepInput) error { _, err := r.s.SubmitBrief(ctx, r.staff, items[n], in); return err })
	}
	for _, n := range []string{"1", "2"} {
		step(items[n], func(in domain.StepInput) error { return r.s.ApproveBrief(ctx, r.staff, items[n], in, true) })
	}
	step(items["1"], func(in domain.StepInput) error { return r.s.FinaliseBrief(ctx, r.staff, items["1"], in) })
	// Consultations, asked after the briefs' reviews so that nobody was asked to review.
	answered := r.open(items["1"], "2026-11-27", r.ministry("MOE"))[0]
	if err := r.s.AnswerConsultation(ctx, r.moe, answered.ID, domain.ConsultationAnswer{Answer: "Agreed.", Version: answered.Version}); err != nil {
		t.Fatal(err)
	}
	r.open(items["4"], "2026-11-27", r.ministry("KHS"), r.ministry("MSIT"))
	// Asked ten days ago, due five days ago: overdue today.
	past := r.s.WithClock(func() time.Time { return r.now.AddDate(0, 0, -10) })
	if _, err := past.OpenConsultations(ctx, r.staff, r.seoul, items["5"], domain.ConsultationRequest{
		MinistryIDs: []int64{r.ministry("MOE")}, Question: "Input?", DueOn: "2026-11-15"}); err != nil {
		t.Fatal(err)
	}
	return ses.ID
}

// progressCounter counts the queries the progress reads.
type progressCounter struct{ n atomic.Int64 }

func (c *progressCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}
func (c *progressCounter) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	if !strings.HasPrefix(strings.TrimSpace(e.Query), "BEGIN") {
		c.n.Add(1)
	}
}

// TestSessionProgress: the progress of the upcoming sessions counts a seeded session's
// items by the status of their brief (withdrawn items aside) and its consultations
// answered, open and overdue; sessions that have ended are left out; it is read in two
// queries however many sessions there are.
func TestSessionProgress(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	id := progressSession(t, r)
	counter := &progressCounter{}
	s := store.New(r.db.WithQueryHook(counter)).WithClock(func() time.Time { return r.now })
	rows, err := s.SessionProgress(context.Background(), domain.Scope{All: true}, r.seoul)
	if err != nil {
		t.Fatal(err)
	}
	if got := counter.n.Load(); got != 2 {
		t.Errorf("%d queries for %d sessions, want 2", got, len(rows))
	}
	var got *domain.SessionProgress
	for i := range rows {
		switch rows[i].Code {
		case "999 EX":
			got = &rows[i]
		case "220 EX", "43 C", "48 WHC":
			t.Errorf("%s, concluded, is listed", rows[i].Code)
		}
	}
	if got == nil || got.ID != id {
		t.Fatalf("999 EX missing from %d sessions", len(rows))
	}
	want := domain.SessionProgress{ID: id, Code: "999 EX", StartsOn: got.StartsOn, EndsOn: got.EndsOn,
		Items: 5, NoBrief: 1, Draft: 1, InReview: 1, Approved: 1, Final: 1}
	want.Consultations = got.Consultations
	if *got != want {
		t.Errorf("got %+v,\nwant %+v", *got, want)
	}
	if c := got.Consultations; c.Answered != 1 || c.Open != 3 || c.Overdue != 1 || c.Closed != 0 {
		t.Errorf("consultations %+v, want 1 answered, 3 open of which 1 overdue", c)
	}
	today := domain.Today(r.now, r.seoul)
	if d := got.DaysTo(today); d != 12 {
		t.Errorf("%d days to the session, want 12", d)
	}
	if got.InSession(today) || !got.InSession(today.AddDate(0, 0, 16)) || got.InSession(today.AddDate(0, 0, 17)) {
		t.Error("InSession is wrong at the session's edges")
	}
	t.Run("Liaison", func(t *testing.T) {
		rows, err := s.SessionProgress(context.Background(), domain.Scope{MinistryID: r.ministry("MOFA")}, r.seoul)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			if row.Code == "999 EX" {
				t.Error("a ministry not involved in 999 EX sees its progress")
			}
		}
	})
}
