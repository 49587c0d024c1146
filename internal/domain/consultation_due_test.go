package domain_test

import (
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// TestDueBuckets: the buckets of an open request at their edges, and none for one that
// owes nothing.
func TestDueBuckets(t *testing.T) {
	tests := []struct {
		status   domain.ConsultationStatus
		daysLeft int
		want     domain.DueBucket
	}{
		{domain.ConsultationOpen, -30, domain.DueOverdue},
		{domain.ConsultationOpen, -1, domain.DueOverdue},
		{domain.ConsultationOpen, 0, domain.DueToday},
		{domain.ConsultationOpen, 1, domain.DueThisWeek},
		{domain.ConsultationOpen, domain.DueWeekDays, domain.DueThisWeek},
		{domain.ConsultationOpen, domain.DueWeekDays + 1, domain.DueLater},
		{domain.ConsultationAnswered, -3, domain.DueNone},
		{domain.ConsultationClosed, 0, domain.DueNone},
		{domain.ConsultationWithdrawn, 2, domain.DueNone},
	}
	for _, tt := range tests {
		if got := domain.DueBucketOf(tt.status, tt.daysLeft); got != tt.want {
			t.Errorf("%s due in %d days: %q, want %q", tt.status, tt.daysLeft, got, tt.want)
		}
	}
	today := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	if got := domain.DueWeekEnd(today).Format(time.DateOnly); got != "2026-11-27" {
		t.Errorf("week ends %s, want 2026-11-27", got)
	}
	if got := domain.DaysUntil(domain.DueWeekEnd(today), today); got != domain.DueWeekDays {
		t.Errorf("days until the week's end %d, want %d", got, domain.DueWeekDays)
	}
}

// TestRequestDates: a request sent now is asked today; one recorded as already sent keeps
// its day, may be past due only when confirmed, and is never asked after today.
func TestRequestDates(t *testing.T) {
	today := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		in         domain.ConsultationRequest
		asked, due string
		field, msg string
	}{
		{"SentNow", domain.ConsultationRequest{DueOn: "2026-11-20", AskedOn: "2026-01-01"}, "2026-11-20", "2026-11-20", "", ""},
		{"SentNowPastDue", domain.ConsultationRequest{DueOn: "2026-11-19", PastDue: true}, "", "", "due_on", "consultations.error_due_past"},
		{"Recorded", domain.ConsultationRequest{AlreadySent: true, AskedOn: "2026-10-01", DueOn: "2026-11-20"}, "2026-10-01", "2026-11-20", "", ""},
		{"RecordedToday", domain.ConsultationRequest{AlreadySent: true, DueOn: "2026-11-30"}, "2026-11-20", "2026-11-30", "", ""},
		{"RecordedPastDue", domain.ConsultationRequest{AlreadySent: true, AskedOn: "2026-10-01", DueOn: "2026-11-19"}, "", "", "due_on", "consultations.error_due_passed"},
		{"RecordedPastDueConfirmed", domain.ConsultationRequest{AlreadySent: true, AskedOn: "2026-10-01", DueOn: "2026-11-19", PastDue: true}, "2026-10-01", "2026-11-19", "", ""},
		{"RecordedTomorrow", domain.ConsultationRequest{AlreadySent: true, AskedOn: "2026-11-21", DueOn: "2026-11-30"}, "", "", "asked_on", "consultations.error_asked_future"},
		{"DueBeforeAsked", domain.ConsultationRequest{AlreadySent: true, AskedOn: "2026-10-10", DueOn: "2026-10-09", PastDue: true}, "", "", "due_on", "consultations.error_due_before_asked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked, due, err := tt.in.Dates(today)
			if tt.field != "" {
				if got := domain.ErrorFields(err)[tt.field]; got != tt.msg {
					t.Fatalf("error %v, want %s on %s", err, tt.msg, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if asked.Format(time.DateOnly) != tt.asked || due.Format(time.DateOnly) != tt.due {
				t.Errorf("asked %s due %s, want %s and %s", asked.Format(time.DateOnly), due.Format(time.DateOnly), tt.asked, tt.due)
			}
		})
	}
	if (domain.ConsultationRequest{}).Notifies() != true || (domain.ConsultationRequest{AlreadySent: true}).Notifies() ||
		!(domain.ConsultationRequest{AlreadySent: true, Notify: true}).Notifies() {
		t.Error("a request sent now tells the ministries; one recorded tells them only when asked to")
	}
}
