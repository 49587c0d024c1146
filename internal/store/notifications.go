package store

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// A person's notifications in the app. What an entry shows is decided when it is read,
// through the reader's scope as the subject's page decides it: an entry whose subject the
// reader no longer sees (a consultation withdrawn from their ministry) keeps its place in
// the list and the count, but shows neither facts nor link.

// UnreadCount returns how many of u's notifications are unread: one count on an index of
// the unread rows, for the header of every page.
func (s *Store) UnreadCount(ctx context.Context, userID int64) (int, error) {
	n, err := s.db.NewSelect().Table("notifications").Where("user_id = ? AND read_at IS NULL", userID).Count(ctx)
	if err != nil {
		return 0, dbError("unread count", err)
	}
	return int(n), nil
}

// Notifications returns one page of u's notifications, newest first, each marked visible
// or not as u's scope shows its subject now, and how many there are in all.
func (s *Store) Notifications(ctx context.Context, u *domain.User, limit, offset int) ([]domain.Notification, int, error) {
	ns := []domain.Notification{}
	q := s.db.NewSelect().Model(&ns).ColumnExpr("n.*").
		ColumnExpr(`CASE WHEN n.consultation_id IS NOT NULL THEN EXISTS (?)
			WHEN n.item_id IS NOT NULL THEN EXISTS (?) ELSE TRUE END AS visible`,
			seesConsultation(s.db, bun.Ident("n.consultation_id"))(u),
			seesBrief(s.db, bun.Ident("n.item_id"))(u)).
		Where("n.user_id = ?", u.ID).OrderExpr("n.id DESC")
	total, err := scanPage(ctx, q, &ns, limit, offset)
	if err != nil {
		return nil, 0, dbError("notifications", err)
	}
	for i := range ns {
		// A digest lists consultations across sessions: the overdue list of staff.
		if ns[i].Kind == domain.NoticeOverdueDigest {
			ns[i].Visible = policy.Can(u, policy.ViewAllSessions)
		}
	}
	return ns, total, nil
}

// MarkRead marks one of the user's notifications read; another person's is not found.
func (s *Store) MarkRead(ctx context.Context, userID, id int64) error {
	res, err := s.db.NewUpdate().Table("notifications").Set("read_at = coalesce(read_at, ?)", s.now()).
		Where("id = ? AND user_id = ?", id, userID).Exec(ctx)
	if err != nil {
		return dbError("mark read", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "error.not_found")
	}
	return nil
}

// MarkAllRead marks every unread notification of the user read, and returns how many.
func (s *Store) MarkAllRead(ctx context.Context, userID int64) (int, error) {
	res, err := s.db.NewUpdate().Table("notifications").Set("read_at = ?", s.now()).
		Where("user_id = ? AND read_at IS NULL", userID).Exec(ctx)
	if err != nil {
		return 0, dbError("mark all read", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// EmailOff returns the kinds of notification the user has asked not to receive by e-mail.
func (s *Store) EmailOff(ctx context.Context, userID int64) ([]domain.NotificationKind, error) {
	kinds := []domain.NotificationKind{}
	err := s.db.NewSelect().Table("notification_email_off").Column("kind").Where("user_id = ?", userID).
		Order("kind").Scan(ctx, &kinds)
	if err != nil && !isNoRows(err) {
		return nil, dbError("e-mail settings", err)
	}
	return kinds, nil
}

// SetEmailOff replaces the kinds the user receives only in the app, not by e-mail, and
// audits the change. Notices about the person's own account cannot be turned off.
func (s *Store) SetEmailOff(ctx context.Context, a domain.Actor, userID int64, off []domain.NotificationKind) error {
	var kinds []domain.NotificationKind
	for _, k := range off {
		if !domain.NotificationKindEnum.Has(string(k)) || !k.Optional() {
			return domain.FieldError("email_off", "error.invalid")
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var before []domain.NotificationKind
		if err := tx.NewSelect().Table("notification_email_off").Column("kind").Where("user_id = ?", userID).
			Order("kind").For("UPDATE").Scan(ctx, &before); err != nil && !isNoRows(err) {
			return err
		}
		if _, err := tx.NewRaw("DELETE FROM notification_email_off WHERE user_id = ?", userID).Exec(ctx); err != nil {
			return err
		}
		for _, k := range kinds {
			if _, err := tx.NewRaw("INSERT INTO notification_email_off (user_id, kind) VALUES (?, ?)", userID, k).Exec(ctx); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "email_settings", "user", userID,
			map[string]any{"email_off": before}, map[string]any{"email_off": kinds})
	})
	return dbError("set e-mail settings", err)
}
