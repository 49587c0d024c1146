package domain

import (
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// ConsultationStatus is where a request for a ministry's input stands.
type ConsultationStatus string

// The consultation statuses: open until the ministry answers, answered until the
// Commission accepts the answer (closed) or sends it back (open again); withdrawn when the
// Commission no longer needs it.
const (
	ConsultationOpen      ConsultationStatus = "open"
	ConsultationAnswered  ConsultationStatus = "answered"
	ConsultationClosed    ConsultationStatus = "closed"
	ConsultationWithdrawn ConsultationStatus = "withdrawn"
)

// ConsultationStatuses lists the statuses in their order.
var ConsultationStatuses = []ConsultationStatus{ConsultationOpen, ConsultationAnswered, ConsultationClosed, ConsultationWithdrawn}

// Label returns the catalogue id of the status's name.
func (s ConsultationStatus) Label() string {
	if l := ConsultationStatusEnum.Label(string(s)); l != "" {
		return l
	}
	return "consultations.status_unknown"
}

// ConsultationAction is a step in a consultation's life.
type ConsultationAction string

// The steps of a consultation after it is opened.
const (
	ConsultAnswer     ConsultationAction = "answer"      // the ministry answers in Plenary, or edits its answer
	ConsultAnswerFile ConsultationAction = "answer_file" // an answer comes in a returned tracker workbook
	ConsultClose      ConsultationAction = "close"       // the Commission accepts the answer
	ConsultSendBack   ConsultationAction = "send_back"   // the Commission asks for more, with a comment
	ConsultWithdraw   ConsultationAction = "withdraw"    // the Commission no longer needs an answer
)

// ConsultationActions lists the steps, for tests and tables.
var ConsultationActions = []ConsultationAction{ConsultAnswer, ConsultAnswerFile, ConsultClose, ConsultSendBack, ConsultWithdraw}

// ConsultationWorkflow is the state machine of a consultation, status × step: the
// statuses each step starts from and the status it leads to. The policy package says who
// may take each step; the store reads the workflow again under the row's lock, so that a
// step nobody may take in the current status is refused however the request came.
//
// A liaison answers in Plenary and may edit the answer until it is closed; a returned
// workbook carries answers to open requests only (the tracker lists nothing else), and
// Commission staff upload the workbooks ministries send them by e-mail.
var ConsultationWorkflow = Workflow[ConsultationAction, ConsultationStatus]{
	ConsultAnswer:     {From: []ConsultationStatus{ConsultationOpen, ConsultationAnswered}, To: ConsultationAnswered},
	ConsultAnswerFile: {From: []ConsultationStatus{ConsultationOpen}, To: ConsultationAnswered},
	ConsultClose:      {From: []ConsultationStatus{ConsultationAnswered}, To: ConsultationClosed},
	ConsultSendBack:   {From: []ConsultationStatus{ConsultationAnswered, ConsultationClosed}, To: ConsultationOpen},
	ConsultWithdraw:   {From: []ConsultationStatus{ConsultationOpen, ConsultationAnswered}, To: ConsultationWithdrawn},
}

// NextStatus returns the status a consultation in from reaches by act, and false when act
// cannot be taken in from by anyone.
func NextStatus(from ConsultationStatus, act ConsultationAction) (ConsultationStatus, bool) {
	return ConsultationWorkflow.Next(from, act)
}

// AnswerSource says where an answer came from.
type AnswerSource string

// Where answers come from.
const (
	AnswerFromApp  AnswerSource = "app"  // typed in Plenary
	AnswerFromFile AnswerSource = "file" // a returned tracker workbook
	// AnswerFromAttachment is an answer given by the ministry's answer files alone, with
	// no typed text: the answer is the consultation's current answer files.
	AnswerFromAttachment AnswerSource = "attachment"
)

// AnswerSources lists where answers come from; a consultation without an answer has none.
var AnswerSources = []AnswerSource{AnswerFromApp, AnswerFromFile, AnswerFromAttachment}

// Consultation is a request from the Commission to one ministry for its input on one
// agenda item. Whether it is overdue is computed when it is read, never stored.
type Consultation struct {
	bun.BaseModel `bun:"table:consultations,alias:c"`

	ID            int64              `bun:"id,pk,autoincrement"`
	ItemID        int64              `bun:"item_id"`
	MinistryID    int64              `bun:"ministry_id"`
	Question      string             `bun:"question"`
	DueOn         time.Time          `bun:"due_on,type:date"`
	Status        ConsultationStatus `bun:"status"`
	Answer        string             `bun:"answer"`
	AnsweredBy    *int64             `bun:"answered_by"`
	AnsweredAt    *time.Time         `bun:"answered_at"`
	AnswerSource  AnswerSource       `bun:"answer_source"`
	RequestedBy   *int64             `bun:"requested_by"`
	AskedOn       time.Time          `bun:"asked_on,type:date"` // the day it was asked, by e-mail before Plenary or in it
	ReturnComment string             `bun:"return_comment"`
	CreatedAt     time.Time          `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time          `bun:"updated_at,nullzero,default:now()"`
	Version       int                `bun:"version,default:1"`

	// Read with the consultation: whether it is overdue and the days left until it is due
	// (negative once past), as of the day it was read in the configured time zone; its
	// item and session; the ministry's name as it was at the session; who asked and who
	// answered.
	Overdue        bool   `bun:"overdue,scanonly"`
	DaysLeft       int    `bun:"days_left,scanonly"`
	SessionID      int64  `bun:"session_id,scanonly"`
	SessionCode    string `bun:"session_code,scanonly"`
	ItemNumber     string `bun:"item_number,scanonly"`
	ItemTitleEN    string `bun:"item_title_en,scanonly"`
	ItemTitleKO    string `bun:"item_title_ko,scanonly"`
	MinistryCode   string `bun:"ministry_code,scanonly"`
	MinistryNameEN string `bun:"ministry_name_en,scanonly"`
	MinistryNameKO string `bun:"ministry_name_ko,scanonly"`
	RequestedName  string `bun:"requested_name,scanonly"`
	AnsweredName   string `bun:"answered_name,scanonly"`
	// AnswerFiles names the current answer files of a consultation answered by them alone
	// (AnswerFromAttachment), for the places that show its answer; empty otherwise.
	AnswerFiles string `bun:"answer_files,scanonly"`
	// The item's focal point at the Commission, whom a ministry asks about the request
	// (read with one consultation only).
	FocalName  string `bun:"focal_name,scanonly"`
	FocalEmail string `bun:"focal_email,scanonly"`
	FocalPhone string `bun:"focal_phone,scanonly"`
}

// MinistryName returns the ministry's name as it was at the session, in lang.
func (c *Consultation) MinistryName(lang string) string {
	return pick(lang, c.MinistryNameEN, c.MinistryNameKO)
}

// ItemTitle returns the item's title in lang.
func (c *Consultation) ItemTitle(lang string) string { return pick(lang, c.ItemTitleEN, c.ItemTitleKO) }

// DaysLate returns how many days past its due date an overdue consultation is.
func (c *Consultation) DaysLate() int { return -c.DaysLeft }

// Today returns the calendar day that now falls on in loc, at midnight UTC, the way
// dates are stored and compared: an item due "today" in Seoul is due until midnight in
// Seoul, whatever the server's own zone.
func Today(now time.Time, loc *time.Location) time.Time {
	t := now.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// ConsultationRequest is what staff type to ask one or several ministries for their input
// on an agenda item: one consultation is opened for each ministry.
//
// A request the Commission sent by e-mail before it used Plenary is recorded rather than
// sent (AlreadySent): it was asked on AskedOn (today when empty, never later), its due
// date may have passed only when PastDue confirms it, and the ministries are told of it
// only when Notify asks for it, since they have the request already.
type ConsultationRequest struct {
	MinistryIDs []int64 `form:"ministry_ids" validate:"required,min=1,max=20,dive,min=1"`
	Question    string  `form:"question" validate:"required,max=4000" text:"multiline"`
	DueOn       string  `form:"due_on" validate:"required,datetime=2006-01-02"`
	AlreadySent bool    `form:"already_sent"`
	AskedOn     string  `form:"asked_on" validate:"omitempty,datetime=2006-01-02"`
	PastDue     bool    `form:"past_due"`
	Notify      bool    `form:"notify"`
}

// Due returns the due date the request asks for, refusing a day before today.
func (in ConsultationRequest) Due(today time.Time) (time.Time, error) {
	return dueOn(in.DueOn, today)
}

// Dates returns the day the request was asked and the day it is due, as of today: a
// request sent now is asked today and due today or later; one recorded as already sent
// was asked on AskedOn (not after today) and is due on or after it, before today only
// when PastDue confirms it. The errors name the field.
func (in ConsultationRequest) Dates(today time.Time) (asked, due time.Time, err error) {
	if !in.AlreadySent {
		due, err = in.Due(today)
		return today, due, err
	}
	asked = today
	if s := strings.TrimSpace(in.AskedOn); s != "" {
		if asked, err = time.Parse(time.DateOnly, s); err != nil {
			return asked, due, FieldError("asked_on", "error.date")
		}
		if asked.After(today) {
			return asked, due, FieldError("asked_on", "consultations.error_asked_future")
		}
	}
	if due, err = time.Parse(time.DateOnly, strings.TrimSpace(in.DueOn)); err != nil {
		return asked, due, FieldError("due_on", "error.date")
	}
	switch {
	case due.Before(asked):
		return asked, due, FieldError("due_on", "consultations.error_due_before_asked")
	case due.Before(today) && !in.PastDue:
		return asked, due, FieldError("due_on", "consultations.error_due_passed")
	}
	return asked, due, nil
}

// Notifies reports whether the ministries asked are told of the request: always when it
// is sent now, and for one recorded as already sent only when asked to.
func (in ConsultationRequest) Notifies() bool { return !in.AlreadySent || in.Notify }

// AuditAction is the audit's word for opening a consultation of the request: "record"
// for one sent before Plenary, "create" otherwise.
func (in ConsultationRequest) AuditAction() string {
	if in.AlreadySent {
		return "record"
	}
	return "create"
}

// Ministries returns the requested ministries, each once, in the order given.
func (in ConsultationRequest) Ministries() []int64 {
	var ids []int64
	for _, id := range in.MinistryIDs {
		if id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// Asks reports whether the request includes the ministry, to tick its box again.
func (in ConsultationRequest) Asks(ministryID int64) bool {
	return slices.Contains(in.MinistryIDs, ministryID)
}

// ConsultationAnswer is what a ministry's liaison types to answer, or to edit the answer.
// The text may be empty when the ministry answers with its answer file alone.
type ConsultationAnswer struct {
	Answer  string `form:"answer" validate:"max=20000" text:"multiline"` // MaxAnswerLength
	Version int    `form:"version"`
}

// ByAttachment reports whether the answer is the ministry's answer files alone.
func (c *Consultation) ByAttachment() bool { return c.AnswerSource == AnswerFromAttachment }

// ConsultationSendBack is what staff type to send an answer back to the ministry: why,
// and by when a new answer is due.
type ConsultationSendBack struct {
	Comment string `form:"return_comment" validate:"required,max=4000" text:"multiline"`
	DueOn   string `form:"due_on" validate:"required,datetime=2006-01-02"`
	Version int    `form:"version"`
}

// Due returns the new due date, refusing a day before today.
func (in ConsultationSendBack) Due(today time.Time) (time.Time, error) {
	return dueOn(in.DueOn, today)
}

func dueOn(s string, today time.Time) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, FieldError("due_on", "error.date")
	}
	if d.Before(today) {
		return time.Time{}, FieldError("due_on", "consultations.error_due_past")
	}
	return d, nil
}

// ConsultationFilter narrows a list of consultations; zero values do not filter. Status
// may also be "overdue" (open and past due) or "live" (open or answered).
type ConsultationFilter struct {
	SessionID  int64  `query:"session"`
	ItemID     int64  `query:"-"`
	MinistryID int64  `query:"ministry"`
	Status     string `query:"status"`
	Limit      int    `query:"-"` // rows at most, 0 for all
	Offset     int    `query:"-"` // rows skipped, for a page after the first
}

// The pseudo-statuses of a ConsultationFilter: the due buckets of open ones
// (DueBucketOf) and those still live.
const (
	ConsultationsOverdue  = "overdue"
	ConsultationsDueToday = "due_today"
	ConsultationsDueWeek  = "due_week"
	ConsultationsLive     = "live"
)

// ConsultationCounts counts consultations of one ministry or one session by status, for
// the radar: Open includes the Overdue ones.
type ConsultationCounts struct {
	ID       int64  `bun:"id"`
	Code     string `bun:"code"`
	NameEN   string `bun:"name_en"`
	NameKO   string `bun:"name_ko"`
	Open     int    `bun:"open"`
	Overdue  int    `bun:"overdue"`
	DueToday int    `bun:"due_today"`
	DueWeek  int    `bun:"due_week"`
	Answered int    `bun:"answered"`
	Closed   int    `bun:"closed"`
}

// Name returns the name of the ministry or session counted, in lang.
func (c ConsultationCounts) Name(lang string) string { return pick(lang, c.NameEN, c.NameKO) }

// OnTime returns the open consultations that are not overdue.
func (c ConsultationCounts) OnTime() int { return c.Open - c.Overdue }

// Later returns the open consultations due after this week.
func (c ConsultationCounts) Later() int { return c.Open - c.Overdue - c.DueToday - c.DueWeek }

// Total returns the consultations counted, withdrawn ones aside.
func (c ConsultationCounts) Total() int { return c.Open + c.Answered + c.Closed }

// MaxAnswerLength is the most characters an answer may have, typed or uploaded.
const MaxAnswerLength = 20000

// TrackerLine is one row of a returned tracker workbook, as its cells read.
type TrackerLine struct {
	Line    int    // the row's number as a spreadsheet shows it
	ID      string // the consultation's id
	Version string // the consultation's version when the tracker was made
	Answer  string
}

// TrackerVerdict is what an upload does with one row of a tracker.
type TrackerVerdict string

// The verdicts on a row.
const (
	TrackerRecord TrackerVerdict = "record" // the answer will be recorded
	TrackerSkip   TrackerVerdict = "skip"   // no answer was filled in
	TrackerRefuse TrackerVerdict = "refuse" // refused, for the Reason
)

// TrackerRow is one checked row of a returned tracker.
type TrackerRow struct {
	Line    int            `json:"line"`
	ID      int64          `json:"id"`
	Version int            `json:"version"`
	Answer  string         `json:"answer"`
	Verdict TrackerVerdict `json:"-"`
	Reason  string         `json:"-"` // catalogue id of why the row was refused
	// The consultation as it is saved now, when the uploader may see it.
	Consultation *Consultation `json:"-"`
}

// TrackerCheck is a returned tracker checked against what is saved now.
type TrackerCheck struct {
	File    string
	Rows    []TrackerRow // every row with an answer or an id, in the file's order
	Record  int
	Refused int
	Skipped int
}

// Recordable returns the rows whose answers will be recorded.
func (t *TrackerCheck) Recordable() []TrackerRow {
	var rows []TrackerRow
	for _, r := range t.Rows {
		if r.Verdict == TrackerRecord {
			rows = append(rows, r)
		}
	}
	return rows
}
