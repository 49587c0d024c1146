package policy

import (
	"context"
	"slices"
	"strings"

	"github.com/kncu/plenary/internal/domain"
)

// PackDirectory finds the ministry or the delegate a pack is asked for; the store is one.
type PackDirectory interface {
	Ministry(ctx context.Context, id int64) (*domain.Ministry, error)
	MinistryByCode(ctx context.Context, code string) (*domain.Ministry, error)
	UserByEmail(ctx context.Context, email string) (*domain.User, error)
}

// ResolvePack turns the audience u asked a pack for into the audience of the pack, for
// the web and the command line alike. An unknown kind is invalid. Whether u may ask for
// the kind at all is decided from their role (MayAskPack) before anything is looked up.
// Staff and admin may name any ministry or delegate, looked up: one not found, or not a
// delegate, is not found alike. Anyone else gets their own: what they name is compared
// with who they are, never looked up, so that naming another is refused the same whether
// it exists or not. The result passes CheckPack.
func ResolvePack(ctx context.Context, dir PackDirectory, u *domain.User, req domain.PackRequest) (domain.PackAudience, error) {
	aud := domain.PackAudience{Kind: req.Kind}
	if !slices.Contains(domain.PackAudiences, req.Kind) {
		return aud, domain.Errorf(domain.EINVALID, "error.invalid")
	}
	if !MayAskPack(u, req.Kind) {
		return aud, domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	forbidden := domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	switch req.Kind {
	case domain.PackMinistry:
		code := strings.ToUpper(strings.TrimSpace(req.Name))
		switch {
		case !NamesAnyone(u):
			m, err := dir.Ministry(ctx, *u.MinistryID)
			if err != nil {
				return aud, err
			}
			if code != "" && code != m.Code {
				return aud, forbidden
			}
			aud.MinistryID, aud.Label = m.ID, m.Code
		case code != "":
			m, err := dir.MinistryByCode(ctx, code)
			if err != nil {
				return aud, err
			}
			aud.MinistryID, aud.Label = m.ID, m.Code
		}
	case domain.PackDelegate:
		email := strings.ToLower(strings.TrimSpace(req.Name))
		switch {
		case !NamesAnyone(u):
			if email != "" && email != strings.ToLower(strings.TrimSpace(u.Email)) {
				return aud, forbidden
			}
			aud.UserID, aud.Label = u.ID, u.Name
		case email != "":
			d, err := dir.UserByEmail(ctx, email)
			if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && d.Role != domain.RoleDelegate) {
				return aud, domain.Errorf(domain.ENOTFOUND, "error.not_found")
			} else if err != nil {
				return aud, err
			}
			aud.UserID, aud.Label = d.ID, d.Name
		}
	}
	return aud, CheckPack(u, aud.Kind, aud.MinistryID, aud.UserID)
}

// MayAskPack reports whether u may ask for a pack cut for kind at all, from their role
// alone: staff and admin any; a liaison a ministry's; a delegate a delegate's. It is
// decided before anything the request names is looked up, so that the answer to someone
// who may not ask tells nothing about what they named.
func MayAskPack(u *domain.User, kind string) bool {
	switch {
	case u == nil || u.Disabled():
		return false
	case u.Is(domain.RoleAdmin, domain.RoleStaff):
		return kind == domain.PackFull || kind == domain.PackMinistry || kind == domain.PackDelegate
	case u.Is(domain.RoleLiaison):
		return kind == domain.PackMinistry && u.MinistryID != nil
	case u.Is(domain.RoleDelegate):
		return kind == domain.PackDelegate
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
		ok = kind == domain.PackFull || (kind == domain.PackMinistry && ministryID != 0) || (kind == domain.PackDelegate && userID != 0)
	case u.Is(domain.RoleLiaison):
		ok = kind == domain.PackMinistry && u.MinistryID != nil && ministryID == *u.MinistryID
	case u.Is(domain.RoleDelegate):
		ok = kind == domain.PackDelegate && userID == u.ID
	}
	if !ok {
		return domain.Errorf(domain.EFORBIDDEN, "error.forbidden")
	}
	return nil
}

// DefaultPack is the audience a person gets a pack for without asking for another: the
// full pack for staff, their ministry's for a liaison, their own for a delegate.
func DefaultPack(u *domain.User) string {
	switch {
	case u.Is(domain.RoleLiaison) && u.MinistryID != nil:
		return domain.PackMinistry
	case u.Is(domain.RoleDelegate):
		return domain.PackDelegate
	}
	return domain.PackFull
}

// PackScope is what a pack cut for an audience may hold: what a person of that audience
// may read, decided by the same rules as their pages (ScopeOf and BriefScopeOf), so that
// a delegate's pack, like a delegate's pages, carries final briefs only.
func PackScope(aud domain.PackAudience) domain.BriefScope {
	switch aud.Kind {
	case domain.PackMinistry:
		return BriefScopeOf(&domain.User{Role: domain.RoleLiaison, MinistryID: &aud.MinistryID})
	case domain.PackDelegate:
		return BriefScopeOf(&domain.User{ID: aud.UserID, Role: domain.RoleDelegate})
	}
	return BriefScopeOf(&domain.User{Role: domain.RoleStaff})
}
