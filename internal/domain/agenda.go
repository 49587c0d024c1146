package domain

import (
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// ItemStatus is where the Commission's work on an agenda item stands.
type ItemStatus string

// The item statuses, in their order.
const (
	ItemNew        ItemStatus = "new"
	ItemInProgress ItemStatus = "in_progress"
	ItemReady      ItemStatus = "ready"
	ItemDecided    ItemStatus = "decided"
	ItemWithdrawn  ItemStatus = "withdrawn"
)

// ItemStatuses lists the item statuses in their order.
var ItemStatuses = []ItemStatus{ItemNew, ItemInProgress, ItemReady, ItemDecided, ItemWithdrawn}

// Label returns the catalogue id of the status's name.
func (s ItemStatus) Label() string { return ItemStatusEnum.Label(string(s)) }

// Priority is how much attention the Commission gives an item.
type Priority string

// The priorities, highest first.
const (
	PriorityHigh   Priority = "high"
	PriorityNormal Priority = "normal"
	PriorityLow    Priority = "low"
)

// Priorities lists the priorities, highest first.
var Priorities = []Priority{PriorityHigh, PriorityNormal, PriorityLow}

// Label returns the catalogue id of the priority's name.
func (p Priority) Label() string { return PriorityEnum.Label(string(p)) }

// AgendaItem is one item on a session's agenda.
type AgendaItem struct {
	bun.BaseModel `bun:"table:agenda_items,alias:i"`

	ID             int64      `bun:"id,pk,autoincrement"`
	SessionID      int64      `bun:"session_id"`
	Number         string     `bun:"number"`
	SortKey        string     `bun:"sort_key"`
	TitleEN        string     `bun:"title_en"`
	TitleKO        string     `bun:"title_ko"`
	Documents      []string   `bun:"documents,array"`
	Commission     string     `bun:"commission"`
	Sector         string     `bun:"sector"`
	LeadMinistryID *int64     `bun:"lead_ministry_id"`
	FocalPointID   *int64     `bun:"focal_point_id"`
	Priority       Priority   `bun:"priority"`
	Status         ItemStatus `bun:"status"`
	DecisionRef    string     `bun:"decision_ref"`
	OutcomeSummary string     `bun:"outcome_summary"`
	PreviousItemID *int64     `bun:"previous_item_id"`
	CreatedAt      time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt      time.Time  `bun:"updated_at,nullzero,default:now()"`
	Version        int        `bun:"version,default:1"`

	Session *Session `bun:"rel:belongs-to,join:session_id=id"`

	// Names of the lead ministry as it was called at the session, and of the focal point.
	LeadCode    string `bun:"lead_code,scanonly"`
	LeadNameEN  string `bun:"lead_name_en,scanonly"`
	LeadNameKO  string `bun:"lead_name_ko,scanonly"`
	FocalName   string `bun:"focal_name,scanonly"`
	SessionCode string `bun:"session_code,scanonly"`
}

// LeadName returns the lead ministry's name as it was at the session, in lang.
func (i *AgendaItem) LeadName(lang string) string { return pick(lang, i.LeadNameEN, i.LeadNameKO) }

// Title returns the item's title in lang, falling back to English where no Korean title
// was given.
func (i *AgendaItem) Title(lang string) string { return pick(lang, i.TitleEN, i.TitleKO) }

// AgendaItemInput is what a person types to create or change an agenda item. Documents
// are UNESCO document symbols, one per line or separated by semicolons.
type AgendaItemInput struct {
	Number         string `form:"number" validate:"required,max=40"`
	TitleEN        string `form:"title_en" validate:"required,max=1000"`
	TitleKO        string `form:"title_ko" validate:"max=1000"`
	Documents      string `form:"documents" validate:"max=4000" text:"multiline"`
	Commission     string `form:"commission" validate:"max=100"`
	Sector         string `form:"sector" validate:"max=100"`
	LeadMinistryID int64  `form:"lead_ministry_id" validate:"min=0"`
	FocalPointID   int64  `form:"focal_point_id" validate:"min=0"`
	Priority       string `form:"priority" validate:"required,enum=priority"`
	Status         string `form:"status" validate:"required,enum=item_status"`
	DecisionRef    string `form:"decision_ref" validate:"max=200"`
	OutcomeSummary string `form:"outcome_summary" validate:"max=20000" text:"multiline"`
	Version        int    `form:"version"`
}

// SessionInput is what a person types to create or change a session.
type SessionInput struct {
	BodyID        int64  `form:"body_id" validate:"required,min=1"`
	Number        int    `form:"number" label:"field.session_number" validate:"required,min=1,max=9999"`
	TitleKO       string `form:"title_ko" validate:"required_without=TitleEN,max=300"`
	TitleEN       string `form:"title_en" validate:"max=300"`
	Venue         string `form:"venue" validate:"max=200"`
	StartsOn      string `form:"starts_on" validate:"required,datetime=2006-01-02"`
	EndsOn        string `form:"ends_on" validate:"required,datetime=2006-01-02"`
	BriefDeadline string `form:"brief_deadline" validate:"omitempty,datetime=2006-01-02"`
	Status        string `form:"status" validate:"required,enum=session_status"`
	Version       int    `form:"version"`
}

// Scope is what part of Plenary's sessions and items a user may see, as the policy
// package decides it and the store applies it to its queries.
type Scope struct {
	All        bool  // admin and staff: everything
	MinistryID int64 // a liaison: items their ministry leads or is consulted on
	UserID     int64 // a delegate: sessions whose delegation they are on
}

// SessionSummary is a session with the counts shown in lists.
type SessionSummary struct {
	Session `bun:",extend"`
	Items   int `bun:"items,scanonly"`
}

// Session returns the session the input describes, or an EINVALID error naming each
// field that is wrong. Dates are calendar days, as UNESCO announces them.
func (in SessionInput) Session() (*Session, error) {
	fields := map[string]string{}
	starts, err1 := time.Parse(time.DateOnly, in.StartsOn)
	ends, err2 := time.Parse(time.DateOnly, in.EndsOn)
	if err1 != nil {
		fields["starts_on"] = "error.date"
	}
	if err2 != nil {
		fields["ends_on"] = "error.date"
	}
	if err1 == nil && err2 == nil && ends.Before(starts) {
		fields["ends_on"] = "error.ends_before_starts"
	}
	s := &Session{
		BodyID: in.BodyID, Number: in.Number, TitleKO: trim(in.TitleKO), TitleEN: trim(in.TitleEN), Venue: in.Venue,
		StartsOn: starts, EndsOn: ends, Status: SessionStatus(in.Status), Version: in.Version,
	}
	if s.TitleKO == "" && s.TitleEN == "" {
		fields["title_ko"] = "session.title_required"
	}
	if in.BriefDeadline != "" {
		d, err := time.Parse(time.DateOnly, in.BriefDeadline)
		switch {
		case err != nil:
			fields["brief_deadline"] = "error.date"
		case err2 == nil && d.After(ends):
			fields["brief_deadline"] = "error.deadline_after_end"
		default:
			s.BriefDeadline = &d
		}
	}
	if len(fields) > 0 {
		return nil, &Error{Code: EINVALID, Message: "error.invalid", Fields: fields}
	}
	return s, nil
}

// Apply copies the input onto item, reading the number the UNESCO way and the document
// symbols one per line or separated by semicolons. It returns an EINVALID error naming
// the field when the number is malformed.
func (in AgendaItemInput) Apply(item *AgendaItem) error {
	n, err := ParseItemNumber(in.Number)
	if err != nil {
		msg := "item_number.invalid"
		if ne, ok := err.(*ItemNumberError); ok {
			msg = ne.Message
		}
		return FieldError("number", msg)
	}
	item.Number, item.SortKey = n.String(), n.SortKey()
	item.TitleEN, item.TitleKO = trim(in.TitleEN), trim(in.TitleKO)
	item.Documents = SplitDocuments(in.Documents)
	item.Commission, item.Sector = trim(in.Commission), trim(in.Sector)
	item.LeadMinistryID, item.FocalPointID = optionalID(in.LeadMinistryID), optionalID(in.FocalPointID)
	item.Priority, item.Status = Priority(in.Priority), ItemStatus(in.Status)
	item.DecisionRef, item.OutcomeSummary = trim(in.DecisionRef), trim(in.OutcomeSummary)
	return nil
}

// Input returns the form values of an item, to edit it.
func (i *AgendaItem) Input() AgendaItemInput {
	in := AgendaItemInput{
		Number: i.Number, TitleEN: i.TitleEN, TitleKO: i.TitleKO, Documents: strings.Join(i.Documents, "\n"),
		Commission: i.Commission, Sector: i.Sector, Priority: string(i.Priority), Status: string(i.Status),
		DecisionRef: i.DecisionRef, OutcomeSummary: i.OutcomeSummary, Version: i.Version,
	}
	if i.LeadMinistryID != nil {
		in.LeadMinistryID = *i.LeadMinistryID
	}
	if i.FocalPointID != nil {
		in.FocalPointID = *i.FocalPointID
	}
	return in
}

// SplitDocuments reads document symbols separated by new lines or semicolons, without
// blanks or repeats.
func SplitDocuments(s string) []string {
	docs := []string{}
	seen := map[string]bool{}
	for _, d := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		d = strings.Join(strings.Fields(d), " ")
		if d != "" && !seen[d] {
			seen[d] = true
			docs = append(docs, d)
		}
	}
	return docs
}

func trim(s string) string { return strings.TrimSpace(s) }

func optionalID(id int64) *int64 {
	if id <= 0 {
		return nil
	}
	return &id
}

// AgendaFilter narrows a session's agenda; zero values do not filter.
type AgendaFilter struct {
	Commission     string `query:"commission"`
	Sector         string `query:"sector"`
	LeadMinistryID int64  `query:"lead"`
	Status         string `query:"status"`
	Priority       string `query:"priority"`
	FocalPointID   int64  `query:"focal"`
	// Mine keeps the items the reader covers on the delegation (none for a reader who
	// is not a delegate).
	Mine bool `query:"mine"`
}

// Active reports whether any filter is set.
func (f AgendaFilter) Active() bool { return f != AgendaFilter{} }

// Facet is one value of a filter with the number of items that have it.
type Facet struct {
	Value   string
	ID      int64
	LabelEN string
	LabelKO string
	Count   int
}

// Label returns the facet's label in lang.
func (f Facet) Label(lang string) string { return pick(lang, f.LabelEN, f.LabelKO) }

// AgendaFacets are the values that occur in a session's agenda, with counts: the options
// of the agenda page's filters and its summary.
type AgendaFacets struct {
	Total          int
	Statuses       []Facet
	Priorities     []Facet
	Commissions    []Facet
	Sectors        []Facet
	LeadMinistries []Facet
	FocalPoints    []Facet
}
