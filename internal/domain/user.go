package domain

import (
	"time"

	"github.com/uptrace/bun"
)

// Role is what a user may do in Plenary; see the policy package for the rules.
type Role string

// The four roles of DESIGN.md.
const (
	RoleAdmin    Role = "admin"
	RoleStaff    Role = "staff"
	RoleLiaison  Role = "liaison"
	RoleDelegate Role = "delegate"
)

// Roles lists the roles in the order forms offer them.
var Roles = []Role{RoleAdmin, RoleStaff, RoleLiaison, RoleDelegate}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return RoleEnum.Has(string(r)) }

// Label returns the catalogue id of the role's name.
func (r Role) Label() string { return RoleEnum.Label(string(r)) }

// User is a person who logs in to Plenary.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID         int64      `bun:"id,pk,autoincrement"`
	Email      string     `bun:"email"`
	Name       string     `bun:"name"`
	Role       Role       `bun:"role"`
	MinistryID *int64     `bun:"ministry_id"`
	Lang       *string    `bun:"lang"`
	DisabledAt *time.Time `bun:"disabled_at"`
	// SessionEpoch moves on whenever the user's login sessions are ended; a session
	// started under an older epoch is no longer valid.
	SessionEpoch int       `bun:"session_epoch"`
	CreatedAt    time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt    time.Time `bun:"updated_at,nullzero,default:now()"`
	Version      int       `bun:"version,default:1"`

	Ministry *Ministry `bun:"rel:belongs-to,join:ministry_id=id"`
}

// Disabled reports whether the user may no longer log in.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

// Is reports whether the user has one of the given roles.
func (u *User) Is(roles ...Role) bool {
	if u == nil {
		return false
	}
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// UserInput is what a person types to create or change a user. A liaison needs a
// ministry and nobody else has one, which the database checks as well. The fields are in
// the order of the form, which lists its messages in this order.
type UserInput struct {
	Name       string `form:"name" validate:"required,max=200"`
	Email      string `form:"email" validate:"required,email,max=254"`
	Role       string `form:"role" validate:"required,enum=role"`
	MinistryID int64  `form:"ministry_id" validate:"required_if=Role liaison,excluded_unless=Role liaison"`
	Password   string `form:"password"` // checked by CheckPassword, which knows the e-mail
	Version    int    `form:"version"`
}
