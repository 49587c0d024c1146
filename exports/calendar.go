package exports

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// Calendar is one person's calendar feed (RFC 5545): an all-day event for each date that
// concerns them, named in their language, with a link to its page in Plenary and no
// position text. golang-ical writes it: it escapes text and folds lines at 75 octets
// without cutting a Korean character in two.
type Calendar struct {
	L       *i18n.Localizer
	Owner   string         // the person's name, in the calendar's name
	BaseURL string         // the address links start with, without a trailing slash
	Zone    *time.Location // the Commission's time zone, in which the dates are days
	Stamp   time.Time      // when the feed is read
}

// refresh is how often calendar programs are asked to read the feed again.
const refresh = "PT1H"

// WriteTo writes the feed of dates to w.
func (c *Calendar) WriteTo(w io.Writer, dates []domain.CalendarDate) error {
	cal := ics.NewCalendarFor("Plenary")
	cal.SetProductId("-//Plenary//Calendar feed//" + strings.ToUpper(c.L.Lang()))
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(oneLine(c.L.T("calendar.feed_name", "Name", c.Owner)))
	cal.SetXWRTimezone(c.Zone.String())
	cal.SetRefreshInterval(refresh)
	cal.SetXPublishedTTL(refresh)
	for _, d := range dates {
		e := cal.AddEvent(d.UID())
		e.SetDtStampTime(c.Stamp)
		e.SetAllDayStartAt(d.First)
		// The end of an all-day event is the day after its last.
		e.SetAllDayEndAt(d.Last.AddDate(0, 0, 1))
		e.SetSummary(oneLine(c.Summary(d)))
		link := c.BaseURL + d.Path()
		e.SetURL(link)
		e.SetDescription(c.description(d, link))
		if d.Kind == domain.DateSession {
			if v := oneLine(d.Venue); v != "" {
				e.SetLocation(v)
			}
		} else {
			// A deadline does not make the person busy all day.
			e.SetTimeTransparency(ics.TransparencyTransparent)
		}
	}
	// RFC 5545 ends lines with CRLF; golang-ical's default is the system's line ending.
	if err := cal.SerializeTo(w, ics.WithNewLineWindows); err != nil {
		return fmt.Errorf("exports: calendar: %w", err)
	}
	return nil
}

// Summary is the title of the date, in the calendar and on the dashboard alike.
func (c *Calendar) Summary(d domain.CalendarDate) string { return DateSummary(c.L, d) }

// DateSummary is the title of a date in l's language.
func DateSummary(l *i18n.Localizer, d domain.CalendarDate) string {
	switch d.Kind {
	case domain.DateBriefDeadline:
		return l.T("calendar.event_brief_deadline", "Code", d.SessionCode)
	case domain.DateConsultationDue:
		return l.T("calendar.event_consultation_due", "Code", d.SessionCode, "Item", d.ItemNumber,
			"Ministry", d.MinistryName(l.Lang()))
	}
	return l.T("calendar.event_session", "Code", d.SessionCode, "Title", l.Marked(d.SessionTitleEN, d.SessionTitleKO))
}

// description says more than the summary: the item's title for a consultation, the
// session's title otherwise, and the link to the page.
func (c *Calendar) description(d domain.CalendarDate, link string) string {
	what := c.L.Marked(d.SessionTitleEN, d.SessionTitleKO)
	if d.Kind == domain.DateConsultationDue {
		what = d.ItemTitle(c.L.Lang())
	}
	open := c.L.T("calendar.event_link", "URL", link)
	if what = oneLine(what); what == "" {
		return open
	}
	return what + "\n" + open
}

// oneLine joins the lines of s with spaces: a title typed on several lines is still one
// line of a summary.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
