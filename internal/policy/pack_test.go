package policy_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// TestMayAskPack: which audiences each role may ask a pack for, decided from the role
// alone, before anything the request names is looked up.
func TestMayAskPack(t *testing.T) {
	moe := int64(2)
	disabled := &domain.User{Role: domain.RoleStaff, DisabledAt: &time.Time{}}
	tests := []struct {
		name string
		u    *domain.User
		want []string // the audiences allowed
	}{
		{"Nobody", nil, nil},
		{"Disabled", disabled, nil},
		{"Admin", &domain.User{Role: domain.RoleAdmin}, []string{domain.PackFull, domain.PackMinistry, domain.PackDelegate}},
		{"Staff", &domain.User{Role: domain.RoleStaff}, []string{domain.PackFull, domain.PackMinistry, domain.PackDelegate}},
		{"Liaison", &domain.User{Role: domain.RoleLiaison, MinistryID: &moe}, []string{domain.PackMinistry}},
		{"LiaisonWithoutMinistry", &domain.User{Role: domain.RoleLiaison}, nil},
		{"Delegate", &domain.User{Role: domain.RoleDelegate}, []string{domain.PackDelegate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, kind := range []string{domain.PackFull, domain.PackMinistry, domain.PackDelegate, "everything"} {
				want := slices.Contains(tt.want, kind)
				if got := policy.MayAskPack(tt.u, kind); got != want {
					t.Errorf("MayAskPack(%s): %v, want %v", kind, got, want)
				}
			}
		})
	}
}

// TestDefined: the actions routes declare have rules; a made-up one has none.
func TestDefined(t *testing.T) {
	for _, act := range []policy.Action{policy.Administer, policy.ViewSessions, policy.StepAction(domain.StepReview)} {
		if !policy.Defined(act) {
			t.Errorf("%s has no rule", act)
		}
	}
	if policy.Defined("public") || policy.Defined("") {
		t.Error("a made-up action has a rule")
	}
}
