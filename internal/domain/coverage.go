package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CoverageMatrix is the delegation page's coverage matrix as posted: the agenda items it
// showed and, for each member it showed, the version of the member the page was read
// with and the items ticked for them. Items it did not show (added since) keep their
// coverage.
type CoverageMatrix struct {
	Shown   []int64
	Members []MemberCoverage
}

// MemberCoverage is one member's column of the coverage matrix.
type MemberCoverage struct {
	MemberID int64
	Version  int
	Items    []int64
}

// The largest coverage matrix a save takes: more items than the largest agenda the
// scale seed makes, and far more members than a delegation has. The members bound what
// a save costs (a few queries each); the items cost one query whatever their number.
const (
	MaxCoverageItems   = 5000
	MaxCoverageMembers = 500
)

// Cover names the tick of member on item in the matrix's form: "12:345".
func Cover(memberID, itemID int64) string {
	return strconv.FormatInt(memberID, 10) + ":" + strconv.FormatInt(itemID, 10)
}

// ParseCoverageMatrix reads the matrix's form: shown, the ids of the items shown;
// members, each "id:version" of a member shown; ticks, each a Cover of a tick. It refuses
// with EINVALID a value that is not a number, a tick of a member or item the matrix
// did not show, and more values than a matrix of MaxCoverageItems items and
// MaxCoverageMembers members holds.
func ParseCoverageMatrix(shown, members, ticks []string) (CoverageMatrix, error) {
	bad := FieldError("cover", "coverage.error_value")
	var m CoverageMatrix
	// A page shows each item and member once and each box once: a form with more
	// values than a matrix of its size can hold is not one a page sent, and is refused
	// before any of it is read, so that its cost is bounded whatever it holds.
	if len(shown) > MaxCoverageItems || len(members) > MaxCoverageMembers || len(ticks) > len(shown)*len(members) {
		return m, FieldError("cover", "coverage.error_too_many")
	}
	items := map[int64]bool{}
	for _, s := range shown {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return m, bad
		}
		if !items[id] {
			items[id] = true
			m.Shown = append(m.Shown, id)
		}
	}
	at := map[int64]int{}
	for _, s := range members {
		a, b, ok := strings.Cut(s, ":")
		id, err1 := strconv.ParseInt(a, 10, 64)
		v, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || id <= 0 || v <= 0 {
			return m, bad
		}
		if _, dup := at[id]; !dup {
			at[id] = len(m.Members)
			m.Members = append(m.Members, MemberCoverage{MemberID: id, Version: v, Items: []int64{}})
		}
	}
	ticked := map[string]bool{}
	for _, s := range ticks {
		a, b, ok := strings.Cut(s, ":")
		member, err1 := strconv.ParseInt(a, 10, 64)
		item, err2 := strconv.ParseInt(b, 10, 64)
		i, known := at[member]
		if !ok || err1 != nil || err2 != nil || !known || !items[item] {
			return m, bad
		}
		if !ticked[Cover(member, item)] {
			ticked[Cover(member, item)] = true
			m.Members[i].Items = append(m.Members[i].Items, item)
		}
	}
	return m, nil
}

// MembersChangedError refuses a coverage matrix because the coverage of some members
// changed since the page was read, or they left the delegation: IDs names them. Nothing
// was changed. It is an ECONFLICT "error.stale" to whoever asks for its code.
type MembersChangedError struct {
	IDs []int64
}

func (e *MembersChangedError) Error() string {
	return fmt.Sprintf("conflict: members changed meanwhile: %v", e.IDs)
}

// Unwrap makes the error an ECONFLICT "error.stale" to ErrorCode and ErrorMessage.
func (e *MembersChangedError) Unwrap() error { return Errorf(ECONFLICT, "error.stale") }

// AwayOn reports whether day falls outside the member's stay: before their arrival or
// after their departure. A date not yet known bounds nothing.
func (m *Member) AwayOn(day time.Time) bool {
	return (m.ArrivesOn != nil && day.Before(*m.ArrivesOn)) || (m.DepartsOn != nil && day.After(*m.DepartsOn))
}

// Attended reports whether the status records the member at the session that day, for
// all or part of it.
func (s AttendanceStatus) Attended() bool { return s == AttendancePresent || s == AttendancePartial }

// StayWarning is a member recorded at the session on days outside their stay: the
// arrival or departure on their record is wrong, or the attendance is.
type StayWarning struct {
	Member Member
	Days   []time.Time
}

// OutsideStay returns the members of ms recorded as attending (present or partial) on a
// day outside their stay, in the order of ms, with those days in order. saved holds the
// attendance by CellKey.
func OutsideStay(s *Session, ms []Member, saved map[string]Attendance) []StayWarning {
	var ws []StayWarning
	days := SessionDays(s)
	for _, m := range ms {
		w := StayWarning{Member: m}
		for _, d := range days {
			if m.AwayOn(d) && saved[CellKey(m.ID, d)].Status.Attended() {
				w.Days = append(w.Days, d)
			}
		}
		if len(w.Days) > 0 {
			ws = append(ws, w)
		}
	}
	return ws
}
