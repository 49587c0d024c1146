package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
)

// notified counts the in-app notices and the e-mails queued about consultations ids.
func (r *consRig) notified(ids []int64) (notices, mails int) {
	r.t.Helper()
	notices = r.count("notifications", "consultation_id IN (?)", bun.List(ids))
	mails = r.count("outbox", "notification_id IN (SELECT id FROM notifications WHERE consultation_id IN (?))", bun.List(ids))
	return notices, mails
}

func idsOf(cs []domain.Consultation) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// TestAskConsultations: one question on several items to several ministries opens a
// consultation for every pair, each audited and told to the ministry, and leaves out the
// pairs asked already; a request it cannot make whole opens nothing.
func TestAskConsultations(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	ses := r.id("sessions", "code = '226 EX'")
	a, b := r.item("226 EX", "5.II.A"), r.item("226 EX", "5.I.B")
	mofa, mof := r.ministry("MOFA"), r.ministry("MOF")
	asked := r.open(b, "2026-12-10", mof)[0]
	ask := func(items []int64, ministries []int64, mod func(*domain.ConsultationRequest)) (domain.AskReport, error) {
		in := domain.ConsultationBulkRequest{ItemIDs: items, ConsultationRequest: domain.ConsultationRequest{
			MinistryIDs: ministries, Question: "Your position on both draft decisions?", DueOn: "2026-12-04"}}
		if mod != nil {
			mod(&in.ConsultationRequest)
		}
		return r.s.AskConsultations(ctx, r.staff, r.seoul, ses, in)
	}

	t.Run("OtherSessionItemOpensNothing", func(t *testing.T) {
		before := r.count("consultations", "TRUE")
		_, err := ask([]int64{a, r.item("21 ICH", "14")}, []int64{mofa}, nil)
		wantConsError(t, err, domain.ENOTFOUND, "")
		if got := r.count("consultations", "TRUE"); got != before {
			t.Errorf("%d consultations, want %d: an item of another session opened some", got, before)
		}
	})
	t.Run("EveryPairAskedAlready", func(t *testing.T) {
		_, err := ask([]int64{b}, []int64{mof}, nil)
		wantConsError(t, err, domain.EINVALID, "consultations.error_all_live")
	})
	t.Run("OK", func(t *testing.T) {
		rep, err := ask([]int64{a, b}, []int64{mofa, mof, r.ministry("MOE")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Opened) != 5 || len(rep.Skipped) != 1 || rep.Skipped[0].ItemID != b || rep.Skipped[0].MinistryID != mof {
			t.Fatalf("opened %d, skipped %+v; want 5 opened and %d × MOF skipped", len(rep.Opened), rep.Skipped, b)
		}
		if got, want := rep.SkippedNames(), "5.I.B · MOF"; got != want {
			t.Errorf("skipped %q, want %q", got, want)
		}
		// In the agenda's order (5.I.B before 5.II.A), whatever the order of the ticks.
		if rep.Opened[0].ItemID != b || rep.Opened[4].ItemID != a {
			t.Errorf("opened items %d … %d; want %d first and %d last", rep.Opened[0].ItemID, rep.Opened[4].ItemID, b, a)
		}
		ids := idsOf(rep.Opened)
		if got := r.count("audit_log", "entity = 'consultation' AND action = 'create' AND entity_id IN (?)", bun.List(ids)); got != 5 {
			t.Errorf("%d audit rows, want one per consultation", got)
		}
		for _, c := range rep.Opened {
			got := r.get(c.ID)
			if got.Status != domain.ConsultationOpen || got.AskedOn.Format(time.DateOnly) != "2026-11-20" || got.DueOn.Format(time.DateOnly) != "2026-12-04" {
				t.Errorf("consultation %d: %s, asked %s, due %s", c.ID, got.Status, got.AskedOn, got.DueOn)
			}
		}
		if notices, _ := r.notified(ids); notices == 0 {
			t.Error("the Ministry of Education's liaison was not told of the requests")
		}
		if got := r.get(asked.ID); got.Question == "Your position on both draft decisions?" || got.Version != asked.Version {
			t.Error("the request asked already was changed")
		}
	})
}

// TestRecordSentRequests: a request sent by e-mail before Plenary is recorded with the
// day it was asked, audited as recorded and told to nobody unless asked; a due date in
// the past needs a confirmation, and the day asked cannot be after today.
func TestRecordSentRequests(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	item := r.item("226 EX", "5.II.A")
	record := func(ministry int64, in domain.ConsultationRequest) ([]domain.Consultation, error) {
		in.MinistryIDs, in.Question, in.AlreadySent = []int64{ministry}, "Sent on paper in October.", true
		return r.s.OpenConsultations(ctx, r.staff, r.seoul, item, in)
	}
	before := r.count("consultations", "TRUE")
	tests := []struct {
		name       string
		in         domain.ConsultationRequest
		field, msg string
	}{
		{"PastDueUnconfirmed", domain.ConsultationRequest{AskedOn: "2026-10-20", DueOn: "2026-11-10"}, "due_on", "consultations.error_due_passed"},
		{"AskedTomorrow", domain.ConsultationRequest{AskedOn: "2026-11-21", DueOn: "2026-12-10"}, "asked_on", "consultations.error_asked_future"},
		{"DueBeforeAsked", domain.ConsultationRequest{AskedOn: "2026-10-20", DueOn: "2026-10-19", PastDue: true}, "due_on", "consultations.error_due_before_asked"},
		{"NotADate", domain.ConsultationRequest{AskedOn: "20 October", DueOn: "2026-12-10"}, "asked_on", "error.date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := record(r.ministry("MOFA"), tt.in)
			if got := domain.ErrorFields(err)[tt.field]; domain.ErrorCode(err) != domain.EINVALID || got != tt.msg {
				t.Errorf("error %v (fields %v), want %s on %s", err, domain.ErrorFields(err), tt.msg, tt.field)
			}
		})
	}
	if got := r.count("consultations", "TRUE"); got != before {
		t.Fatalf("%d consultations after refusals, want %d", got, before)
	}

	t.Run("PastDueConfirmed", func(t *testing.T) {
		cs, err := record(r.ministry("MOFA"), domain.ConsultationRequest{AskedOn: "2026-10-20", DueOn: "2026-11-10", PastDue: true})
		if err != nil {
			t.Fatal(err)
		}
		c := r.get(cs[0].ID)
		if c.AskedOn.Format(time.DateOnly) != "2026-10-20" || !c.Overdue || c.Due() != domain.DueOverdue {
			t.Errorf("asked on %s, overdue %v (%q); want asked 2026-10-20 and overdue", c.AskedOn, c.Overdue, c.Due())
		}
		if got := r.count("audit_log", "entity = 'consultation' AND action = 'record' AND entity_id = ?", c.ID); got != 1 {
			t.Errorf("%d audit rows saying it was recorded, want 1", got)
		}
		if notices, mails := r.notified([]int64{c.ID}); notices+mails != 0 {
			t.Errorf("%d notices and %d e-mails about a request the ministry has already", notices, mails)
		}
	})
	t.Run("AskedTodayWhenLeftEmpty", func(t *testing.T) {
		cs, err := record(r.ministry("MOF"), domain.ConsultationRequest{DueOn: "2026-12-10"})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.get(cs[0].ID).AskedOn.Format(time.DateOnly); got != "2026-11-20" {
			t.Errorf("asked on %s, want today 2026-11-20", got)
		}
	})
	t.Run("NotifyWhenAsked", func(t *testing.T) {
		cs, err := record(r.ministry("MOE"), domain.ConsultationRequest{AskedOn: "2026-11-02", DueOn: "2026-12-10", Notify: true})
		if err != nil {
			t.Fatal(err)
		}
		if notices, _ := r.notified(idsOf(cs)); notices == 0 {
			t.Error("the liaisons were not told although the request asked for it")
		}
	})
}

// TestCloseConsultations: answered consultations ticked are closed together, each
// audited, or none: one changed meanwhile is named (ECONFLICT), one not answered is
// named on the ticks' field (EINVALID), one of another session is not found.
func TestCloseConsultations(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	ses := r.id("sessions", "code = '226 EX'")
	answered := func(number, code string) domain.ConsultationVersion {
		c := r.open(r.item("226 EX", number), "2026-12-10", r.ministry(code))[0]
		a := r.staff
		if err := r.s.AnswerConsultation(ctx, a, c.ID, domain.ConsultationAnswer{Answer: "Our answer.", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		return domain.ConsultationVersion{ID: c.ID, Version: r.get(c.ID).Version}
	}
	x, y := answered("5.II.A", "MOFA"), answered("5.I.B", "MOFA")
	open := r.open(r.item("226 EX", "5.II.A"), "2026-12-10", r.ministry("MOF"))[0]
	closed := func() int {
		return r.count("consultations", "status = 'closed' AND id IN (?)", bun.List([]int64{x.ID, y.ID, open.ID}))
	}

	t.Run("StaleRefusesAll", func(t *testing.T) {
		_, err := r.s.CloseConsultations(ctx, r.staff, ses, []domain.ConsultationVersion{x, {ID: y.ID, Version: y.Version - 1}})
		var e *domain.ConsultationsChangedError
		if !errors.As(err, &e) || domain.ErrorCode(err) != domain.ECONFLICT || len(e.Stale) != 1 || e.Stale[0].String() != "5.I.B · MOFA" {
			t.Fatalf("error %v, want a conflict naming 5.I.B · MOFA", err)
		}
		if closed() != 0 {
			t.Error("something was closed")
		}
	})
	t.Run("OpenOneRefusesAll", func(t *testing.T) {
		_, err := r.s.CloseConsultations(ctx, r.staff, ses, []domain.ConsultationVersion{x, {ID: open.ID, Version: open.Version}})
		var e *domain.ConsultationsChangedError
		if !errors.As(err, &e) || domain.ErrorCode(err) != domain.EINVALID || len(e.NotReady) != 1 || e.NotReady[0].String() != "5.II.A · MOF" {
			t.Fatalf("error %v, want the open one named", err)
		}
		if _, ok := domain.ErrorFields(err)["consultation"]; !ok {
			t.Errorf("fields %v, want the ticks' field", domain.ErrorFields(err))
		}
		if closed() != 0 {
			t.Error("something was closed")
		}
	})
	t.Run("OtherSession", func(t *testing.T) {
		_, err := r.s.CloseConsultations(ctx, r.staff, r.id("sessions", "code = '21 ICH'"), []domain.ConsultationVersion{x})
		wantConsError(t, err, domain.ENOTFOUND, "")
	})
	t.Run("OK", func(t *testing.T) {
		before := r.get(x.ID)
		n, err := r.s.CloseConsultations(ctx, r.staff, ses, []domain.ConsultationVersion{y, x, x})
		if err != nil || n != 2 {
			t.Fatalf("closed %d, %v; want 2", n, err)
		}
		if closed() != 2 {
			t.Errorf("%d closed, want 2", closed())
		}
		if got := r.count("audit_log", "entity = 'consultation' AND action = 'close' AND entity_id IN (?)", bun.List([]int64{x.ID, y.ID})); got != 2 {
			t.Errorf("%d audit rows, want one per consultation", got)
		}
		// Only the status moves, with the version; the answer and who gave it stay.
		after := r.get(x.ID)
		if after.Version != before.Version+1 || after.Answer != before.Answer || after.AnsweredBy == nil ||
			*after.AnsweredBy != *before.AnsweredBy || !after.AnsweredAt.Equal(*before.AnsweredAt) ||
			after.AnswerSource != before.AnswerSource || !after.DueOn.Equal(before.DueOn) || !after.UpdatedAt.Equal(r.now) {
			t.Errorf("closed as %+v, from %+v: want the status and version changed alone", after, before)
		}
	})
}

// TestDueBucketsAtMidnight: a request moves from "due this week" to "due today" to
// overdue as midnight passes in the configured zone, and into "due this week" when its due
// date comes within seven days; the row, the radar and the filters agree at each step.
func TestDueBucketsAtMidnight(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	ses := r.id("sessions", "code = '226 EX'")
	clock := testtool.NewClock(time.Date(2026, 11, 20, 10, 0, 0, 0, r.seoul))
	s := r.s.WithClock(clock.Now)
	r.now = clock.Now()
	mofa := r.ministry("MOFA")
	c := r.open(r.item("226 EX", "5.II.A"), "2026-11-29", mofa)[0]
	bucket := func() (domain.DueBucket, domain.ConsultationCounts, map[string]bool) {
		got, err := s.Consultation(ctx, domain.Scope{All: true}, r.seoul, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		radar, err := s.ConsultationRadar(ctx, domain.Scope{All: true}, r.seoul, ses)
		if err != nil {
			t.Fatal(err)
		}
		var counts domain.ConsultationCounts
		for _, row := range radar {
			if row.ID == mofa {
				counts = row
			}
		}
		in := map[string]bool{}
		for _, f := range []string{domain.ConsultationsOverdue, domain.ConsultationsDueToday, domain.ConsultationsDueWeek} {
			rows, err := s.Consultations(ctx, domain.Scope{All: true}, r.seoul, domain.ConsultationFilter{SessionID: ses, MinistryID: mofa, Status: f})
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				if row.ID == c.ID {
					in[f] = true
				}
			}
		}
		return got.Due(), counts, in
	}
	steps := []struct {
		name string
		at   time.Time
		want domain.DueBucket
	}{
		{"EightDaysBefore", time.Date(2026, 11, 21, 23, 59, 0, 0, r.seoul), domain.DueLater},
		{"SevenDaysBefore", time.Date(2026, 11, 22, 0, 0, 0, 0, r.seoul), domain.DueThisWeek},
		{"LastMinuteOfTheDayBefore", time.Date(2026, 11, 28, 23, 59, 0, 0, r.seoul), domain.DueThisWeek},
		{"MidnightOfTheDay", time.Date(2026, 11, 29, 0, 0, 0, 0, r.seoul), domain.DueToday},
		{"LastMinuteOfTheDay", time.Date(2026, 11, 29, 23, 59, 0, 0, r.seoul), domain.DueToday},
		{"MidnightAfter", time.Date(2026, 11, 30, 0, 0, 0, 0, r.seoul), domain.DueOverdue},
	}
	filter := map[domain.DueBucket]string{domain.DueOverdue: domain.ConsultationsOverdue,
		domain.DueToday: domain.ConsultationsDueToday, domain.DueThisWeek: domain.ConsultationsDueWeek}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			clock.Advance(st.at.Sub(clock.Now()))
			got, counts, in := bucket()
			if got != st.want {
				t.Errorf("bucket %q, want %q", got, st.want)
			}
			wantCounts := map[domain.DueBucket]int{domain.DueOverdue: counts.Overdue, domain.DueToday: counts.DueToday, domain.DueThisWeek: counts.DueWeek}
			for b, n := range wantCounts {
				if (b == st.want) != (n > 0) {
					t.Errorf("radar counts %d %q, with the request %q", n, b, st.want)
				}
			}
			for b, f := range filter {
				if in[f] != (b == st.want) {
					t.Errorf("listed under %q: %v, with the request %q", f, in[f], st.want)
				}
			}
		})
	}
	// Answered, it is in no bucket however late.
	if err := s.AnswerConsultation(ctx, r.moe, c.ID, domain.ConsultationAnswer{Answer: "Late answer.", Version: r.get(c.ID).Version}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := bucket(); got != domain.DueNone {
		t.Errorf("answered: bucket %q, want none", got)
	}
}
