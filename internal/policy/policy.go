// Package policy is the one place that says who may do what in Plenary. Every handler asks
// it before it reads or changes anything; nothing else decides access.
package policy

import "github.com/kncu/plenary/internal/domain"

// Action is something a user may be allowed to do.
type Action string

// The actions of the foundation. Features add theirs here, next to their rule.
const (
	ViewDashboard    Action = "view_dashboard"
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
	// (end of consultations)

	// Briefs.
	// (end of briefs)

	// Delegations.
	// (end of delegations)
)

// rules lists, for every action, the roles that may take it anywhere.
var rules = map[Action][]domain.Role{
	ViewDashboard:    domain.Roles,
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
	// (end of consultations)

	// Briefs.
	// (end of briefs)

	// Delegations.
	// (end of delegations)
}

// Can reports whether u may take act. A nil or disabled user may take no action.
func Can(u *domain.User, act Action) bool {
	if u == nil || u.Disabled() {
		return false
	}
	return u.Is(rules[act]...)
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
