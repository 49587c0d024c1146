package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/uptrace/bun"
)

// Honorific is how the secretariat addresses a member on the list of participants.
type Honorific string

// The honorifics UNESCO's accreditation forms offer.
const (
	HonorificHE   Honorific = "he" // His or Her Excellency: ministers, ambassadors
	HonorificMr   Honorific = "mr"
	HonorificMrs  Honorific = "mrs"
	HonorificMs   Honorific = "ms"
	HonorificMx   Honorific = "mx"
	HonorificDr   Honorific = "dr"
	HonorificProf Honorific = "prof"
)

// Honorifics lists the honorifics in the order a form offers them.
var Honorifics = []Honorific{HonorificHE, HonorificMr, HonorificMrs, HonorificMs, HonorificMx, HonorificDr, HonorificProf}

// Label returns the catalogue id of the honorific's name.
func (h Honorific) Label() string { return HonorificEnum.Label(string(h)) }

// honorificsEN are the honorifics as the secretariat prints them, whatever the reader's
// language: the list of participants is in English and French.
var honorificsEN = map[Honorific]string{
	HonorificHE: "H.E.", HonorificMr: "Mr", HonorificMrs: "Mrs", HonorificMs: "Ms", HonorificMx: "Mx",
	HonorificDr: "Dr", HonorificProf: "Prof.",
}

// Written returns the honorific as it is written before a name on the list ("H.E.").
func (h Honorific) Written() string { return honorificsEN[h] }

// AccreditationOrder is the order of roles on UNESCO's accreditation forms: the head of
// the delegation, the alternates (a deputy head first), the delegates, then experts,
// advisers and observers. It differs from MemberRoles, the delegation's own precedence,
// in putting alternates before delegates.
var AccreditationOrder = []MemberRole{MemberHead, MemberDeputyHead, MemberAlternate, MemberDelegate,
	MemberExpert, MemberAdviser, MemberObserver}

// AccreditationDetails are what the secretariat asks about each member to accredit
// them: the name as in the passport, the honorific, the function in English and the
// affiliation, the ministry or organisation the member comes from, chosen from one list
// so that one body is never written two ways. They are part of the member's record (a
// change moves the member's version on) and only staff read them.
type AccreditationDetails struct {
	bun.BaseModel `bun:"table:member_accreditations,alias:ma"`

	MemberID       int64     `bun:"member_id,pk"`
	Honorific      Honorific `bun:"honorific"`
	PassportName   string    `bun:"passport_name"`
	FunctionEN     string    `bun:"function_en"`
	MinistryID     *int64    `bun:"ministry_id"`
	OrganisationID *int64    `bun:"organisation_id"`
	UpdatedAt      time.Time `bun:"updated_at,nullzero,default:now()"`

	// The names of the ministry or organisation, as the lists show them.
	AffiliationEN string `bun:"affiliation_en,scanonly"`
	AffiliationKO string `bun:"affiliation_ko,scanonly"`
}

// Empty reports whether nothing is recorded.
func (d *AccreditationDetails) Empty() bool {
	return d == nil || (d.Honorific == "" && d.PassportName == "" && d.FunctionEN == "" &&
		d.MinistryID == nil && d.OrganisationID == nil)
}

// AffiliationRef returns the form value of the affiliation: "ministry:ID", "organisation:ID" or "".
func (d *AccreditationDetails) AffiliationRef() string {
	switch {
	case d == nil:
		return ""
	case d.MinistryID != nil:
		return AffiliationRef(AffiliationMinistry, *d.MinistryID)
	case d.OrganisationID != nil:
		return AffiliationRef(AffiliationOrganisation, *d.OrganisationID)
	}
	return ""
}

// AffiliationName returns the name of the member's ministry or organisation in lang.
func (d *AccreditationDetails) AffiliationName(lang string) string {
	return pick(lang, d.AffiliationEN, d.AffiliationKO)
}

// HonorificLabel returns the catalogue id of the honorific's name, or "" when none is chosen.
func (d *AccreditationDetails) HonorificLabel() string { return d.Honorific.Label() }

// The kinds of affiliation: a ministry, or an organisation other than a ministry.
const (
	AffiliationMinistry     = "ministry"
	AffiliationOrganisation = "organisation"
)

// AffiliationRef is the form value naming a ministry or an organisation, so that one list can
// offer both.
func AffiliationRef(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// ParseAffiliationRef reads a form value made by AffiliationRef. ok is false for anything else; an
// empty value names no affiliation.
func ParseAffiliationRef(s string) (ministryID, organisationID *int64, ok bool) {
	if s == "" {
		return nil, nil, true
	}
	kind, num, found := strings.Cut(s, ":")
	id, err := strconv.ParseInt(num, 10, 64)
	if !found || err != nil || id <= 0 {
		return nil, nil, false
	}
	switch kind {
	case AffiliationMinistry:
		return &id, nil, true
	case AffiliationOrganisation:
		return nil, &id, true
	}
	return nil, nil, false
}

// AccreditationInput is the part of the member form that staff fill in for accreditation.
type AccreditationInput struct {
	Honorific    string `form:"honorific" validate:"omitempty,enum=honorific"`
	PassportName string `form:"passport_name" validate:"max=200"`
	FunctionEN   string `form:"function_en" validate:"max=200"`
	Affiliation  string `form:"affiliation" validate:"max=40"`
}

// Apply checks the input and returns the details it describes for member id. Every
// wrong field is named: a passport name in anything but Latin letters, a function not
// written in English, an affiliation that is not one of the list's.
func (in AccreditationInput) Apply(id int64) (*AccreditationDetails, error) {
	d := &AccreditationDetails{MemberID: id, Honorific: Honorific(in.Honorific),
		PassportName: squeeze(in.PassportName), FunctionEN: squeeze(in.FunctionEN)}
	fields := map[string]string{}
	if !PassportName(d.PassportName) {
		fields["passport_name"] = "accred.error_passport_name"
	}
	if !englishText(d.FunctionEN) {
		fields["function_en"] = "accred.error_function_en"
	}
	var ok bool
	if d.MinistryID, d.OrganisationID, ok = ParseAffiliationRef(strings.TrimSpace(in.Affiliation)); !ok {
		fields["affiliation"] = "accred.error_affiliation"
	}
	if len(fields) > 0 {
		return nil, &Error{Code: EINVALID, Message: "error.invalid", Fields: fields}
	}
	return d, nil
}

// HonorificLabel returns the catalogue id of the chosen honorific's name.
func (in AccreditationInput) HonorificLabel() string { return Honorific(in.Honorific).Label() }

// Input returns the form values of the details.
func (d *AccreditationDetails) Input() AccreditationInput {
	if d == nil {
		return AccreditationInput{}
	}
	return AccreditationInput{Honorific: string(d.Honorific), PassportName: d.PassportName,
		FunctionEN: d.FunctionEN, Affiliation: d.AffiliationRef()}
}

// PassportName reports whether s may be a name as a passport prints it: Latin letters
// (accented ones too), with spaces, hyphens, apostrophes, full stops and commas between
// them, and at least two letters. An empty name is allowed: it is not known yet.
func PassportName(s string) bool {
	if s == "" {
		return true
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Latin, r):
			letters++
		case unicode.Is(unicode.Mn, r), strings.ContainsRune(" -'’.,", r):
		default:
			return false
		}
	}
	return letters >= 2
}

// englishText reports whether s holds no Hangul, Han or Kana: text to be printed on an
// English list, such as a function.
func englishText(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return false
		}
	}
	return true
}

// Organisation is a body other than a government ministry that delegation members come
// from: the National Assembly, a university, the Commission itself. Together with the
// ministries it is the list a member's affiliation is chosen from.
type Organisation struct {
	bun.BaseModel `bun:"table:organisations,alias:o"`

	ID        int64     `bun:"id,pk,autoincrement"`
	NameEN    string    `bun:"name_en"`
	NameKO    string    `bun:"name_ko"`
	CreatedAt time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt time.Time `bun:"updated_at,nullzero,default:now()"`
	Version   int       `bun:"version,default:1"`
}

// Name returns the organisation's name in lang.
func (o *Organisation) Name(lang string) string { return pick(lang, o.NameEN, o.NameKO) }

// OrganisationInput is what an administrator types to add or rename an organisation.
type OrganisationInput struct {
	NameKO  string `form:"name_ko" validate:"required,max=200"`
	NameEN  string `form:"name_en" validate:"required,max=200"`
	Version int    `form:"version"`
}

// Apply copies the input onto o.
func (in OrganisationInput) Apply(o *Organisation) {
	o.NameKO, o.NameEN = squeeze(in.NameKO), squeeze(in.NameEN)
}

// Input returns the form values of an organisation, to edit it.
func (o *Organisation) Input() OrganisationInput {
	return OrganisationInput{NameKO: o.NameKO, NameEN: o.NameEN, Version: o.Version}
}

// AffiliationChoice is one entry of the list a member's affiliation is chosen from.
type AffiliationChoice struct {
	Ref            string
	NameEN, NameKO string
}

// Name returns the ministry's or organisation's name in lang.
func (b AffiliationChoice) Name(lang string) string { return pick(lang, b.NameEN, b.NameKO) }

// AffiliationChoices are the ministries and the other organisations, the two parts of the list.
type AffiliationChoices struct {
	Ministries, Organisations []AffiliationChoice
}
