package policy

import "github.com/kncu/plenary/internal/domain"

// Briefing pack audiences, as exports names them.
const (
	PackFull     = "full"
	PackMinistry = "ministry"
	PackDelegate = "delegate"
)

// MayAskPack reports whether u may ask for a pack cut for kind at all, from their role
// alone: staff and admin any; a liaison a ministry's; a delegate a delegate's. It is
// decided before anything the request names is looked up, so that the answer to someone
// who may not ask tells nothing about what they named.
func MayAskPack(u *domain.User, kind string) bool {
	switch {
	case u == nil || u.Disabled():
		return false
	case u.Is(domain.RoleAdmin, domain.RoleStaff):
		return kind == PackFull || kind == PackMinistry || kind == PackDelegate
	case u.Is(domain.RoleLiaison):
		return kind == PackMinistry && u.MinistryID != nil
	case u.Is(domain.RoleDelegate):
		return kind == PackDelegate
	}
	return false
}

// NamesAnyone reports whether u may name the ministry or the delegate of a pack other
// than their own, so that what they name is looked up: staff and admin only. Anyone else
// gets their own pack or nothing, and what they name is only compared with who they are.
func NamesAnyone(u *domain.User) bool { return ScopeOf(u).All }

// CheckPack says whether u may download a session's briefing pack cut for an audience:
// staff and admin any pack; a liaison only their own ministry's; a delegate only their
// own. Whether u may see the session at all is the scope's business, checked first.
func CheckPack(u *domain.User, kind string, ministryID, userID int64) error {
	if u == nil {
		return domain.Errorf(domain.EUNAUTHORIZED, "error.login_required")
	}
	ok := false
	switch {
	case !MayAskPack(u, kind):
	case u.Is(domain.RoleAdmin, domain.RoleStaff):
		ok = kind == PackFull || (kind == PackMinistry && ministryID != 0) || (kind == PackDelegate && userID != 0)
	case u.Is(domain.RoleLiaison):
		ok = kind == PackMinistry && u.MinistryID != nil && ministryID == *u.MinistryID
	case u.Is(domain.RoleDelegate):
		ok = kind == PackDelegate && userID == u.ID
	}
	if !ok {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	return nil
}

// DefaultPack is the pack a person gets without asking for another: the full pack for
// staff, their ministry's for a liaison, their own for a delegate.
func DefaultPack(u *domain.User) (kind string, ministryID, userID int64) {
	switch {
	case u.Is(domain.RoleLiaison) && u.MinistryID != nil:
		return PackMinistry, *u.MinistryID, 0
	case u.Is(domain.RoleDelegate):
		return PackDelegate, 0, u.ID
	}
	return PackFull, 0, 0
}

// PackScope is what a pack cut for an audience may hold: what a person of that audience
// may read, decided by the same rules as their pages (ScopeOf and BriefScopeOf), so that
// a delegate's pack, like a delegate's pages, carries final briefs only.
func PackScope(kind string, ministryID, userID int64) domain.BriefScope {
	switch kind {
	case PackMinistry:
		return BriefScopeOf(&domain.User{Role: domain.RoleLiaison, MinistryID: &ministryID})
	case PackDelegate:
		return BriefScopeOf(&domain.User{ID: userID, Role: domain.RoleDelegate})
	}
	return BriefScopeOf(&domain.User{Role: domain.RoleStaff})
}
