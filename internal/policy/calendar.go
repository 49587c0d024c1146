package policy

import "github.com/kncu/plenary/internal/domain"

// Calendar feeds.
const (
	// KeepCalendarFeed is a person's own calendar feed: its page and a new secret link.
	KeepCalendarFeed Action = "keep_calendar_feed"
)

func init() { rules[KeepCalendarFeed] = domain.Roles }

// CalendarOf returns the dates that concern u, in the feed of their calendar and on their
// dashboard alike: the days of the sessions u may see; the brief deadlines of those
// sessions for those who work on drafts (a delegate reads final briefs only, so no
// deadline is theirs); and the due dates of the consultations u may see, which for the
// Commission's staff, who see them all, are those on the items they are the focal point
// of. A liaison's are their ministry's; a delegate has none.
func CalendarOf(u *domain.User) domain.CalendarScope {
	sc := ScopeOf(u)
	cs := domain.CalendarScope{Scope: sc, BriefDeadlines: Can(u, ViewBriefHistory)}
	if sc.All {
		cs.FocalPointID = u.ID
	}
	return cs
}
