package store

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// Attendance returns the attendance recorded for the delegation of session ses (as
// Session read it, through the reader's scope) on the session's days, by CellKey.
func (s *Store) Attendance(ctx context.Context, ses *domain.Session) (map[string]domain.Attendance, error) {
	var rows []domain.Attendance
	err := s.db.NewSelect().Model(&rows).
		Join("JOIN delegation_members AS dm ON dm.id = a.member_id").
		Join("JOIN sessions AS s ON s.id = dm.session_id").
		Where("dm.session_id = ?", ses.ID).
		Where("a.day BETWEEN s.starts_on AND s.ends_on").Scan(ctx)
	if err != nil {
		return nil, dbError("attendance", err)
	}
	return byCell(rows), nil
}

// AttendanceOfMember returns the attendance recorded for member m (as Member read it,
// through the reader's scope), by day.
func (s *Store) AttendanceOfMember(ctx context.Context, m *domain.Member) ([]domain.Attendance, error) {
	var rows []domain.Attendance
	if err := s.db.NewSelect().Model(&rows).Where("a.member_id = ?", m.ID).Order("a.day").Scan(ctx); err != nil {
		return nil, dbError("member attendance", err)
	}
	return rows, nil
}

func byCell(rows []domain.Attendance) map[string]domain.Attendance {
	m := make(map[string]domain.Attendance, len(rows))
	for _, r := range rows {
		m[domain.CellKey(r.MemberID, r.Day)] = r
	}
	return m
}

// SaveAttendance records a grid of attendance for the delegation of session ses, whole or
// not at all. It refuses the grid with EINVALID naming every bad cell (by CellKey), and
// with a stale-version ECONFLICT naming every cell someone else recorded since the grid
// was read; either way nothing is written. Only the cells whose status or note changed
// are written, in one audit row. It returns how many cells changed.
func (s *Store) SaveAttendance(ctx context.Context, a domain.Actor, ses *domain.Session, cells []domain.AttendanceCell) (int, error) {
	if bad := domain.CheckCells(cells); len(bad) > 0 {
		return 0, &domain.Error{Code: domain.EINVALID, Message: "attendance.error_cells", Fields: bad}
	}
	type change struct {
		Member int64  `json:"member"`
		Day    string `json:"day"`
		Status string `json:"status"`
		Note   string `json:"note"`
	}
	var before, after []change
	err := s.inTx(ctx, func(tx bun.Tx) error {
		// Locking the members makes grid saves and check-ins of one delegation take turns.
		var ids []int64
		if err := tx.NewSelect().Table("delegation_members").Column("id").Where("session_id = ?", ses.ID).
			Order("id").For("UPDATE").Scan(ctx, &ids); err != nil {
			return err
		}
		members := make(map[int64]bool, len(ids))
		for _, id := range ids {
			members[id] = true
		}
		bad := map[string]string{}
		for _, c := range cells {
			if !members[c.MemberID] || !domain.IsSessionDay(ses, c.Day) {
				bad[c.Key()] = "attendance.error_cell_elsewhere"
			}
		}
		if len(bad) > 0 {
			return &domain.Error{Code: domain.EINVALID, Message: "attendance.error_cells", Fields: bad}
		}
		var rows []domain.Attendance
		if err := tx.NewSelect().Model(&rows).Where("a.member_id IN (?)", bun.List(append(ids, 0))).Scan(ctx); err != nil {
			return err
		}
		saved := byCell(rows)
		stale := map[string]string{}
		for _, c := range cells {
			if saved[c.Key()].Version != c.Version {
				stale[c.Key()] = "attendance.changed_meanwhile"
			}
		}
		if len(stale) > 0 {
			return &domain.Error{Code: domain.ECONFLICT, Message: "error.stale", Fields: stale}
		}
		for _, c := range cells {
			old, had := saved[c.Key()]
			if c.Status == string(old.Status) && c.Note == old.Note {
				continue
			}
			if err := s.writeCell(ctx, tx, a, c, had); err != nil {
				return err
			}
			day := c.Day.Format(time.DateOnly)
			before = append(before, change{c.MemberID, day, string(old.Status), old.Note})
			after = append(after, change{c.MemberID, day, c.Status, c.Note})
		}
		if len(after) == 0 {
			return nil
		}
		return s.audit(ctx, tx, a, "record", "attendance", ses.ID, before, after)
	})
	if err != nil {
		return 0, dbError("save attendance", err)
	}
	return len(after), nil
}

// writeCell records one cell: a new record, a changed one, or none when the status was
// cleared.
func (s *Store) writeCell(ctx context.Context, tx bun.Tx, a domain.Actor, c domain.AttendanceCell, had bool) error {
	var by *int64
	if a.User != nil {
		by = &a.User.ID
	}
	switch {
	case c.Status == "":
		_, err := tx.NewDelete().Model((*domain.Attendance)(nil)).
			Where("member_id = ? AND day = ?", c.MemberID, c.Day).Exec(ctx)
		return err
	case had:
		_, err := tx.NewUpdate().Model((*domain.Attendance)(nil)).
			Set("status = ?, note = ?, recorded_by = ?, recorded_at = ?, version = version + 1", c.Status, c.Note, by, s.now()).
			Where("member_id = ? AND day = ?", c.MemberID, c.Day).Exec(ctx)
		return err
	}
	row := &domain.Attendance{MemberID: c.MemberID, Day: c.Day, Status: domain.AttendanceStatus(c.Status), Note: c.Note, RecordedBy: by, RecordedAt: s.now()}
	_, err := tx.NewInsert().Model(row).ExcludeColumn("version").Exec(ctx)
	return err
}

// CheckIn records that the delegate userID attends today as member id: today is the
// calendar day in the Commission's time zone, and day is the day the delegate's form was
// for. A delegate checks in only themselves (EFORBIDDEN otherwise), only on a day of the
// session, and only for today (EINVALID otherwise).
func (s *Store) CheckIn(ctx context.Context, a domain.Actor, id, userID int64, day, today time.Time, status domain.AttendanceStatus, note string) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		m := new(domain.Member)
		err := tx.NewSelect().Model(m).ColumnExpr("dm.*, p.user_id").Join("JOIN people AS p ON p.id = dm.person_id").
			Where("dm.id = ?", id).For("UPDATE OF dm").Scan(ctx)
		if err != nil {
			return err
		}
		if !m.IsUser(userID) {
			return domain.Errorf(domain.EFORBIDDEN, "checkin.error_not_you")
		}
		ses := new(domain.Session)
		if err := tx.NewSelect().Model(ses).Where("s.id = ?", m.SessionID).Scan(ctx); err != nil {
			return err
		}
		switch {
		case !domain.IsSessionDay(ses, today):
			return domain.FieldError("status", "checkin.error_not_session_day")
		case !day.Equal(today):
			return domain.FieldError("status", "checkin.error_not_today")
		}
		before := new(domain.Attendance)
		err = tx.NewSelect().Model(before).Where("a.member_id = ? AND a.day = ?", id, today).Scan(ctx)
		had := err == nil
		if err != nil && !isNoRows(err) {
			return err
		}
		// A note says something about the status it was written with ("Morning only" of a
		// partial day): the form shows it again, and a new status sent with it unchanged
		// does not inherit it.
		if had && before.Status != status && strings.TrimSpace(note) == before.Note {
			note = ""
		}
		c := domain.AttendanceCell{MemberID: id, Day: today, Status: string(status), Note: note}
		if !domain.AttendanceStatus(c.Status).Valid() {
			return domain.FieldError("status", "attendance.error_status")
		}
		if msg := c.Check(); msg != "" {
			return domain.FieldError("note", msg)
		}
		if err := s.writeCell(ctx, tx, a, c, had); err != nil {
			return err
		}
		var old any
		if had {
			old = before
		}
		return s.audit(ctx, tx, a, "check_in", "attendance", id, old, &domain.Attendance{
			MemberID: id, Day: today, Status: status, Note: note, RecordedBy: &userID})
	})
	return dbError("check in", err)
}
