package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// The outbox is read by the senders of every server at once. A sender claims one due
// mail with FOR UPDATE SKIP LOCKED, so that no other sender takes it while it is being
// delivered, and records the outcome before the lock is released: a mail is delivered
// once, however many senders run.

// Retry says how a failed delivery is tried again: after Base, then twice as long each
// time up to Max, and given up (failed) after Attempts attempts.
type Retry struct {
	Base     time.Duration
	Max      time.Duration
	Attempts int
}

// after returns how long to wait after the attempt-th failed attempt.
func (r Retry) after(attempt int) time.Duration {
	d := r.Base
	for i := 1; i < attempt && d < r.Max; i++ {
		d *= 2
	}
	return min(d, r.Max)
}

// Deliver is what a sender does with a claimed mail: deliver it, and say how (sent, or
// logged when no SMTP server is configured), or return why it could not.
type Deliver func(ctx context.Context, m *domain.Mail, n *domain.Notification) (domain.OutboxStatus, error)

// DeliverNext claims the next mail due on the store's clock, hands it to deliver, and
// records what happened: delivered, or failed and due again later (or given up after
// the last attempt). It reports whether there was a mail to claim.
func (s *Store) DeliverNext(ctx context.Context, r Retry, deliver Deliver) (bool, error) {
	claimed := false
	err := s.inTx(ctx, func(tx bun.Tx) error {
		m := new(domain.Mail)
		err := tx.NewSelect().Model(m).Where("o.status = ?", domain.MailPending).
			Where("o.next_attempt_at <= ?", s.now()).
			OrderExpr("o.next_attempt_at, o.id").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx)
		if isNoRows(err) {
			return nil
		} else if err != nil {
			return err
		}
		claimed = true
		n := new(domain.Notification)
		if err := tx.NewSelect().Model(n).Where("n.id = ?", m.NotificationID).Scan(ctx); err != nil {
			return err
		}
		status, derr := deliver(ctx, m, n)
		now := s.now()
		m.Attempts++
		q := tx.NewUpdate().Model(m).Set("attempts = ?", m.Attempts).Set("updated_at = ?", now).WherePK()
		switch {
		case derr == nil:
			q = q.Set("status = ?", status).Set("sent_at = ?", now).Set("last_error = ''")
		case m.Attempts >= r.Attempts:
			q = q.Set("status = ?", domain.MailFailed).Set("last_error = ?", errText(derr))
		default:
			q = q.Set("last_error = ?", errText(derr)).Set("next_attempt_at = ?", now.Add(r.after(m.Attempts)))
		}
		_, err = q.Exec(ctx)
		return err
	})
	if err != nil {
		return claimed, dbError("deliver mail", err)
	}
	return claimed, nil
}

// errText is an error as the outbox keeps it: short enough for a table cell.
func errText(err error) string {
	t := err.Error()
	if r := []rune(t); len(r) > 500 {
		t = string(r[:500])
	}
	return t
}

// OutboxFilter narrows the outbox page.
type OutboxFilter struct {
	Status        domain.OutboxStatus // "" for every status
	Limit, Offset int
}

// Outbox returns one page of the outbox, newest first, with each mail's kind, and how
// many mails match in all.
func (s *Store) Outbox(ctx context.Context, f OutboxFilter) ([]domain.Mail, int, error) {
	ms := []domain.Mail{}
	q := s.db.NewSelect().Model(&ms).ColumnExpr("o.*, n.kind, n.user_id").
		Join("JOIN notifications AS n ON n.id = o.notification_id").OrderExpr("o.id DESC")
	if f.Status != "" {
		q = q.Where("o.status = ?", f.Status)
	}
	total, err := scanPage(ctx, q, &ms, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, dbError("outbox", err)
	}
	return ms, total, nil
}

// OutboxCounts returns how many mails are in each status.
func (s *Store) OutboxCounts(ctx context.Context) (map[domain.OutboxStatus]int, error) {
	var rows []struct {
		Status domain.OutboxStatus
		N      int
	}
	if err := s.db.NewRaw("SELECT status, count(*) AS n FROM outbox GROUP BY status").Scan(ctx, &rows); err != nil && !isNoRows(err) {
		return nil, dbError("outbox counts", err)
	}
	counts := map[domain.OutboxStatus]int{}
	for _, r := range rows {
		counts[r.Status] = r.N
	}
	return counts, nil
}

// RetryMail puts a mail that was not sent (failed, logged, or pending a later attempt)
// back in line to be sent now, with a fresh count of attempts, and audits it. A mail the
// SMTP server took is never sent twice: retrying it is a conflict.
func (s *Store) RetryMail(ctx context.Context, a domain.Actor, id int64) error {
	err := s.inTx(ctx, func(tx bun.Tx) error {
		before := new(domain.Mail)
		if err := tx.NewSelect().Model(before).Where("o.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if before.Status == domain.MailSent {
			return domain.Errorf(domain.ECONFLICT, "outbox.already_sent")
		}
		now := s.now()
		if _, err := tx.NewUpdate().Model(before).Set("status = ?", domain.MailPending).Set("attempts = 0").
			Set("next_attempt_at = ?", now).Set("updated_at = ?", now).WherePK().Exec(ctx); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "retry", "outbox", id,
			map[string]any{"status": before.Status, "attempts": before.Attempts, "last_error": before.LastError},
			map[string]any{"status": domain.MailPending})
	})
	return dbError(fmt.Sprintf("retry mail %d", id), err)
}
