package domain

import (
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// AttendanceStatus says whether a member attended a day of the session.
type AttendanceStatus string

// The attendance statuses.
const (
	AttendancePresent AttendanceStatus = "present"
	AttendancePartial AttendanceStatus = "partial"
	AttendanceAbsent  AttendanceStatus = "absent"
)

// AttendanceStatuses lists the statuses in the order the grid offers them.
var AttendanceStatuses = []AttendanceStatus{AttendancePresent, AttendancePartial, AttendanceAbsent}

// CheckInStatuses are the statuses a delegate may record for themselves: there for all
// or part of the day, or absent today.
var CheckInStatuses = []AttendanceStatus{AttendancePresent, AttendancePartial, AttendanceAbsent}

// Label returns the catalogue id of the status's name.
func (s AttendanceStatus) Label() string { return AttendanceStatusEnum.Label(string(s)) }

// Valid reports whether s is one of the statuses.
func (s AttendanceStatus) Valid() bool { return AttendanceStatusEnum.Has(string(s)) }

// MaxNote is the longest note of one day's attendance.
const MaxNote = 500

// Attendance is one member's attendance on one day of the session.
type Attendance struct {
	bun.BaseModel `bun:"table:attendance,alias:a"`

	MemberID   int64            `bun:"member_id,pk"`
	Day        time.Time        `bun:"day,pk,type:date"`
	Status     AttendanceStatus `bun:"status"`
	Note       string           `bun:"note"`
	RecordedBy *int64           `bun:"recorded_by"`
	RecordedAt time.Time        `bun:"recorded_at,nullzero,default:now()"`
	Version    int              `bun:"version,default:1"`
}

// AttendanceCell is one cell of the attendance grid as posted: a member, a day, the status
// chosen ("" for none recorded), the note, and the version of the record the form was
// read from (0 when there was none).
type AttendanceCell struct {
	MemberID int64
	Day      time.Time
	Status   string
	Note     string
	Version  int
}

// CellKey names the cell of member on day in the grid's form and in the field errors of
// a grid save: "12_20270407".
func CellKey(memberID int64, day time.Time) string {
	return fmt.Sprintf("%d_%s", memberID, day.Format("20060102"))
}

// Key returns the cell's CellKey.
func (c AttendanceCell) Key() string { return CellKey(c.MemberID, c.Day) }

// Check returns the catalogue id of what is wrong with the cell, or "" when it is fine.
func (c AttendanceCell) Check() string {
	switch {
	case c.Status != "" && !AttendanceStatus(c.Status).Valid():
		return "attendance.error_status"
	case !ValidText(c.Note, false):
		return "attendance.error_note_text"
	case len([]rune(c.Note)) > MaxNote:
		return "attendance.error_note_long"
	case c.Status == "" && c.Note != "":
		return "attendance.error_note_without_status"
	}
	return ""
}

// CheckCells checks every cell of a grid, so that a save can be refused whole with every
// bad cell named: the result maps CellKey to a catalogue id, and is empty when all cells
// are fine.
func CheckCells(cells []AttendanceCell) map[string]string {
	bad := map[string]string{}
	for _, c := range cells {
		if msg := c.Check(); msg != "" {
			bad[c.Key()] = msg
		}
	}
	return bad
}

// Figure is one value of a delegation figure with its count: a role, an organisation or
// an accreditation state. Label is the catalogue id of a role's or state's name, and ""
// for an organisation, whose name is its value.
type Figure struct {
	Value string
	Label string
	Count int
}

// AttendanceRate counts a member's or a day's attendance as recorded. Rate is the
// percentage of recorded member-days attended, a partial day counting as half; it is nil
// when nothing is recorded.
type AttendanceRate struct {
	Present  int  `bun:"present"`
	Partial  int  `bun:"partial"`
	Absent   int  `bun:"absent"`
	Recorded int  `bun:"recorded"`
	Rate     *int `bun:"rate"`
}

// MemberAttendance is the attendance of one member over the session.
type MemberAttendance struct {
	AttendanceRate
	MemberID int64      `bun:"member_id"`
	NameEN   string     `bun:"name_en"`
	NameKO   string     `bun:"name_ko"`
	Role     MemberRole `bun:"role"`
}

// Name returns the member's name in lang.
func (m *MemberAttendance) Name(lang string) string { return pick(lang, m.NameEN, m.NameKO) }

// DayAttendance is the attendance of the delegation on one day.
type DayAttendance struct {
	AttendanceRate
	Day time.Time `bun:"day,type:date"`
}

// DelegationFigures are the numbers of a session's delegation: its size by role and by
// organisation, its accreditations, and its attendance per member and per day.
type DelegationFigures struct {
	Total           int
	ByRole          []Figure
	ByOrganisation  []Figure
	ByAccreditation []Figure
	Members         []MemberAttendance
	Days            []DayAttendance
	Overall         AttendanceRate
}

// Count returns the count of value in figures, 0 when it is absent.
func Count(figures []Figure, value string) int {
	for _, f := range figures {
		if f.Value == value {
			return f.Count
		}
	}
	return 0
}
