package domain

import (
	"fmt"
	"time"
)

// DateKind is what a date in a person's calendar marks.
type DateKind string

// The kinds of dates that concern a person.
const (
	DateSession         DateKind = "session"          // the days a session meets, first to last
	DateBriefDeadline   DateKind = "brief_deadline"   // the day a session's position briefs are due
	DateConsultationDue DateKind = "consultation_due" // the day a ministry's input is due
)

// Label returns the catalogue id of the kind's name.
func (k DateKind) Label() string {
	switch k {
	case DateBriefDeadline:
		return "calendar.kind_brief_deadline"
	case DateConsultationDue:
		return "calendar.kind_consultation_due"
	}
	return "calendar.kind_session"
}

// CalendarScope says which dates concern a person: the days of the sessions Scope sees;
// their brief deadlines when BriefDeadlines; and the due dates of the live consultations
// (open or answered) that Scope sees, narrowed for the Commission's staff, who see every
// consultation, to those on the items whose focal point is FocalPointID. Its zero value
// holds nothing.
type CalendarScope struct {
	Scope          Scope
	BriefDeadlines bool
	FocalPointID   int64
}

// CalendarDate is one date that concerns a person, with what names it: the session, and
// for a consultation its item and ministry. It carries no position text.
type CalendarDate struct {
	Kind  DateKind  `bun:"kind"`
	First time.Time `bun:"first_day,type:date"` // the first day, as dates are stored
	Last  time.Time `bun:"last_day,type:date"`  // the last day; First for a single day

	SessionID      int64  `bun:"session_id"`
	SessionCode    string `bun:"session_code"`
	SessionTitleKO string `bun:"session_title_ko"`
	SessionTitleEN string `bun:"session_title_en"`
	Venue          string `bun:"venue"`

	// A consultation's.
	ConsultationID int64              `bun:"consultation_id"`
	Status         ConsultationStatus `bun:"status"`
	ItemNumber     string             `bun:"item_number"`
	ItemTitleEN    string             `bun:"item_title_en"`
	ItemTitleKO    string             `bun:"item_title_ko"`
	MinistryCode   string             `bun:"ministry_code"`
	MinistryNameEN string             `bun:"ministry_name_en"`
	MinistryNameKO string             `bun:"ministry_name_ko"`
}

// ItemTitle returns the consultation's item title in lang, or in the other language when
// it has none in lang.
func (d CalendarDate) ItemTitle(lang string) string { return pick(lang, d.ItemTitleEN, d.ItemTitleKO) }

// MinistryName returns the consulted ministry's name in lang, as it was at the session.
func (d CalendarDate) MinistryName(lang string) string {
	return pick(lang, d.MinistryNameEN, d.MinistryNameKO)
}

// UID names the date for calendar programs, the same in every feed and every read, so
// that a program updates an event it already holds (a session moved, a due date put
// back) instead of adding a second one.
func (d CalendarDate) UID() string {
	switch d.Kind {
	case DateConsultationDue:
		return fmt.Sprintf("consultation-%d-due@plenary", d.ConsultationID)
	case DateBriefDeadline:
		return fmt.Sprintf("session-%d-brief-deadline@plenary", d.SessionID)
	}
	return fmt.Sprintf("session-%d@plenary", d.SessionID)
}

// Path is the page of the date's subject in Plenary.
func (d CalendarDate) Path() string {
	switch d.Kind {
	case DateConsultationDue:
		return fmt.Sprintf("/consultations/%d", d.ConsultationID)
	case DateBriefDeadline:
		return fmt.Sprintf("/sessions/%d/briefs", d.SessionID)
	}
	return fmt.Sprintf("/sessions/%d", d.SessionID)
}
