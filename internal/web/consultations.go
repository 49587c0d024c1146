package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// consultationFilters are the statuses the lists of consultations filter by, with the
// catalogue ids of their names.
var consultationFilters = []struct{ Value, Label string }{
	{domain.ConsultationsLive, "consultations.filter_live"},
	{domain.ConsultationsOverdue, "consultations.status_overdue"},
	{domain.ConsultationsDueToday, "consultations.due_today"},
	{domain.ConsultationsDueWeek, "consultations.due_week"},
	{string(domain.ConsultationOpen), "consultations.status_open"},
	{string(domain.ConsultationAnswered), "consultations.status_answered"},
	{string(domain.ConsultationClosed), "consultations.status_closed"},
	{string(domain.ConsultationWithdrawn), "consultations.status_withdrawn"},
	{"", "consultations.filter_all"},
}

type consultationsPage struct {
	Rows       []domain.Consultation // one page of them
	Pager      *pager
	Filter     domain.ConsultationFilter
	Filters    []struct{ Value, Label string }
	Ministries []domain.Ministry           // staff: to filter by and to download a tracker for
	Sessions   []domain.ConsultationCounts // staff: every session with consultations
	IsStaff    bool
	CanUpload  bool
}

// showConsultations lists the consultations the person may see, what needs doing first,
// a page at a time: for a liaison, their ministry's requests soonest due first; for
// staff, every ministry's, with the sessions' counts and the trackers to download.
func (h *Handler) showConsultations(c *fiber.Ctx) error {
	u := currentUser(c)
	f := domain.ConsultationFilter{Status: domain.ConsultationsLive}
	if err := h.parseQuery(c, &f); err != nil {
		return err
	}
	if !slices.ContainsFunc(consultationFilters, func(x struct{ Value, Label string }) bool { return x.Value == f.Status }) {
		f.Status = domain.ConsultationsLive
	}
	sc := policy.ScopeOf(u)
	ctx := c.UserContext()
	d := consultationsPage{Filter: f, Filters: consultationFilters, IsStaff: sc.All,
		CanUpload: policy.Can(u, policy.UploadTracker), Pager: newPager(c, listPageSize)}
	f.Limit, f.Offset = d.Pager.Size, d.Pager.Offset()
	var err error
	if d.Rows, d.Pager.Total, err = h.store.ConsultationPage(ctx, sc, h.cfg.Zone, f); err != nil {
		return err
	}
	if d.IsStaff {
		if d.Ministries, err = h.store.Ministries(ctx); err != nil {
			return err
		}
		if d.Sessions, err = h.store.ConsultationsBySession(ctx, sc, h.cfg.Zone, false); err != nil {
			return err
		}
	}
	p := h.page(c, "consultations.title")
	p.Data = d
	return h.render(c, fiber.StatusOK, "pages/consultations", p)
}

type sessionConsultationsPage struct {
	Session *domain.Session
	Radar   []domain.ConsultationCounts
	Totals  domain.ConsultationCounts
	Chart   radarChart
	Rows    []domain.Consultation
	Close   *consultationClose // staff: the bulk close of answered ones
}

// showSessionConsultations is a session's radar: open, overdue, due today and this week,
// answered and closed consultations per ministry, as a table and as a chart, above the
// list of them. A liaison sees their own ministry's only; staff may tick answered ones
// and close them in one step (?tick=answered ticks them all).
func (h *Handler) showSessionConsultations(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	p, d, err := h.sessionConsultationsPage(c, id)
	if err != nil {
		return err
	}
	var q struct {
		Tick string `query:"tick"` // "answered" ticks every answered one
	}
	if err := h.parseQuery(c, &q); err != nil {
		return err
	}
	if d.Close != nil {
		d.Close.All = q.Tick == string(domain.ConsultationAnswered)
	}
	return h.render(c, fiber.StatusOK, "pages/session_consultations", p)
}

// sessionConsultationsPage builds the radar of session id as the person may see it.
func (h *Handler) sessionConsultationsPage(c *fiber.Ctx, id int64) (*Page, *sessionConsultationsPage, error) {
	u := currentUser(c)
	sc := policy.ScopeOf(u)
	ctx := c.UserContext()
	ses, err := h.store.Session(ctx, sc, id)
	if err != nil {
		return nil, nil, err
	}
	radar, err := h.store.ConsultationRadar(ctx, sc, h.cfg.Zone, id)
	if err != nil {
		return nil, nil, err
	}
	rows, err := h.store.Consultations(ctx, sc, h.cfg.Zone, domain.ConsultationFilter{SessionID: id})
	if err != nil {
		return nil, nil, err
	}
	p := h.page(c, "consultations.session_title")
	p.Title = ses.Code + " · " + p.L.T("consultations.session_title")
	d := &sessionConsultationsPage{Session: ses, Radar: radar, Rows: rows}
	for _, r := range radar {
		d.Totals.Open += r.Open
		d.Totals.Overdue += r.Overdue
		d.Totals.DueToday += r.DueToday
		d.Totals.DueWeek += r.DueWeek
		d.Totals.Answered += r.Answered
		d.Totals.Closed += r.Closed
	}
	if policy.Can(u, policy.ManageConsultations) {
		d.Close = &consultationClose{Ticked: map[int64]bool{}, Answered: d.Totals.Answered}
	}
	d.Chart = newRadarChart(p.L.T, radar)
	p.Data = d
	return p, d, nil
}

// consultationsDashboard is the dashboard's block of consultations: for staff, the
// overdue ones across sessions and the counts of the sessions under way; for a liaison,
// their ministry's open requests, soonest due first.
type consultationsDashboard struct {
	Staff    bool
	Overdue  []domain.Consultation
	Sessions []domain.ConsultationCounts
	Open     []domain.Consultation
	// Falling due: the open requests of the sessions under way by how soon they are due
	// (domain.DueBucketOf), and for staff those due today and this week, soonest first.
	Counts domain.ConsultationCounts
	Due    []domain.Consultation
}

// dashboardRows is how many consultations a block of the dashboard lists.
const dashboardRows = 10

func (h *Handler) consultationsDashboard(c *fiber.Ctx) (*consultationsDashboard, error) {
	u := currentUser(c)
	if !policy.Can(u, policy.ViewConsultations) {
		return nil, nil
	}
	sc := policy.ScopeOf(u)
	ctx := c.UserContext()
	d := &consultationsDashboard{Staff: sc.All}
	var err error
	if d.Sessions, err = h.store.ConsultationsBySession(ctx, sc, h.cfg.Zone, true); err != nil {
		return nil, err
	}
	for _, r := range d.Sessions {
		d.Counts.Overdue += r.Overdue
		d.Counts.DueToday += r.DueToday
		d.Counts.DueWeek += r.DueWeek
	}
	if d.Staff {
		f := domain.ConsultationFilter{Status: domain.ConsultationsOverdue, Limit: dashboardRows}
		if d.Overdue, err = h.store.Consultations(ctx, sc, h.cfg.Zone, f); err != nil {
			return nil, err
		}
		for _, status := range []string{domain.ConsultationsDueToday, domain.ConsultationsDueWeek} {
			f := domain.ConsultationFilter{Status: status, Limit: dashboardRows - len(d.Due)}
			if f.Limit <= 0 {
				break
			}
			due, err := h.store.Consultations(ctx, sc, h.cfg.Zone, f)
			if err != nil {
				return nil, err
			}
			d.Due = append(d.Due, due...)
		}
		return d, nil
	}
	f := domain.ConsultationFilter{Status: string(domain.ConsultationOpen), Limit: dashboardRows}
	d.Open, err = h.store.Consultations(ctx, sc, h.cfg.Zone, f)
	return d, err
}
