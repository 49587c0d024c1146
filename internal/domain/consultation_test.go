package domain_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// TestConsultationTransitions is the state machine of a consultation, whole: every
// status, every step. What is not listed here is refused. Who may take a step is
// policy's (TestConsultationSteps there).
func TestConsultationTransitions(t *testing.T) {
	const (
		open      = domain.ConsultationOpen
		answered  = domain.ConsultationAnswered
		closed    = domain.ConsultationClosed
		withdrawn = domain.ConsultationWithdrawn
	)
	type key struct {
		from domain.ConsultationStatus
		act  domain.ConsultationAction
	}
	allowed := map[key]domain.ConsultationStatus{
		// An answer is edited until it is closed.
		{open, domain.ConsultAnswer}:     answered,
		{answered, domain.ConsultAnswer}: answered,
		// A returned tracker answers open requests.
		{open, domain.ConsultAnswerFile}:   answered,
		{answered, domain.ConsultClose}:    closed,
		{answered, domain.ConsultSendBack}: open,
		{closed, domain.ConsultSendBack}:   open,
		{open, domain.ConsultWithdraw}:     withdrawn,
		{answered, domain.ConsultWithdraw}: withdrawn,
	}
	for _, from := range domain.ConsultationStatuses {
		for _, act := range domain.ConsultationActions {
			t.Run(fmt.Sprintf("%s/%s", from, act), func(t *testing.T) {
				want, ok := allowed[key{from, act}]
				if got, gotOK := domain.NextStatus(from, act); gotOK != ok || got != want {
					t.Errorf("NextStatus = %q, %v; want %q, %v", got, gotOK, want, ok)
				}
			})
		}
	}
	t.Run("WithdrawnIsFinal", func(t *testing.T) {
		for _, act := range domain.ConsultationActions {
			if to, ok := domain.NextStatus(withdrawn, act); ok {
				t.Errorf("%s leads a withdrawn consultation to %s", act, to)
			}
		}
	})
}

// TestToday: the day is the day in the configured zone, not the server's.
func TestToday(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"LastMinuteInSeoul", time.Date(2026, 12, 1, 23, 59, 0, 0, seoul), "2026-12-01"},
		{"MidnightInSeoul", time.Date(2026, 12, 2, 0, 0, 0, 0, seoul), "2026-12-02"},
		{"StillYesterdayInUTC", time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC), "2026-12-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.Today(tt.now, seoul).Format(time.DateOnly); got != tt.want {
				t.Errorf("Today = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestConsultationRequestDue(t *testing.T) {
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, due, msg string
	}{
		{"OK", "2026-12-15", ""},
		{"Today", "2026-12-01", ""},
		{"ErrPast", "2026-11-30", "consultations.error_due_past"},
		{"ErrDate", "1 December", "error.date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := domain.ConsultationRequest{DueOn: tt.due}.Due(today)
			if got := domain.ErrorFields(err)["due_on"]; got != tt.msg {
				t.Errorf("due_on error %q, want %q", got, tt.msg)
			}
		})
	}
}
