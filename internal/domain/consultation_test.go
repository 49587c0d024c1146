package domain_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// TestConsultationTransitions is the state machine of a consultation, whole: every role,
// every status, every step. What is not listed here is refused.
func TestConsultationTransitions(t *testing.T) {
	const (
		open      = domain.ConsultationOpen
		answered  = domain.ConsultationAnswered
		closed    = domain.ConsultationClosed
		withdrawn = domain.ConsultationWithdrawn
	)
	type key struct {
		role domain.Role
		from domain.ConsultationStatus
		act  domain.ConsultationAction
	}
	allowed := map[key]domain.ConsultationStatus{
		// A liaison answers, and edits the answer until it is closed.
		{domain.RoleLiaison, open, domain.ConsultAnswer}:     answered,
		{domain.RoleLiaison, answered, domain.ConsultAnswer}: answered,
		// A returned tracker answers open requests, whoever uploads it.
		{domain.RoleLiaison, open, domain.ConsultAnswerFile}: answered,
		{domain.RoleStaff, open, domain.ConsultAnswerFile}:   answered,
		{domain.RoleAdmin, open, domain.ConsultAnswerFile}:   answered,
	}
	for _, r := range []domain.Role{domain.RoleStaff, domain.RoleAdmin} {
		allowed[key{r, answered, domain.ConsultClose}] = closed
		allowed[key{r, answered, domain.ConsultSendBack}] = open
		allowed[key{r, closed, domain.ConsultSendBack}] = open
		allowed[key{r, open, domain.ConsultWithdraw}] = withdrawn
		allowed[key{r, answered, domain.ConsultWithdraw}] = withdrawn
	}
	for _, role := range domain.Roles {
		for _, from := range domain.ConsultationStatuses {
			for _, act := range domain.ConsultationActions {
				t.Run(fmt.Sprintf("%s/%s/%s", role, from, act), func(t *testing.T) {
					want, ok := allowed[key{role, from, act}]
					if got := domain.CanTransition(role, from, act); got != ok {
						t.Fatalf("CanTransition = %v, want %v", got, ok)
					}
					if !ok {
						return
					}
					if got, _ := domain.NextStatus(from, act); got != want {
						t.Errorf("NextStatus = %s, want %s", got, want)
					}
				})
			}
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
