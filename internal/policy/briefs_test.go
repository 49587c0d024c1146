package policy_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// TestBriefWorkflow is the brief workflow as a table: for every role, status and step,
// whether the step is allowed and the status it leads to. Anything not listed is refused.
func TestBriefWorkflow(t *testing.T) {
	const (
		draft    = domain.BriefDraft
		review   = domain.BriefInReview
		approved = domain.BriefApproved
		final    = domain.BriefFinal
	)
	type key struct {
		role   domain.Role
		status domain.BriefStatus
		step   domain.BriefStep
	}
	allowed := map[key]domain.BriefStatus{}
	for _, writer := range []domain.Role{domain.RoleAdmin, domain.RoleStaff} {
		allowed[key{writer, draft, domain.StepSave}] = draft
		allowed[key{writer, review, domain.StepSave}] = review
		allowed[key{writer, draft, domain.StepSubmit}] = review
		allowed[key{writer, review, domain.StepApprove}] = approved
		allowed[key{writer, review, domain.StepOverride}] = approved
		allowed[key{writer, approved, domain.StepFinalise}] = final
		allowed[key{writer, approved, domain.StepReopen}] = draft
		allowed[key{writer, final, domain.StepReopen}] = draft
	}
	allowed[key{domain.RoleLiaison, review, domain.StepReview}] = review

	for _, role := range domain.Roles {
		u := &domain.User{ID: 1, Role: role}
		if role == domain.RoleLiaison {
			m := int64(1)
			u.MinistryID = &m
		}
		for _, status := range domain.BriefStatuses {
			for _, step := range domain.BriefSteps {
				t.Run(fmt.Sprintf("%s/%s/%s", role, status, step), func(t *testing.T) {
					want, ok := allowed[key{role, status, step}]
					if got, gotOK := domain.BriefWorkflow.Next(status, step); ok && (!gotOK || got != want) {
						t.Errorf("BriefWorkflow.Next = %q, %v; want %q", got, gotOK, want)
					}
					if got := policy.CanStep(u, status, step); got != ok {
						t.Errorf("CanStep = %v, want %v", got, ok)
					}
					if ok && !policy.Can(u, policy.StepAction(step)) {
						t.Errorf("the step is allowed but its action %s is not", policy.StepAction(step))
					}
				})
			}
		}
	}

	t.Run("DisabledUserTakesNoStep", func(t *testing.T) {
		now := time.Now()
		u := &domain.User{ID: 1, Role: domain.RoleStaff, DisabledAt: &now}
		if policy.CanStep(u, draft, domain.StepSave) {
			t.Error("a disabled user may save a brief")
		}
	})
}

// TestBriefScopeOf: only delegates, and anyone unknown, are held to final briefs.
func TestBriefScopeOf(t *testing.T) {
	m := int64(7)
	tests := []struct {
		name string
		user *domain.User
		want domain.BriefScope
	}{
		{"Admin", &domain.User{ID: 1, Role: domain.RoleAdmin}, domain.BriefScope{Scope: domain.Scope{All: true}}},
		{"Staff", &domain.User{ID: 2, Role: domain.RoleStaff}, domain.BriefScope{Scope: domain.Scope{All: true}}},
		{"Liaison", &domain.User{ID: 3, Role: domain.RoleLiaison, MinistryID: &m}, domain.BriefScope{Scope: domain.Scope{MinistryID: 7}}},
		{"DelegateFinalOnly", &domain.User{ID: 4, Role: domain.RoleDelegate}, domain.BriefScope{Scope: domain.Scope{UserID: 4}, FinalOnly: true}},
		{"NobodySeesNothing", nil, domain.BriefScope{FinalOnly: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := policy.BriefScopeOf(tt.user); got != tt.want {
				t.Errorf("BriefScopeOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}
