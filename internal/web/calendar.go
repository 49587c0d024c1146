package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// calendarPage is what the page of a person's calendar feed shows.
type calendarPage struct {
	Since *time.Time // when the current secret was made; nil when there is none
	Link  string     // the new link, only in the answer to the request that made it
}

// showCalendar shows the person's calendar feed: whether they have a link and since when,
// and the button that makes a new one. The link itself cannot be shown again, since only
// a hash of its secret is kept.
func (h *Handler) showCalendar(c *fiber.Ctx) error {
	since, err := h.store.CalendarFeedSince(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	p := h.page(c, "calendar.title")
	p.Data = calendarPage{Since: since}
	return h.render(c, fiber.StatusOK, "pages/calendar", p)
}

// newCalendarFeed makes a new secret link for the person's feed; the old one no longer
// opens anything. The link is shown in the answer to this request and nowhere else: it is
// never stored, not even in the login session, so this form does not redirect.
func (h *Handler) newCalendarFeed(c *fiber.Ctx) error {
	u := currentUser(c)
	secret, err := h.store.NewCalendarFeed(c.UserContext(), actor(c), u.ID)
	if err != nil {
		return err
	}
	since, err := h.store.CalendarFeedSince(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	p := h.page(c, "calendar.title")
	p.Flash = p.L.T("calendar.made")
	p.Data = calendarPage{Since: since, Link: h.feedURL(c, secret)}
	return h.render(c, fiber.StatusOK, "pages/calendar", p)
}
