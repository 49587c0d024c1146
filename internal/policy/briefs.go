package policy

import "github.com/kncu/plenary/internal/domain"

// BriefScopeOf returns the briefs u may read: those of the items ScopeOf(u) shows, and
// for a delegate only final ones. This is the one place where "only final briefs reach
// delegates" is decided; the store applies it to every query of briefs, so that pages,
// search and exports agree.
func BriefScopeOf(u *domain.User) domain.BriefScope {
	return domain.BriefScope{Scope: ScopeOf(u), FinalOnly: u == nil || !u.Is(domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison)}
}

// stepActions are the actions that each workflow step of a brief needs.
var stepActions = map[domain.BriefStep]Action{
	domain.StepSave:     EditBriefs,
	domain.StepSubmit:   EditBriefs,
	domain.StepReview:   ReviewBriefs,
	domain.StepApprove:  ApproveBriefs,
	domain.StepOverride: ApproveBriefs,
	domain.StepFinalise: EditBriefs,
	domain.StepReopen:   EditBriefs,
}

// StepAction returns the action a workflow step needs, for handlers to check first.
func StepAction(step domain.BriefStep) Action { return stepActions[step] }

// CanStep reports whether u may take step on a brief in status: the action the step
// needs (who may take it), and the workflow's table of status × step.
func CanStep(u *domain.User, status domain.BriefStatus, step domain.BriefStep) bool {
	if !Can(u, stepActions[step]) {
		return false
	}
	_, ok := domain.BriefWorkflow.Next(status, step)
	return ok
}
