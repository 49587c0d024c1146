package domain

import (
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Person is an expert, delegate or official whom the Commission may send to a session. A
// person may also be a user (a delegate who logs in), and may work for a ministry, whose
// liaison then sees them on delegations.
type Person struct {
	bun.BaseModel `bun:"table:people,alias:p"`

	ID           int64     `bun:"id,pk,autoincrement"`
	NameEN       string    `bun:"name_en"`
	NameKO       string    `bun:"name_ko"`
	Organisation string    `bun:"organisation"`
	Title        string    `bun:"title"`
	Email        *string   `bun:"email"`
	Phone        string    `bun:"phone"`
	Expertise    []string  `bun:"expertise,array"`
	Notes        string    `bun:"notes"`
	MinistryID   *int64    `bun:"ministry_id"`
	UserID       *int64    `bun:"user_id"`
	CreatedAt    time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt    time.Time `bun:"updated_at,nullzero,default:now()"`
	Version      int       `bun:"version,default:1"`

	// The ministry's code and names and the linked user's e-mail, where there are any.
	MinistryCode   string `bun:"ministry_code,scanonly"`
	MinistryNameEN string `bun:"ministry_name_en,scanonly"`
	MinistryNameKO string `bun:"ministry_name_ko,scanonly"`
	UserEmail      string `bun:"user_email,scanonly"`
	// How many delegations the person has been on, in lists.
	Delegations int `bun:"delegations,scanonly"`
}

// Name returns the person's name in lang, or in the other language when it has none.
func (p *Person) Name(lang string) string { return pick(lang, p.NameEN, p.NameKO) }

// OtherName returns the person's name in the language other than lang, when it is given
// and differs from Name: shown beside it, as people are known by both.
func (p *Person) OtherName(lang string) string { return otherName(lang, p.NameEN, p.NameKO) }

// MinistryName returns the name of the person's ministry in lang.
func (p *Person) MinistryName(lang string) string {
	return pick(lang, p.MinistryNameEN, p.MinistryNameKO)
}

// EmailText returns the e-mail address, or "" when there is none.
func (p *Person) EmailText() string {
	if p.Email == nil {
		return ""
	}
	return *p.Email
}

func otherName(lang, en, ko string) string {
	shown := pick(lang, en, ko)
	other := ko
	if lang == "ko" {
		other = en
	}
	if other == shown {
		return ""
	}
	return other
}

// PersonInput is what a person types to add or change someone in the list of people.
// Expertise is a list separated by commas, semicolons or new lines. CreateAnyway says the
// person read the likely duplicates and creates the person all the same.
type PersonInput struct {
	NameEN       string `form:"name_en" label:"people.name_en" validate:"max=200"`
	NameKO       string `form:"name_ko" label:"people.name_ko" validate:"max=200"`
	Organisation string `form:"organisation" validate:"required,max=200"`
	Title        string `form:"position" validate:"max=200"`
	Email        string `form:"email" validate:"omitempty,email,max=254"`
	Phone        string `form:"phone" validate:"max=50"`
	Expertise    string `form:"expertise" validate:"max=1000"`
	MinistryID   int64  `form:"ministry_id" validate:"min=0"`
	UserID       int64  `form:"user_id" validate:"min=0"`
	Notes        string `form:"person_notes" validate:"max=4000" text:"multiline"`
	CreateAnyway bool   `form:"create_anyway"`
	Version      int    `form:"version"`
}

// Apply copies the input onto p. It returns an EINVALID error when neither name is given.
func (in PersonInput) Apply(p *Person) error {
	p.NameEN, p.NameKO = squeeze(in.NameEN), squeeze(in.NameKO)
	if p.NameEN == "" && p.NameKO == "" {
		return FieldError("name_en", "people.error_name_required")
	}
	p.Organisation, p.Title = squeeze(in.Organisation), squeeze(in.Title)
	p.Email = nil
	if e := strings.ToLower(strings.TrimSpace(in.Email)); e != "" {
		p.Email = &e
	}
	p.Phone, p.Notes = trim(in.Phone), trim(in.Notes)
	p.Expertise = SplitList(in.Expertise)
	p.MinistryID, p.UserID = optionalID(in.MinistryID), optionalID(in.UserID)
	return nil
}

// Input returns the form values of a person, to edit them.
func (p *Person) Input() PersonInput {
	in := PersonInput{NameEN: p.NameEN, NameKO: p.NameKO, Organisation: p.Organisation, Title: p.Title,
		Email: p.EmailText(), Phone: p.Phone, Expertise: strings.Join(p.Expertise, ", "), Notes: p.Notes,
		Version: p.Version}
	if p.MinistryID != nil {
		in.MinistryID = *p.MinistryID
	}
	if p.UserID != nil {
		in.UserID = *p.UserID
	}
	return in
}

// SplitList reads a list separated by commas, semicolons or new lines, without blanks or
// repeats.
func SplitList(s string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		x = squeeze(x)
		if k := strings.ToLower(x); x != "" && !seen[k] {
			seen[k] = true
			out = append(out, x)
		}
	}
	return out
}

// squeeze trims s and collapses its runs of spaces into one.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }
