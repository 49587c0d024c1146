package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// Reminders are produced by every server, as often as it likes: each is written with the
// day it is for under a unique index, so a second run, on this server or another, writes
// nothing. A consultation's reminders are for its due date (a new due date after a
// send-back brings new ones); a focal point's digest is for today.

// soonDays is how many days ahead a liaison is first reminded of a due date.
const soonDays = 3

// ProduceReminders writes today's reminders (today in loc, on the store's clock): to a
// ministry's liaisons, of each open consultation due in soonDays days or fewer (one asked
// before today), due tomorrow, and overdue; and to each focal point, a digest of the
// overdue consultations on their items. It returns how many notifications it wrote.
func (s *Store) ProduceReminders(ctx context.Context, loc *time.Location) (int, error) {
	today := s.today(loc)
	day := today.Format(time.DateOnly)
	// The start of today in loc: consultations asked today were just told of.
	local := s.now().In(loc)
	startOfDay := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)

	var due []domain.Consultation
	err := selectConsultations(s.db, &due, domain.Scope{All: true}, today).
		Where("c.status = 'open'").
		Where("c.due_on <= CAST(? AS date) + ?", day, soonDays).
		OrderExpr("c.due_on, c.id").Scan(ctx)
	if err != nil && !isNoRows(err) {
		return 0, dbError("reminders", err)
	}
	written := 0
	for _, c := range due {
		var kind domain.NotificationKind
		switch {
		case c.DaysLeft < 0:
			kind = domain.NoticeOverdue
		case c.DaysLeft == 1:
			kind = domain.NoticeDueTomorrow
		case c.DaysLeft > 1 && c.CreatedAt.Before(startOfDay):
			kind = domain.NoticeDueSoon
		default:
			continue
		}
		dueOn := c.DueOn
		err := s.inTx(ctx, func(tx bun.Tx) error {
			n, err := s.notifyConsultation(ctx, tx, domain.Actor{}, kind, c.ID, &dueOn, liaisonsOf, c.MinistryID)
			written += n
			return err
		})
		if err != nil {
			return written, dbError("reminder", err)
		}
	}
	n, err := s.produceDigests(ctx, today)
	return written + n, err
}

// produceDigests writes to each focal point with overdue consultations on their items a
// digest of them, once for today.
func (s *Store) produceDigests(ctx context.Context, today time.Time) (int, error) {
	day := today.Format(time.DateOnly)
	var focal []int64
	err := fromConsultations(s.db.NewSelect().TableExpr("consultations AS c")).
		ColumnExpr("DISTINCT i.focal_point_id").
		Where(overdueSQL, day).Where("i.focal_point_id IS NOT NULL").Scan(ctx, &focal)
	if err != nil && !isNoRows(err) {
		return 0, dbError("digests", err)
	}
	users, err := activeUsers(ctx, s.db, domain.Actor{}, focal)
	if err != nil {
		return 0, dbError("digests", err)
	}
	written := 0
	for i := range users {
		u := &users[i]
		// What the focal point's own consultations page would list as overdue.
		var late []domain.Consultation
		if policy.Can(u, policy.ViewConsultations) {
			err = selectConsultations(s.db, &late, policy.ScopeOf(u), today).
				Where(overdueSQL, day).Where("i.focal_point_id = ?", u.ID).
				OrderExpr("c.due_on, s.starts_on, i.sort_key, m.code").Scan(ctx)
			if err != nil && !isNoRows(err) {
				return written, dbError("digest", err)
			}
		}
		if len(late) == 0 {
			continue
		}
		facts := domain.NoticeFacts{}
		for _, c := range late {
			facts.Overdue = append(facts.Overdue, domain.DueNotice{Session: c.SessionCode, ItemNumber: c.ItemNumber,
				Ministry: c.MinistryCode, DueOn: c.DueOn.Format(time.DateOnly)})
		}
		n, err := s.notify(ctx, s.db, []int64{u.ID}, notice{kind: domain.NoticeOverdueDigest, facts: facts, day: &today})
		if err != nil {
			return written, dbError("digest", err)
		}
		written += n
	}
	return written, nil
}
