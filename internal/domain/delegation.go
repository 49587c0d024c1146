package domain

import (
	"errors"
	"maps"
	"time"

	"github.com/uptrace/bun"
)

// MemberRole is a member's place on a delegation.
type MemberRole string

// The roles on a delegation, in order of precedence.
const (
	MemberHead       MemberRole = "head"
	MemberDeputyHead MemberRole = "deputy_head"
	MemberDelegate   MemberRole = "delegate"
	MemberAlternate  MemberRole = "alternate"
	MemberAdviser    MemberRole = "adviser"
	MemberExpert     MemberRole = "expert"
	MemberObserver   MemberRole = "observer"
)

// MemberRoles lists the roles in order of precedence, the order of a delegation's list.
var MemberRoles = []MemberRole{MemberHead, MemberDeputyHead, MemberDelegate, MemberAlternate, MemberAdviser, MemberExpert, MemberObserver}

// Label returns the catalogue id of the role's name.
func (r MemberRole) Label() string { return MemberRoleEnum.Label(string(r)) }

// Accreditation is where a member's accreditation to the session stands: the
// Commission prepares it, submits it to the secretariat, and the secretariat confirms it.
type Accreditation string

// The accreditation states, in their order.
const (
	AccreditationPending   Accreditation = "pending"
	AccreditationSubmitted Accreditation = "submitted"
	AccreditationConfirmed Accreditation = "confirmed"
)

// Accreditations lists the accreditation states in their order.
var Accreditations = []Accreditation{AccreditationPending, AccreditationSubmitted, AccreditationConfirmed}

// Label returns the catalogue id of the state's name.
func (a Accreditation) Label() string { return AccreditationEnum.Label(string(a)) }

// StayMargin is how far before a session's first day a member may arrive, and after its
// last day depart: time for briefings and side meetings before, and for the last
// consultations after.
const StayMargin = 7

// StayWindow returns the first and last day on which a member of the session may arrive
// or depart.
func StayWindow(s *Session) (from, to time.Time) {
	return s.StartsOn.AddDate(0, 0, -StayMargin), s.EndsOn.AddDate(0, 0, StayMargin)
}

// SessionDays returns the days of a session, first to last.
func SessionDays(s *Session) []time.Time {
	var days []time.Time
	for d := s.StartsOn; !d.After(s.EndsOn); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	return days
}

// IsSessionDay reports whether day (a calendar day) is one of the session's days.
func IsSessionDay(s *Session, day time.Time) bool {
	return !day.Before(s.StartsOn) && !day.After(s.EndsOn)
}

// Member is a person on one session's delegation.
type Member struct {
	bun.BaseModel `bun:"table:delegation_members,alias:dm"`

	ID            int64         `bun:"id,pk,autoincrement"`
	SessionID     int64         `bun:"session_id"`
	PersonID      int64         `bun:"person_id"`
	Role          MemberRole    `bun:"role"`
	Accreditation Accreditation `bun:"accreditation"`
	ArrivesOn     *time.Time    `bun:"arrives_on,type:date"`
	DepartsOn     *time.Time    `bun:"departs_on,type:date"`
	FundedBy      string        `bun:"funded_by"`
	Notes         string        `bun:"notes"`
	CreatedAt     time.Time     `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time     `bun:"updated_at,nullzero,default:now()"`
	Version       int           `bun:"version,default:1"`

	// The person, as the lists show them.
	NameEN       string `bun:"name_en,scanonly"`
	NameKO       string `bun:"name_ko,scanonly"`
	Organisation string `bun:"organisation,scanonly"`
	Title        string `bun:"title,scanonly"`
	UserID       *int64 `bun:"user_id,scanonly"`
	// How many agenda items the member covers.
	Covers int `bun:"covers,scanonly"`

	// Details are the member's accreditation details, read only for staff (nil otherwise,
	// and nil where nothing is recorded).
	Details *AccreditationDetails `bun:"-" json:",omitempty"`
}

// Name returns the member's name in lang.
func (m *Member) Name(lang string) string { return pick(lang, m.NameEN, m.NameKO) }

// OtherName returns the member's name in the other language, when it differs.
func (m *Member) OtherName(lang string) string { return otherName(lang, m.NameEN, m.NameKO) }

// IsUser reports whether the member is the person of user id.
func (m *Member) IsUser(id int64) bool { return m.UserID != nil && *m.UserID == id }

// MemberInput is what a person types to put someone on a delegation or change their
// place on it. Dates are calendar days; either may be left empty until travel is booked.
type MemberInput struct {
	PersonID      int64  `form:"person_id" validate:"required,min=1"`
	Role          string `form:"role" validate:"required,enum=member_role"`
	Accreditation string `form:"accreditation" validate:"required,enum=accreditation"`
	ArrivesOn     string `form:"arrives_on" validate:"omitempty,datetime=2006-01-02"`
	DepartsOn     string `form:"departs_on" validate:"omitempty,datetime=2006-01-02"`
	AccreditationInput
	FundedBy string `form:"funded_by" validate:"max=200"`
	Notes    string `form:"member_notes" validate:"max=4000" text:"multiline"`
	Version  int    `form:"version"`
}

// Apply copies the input onto m, a member of session s, with its accreditation details
// (nil when none are given). Arrival and departure must fall within the session's stay
// window, departure on or after arrival; each wrong date or detail is named by its field.
func (in MemberInput) Apply(m *Member, s *Session) error {
	fields := map[string]string{}
	from, to := StayWindow(s)
	day := func(field, v string) *time.Time {
		if v == "" {
			return nil
		}
		d, err := time.Parse(time.DateOnly, v)
		switch {
		case err != nil:
			fields[field] = "error.date"
			return nil
		case d.Before(from) || d.After(to):
			fields[field] = "delegations.error_outside_window"
		}
		return &d
	}
	arrives, departs := day("arrives_on", in.ArrivesOn), day("departs_on", in.DepartsOn)
	if arrives != nil && departs != nil && departs.Before(*arrives) && fields["departs_on"] == "" {
		fields["departs_on"] = "delegations.error_departs_before_arrival"
	}
	details, err := in.AccreditationInput.Apply(m.ID)
	var de *Error
	if errors.As(err, &de) {
		maps.Copy(fields, de.Fields)
	}
	if len(fields) > 0 {
		return &Error{Code: EINVALID, Message: "error.invalid", Fields: fields}
	}
	m.SessionID, m.PersonID = s.ID, in.PersonID
	m.Role, m.Accreditation = MemberRole(in.Role), Accreditation(in.Accreditation)
	m.ArrivesOn, m.DepartsOn = arrives, departs
	m.FundedBy, m.Notes = squeeze(in.FundedBy), trim(in.Notes)
	m.Details = nil
	if !details.Empty() {
		m.Details = details
	}
	return nil
}

// RoleLabel returns the catalogue id of the typed role's name.
func (in MemberInput) RoleLabel() string { return MemberRole(in.Role).Label() }

// AccreditationLabel returns the catalogue id of the typed accreditation's name.
func (in MemberInput) AccreditationLabel() string { return Accreditation(in.Accreditation).Label() }

// Input returns the form values of a member, to edit them.
func (m *Member) Input() MemberInput {
	in := MemberInput{PersonID: m.PersonID, Role: string(m.Role), Accreditation: string(m.Accreditation),
		FundedBy: m.FundedBy, Notes: m.Notes, AccreditationInput: m.Details.Input(), Version: m.Version}
	if m.ArrivesOn != nil {
		in.ArrivesOn = m.ArrivesOn.Format(time.DateOnly)
	}
	if m.DepartsOn != nil {
		in.DepartsOn = m.DepartsOn.Format(time.DateOnly)
	}
	return in
}

// Participation is one place of a person on a delegation, with the session and what the
// member did there: their participation history, and a delegate's own delegations.
type Participation struct {
	Member `bun:",extend"`

	SessionCode    string        `bun:"session_code,scanonly"`
	SessionTitleKO string        `bun:"session_title_ko,scanonly"`
	SessionTitleEN string        `bun:"session_title_en,scanonly"`
	StartsOn       time.Time     `bun:"starts_on,scanonly,type:date"`
	EndsOn         time.Time     `bun:"ends_on,scanonly,type:date"`
	SessionStatus  SessionStatus `bun:"session_status,scanonly"`
	Present        int           `bun:"present,scanonly"`
	Partial        int           `bun:"partial,scanonly"`
	Absent         int           `bun:"absent,scanonly"`
	// Today's attendance, for a delegate's check-in: "" when none is recorded.
	TodayStatus AttendanceStatus `bun:"today_status,scanonly"`
}

// InSessionOn reports whether day is one of the session's days.
func (p *Participation) InSessionOn(day time.Time) bool {
	return !day.Before(p.StartsOn) && !day.After(p.EndsOn)
}

// DelegationSummary is a session with the size of its delegation as a user may see it,
// for the list of delegations.
type DelegationSummary struct {
	Session   `bun:",extend"`
	Members   int `bun:"members,scanonly"`
	Pending   int `bun:"pending,scanonly"`
	Submitted int `bun:"submitted,scanonly"`
}

// Contact is how to reach a member of a delegation, shown to the rest of the delegation.
type Contact struct {
	MemberID int64  `bun:"member_id"`
	Email    string `bun:"email"`
	Phone    string `bun:"phone"`
}

// ItemCoverage is an agenda item with the members of the delegation who cover it.
type ItemCoverage struct {
	Item    AgendaItem
	Members []Member
}
