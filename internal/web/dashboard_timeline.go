package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// timelineDays is how far ahead the dashboard's timeline looks, today included.
const timelineDays = 14

// timelineDay is one day of the dashboard's timeline with what falls on it.
type timelineDay struct {
	Day     time.Time
	Offset  int // days from today: 0 today, 1 tomorrow
	Entries []timelineEntry
}

// timelineEntry is one date on the timeline, named as the calendar feed names it.
type timelineEntry struct {
	Kind    domain.DateKind
	Summary string
	Path    string
	Last    time.Time // the last day of a session meeting on several days
	Spans   bool
}

// dashboardTimeline is the dashboard's short timeline: the dates of the next 14 days that
// concern the person, from the same definition as their calendar feed, by day. A session
// already meeting is shown today.
func (h *Handler) dashboardTimeline(c *fiber.Ctx, u *domain.User) ([]timelineDay, error) {
	today := h.today()
	dates, err := h.store.CalendarDates(c.UserContext(), policy.CalendarOf(u), today, today.AddDate(0, 0, timelineDays-1))
	if err != nil {
		return nil, err
	}
	l := h.localizer(c)
	var days []timelineDay
	for _, d := range dates {
		day := d.First
		if day.Before(today) {
			day = today
		}
		if n := len(days); n == 0 || !days[n-1].Day.Equal(day) {
			days = append(days, timelineDay{Day: day, Offset: int(day.Sub(today).Hours() / 24)})
		}
		e := timelineEntry{Kind: d.Kind, Summary: dateSummary(l, d), Path: d.Path(), Last: d.Last, Spans: d.Last.After(day)}
		days[len(days)-1].Entries = append(days[len(days)-1].Entries, e)
	}
	return days, nil
}
