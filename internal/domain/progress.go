package domain

import "time"

// SessionProgress is where the preparation of one upcoming session stands: its agenda
// items (withdrawn ones aside) by the status of their brief, and its consultations.
type SessionProgress struct {
	ID       int64     `bun:"id"`
	Code     string    `bun:"code"`
	StartsOn time.Time `bun:"starts_on,type:date"`
	EndsOn   time.Time `bun:"ends_on,type:date"`
	Items    int       `bun:"items"`
	NoBrief  int       `bun:"no_brief"`
	Draft    int       `bun:"draft"`
	InReview int       `bun:"in_review"`
	Approved int       `bun:"approved"`
	Final    int       `bun:"final"`

	Consultations ConsultationCounts `bun:"-"`
}

// DaysTo returns the days from today to the session's first day: negative once it has
// begun.
func (p *SessionProgress) DaysTo(today time.Time) int {
	return int(p.StartsOn.Sub(today).Hours() / 24)
}

// InSession reports whether today is one of the session's days.
func (p *SessionProgress) InSession(today time.Time) bool {
	return !today.Before(p.StartsOn) && !today.After(p.EndsOn)
}
