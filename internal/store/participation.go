package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
)

// selectParticipations is the query shape of a person's places on delegations: the
// member, the session, what the member attended on the session's days and today's
// record (today may be zero, for none).
func (s *Store) selectParticipations(model any, today time.Time) *bun.SelectQuery {
	return s.db.NewSelect().Model(model).
		ColumnExpr("dm.*").
		ColumnExpr("p.name_en, p.name_ko, p.organisation, p.title, p.user_id").
		ColumnExpr("(SELECT count(*) FROM coverage cv WHERE cv.member_id = dm.id) AS covers").
		ColumnExpr("s.code AS session_code, s.title_ko AS session_title_ko, s.title_en AS session_title_en, s.starts_on, s.ends_on, s.status AS session_status").
		ColumnExpr("count(a.member_id) FILTER (WHERE a.status = 'present') AS present").
		ColumnExpr("count(a.member_id) FILTER (WHERE a.status = 'partial') AS partial").
		ColumnExpr("count(a.member_id) FILTER (WHERE a.status = 'absent') AS absent").
		ColumnExpr("coalesce(max(a.status) FILTER (WHERE a.day = ?), '') AS today_status", today).
		Join("JOIN people AS p ON p.id = dm.person_id").
		Join("JOIN sessions AS s ON s.id = dm.session_id").
		Join("LEFT JOIN attendance AS a ON a.member_id = dm.id AND a.day BETWEEN s.starts_on AND s.ends_on").
		GroupExpr("dm.id, p.id, s.id").
		OrderExpr(orderSessions)
}

// Participations returns every delegation person p (as Person read it) has been on,
// upcoming sessions first: their participation history.
func (s *Store) Participations(ctx context.Context, p *domain.Person) ([]domain.Participation, error) {
	var ps []domain.Participation
	if err := s.selectParticipations(&ps, time.Time{}).Where("dm.person_id = ?", p.ID).Scan(ctx); err != nil {
		return nil, dbError("participations", err)
	}
	return ps, nil
}

// UserParticipations returns the delegations the person of user userID is on, upcoming
// sessions first, each with what they recorded on today, the calendar day in the
// Commission's time zone.
func (s *Store) UserParticipations(ctx context.Context, userID int64, today time.Time) ([]domain.Participation, error) {
	var ps []domain.Participation
	if err := s.selectParticipations(&ps, today).Where("p.user_id = ?", userID).Scan(ctx); err != nil {
		return nil, dbError("user participations", err)
	}
	return ps, nil
}

// DelegationSummaries returns the sessions sc may see, upcoming first, each with the
// number of its delegation's members sc may see and of their accreditations still
// pending or submitted.
func (s *Store) DelegationSummaries(ctx context.Context, sc domain.Scope) ([]domain.DelegationSummary, error) {
	var ds []domain.DelegationSummary
	count := func(where string) *bun.SelectQuery {
		q := s.db.NewSelect().TableExpr("delegation_members AS dm").Join("JOIN people AS p ON p.id = dm.person_id").
			ColumnExpr("count(*)").Where("dm.session_id = s.id")
		if where != "" {
			q = q.Where(where)
		}
		return scopeMembers(q, sc)
	}
	q := s.db.NewSelect().Model(&ds).Relation("Body").ColumnExpr("s.*").
		ColumnExpr("(?) AS members", count("")).
		ColumnExpr("(?) AS pending", count("dm.accreditation = 'pending'")).
		ColumnExpr("(?) AS submitted", count("dm.accreditation = 'submitted'")).
		OrderExpr(orderSessions)
	if err := scopeSessions(q, sc).Scan(ctx); err != nil {
		return nil, dbError("delegation summaries", err)
	}
	return ds, nil
}

// PendingAccreditations returns the sessions not yet concluded whose delegations have
// accreditations still pending or submitted, soonest first, with their counts.
func (s *Store) PendingAccreditations(ctx context.Context) ([]domain.DelegationSummary, error) {
	all, err := s.DelegationSummaries(ctx, domain.Scope{All: true})
	if err != nil {
		return nil, err
	}
	ds := []domain.DelegationSummary{}
	for _, d := range all {
		if d.Status != domain.SessionConcluded && d.Pending+d.Submitted > 0 {
			ds = append(ds, d)
		}
	}
	return ds, nil
}
