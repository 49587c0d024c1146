package policy_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// TestCheckConsultation: who may take which step on the Ministry of Education's answered
// consultation. A liaison of another ministry is told it does not exist.
func TestCheckConsultation(t *testing.T) {
	const moe, khs = int64(2), int64(5)
	user := func(role domain.Role, ministry int64) *domain.User {
		u := &domain.User{ID: 1, Role: role}
		if ministry != 0 {
			u.MinistryID = &ministry
		}
		return u
	}
	disabled := user(domain.RoleStaff, 0)
	disabled.DisabledAt = &time.Time{}
	c := &domain.Consultation{ID: 7, MinistryID: moe, Status: domain.ConsultationAnswered}
	tests := []struct {
		name string
		u    *domain.User
		act  domain.ConsultationAction
		want string // error code, "" for allowed
	}{
		{"LiaisonEditsOwnAnswer", user(domain.RoleLiaison, moe), domain.ConsultAnswer, ""},
		{"ErrOtherLiaisonNotFound", user(domain.RoleLiaison, khs), domain.ConsultAnswer, domain.ENOTFOUND},
		{"ErrLiaisonCannotClose", user(domain.RoleLiaison, moe), domain.ConsultClose, domain.EFORBIDDEN},
		{"ErrLiaisonFileAfterAnswer", user(domain.RoleLiaison, moe), domain.ConsultAnswerFile, domain.ECONFLICT},
		{"StaffCloses", user(domain.RoleStaff, 0), domain.ConsultClose, ""},
		{"StaffSendsBack", user(domain.RoleStaff, 0), domain.ConsultSendBack, ""},
		{"AdminWithdraws", user(domain.RoleAdmin, 0), domain.ConsultWithdraw, ""},
		{"ErrStaffCannotAnswerInApp", user(domain.RoleStaff, 0), domain.ConsultAnswer, domain.EFORBIDDEN},
		{"ErrDelegate", user(domain.RoleDelegate, 0), domain.ConsultAnswer, domain.EFORBIDDEN},
		{"ErrDisabled", disabled, domain.ConsultClose, domain.EFORBIDDEN},
		{"ErrAnonymous", nil, domain.ConsultAnswer, domain.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.ErrorCode(policy.CheckConsultation(tt.u, c, tt.act)); got != tt.want {
				t.Errorf("code %q, want %q", got, tt.want)
			}
		})
	}

	t.Run("SeesConsultation", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			u    *domain.User
			want bool
		}{
			{"Staff", user(domain.RoleStaff, 0), true},
			{"OwnLiaison", user(domain.RoleLiaison, moe), true},
			{"OtherLiaison", user(domain.RoleLiaison, khs), false},
			{"Delegate", user(domain.RoleDelegate, 0), false},
		} {
			if got := policy.SeesConsultation(tt.u, c); got != tt.want {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

// TestConsultationSteps is who may take each step of a consultation, whole: every role,
// every status, every step, on a consultation of the liaison's own ministry. A role that
// never takes a step is forbidden it; a role that does, in a status the workflow does
// not allow it in, is told the consultation moved on.
func TestConsultationSteps(t *testing.T) {
	const moe = int64(2)
	takes := map[domain.ConsultationAction][]domain.Role{
		domain.ConsultAnswer:     {domain.RoleLiaison},
		domain.ConsultAnswerFile: {domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison},
		domain.ConsultClose:      {domain.RoleAdmin, domain.RoleStaff},
		domain.ConsultSendBack:   {domain.RoleAdmin, domain.RoleStaff},
		domain.ConsultWithdraw:   {domain.RoleAdmin, domain.RoleStaff},
	}
	for _, role := range domain.Roles {
		u := &domain.User{ID: 1, Role: role}
		if role == domain.RoleLiaison {
			m := moe
			u.MinistryID = &m
		}
		for _, from := range domain.ConsultationStatuses {
			for _, act := range domain.ConsultationActions {
				t.Run(fmt.Sprintf("%s/%s/%s", role, from, act), func(t *testing.T) {
					want := domain.EFORBIDDEN
					if u.Is(takes[act]...) {
						want = ""
						if _, ok := domain.NextStatus(from, act); !ok {
							want = domain.ECONFLICT
						}
					}
					c := &domain.Consultation{ID: 7, MinistryID: moe, Status: from}
					if got := domain.ErrorCode(policy.CheckConsultation(u, c, act)); got != want {
						t.Errorf("code %q, want %q", got, want)
					}
				})
			}
		}
	}
}

// TestTrackerMinistry: staff download and upload trackers of any ministry or all; a
// liaison only their own.
func TestTrackerMinistry(t *testing.T) {
	moe := int64(2)
	staff := &domain.User{ID: 1, Role: domain.RoleStaff}
	liaison := &domain.User{ID: 2, Role: domain.RoleLiaison, MinistryID: &moe}
	delegate := &domain.User{ID: 3, Role: domain.RoleDelegate}
	tests := []struct {
		name      string
		u         *domain.User
		requested int64
		want      int64
		code      string
	}{
		{"StaffAll", staff, 0, 0, ""},
		{"StaffOne", staff, 5, 5, ""},
		{"LiaisonOwnByDefault", liaison, 0, moe, ""},
		{"LiaisonOwn", liaison, moe, moe, ""},
		{"ErrLiaisonOther", liaison, 5, 0, domain.EFORBIDDEN},
		{"ErrDelegate", delegate, 0, 0, domain.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, act := range []policy.Action{policy.ExportTracker, policy.UploadTracker} {
				got, err := policy.TrackerMinistry(tt.u, act, tt.requested)
				if code := domain.ErrorCode(err); code != tt.code || got != tt.want {
					t.Errorf("%s: %d, %q; want %d, %q", act, got, code, tt.want, tt.code)
				}
			}
		})
	}
}
