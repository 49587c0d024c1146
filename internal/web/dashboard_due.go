package web

import (
	"slices"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// dueRow is one thing a liaison's ministry owes the Commission: an answer to a request,
// or a verdict on a brief, with when it is due.
type dueRow struct {
	Due     *time.Time
	Review  bool // a verdict on a brief; otherwise an answer to a request
	Path    string
	Session string
	Number  string
	Title   string
	Overdue bool
	Bucket  domain.DueBucket // how soon it is due
}

// liaisonDue puts a liaison's open requests and the briefs awaiting their ministry's
// verdict in one list, what is due first at the top (a brief whose session sets no
// deadline last), a request before a verdict due the same day.
func liaisonDue(cons []domain.Consultation, briefs []domain.BriefRow, lang string, today time.Time) []dueRow {
	rows := make([]dueRow, 0, len(cons)+len(briefs))
	for i := range cons {
		c := &cons[i]
		due := c.DueOn
		rows = append(rows, dueRow{Due: &due, Path: consultationPath(c.ID), Session: c.SessionCode, Number: c.ItemNumber,
			Title: c.ItemTitle(lang), Overdue: c.Overdue, Bucket: c.Due()})
	}
	for i := range briefs {
		b := &briefs[i]
		rows = append(rows, dueRow{Due: b.ReviewDue, Review: true, Path: itemPath(b.ID) + "/brief/review", Session: b.SessionCode,
			Number: b.Number, Title: b.Title(lang), Overdue: b.ReviewDue != nil && b.ReviewDue.Before(today)})
		if b.ReviewDue != nil {
			rows[len(rows)-1].Bucket = domain.DueBucketIn(domain.DaysUntil(*b.ReviewDue, today))
		}
	}
	slices.SortStableFunc(rows, func(a, b dueRow) int {
		switch {
		case a.Due == nil && b.Due == nil:
		case a.Due == nil:
			return 1
		case b.Due == nil:
			return -1
		default:
			if c := a.Due.Compare(*b.Due); c != 0 {
				return c
			}
		}
		switch {
		case a.Review == b.Review:
			return 0
		case a.Review:
			return 1
		}
		return -1
	})
	return rows
}
