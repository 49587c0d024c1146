package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/policy"
)

// Notifications are written by the store methods that make the change they tell of, in
// the same transaction, with their mail in the outbox: committed together or not at all.
// Who receives one is decided here in two steps: the people the event concerns (the
// ministry's liaisons, the item's focal point, the delegates covering it), then, of
// those, the ones whose scope shows the subject now, through the same scope filters as
// the pages (policy.ScopeOf, policy.BriefScopeOf). A person who may not open the page
// is never told about it.

// notice is one notification to write, to several people.
type notice struct {
	kind           domain.NotificationKind
	consultationID *int64
	itemID         *int64
	facts          domain.NoticeFacts
	day            *time.Time // for the reminders that come once per day
}

// notify writes n to each of users and, for those who have not turned e-mail of its kind
// off, its mail to the outbox, in db (the change's transaction). A reminder already
// written for its day is skipped, with its mail. It returns how many were written.
func (s *Store) notify(ctx context.Context, db bun.IDB, users []int64, n notice) (int, error) {
	if len(users) == 0 {
		return 0, nil
	}
	facts, err := json.Marshal(n.facts)
	if err != nil {
		return 0, err
	}
	now := s.now()
	var written []int64
	err = db.NewRaw(`WITH n AS (
			INSERT INTO notifications (user_id, kind, consultation_id, item_id, facts, day, created_at)
			SELECT u.id, ?, ?, ?, ?, CAST(? AS date), ? FROM users u WHERE u.id IN (?)
			ORDER BY u.id
			ON CONFLICT DO NOTHING
			RETURNING id, user_id, kind),
		o AS (
			INSERT INTO outbox (notification_id, to_address, lang, next_attempt_at, created_at, updated_at)
			SELECT n.id, u.email, coalesce(u.lang, ?), ?, ?, ?
			FROM n JOIN users u ON u.id = n.user_id
			WHERE NOT EXISTS (SELECT 1 FROM notification_email_off f WHERE f.user_id = u.id AND f.kind = n.kind))
		SELECT id FROM n`,
		n.kind, n.consultationID, n.itemID, string(facts), dayArg(n.day), now, bun.List(users),
		i18n.Languages[0], now, now, now).Scan(ctx, &written)
	if err != nil && !isNoRows(err) {
		return 0, err
	}
	return len(written), nil
}

func dayArg(d *time.Time) any {
	if d == nil {
		return nil
	}
	return d.Format(time.DateOnly)
}

// activeUsers returns the users with ids who may log in, leaving out the actor: nobody is
// told of what they did themselves.
func activeUsers(ctx context.Context, db bun.IDB, a domain.Actor, ids []int64) ([]domain.User, error) {
	var us []domain.User
	if len(ids) == 0 {
		return us, nil
	}
	q := db.NewSelect().Model(&us).Where("u.id IN (?)", bun.List(ids)).Where("u.disabled_at IS NULL").Order("u.id")
	if a.User != nil {
		q = q.Where("u.id <> ?", a.User.ID)
	}
	if err := q.Scan(ctx); err != nil && !isNoRows(err) {
		return nil, err
	}
	return us, nil
}

// whoSees returns the ids of those of users for whom sees finds the subject.
func whoSees(ctx context.Context, users []domain.User, sees func(u *domain.User) *bun.SelectQuery) ([]int64, error) {
	var ids []int64
	for i := range users {
		ok, err := sees(&users[i]).Exists(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			ids = append(ids, users[i].ID)
		}
	}
	return ids, nil
}

// seesConsultation is the query that finds consultation id in u's scope, as the
// consultation's page reads it.
func seesConsultation(db bun.IDB, id any) func(u *domain.User) *bun.SelectQuery {
	return func(u *domain.User) *bun.SelectQuery {
		q := fromConsultations(db.NewSelect().TableExpr("consultations AS c")).ColumnExpr("1").Where("c.id = ?", id)
		if !policy.Can(u, policy.ViewConsultations) {
			return q.Where("FALSE")
		}
		return scopeConsultations(q, policy.ScopeOf(u))
	}
}

// seesBrief is the query that finds the brief of item itemID in u's brief scope, as the
// item's page reads it: a delegate finds only a final brief.
func seesBrief(db bun.IDB, itemID any) func(u *domain.User) *bun.SelectQuery {
	return func(u *domain.User) *bun.SelectQuery {
		q := db.NewSelect().TableExpr("briefs AS b").ColumnExpr("1").
			Join("JOIN agenda_items AS i ON i.id = b.item_id").Where("b.item_id = ?", itemID)
		if !policy.Can(u, policy.ViewBriefs) {
			return q.Where("FALSE")
		}
		return scopeBriefs(q, policy.BriefScopeOf(u))
	}
}

// The people an event concerns, before the check of what they see.
const (
	// liaisonsOf are the liaisons of ministry ?.
	liaisonsOf = `SELECT id FROM users WHERE role = 'liaison' AND ministry_id IN (?)`
	// focalPointOf is the focal point of item ?.
	focalPointOf = `SELECT focal_point_id FROM agenda_items WHERE id = ? AND focal_point_id IS NOT NULL`
	// delegatesCovering are the users on the delegation who cover item ?.
	delegatesCovering = `SELECT p.user_id FROM coverage cv
		JOIN delegation_members dm ON dm.id = cv.member_id
		JOIN people p ON p.id = dm.person_id
		WHERE cv.item_id = ? AND p.user_id IS NOT NULL`
)

// concerned returns the ids the SQL query finds.
func concerned(ctx context.Context, db bun.IDB, query string, args ...any) ([]int64, error) {
	var ids []int64
	if err := db.NewRaw(query, args...).Scan(ctx, &ids); err != nil && !isNoRows(err) {
		return nil, err
	}
	return ids, nil
}

// notifyConsultation tells those of the people query finds who see consultation id of
// kind, with the consultation's facts.
func (s *Store) notifyConsultation(ctx context.Context, tx bun.IDB, a domain.Actor, kind domain.NotificationKind, id int64, day *time.Time, query string, args ...any) (int, error) {
	c := new(domain.Consultation)
	if err := selectConsultations(tx, c, domain.Scope{All: true}, s.today(time.UTC)).Where("c.id = ?", id).Scan(ctx); err != nil {
		return 0, err
	}
	ids, err := concerned(ctx, tx, query, args...)
	if err != nil {
		return 0, err
	}
	users, err := activeUsers(ctx, tx, a, ids)
	if err != nil {
		return 0, err
	}
	to, err := whoSees(ctx, users, seesConsultation(tx, id))
	if err != nil {
		return 0, err
	}
	return s.notify(ctx, tx, to, notice{kind: kind, consultationID: &c.ID, itemID: &c.ItemID, day: day,
		facts: consultationFacts(c, a)})
}

// notifyOpened tells each ministry's liaisons of the consultations cs just opened, as
// notifyConsultation tells them of one: in a number of queries that grows with the
// ministries and their liaisons, not with the consultations, so that one question asked
// on a whole agenda stays quick.
func (s *Store) notifyOpened(ctx context.Context, tx bun.IDB, a domain.Actor, cs []domain.Consultation) error {
	ids := make([]int64, len(cs))
	for i := range cs {
		ids[i] = cs[i].ID
	}
	var facts []domain.Consultation
	if err := selectConsultations(tx, &facts, domain.Scope{All: true}, s.today(time.UTC)).
		Where("c.id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return err
	}
	byID := make(map[int64]*domain.Consultation, len(facts))
	for i := range facts {
		byID[facts[i].ID] = &facts[i]
	}
	// Who each ministry's consultations reach: its liaisons who may log in, each with the
	// consultations their scope shows.
	type reach struct{ sees map[int64][]int64 } // consultation → users, in the order of users
	reaches := map[int64]*reach{}
	for _, c := range cs {
		if reaches[c.MinistryID] != nil {
			continue
		}
		r := &reach{sees: map[int64][]int64{}}
		reaches[c.MinistryID] = r
		ids, err := concerned(ctx, tx, liaisonsOf, c.MinistryID)
		if err != nil {
			return err
		}
		users, err := activeUsers(ctx, tx, a, ids)
		if err != nil {
			return err
		}
		var theirs []int64
		for _, o := range cs {
			if o.MinistryID == c.MinistryID {
				theirs = append(theirs, o.ID)
			}
		}
		for i := range users {
			var seen []int64
			// Of theirs, those the user's scope shows, by the one rule of seesConsultation.
			err := tx.NewSelect().TableExpr("consultations AS o").Column("o.id").Where("o.id IN (?)", bun.List(theirs)).
				Where("EXISTS (?)", seesConsultation(tx, bun.Ident("o.id"))(&users[i])).Order("o.id").Scan(ctx, &seen)
			if err != nil && !isNoRows(err) {
				return err
			}
			for _, id := range seen {
				r.sees[id] = append(r.sees[id], users[i].ID)
			}
		}
	}
	for _, c := range cs {
		f := byID[c.ID]
		to := reaches[c.MinistryID].sees[c.ID]
		if f == nil || len(to) == 0 {
			continue
		}
		if _, err := s.notify(ctx, tx, to, notice{kind: domain.NoticeConsultationOpened, consultationID: &f.ID, itemID: &f.ItemID,
			facts: consultationFacts(f, a)}); err != nil {
			return err
		}
	}
	return nil
}

// consultationFacts are what a notice about consultation c says, c read by
// selectConsultations.
func consultationFacts(c *domain.Consultation, a domain.Actor) domain.NoticeFacts {
	return domain.NoticeFacts{Session: c.SessionCode, ItemNumber: c.ItemNumber, TitleEN: c.ItemTitleEN,
		TitleKO: c.ItemTitleKO, MinistryEN: c.MinistryNameEN, MinistryKO: c.MinistryNameKO,
		DueOn: c.DueOn.Format(time.DateOnly), Actor: actorLabel(a)}
}

// notifyBrief tells those of the people query finds who see the brief of item itemID of
// kind; facts adds to the item's own.
func (s *Store) notifyBrief(ctx context.Context, tx bun.IDB, a domain.Actor, kind domain.NotificationKind, itemID int64, facts domain.NoticeFacts, query string, args ...any) error {
	if err := tx.NewRaw(`SELECT s.code, i.number, i.title_en, i.title_ko FROM agenda_items i
		JOIN sessions s ON s.id = i.session_id WHERE i.id = ?`, itemID).
		Scan(ctx, &facts.Session, &facts.ItemNumber, &facts.TitleEN, &facts.TitleKO); err != nil {
		return err
	}
	facts.Actor = actorLabel(a)
	ids, err := concerned(ctx, tx, query, args...)
	if err != nil {
		return err
	}
	users, err := activeUsers(ctx, tx, a, ids)
	if err != nil {
		return err
	}
	to, err := whoSees(ctx, users, seesBrief(tx, itemID))
	if err != nil {
		return err
	}
	_, err = s.notify(ctx, tx, to, notice{kind: kind, itemID: &itemID, facts: facts})
	return err
}

// notifyAccount tells user id of a change to their own account.
func (s *Store) notifyAccount(ctx context.Context, tx bun.IDB, a domain.Actor, kind domain.NotificationKind, id int64) error {
	users, err := activeUsers(ctx, tx, a, []int64{id})
	if err != nil || len(users) == 0 {
		return err
	}
	_, err = s.notify(ctx, tx, []int64{id}, notice{kind: kind, facts: domain.NoticeFacts{Actor: actorLabel(a)}})
	return err
}

// actorLabel is how a notice names who acted: a person's name, or nothing for the
// system (the command line, the demo data).
func actorLabel(a domain.Actor) string {
	if a.User != nil {
		return a.User.Name
	}
	return ""
}
