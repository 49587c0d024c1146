package policy

import "github.com/kncu/plenary/internal/domain"

// Files follow what they are on. Seeing a file is seeing its thing: the store reads a
// file through the scoped read of its item, brief or consultation. Adding a file, a new
// version of one or removing one takes the right to edit the thing: item documents the
// agenda's editors, brief annexes the briefs' editors, the Commission's annex to a
// consultation those who ask ministries, and a ministry's answer files the liaison who
// may answer that consultation now.

// fileActions is the action each kind of file needs from whoever adds or removes one.
var fileActions = map[domain.FileKind]Action{
	domain.FileItemDocument:      EditAgenda,
	domain.FileBriefAnnex:        EditBriefs,
	domain.FileConsultationAnnex: RequestConsultations,
}

// ConsultationFileKind returns the kind of file u adds to a consultation: the ministry's
// answer for a liaison, the Commission's annex for staff.
func ConsultationFileKind(u *domain.User) domain.FileKind {
	if u != nil && u.Is(domain.RoleLiaison) {
		return domain.FileConsultationAnswer
	}
	return domain.FileConsultationAnnex
}

// CheckFileChange returns nil when u may add, replace or remove a file of kind on place,
// which u has read through their scope. It is EFORBIDDEN for a role that never edits the
// thing, and what CheckConsultation says for a ministry's answer file.
func CheckFileChange(u *domain.User, kind domain.FileKind, place *domain.FilePlace) error {
	if u == nil {
		return domain.Errorf(domain.EUNAUTHORIZED, "error.login_required")
	}
	if kind == domain.FileConsultationAnswer {
		if place.Consultation == nil {
			return domain.Errorf(domain.ENOTFOUND, "error.not_found")
		}
		return CheckConsultation(u, place.Consultation, domain.ConsultAnswer)
	}
	act, ok := fileActions[kind]
	if !ok || !Can(u, act) {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	return nil
}

// CanFileChange reports whether u may add, replace or remove a file of kind on place, for
// pages that show the forms only to those who may use them.
func CanFileChange(u *domain.User, kind domain.FileKind, place *domain.FilePlace) bool {
	return CheckFileChange(u, kind, place) == nil
}
