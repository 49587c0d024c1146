package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

type checkInPage struct {
	Session  *domain.Session
	Member   *domain.Member
	Today    time.Time
	Open     bool               // today is a day of the session
	Away     bool               // today is outside the member's stay on record
	Saved    *domain.Attendance // what is recorded for today, if anything
	Statuses []domain.AttendanceStatus
}

type checkInForm struct {
	Day    string `form:"day"`
	Status string `form:"status"`
	Note   string `form:"note" label:"attendance.note"`
}

// ownMember returns the member of the :id route, provided they are the delegate logged
// in: 404 for a member they may not see, 403 for a colleague on their delegation.
func (h *Handler) ownMember(c *fiber.Ctx) (*domain.Member, *domain.Session, error) {
	u := currentUser(c)
	id, err := paramID(c)
	if err != nil {
		return nil, nil, err
	}
	m, err := h.store.Member(c.UserContext(), policy.ScopeOf(u), id)
	if err != nil {
		return nil, nil, err
	}
	if !m.IsUser(u.ID) {
		return nil, nil, domain.Errorf(domain.EFORBIDDEN, "checkin.error_not_you")
	}
	ses, err := h.store.Session(c.UserContext(), policy.ScopeOf(u), m.SessionID)
	if err != nil {
		return nil, nil, err
	}
	return m, ses, nil
}

func (h *Handler) checkInPageData(c *fiber.Ctx, m *domain.Member, ses *domain.Session) (*Page, error) {
	d := checkInPage{Session: ses, Member: m, Today: h.today(), Statuses: domain.CheckInStatuses}
	d.Open = domain.IsSessionDay(ses, d.Today)
	d.Away = m.AwayOn(d.Today)
	rows, err := h.store.AttendanceOfMember(c.UserContext(), m)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if rows[i].Day.Equal(d.Today) {
			d.Saved = &rows[i]
		}
	}
	p := h.page(c, "checkin.title")
	p.Title = p.L.T("checkin.title") + " · " + ses.Code
	p.Data = d
	return p, nil
}

// showCheckIn is a delegate's own check-in for today.
func (h *Handler) showCheckIn(c *fiber.Ctx) error {
	m, ses, err := h.ownMember(c)
	if err != nil {
		return err
	}
	p, err := h.checkInPageData(c, m, ses)
	if err != nil {
		return err
	}
	f := checkInForm{Day: p.Data.(checkInPage).Today.Format(time.DateOnly), Status: string(domain.AttendancePresent)}
	if saved := p.Data.(checkInPage).Saved; saved != nil {
		f.Status, f.Note = string(saved.Status), saved.Note
	}
	p.Form = f
	return h.render(c, fiber.StatusOK, "pages/checkin", p)
}

// checkIn records the delegate's attendance today. The form names the day it was shown
// for: a page left open past midnight is refused rather than recorded for the wrong day.
func (h *Handler) checkIn(c *fiber.Ctx) error {
	m, ses, err := h.ownMember(c)
	if err != nil {
		return err
	}
	var f checkInForm
	err = h.parseForm(c, &f)
	f.Note = strings.TrimSpace(f.Note)
	status := domain.AttendanceStatus(f.Status)
	if err == nil && !slices.Contains(domain.CheckInStatuses, status) {
		err = domain.FieldError("status", "checkin.error_status")
	}
	day, perr := time.Parse(time.DateOnly, f.Day)
	if perr != nil {
		day = time.Time{}
	}
	if err == nil {
		u := currentUser(c)
		err = h.store.CheckIn(c.UserContext(), actor(c), m.ID, u.ID, day, h.today(), status, f.Note)
	}
	if err != nil {
		p, perr := h.checkInPageData(c, m, ses)
		if perr != nil {
			return perr
		}
		p.Form = f
		return h.formFailed(c, p, "pages/checkin", err)
	}
	return h.redirect(c, "/members/"+strconv.FormatInt(m.ID, 10)+"/checkin", "checkin.saved")
}
