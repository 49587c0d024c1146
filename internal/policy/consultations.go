package policy

import (
	"github.com/kncu/plenary/internal/domain"
)

// The rules of consultations beyond a role's actions: a liaison sees and answers only
// their own ministry's, and each step is taken only in the statuses the state machine of
// domain.ConsultationWorkflow allows it in.

// consultationActions is the action each step of a consultation needs: who may take it.
var consultationActions = map[domain.ConsultationAction]Action{
	domain.ConsultAnswer:     AnswerConsultations,
	domain.ConsultAnswerFile: UploadTracker,
	domain.ConsultClose:      ManageConsultations,
	domain.ConsultSendBack:   ManageConsultations,
	domain.ConsultWithdraw:   ManageConsultations,
}

// SeesConsultation reports whether u may see c: staff and administrators every one, a
// liaison their own ministry's, a delegate none.
func SeesConsultation(u *domain.User, c *domain.Consultation) bool {
	switch {
	case !Can(u, ViewConsultations):
		return false
	case u.Is(domain.RoleAdmin, domain.RoleStaff):
		return true
	}
	return u.MinistryID != nil && *u.MinistryID == c.MinistryID
}

// CheckConsultation returns nil when u may take act on c now. It is EFORBIDDEN when u's
// role never takes act, ENOTFOUND when c is another ministry's (its existence is not the
// liaison's to know), and ECONFLICT when c's status does not allow act any more.
func CheckConsultation(u *domain.User, c *domain.Consultation, act domain.ConsultationAction) error {
	if u == nil {
		return domain.Errorf(domain.EUNAUTHORIZED, "error.login_required")
	}
	if !Can(u, consultationActions[act]) {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	if !SeesConsultation(u, c) {
		return domain.Errorf(domain.ENOTFOUND, "error.not_found")
	}
	if _, ok := domain.NextStatus(c.Status, act); !ok {
		return domain.Errorf(domain.ECONFLICT, "consultations.error_state")
	}
	return nil
}

// CanConsultation reports whether u may take act on c now, for pages that show a form or
// a button only to those who may use it.
func CanConsultation(u *domain.User, c *domain.Consultation, act domain.ConsultationAction) bool {
	return CheckConsultation(u, c, act) == nil
}

// TrackerMinistry returns the ministry whose tracker u may take act on (ExportTracker or
// UploadTracker) when asking for requested (0: every ministry): staff any, a liaison only
// their own, which is also what they get when they ask for none.
func TrackerMinistry(u *domain.User, act Action, requested int64) (int64, error) {
	if err := Check(u, act); err != nil {
		return 0, err
	}
	if u.Is(domain.RoleAdmin, domain.RoleStaff) {
		return requested, nil
	}
	if u.MinistryID == nil || (requested != 0 && requested != *u.MinistryID) {
		return 0, domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	return *u.MinistryID, nil
}
