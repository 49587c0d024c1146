package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
)

// SessionView is one session as one audience sees it: the agenda, briefs, consultations,
// delegation and attendance that the pages show a person of that audience, read through
// the same scope filters as those pages (scopeItems, scopeBriefs, scopeConsultations,
// scopeMembers), never through rules of its own. The briefing pack is written from it
// (it is an exports.Source); any other document cut for an audience can be too.
type SessionView struct {
	s       *Store
	session *domain.Session
	bsc     domain.BriefScope // what the audience may read, from the policy
	today   time.Time         // in the configured time zone: consultations due before it are overdue
}

var _ exports.Source = (*SessionView)(nil)

// ViewSession returns session as the audience that may read bsc sees it, with
// consultations overdue as of today (a calendar day in the configured time zone).
func (s *Store) ViewSession(session *domain.Session, bsc domain.BriefScope, today time.Time) *SessionView {
	return &SessionView{s: s, session: session, bsc: bsc, today: today}
}

// NewPackSource returns the source of a pack of session for an audience: kind is
// domain.PackFull, PackMinistry or PackDelegate, and bsc what that audience may read
// (policy.PackScope), which alone decides the rows. A kind that does not match bsc is
// refused. The caller has checked that the person may download the pack.
func (s *Store) NewPackSource(session *domain.Session, kind string, bsc domain.BriefScope, today time.Time) (*SessionView, error) {
	switch {
	case kind == domain.PackFull && bsc.Scope.All:
	case kind == domain.PackMinistry && bsc.Scope.MinistryID != 0:
	case kind == domain.PackDelegate && bsc.Scope.UserID != 0:
	default:
		return nil, fmt.Errorf("store: pack: bad audience %q", kind)
	}
	return s.ViewSession(session, bsc, today), nil
}

// scope is the visibility of the view's audience.
func (v *SessionView) scope() domain.Scope { return v.bsc.Scope }

// day is the view's today as SQL reads a date.
func (v *SessionView) day() string { return v.today.Format(time.DateOnly) }

// coveredExpr is true for an item (alias i) that the view's delegate covers; false for
// an audience that is not one delegate.
func (v *SessionView) coveredExpr() (string, []any) {
	if v.scope().UserID == 0 {
		return "FALSE", nil
	}
	return coveredItem, []any{v.scope().UserID}
}

// eachRow runs q and calls scan once per row with the row's Scan. Plain database/sql
// scanning into locals keeps a 10,000-item pack's reading cheap.
func eachRow(ctx context.Context, q interface {
	Rows(context.Context) (*sql.Rows, error)
}, scan func(func(...any) error) error) error {
	rows, err := q.Rows(ctx)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Overview counts the session's items, briefs and consultations for the first sheet.
// The consultations are counted as the session's radar counts them.
func (v *SessionView) Overview(ctx context.Context) (*exports.Overview, error) {
	ses := v.session
	ov := &exports.Overview{
		Code: ses.Code, TitleEN: ses.TitleEN, TitleKO: ses.TitleKO, Venue: ses.Venue, StartsOn: ses.StartsOn, EndsOn: ses.EndsOn,
		BriefDeadline: ses.BriefDeadline, Status: string(ses.Status),
		ItemsByStatus: map[string]int{}, BriefsByStatus: map[string]int{}, BriefsByStance: map[string]int{},
	}
	if ses.Body != nil {
		ov.Body = ses.Body.NameEN + " / " + ses.Body.NameKO
	}
	var counts []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	q := v.items(v.s.db.NewSelect().TableExpr("agenda_items AS i")).ColumnExpr("i.status, count(*) AS n").GroupExpr("i.status")
	if err := q.Scan(ctx, &counts); err != nil {
		return nil, dbError("pack overview", err)
	}
	for _, c := range counts {
		ov.ItemsByStatus[c.Status] = c.N
	}
	var cons domain.ConsultationCounts
	if err := v.s.countConsultations(v.scope(), v.today).Where("i.session_id = ?", ses.ID).Scan(ctx, &cons); err != nil {
		return nil, dbError("pack overview consultations", err)
	}
	ov.OpenConsultations, ov.OverdueConsultations = cons.Open, cons.Overdue
	if err := v.briefCounts(ctx, ov); err != nil {
		return nil, err
	}
	return ov, nil
}

// items restricts agenda items (alias i) to the view's session and audience.
func (v *SessionView) items(q *bun.SelectQuery) *bun.SelectQuery {
	return scopeItems(q.Where("i.session_id = ?", v.session.ID), v.scope())
}

// Items streams the agenda in UNESCO's order; a delegate's covered items come first.
func (v *SessionView) Items(ctx context.Context, fn func(exports.ItemRow) error) error {
	covered, args := v.coveredExpr()
	q := v.items(joinItems(v.s.db.NewSelect().TableExpr("agenda_items AS i"))).
		ColumnExpr("i.number, i.title_en, i.title_ko, "+itemDocumentsSQL+", i.commission, i.sector").
		ColumnExpr("coalesce("+ministryNameAt("name_en")+", ''), coalesce("+ministryNameAt("name_ko")+", '')").
		ColumnExpr("coalesce(fp.name, ''), i.priority, i.status, i.decision_ref, i.outcome_summary").
		ColumnExpr("("+covered+") AS covered", args...).
		OrderExpr("covered DESC, i.sort_key")
	err := eachRow(ctx, q, func(scan func(...any) error) error {
		var r exports.ItemRow
		if err := scan(&r.Number, &r.TitleEN, &r.TitleKO, &r.Documents, &r.Commission, &r.Sector, &r.LeadEN, &r.LeadKO,
			&r.FocalPoint, &r.Priority, &r.Status, &r.DecisionRef, &r.Outcome, &r.Covered); err != nil {
			return err
		}
		return fn(r)
	})
	return dbError("pack items", err)
}

// consultations restricts consultations (alias c, joined as fromConsultations joins
// them) to the view's session and audience. Withdrawn requests, which the pages show
// struck through, are left out, as the radar leaves them out.
func (v *SessionView) consultations(q *bun.SelectQuery) *bun.SelectQuery {
	q = fromConsultations(q.TableExpr("consultations AS c")).
		Where("i.session_id = ?", v.session.ID).Where("c.status <> ?", domain.ConsultationWithdrawn)
	return scopeConsultations(q, v.scope())
}

// Consultations streams the requests to ministries with their answers, by item, then
// ministry, each ministry named as it was at the session. A delegate's pack has none.
func (v *SessionView) Consultations(ctx context.Context, fn func(exports.ConsultationRow) error) error {
	q := v.consultations(v.s.db.NewSelect()).
		Join("LEFT JOIN users AS ab ON ab.id = c.answered_by").
		ColumnExpr("i.number, i.title_en, i.title_ko").
		ColumnExpr(consultedName("name_en", "c.ministry_id")+", "+consultedName("name_ko", "c.ministry_id")).
		ColumnExpr("c.question, c.asked_on, c.due_on, c.status").
		ColumnExpr(overdueSQL+" AS overdue", v.day()).
		ColumnExpr("c.answer, coalesce(ab.name, ''), c.answered_at").
		ColumnExpr(answerFilesSQL).
		OrderExpr("i.sort_key, m.code")
	err := eachRow(ctx, q, func(scan func(...any) error) error {
		var r exports.ConsultationRow
		var answeredAt sql.NullTime
		if err := scan(&r.Number, &r.TitleEN, &r.TitleKO, &r.MinistryEN, &r.MinistryKO, &r.Question, &r.AskedOn, &r.DueOn, &r.Status,
			&r.Overdue, &r.Answer, &r.AnsweredBy, &answeredAt, &r.AnswerFiles); err != nil {
			return err
		}
		if answeredAt.Valid {
			r.AnsweredAt = &answeredAt.Time
		}
		return fn(r)
	})
	return dbError("pack consultations", err)
}

// members restricts delegation members (alias dm, with people p) to the view's session
// and audience.
func (v *SessionView) members(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.TableExpr("delegation_members AS dm").Join("JOIN people AS p ON p.id = dm.person_id").
		Where("dm.session_id = ?", v.session.ID)
	return scopeMembers(q, v.scope())
}

// Members streams the delegation, by precedence, with the items each covers.
func (v *SessionView) Members(ctx context.Context, fn func(exports.MemberRow) error) error {
	q := v.members(v.s.db.NewSelect()).
		ColumnExpr("p.name_en, p.name_ko, dm.role, p.organisation, p.title, dm.accreditation, dm.arrives_on, dm.departs_on, dm.funded_by").
		ColumnExpr(`coalesce((SELECT string_agg(ci.number, ', ' ORDER BY ci.sort_key) FROM coverage cv
			JOIN agenda_items ci ON ci.id = cv.item_id WHERE cv.member_id = dm.id), '')`).
		OrderExpr(orderMembers)
	err := eachRow(ctx, q, func(scan func(...any) error) error {
		var r exports.MemberRow
		var arrives, departs sql.NullTime
		if err := scan(&r.NameEN, &r.NameKO, &r.Role, &r.Organisation, &r.Title, &r.Accreditation, &arrives, &departs,
			&r.FundedBy, &r.Items); err != nil {
			return err
		}
		if arrives.Valid {
			r.ArrivesOn = &arrives.Time
		}
		if departs.Valid {
			r.DepartsOn = &departs.Time
		}
		return fn(r)
	})
	return dbError("pack members", err)
}

// Attendance returns the session's days and each member of the delegation with their
// attendance on them, where the audience may read it (attendanceSeen): a delegate's pack
// has their own, a ministry's none.
func (v *SessionView) Attendance(ctx context.Context) ([]time.Time, []exports.AttendanceRow, error) {
	var days []time.Time
	for d := v.session.StartsOn; !d.After(v.session.EndsOn); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	var recs []struct {
		MemberID int64      `bun:"id"`
		NameEN   string     `bun:"name_en"`
		NameKO   string     `bun:"name_ko"`
		Day      *time.Time `bun:"day"`
		Status   string     `bun:"status"`
	}
	seen, args := attendanceSeen(v.scope())
	q := v.members(v.s.db.NewSelect()).
		Join("LEFT JOIN attendance AS a ON a.member_id = dm.id AND "+seen, args...).
		ColumnExpr("dm.id, p.name_en, p.name_ko, a.day, coalesce(a.status, '') AS status").
		OrderExpr(orderMembers + ", a.day")
	if err := q.Scan(ctx, &recs); err != nil {
		return nil, nil, dbError("pack attendance", err)
	}
	var rows []exports.AttendanceRow
	var last int64
	for _, r := range recs {
		if r.MemberID != last || len(rows) == 0 {
			rows = append(rows, exports.AttendanceRow{NameEN: r.NameEN, NameKO: r.NameKO, Days: map[time.Time]string{}})
			last = r.MemberID
		}
		if r.Day != nil {
			rows[len(rows)-1].Days[r.Day.UTC()] = r.Status
		}
	}
	return days, rows, nil
}
