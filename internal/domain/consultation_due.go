package domain

import (
	"math"
	"time"
)

// DueBucket says how soon an open consultation is due, as of one day: the radar, the
// lists and the dashboards group what needs chasing by it.
type DueBucket string

// The buckets, most urgent first. Only an open consultation is in one: an answered,
// closed or withdrawn one owes the Commission nothing.
const (
	DueNone     DueBucket = ""        // not open
	DueOverdue  DueBucket = "overdue" // due before today
	DueToday    DueBucket = "today"   // due today
	DueThisWeek DueBucket = "week"    // due in the DueWeekDays days after today
	DueLater    DueBucket = "later"   // due after that
)

// DueWeekDays is how many days after today "due this week" reaches. It is a rolling
// week, the next seven days, rather than the calendar week: on a Friday a calendar week
// has two days left and a request due on Monday would show nowhere, while what staff
// chase is what falls due before they look again a week later; it also needs no choice
// of the week's first day, which differs between Korea's calendars and ISO's.
const DueWeekDays = 7

// DueWeekEnd returns the last day that is "due this week" as of today.
func DueWeekEnd(today time.Time) time.Time { return today.AddDate(0, 0, DueWeekDays) }

// DueBucketOf returns the bucket of a consultation in status due daysLeft days after
// today (negative once past). It is the one definition of the buckets; the store's SQL
// counts with the same bounds (DueWeekEnd).
func DueBucketOf(status ConsultationStatus, daysLeft int) DueBucket {
	if status != ConsultationOpen {
		return DueNone
	}
	return DueBucketIn(daysLeft)
}

// DueBucketIn returns the bucket of something still owed (an open request, a verdict
// awaited) due daysLeft days after today.
func DueBucketIn(daysLeft int) DueBucket {
	switch {
	case daysLeft < 0:
		return DueOverdue
	case daysLeft == 0:
		return DueToday
	case daysLeft <= DueWeekDays:
		return DueThisWeek
	}
	return DueLater
}

// DaysUntil returns the days from today to due, both calendar days at midnight UTC as
// Today gives them; negative once due has passed.
func DaysUntil(due, today time.Time) int { return int(math.Round(due.Sub(today).Hours() / 24)) }

// Due returns the consultation's bucket as of the day it was read.
func (c *Consultation) Due() DueBucket { return DueBucketOf(c.Status, c.DaysLeft) }

// Label returns the catalogue id of the bucket's name, "" for none and for later.
func (b DueBucket) Label() string {
	switch b {
	case DueOverdue:
		return "consultations.status_overdue"
	case DueToday:
		return "consultations.due_today"
	case DueThisWeek:
		return "consultations.due_week"
	}
	return ""
}
