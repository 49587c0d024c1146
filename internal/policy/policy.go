// Package policy is the one place that says who may do what in Plenary. Every route
// declares the action it needs where it is registered (internal/web/routes.go), so that
// nothing runs before the role is checked; handlers then ask it about the thing itself
// (scope, ministry, workflow state). Nothing else decides access.
package policy

import "github.com/kncu/plenary/internal/domain"

// Action is something a user may be allowed to do.
type Action string

// The actions of the foundation. Features add theirs here, next to their rule.
const (
	ViewDashboard    Action = "view_dashboard"
	Administer       Action = "administer" // the administration pages, as a whole
	ManageUsers      Action = "manage_users"
	ManageMinistries Action = "manage_ministries"
	ManageBodies     Action = "manage_bodies"
	ViewAudit        Action = "view_audit"
	ViewAllSessions  Action = "view_all_sessions"
	ViewSessions     Action = "view_sessions"
	EditSessions     Action = "edit_sessions"
	EditAgenda       Action = "edit_agenda"
	ImportAgenda     Action = "import_agenda"
	Search           Action = "search"

	// Consultations.
	ViewConsultations    Action = "view_consultations"    // lists, radar and pages of consultations
	RequestConsultations Action = "request_consultations" // open consultations on an item
	AnswerConsultations  Action = "answer_consultations"  // answer in Plenary
	ManageConsultations  Action = "manage_consultations"  // close, send back, withdraw
	ExportTracker        Action = "export_tracker"        // download a tracker workbook
	UploadTracker        Action = "upload_tracker"        // record the answers of a returned tracker
	// (end of consultations)

	// Briefs.
	ViewBriefs       Action = "view_briefs"        // a brief and its reviews, as the brief scope allows
	ViewBriefHistory Action = "view_brief_history" // every revision and the diffs between them
	EditBriefs       Action = "edit_briefs"        // save, submit, finalise and reopen
	ReviewBriefs     Action = "review_briefs"      // a ministry's verdict on the current revision
	ApproveBriefs    Action = "approve_briefs"     // approve, or override the ministries with a reason
	// (end of briefs)

	// Delegations.
	ViewDelegations       Action = "view_delegations"        // a delegation's list, as the scope allows
	EditDelegations       Action = "edit_delegations"        // members, roles, accreditation, coverage
	ViewDelegationFigures Action = "view_delegation_figures" // sizes, accreditations, attendance rates
	ManagePeople          Action = "manage_people"           // the list of people and their history
	RecordAttendance      Action = "record_attendance"       // the attendance grid of a session
	CheckIn               Action = "check_in"                // a delegate's own attendance, today
	ViewAccreditation     Action = "view_accreditation"      // members' accreditation details and the accreditation list
	// (end of delegations)

	// Notifications.
	ViewNotifications Action = "view_notifications" // one's own notifications and e-mail settings
	ManageOutbox      Action = "manage_outbox"      // the outbox of every mail, and retrying one
	// (end of notifications)

	// Files.
	ViewFiles   Action = "view_files"   // download a file of something the person sees
	AttachFiles Action = "attach_files" // add a file, or a new version, to something the person may edit
	RemoveFiles Action = "remove_files" // remove a file, with a reason, from something the person may edit
	// (end of files)
)

// rules lists, for every action, the roles that may take it anywhere.
var rules = map[Action][]domain.Role{
	ViewDashboard:    domain.Roles,
	Administer:       {domain.RoleAdmin},
	ManageUsers:      {domain.RoleAdmin},
	ManageMinistries: {domain.RoleAdmin},
	ManageBodies:     {domain.RoleAdmin},
	ViewAudit:        {domain.RoleAdmin},
	ViewAllSessions:  {domain.RoleAdmin, domain.RoleStaff},
	ViewSessions:     domain.Roles,
	EditSessions:     {domain.RoleAdmin, domain.RoleStaff},
	EditAgenda:       {domain.RoleAdmin, domain.RoleStaff},
	ImportAgenda:     {domain.RoleAdmin, domain.RoleStaff},
	Search:           domain.Roles,

	// Consultations.
	ViewConsultations:    {domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison},
	RequestConsultations: {domain.RoleAdmin, domain.RoleStaff},
	AnswerConsultations:  {domain.RoleLiaison},
	ManageConsultations:  {domain.RoleAdmin, domain.RoleStaff},
	ExportTracker:        {domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison},
	UploadTracker:        {domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison},
	// (end of consultations)

	// Briefs.
	ViewBriefs:       domain.Roles,
	ViewBriefHistory: {domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison},
	EditBriefs:       {domain.RoleAdmin, domain.RoleStaff},
	ReviewBriefs:     {domain.RoleLiaison},
	ApproveBriefs:    {domain.RoleAdmin, domain.RoleStaff},
	// (end of briefs)

	// Delegations.
	ViewDelegations:       domain.Roles,
	EditDelegations:       {domain.RoleAdmin, domain.RoleStaff},
	ViewDelegationFigures: {domain.RoleAdmin, domain.RoleStaff},
	ManagePeople:          {domain.RoleAdmin, domain.RoleStaff},
	RecordAttendance:      {domain.RoleAdmin, domain.RoleStaff},
	CheckIn:               {domain.RoleDelegate},
	ViewAccreditation:     {domain.RoleAdmin, domain.RoleStaff},
	// (end of delegations)

	// Notifications.
	ViewNotifications: domain.Roles,
	ManageOutbox:      {domain.RoleAdmin},
	// (end of notifications)

	// Files.
	ViewFiles:   domain.Roles,
	AttachFiles: {domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison},
	RemoveFiles: {domain.RoleAdmin, domain.RoleStaff, domain.RoleLiaison},
	// (end of files)
}

// Can reports whether u may take act. A nil or disabled user may take no action.
func Can(u *domain.User, act Action) bool {
	if u == nil || u.Disabled() {
		return false
	}
	return u.Is(rules[act]...)
}

// Defined reports whether act has a rule, so that a route declaring an action nobody
// wrote a rule for fails at start-up rather than refusing everyone.
func Defined(act Action) bool {
	_, ok := rules[act]
	return ok
}

// Check returns nil when u may take act, EUNAUTHORIZED when nobody is logged in and
// EFORBIDDEN otherwise.
func Check(u *domain.User, act Action) error {
	if u == nil {
		return domain.Errorf(domain.EUNAUTHORIZED, "error.login_required")
	}
	if !Can(u, act) {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	return nil
}

// ScopeOf returns the part of Plenary's sessions and items that u may see: everything
// for admin and staff; for a liaison, the items their ministry leads or is consulted on
// and the sessions holding them; for a delegate, the sessions whose delegation they are
// on. The store applies the scope inside its queries, so that lists, pages, search and
// exports all see the same.
func ScopeOf(u *domain.User) domain.Scope {
	switch {
	case u == nil || u.Disabled():
		return domain.Scope{}
	case u.Is(domain.RoleAdmin, domain.RoleStaff):
		return domain.Scope{All: true}
	case u.Is(domain.RoleLiaison) && u.MinistryID != nil:
		return domain.Scope{MinistryID: *u.MinistryID}
	case u.Is(domain.RoleDelegate):
		return domain.Scope{UserID: u.ID}
	}
	return domain.Scope{}
}
