package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
)

// weekdays are the catalogue ids of the short names of the days of the week.
var weekdays = map[time.Weekday]string{
	time.Monday: "attendance.wd_mon", time.Tuesday: "attendance.wd_tue", time.Wednesday: "attendance.wd_wed",
	time.Thursday: "attendance.wd_thu", time.Friday: "attendance.wd_fri", time.Saturday: "attendance.wd_sat",
	time.Sunday: "attendance.wd_sun",
}

type gridDay struct {
	Date    time.Time
	Label   string // "04-07"
	Weekday string // catalogue id
	Weekend bool
}

type gridCell struct {
	Key     string
	Status  string
	Note    string
	Version int
	Error   string             // what is wrong with the typed cell, in the person's language
	Current *domain.Attendance // on a conflict: what someone else saved meanwhile
	Stale   bool
	Away    bool // outside the member's stay
}

// Outside reports whether the cell records the member at the session on a day outside
// their stay: a mistake in the attendance or in the member's dates.
func (c gridCell) Outside() bool { return c.Away && domain.AttendanceStatus(c.Status).Attended() }

// Known reports whether the cell's status is one the grid offers (or none), so that a
// typed status it does not know is still shown, as typed, next to its error.
func (c gridCell) Known() bool { return c.Status == "" || domain.AttendanceStatus(c.Status).Valid() }

type gridRow struct {
	Member domain.Member
	Cells  []gridCell
}

type gridPage struct {
	Session  *domain.Session
	Days     []gridDay
	Rows     []gridRow
	Statuses []domain.AttendanceStatus
	// OutsideStay are the members recorded as attending on days outside their stay, as
	// saved.
	OutsideStay []domain.StayWarning
}

// gridFor lays out the attendance grid of a session: one row per member, one cell per
// day, filled from the saved records, or from typed cells where given.
func gridFor(ses *domain.Session, ms []domain.Member, saved map[string]domain.Attendance, typed map[string]domain.AttendanceCell) gridPage {
	g := gridPage{Session: ses, Statuses: domain.AttendanceStatuses}
	days := domain.SessionDays(ses)
	for _, d := range days {
		g.Days = append(g.Days, gridDay{Date: d, Label: d.Format("01-02"), Weekday: weekdays[d.Weekday()],
			Weekend: d.Weekday() == time.Saturday || d.Weekday() == time.Sunday})
	}
	for _, m := range ms {
		row := gridRow{Member: m}
		for _, d := range days {
			key := domain.CellKey(m.ID, d)
			a := saved[key]
			cell := gridCell{Key: key, Status: string(a.Status), Note: a.Note, Version: a.Version, Away: m.AwayOn(d)}
			if t, ok := typed[key]; ok {
				cell.Status, cell.Note = t.Status, t.Note
			}
			row.Cells = append(row.Cells, cell)
		}
		g.Rows = append(g.Rows, row)
	}
	g.OutsideStay = domain.OutsideStay(ses, ms, saved)
	return g
}

// showAttendance is the attendance grid of a session: the session's days across, the
// members down, a status and a note in each cell.
func (h *Handler) showAttendance(c *fiber.Ctx) error {
	ses, ms, err := h.gridSession(c)
	if err != nil {
		return err
	}
	saved, err := h.store.Attendance(c.UserContext(), ses)
	if err != nil {
		return err
	}
	p := h.page(c, "attendance.title")
	p.Title = ses.Code + " · " + p.L.T("attendance.title")
	p.Data = gridFor(ses, ms, saved, nil)
	return h.render(c, fiber.StatusOK, "pages/attendance", p)
}

func (h *Handler) gridSession(c *fiber.Ctx) (*domain.Session, []domain.Member, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, nil, err
	}
	ses, err := h.store.Session(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return nil, nil, err
	}
	ms, err := h.store.Members(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return nil, nil, err
	}
	return ses, ms, nil
}

// saveAttendance saves the whole grid or nothing. A bad cell shows the grid again, with
// 422, every typed value and each bad cell marked; cells someone else saved meanwhile are
// shown with what they saved, with 409, and saving again overwrites them.
func (h *Handler) saveAttendance(c *fiber.Ctx) error {
	ses, ms, err := h.gridSession(c)
	if err != nil {
		return err
	}
	cells := postedCells(c, ses, ms)
	n, err := h.store.SaveAttendance(c.UserContext(), actor(c), ses, cells)
	if err == nil {
		back := "/sessions/" + strconv.FormatInt(ses.ID, 10) + "/attendance"
		if n == 0 {
			return h.redirect(c, back, "attendance.unchanged")
		}
		return h.redirect(c, back, "attendance.saved", "Count", n)
	}
	saved, serr := h.store.Attendance(c.UserContext(), ses)
	if serr != nil {
		return serr
	}
	typed := make(map[string]domain.AttendanceCell, len(cells))
	for _, cell := range cells {
		typed[cell.Key()] = cell
	}
	p := h.page(c, "attendance.title")
	p.Title = ses.Code + " · " + p.L.T("attendance.title")
	g := gridFor(ses, ms, saved, typed)
	stale := isStale(err)
	markCells(&g, p.L, domain.ErrorFields(err), stale, saved, typed)
	p.Data = g
	if stale {
		// The changed cells are marked in the grid; the message says so once.
		err = domain.Errorf(domain.ECONFLICT, "attendance.changed_cells")
	}
	return h.formFailed(c, p, "pages/attendance", err)
}

// markCells puts each cell's error next to it. On a conflict, a changed cell shows what
// was saved meanwhile, and every cell carries the saved version, so that saving again is
// a deliberate overwrite; otherwise cells keep the version the form was read with.
func markCells(g *gridPage, l *i18n.Localizer, fields map[string]string, stale bool, saved map[string]domain.Attendance, typed map[string]domain.AttendanceCell) {
	for r := range g.Rows {
		for i := range g.Rows[r].Cells {
			cell := &g.Rows[r].Cells[i]
			msg, bad := fields[cell.Key]
			if stale {
				if bad {
					cur := saved[cell.Key]
					cell.Current, cell.Stale = &cur, true
				}
				continue
			}
			if t, ok := typed[cell.Key]; ok {
				cell.Version = t.Version
			}
			if bad {
				cell.Error = l.Message(msg)
			}
		}
	}
}

// postedCells reads the grid's cells from the form: for every member and day of the
// session, the status s_KEY, the note n_KEY and the version v_KEY the page was read with.
// A cell missing from the form (a member added since the page was read) is left as it is.
func postedCells(c *fiber.Ctx, ses *domain.Session, ms []domain.Member) []domain.AttendanceCell {
	args := c.Request().PostArgs()
	var cells []domain.AttendanceCell
	for _, m := range ms {
		for _, d := range domain.SessionDays(ses) {
			key := domain.CellKey(m.ID, d)
			if !args.Has("s_" + key) {
				continue
			}
			version, err := strconv.Atoi(string(args.Peek("v_" + key)))
			if err != nil {
				version = -1 // never a saved version: the cell is refused as stale
			}
			cells = append(cells, domain.AttendanceCell{MemberID: m.ID, Day: d,
				Status: strings.TrimSpace(string(args.Peek("s_" + key))), Note: strings.TrimSpace(string(args.Peek("n_" + key))),
				Version: version})
		}
	}
	return cells
}
