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

// PackSource reads one session's briefing pack, cut for its audience: everything for
// staff; for a ministry, the items it leads or is consulted on with its consultations
// and the delegation members from that ministry; for a delegate, the session's agenda
// with the items they cover first, final briefs only, and no consultations.
type PackSource struct {
	s          *Store
	session    *domain.Session
	audience   string
	bsc        domain.BriefScope // what the audience may read, from the policy
	ministryID int64
	userID     int64
	today      time.Time // in the configured time zone: consultations due before it are overdue
}

// NewPackSource returns the source of a pack of session for an audience: kind is
// domain.PackFull, AudienceMinistry or AudienceDelegate, and bsc what that audience
// may read (policy.PackScope). The caller has checked that the person may download it.
func (s *Store) NewPackSource(session *domain.Session, kind string, bsc domain.BriefScope, today time.Time) (*PackSource, error) {
	switch {
	case kind == domain.PackFull && bsc.Scope.All:
	case kind == domain.PackMinistry && bsc.Scope.MinistryID != 0:
	case kind == domain.PackDelegate && bsc.Scope.UserID != 0:
	default:
		return nil, fmt.Errorf("store: pack: bad audience %q", kind)
	}
	return &PackSource{s: s, session: session, audience: kind, bsc: bsc,
		ministryID: bsc.Scope.MinistryID, userID: bsc.Scope.UserID, today: today}, nil
}

// scope is the visibility of the pack's audience, applied with the same filters as pages.
func (p *PackSource) scope() domain.Scope { return p.bsc.Scope }

// coveredExpr is true for an item (alias i) that the pack's delegate covers.
func (p *PackSource) coveredExpr() (string, []any) {
	if p.audience != domain.PackDelegate {
		return "FALSE", nil
	}
	return `EXISTS (SELECT 1 FROM coverage cv JOIN delegation_members cm ON cm.id = cv.member_id
		JOIN people cp ON cp.id = cm.person_id WHERE cv.item_id = i.id AND cp.user_id = ?)`, []any{p.userID}
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
func (p *PackSource) Overview(ctx context.Context) (*exports.Overview, error) {
	ses := p.session
	ov := &exports.Overview{
		Code: ses.Code, Title: ses.Title, Venue: ses.Venue, StartsOn: ses.StartsOn, EndsOn: ses.EndsOn,
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
	q := scopeItems(p.s.db.NewSelect().TableExpr("agenda_items AS i").ColumnExpr("i.status, count(*) AS n").
		Where("i.session_id = ?", ses.ID).GroupExpr("i.status"), p.scope())
	if err := q.Scan(ctx, &counts); err != nil {
		return nil, dbError("pack overview", err)
	}
	for _, c := range counts {
		ov.ItemsByStatus[c.Status] = c.N
	}
	if p.audience != domain.PackDelegate {
		var cons struct {
			Open    int `bun:"open"`
			Overdue int `bun:"overdue"`
		}
		cq := p.consultations(p.s.db.NewSelect().
			ColumnExpr("count(*) FILTER (WHERE c.status = 'open') AS open").
			ColumnExpr("count(*) FILTER (WHERE "+overdueSQL+") AS overdue", p.today.Format(time.DateOnly)))
		if err := cq.Scan(ctx, &cons); err != nil {
			return nil, dbError("pack overview consultations", err)
		}
		ov.OpenConsultations, ov.OverdueConsultations = cons.Open, cons.Overdue
	}
	if err := p.briefCounts(ctx, ov); err != nil {
		return nil, err
	}
	return ov, nil
}

// Items streams the agenda in UNESCO's order; a delegate's covered items come first.
func (p *PackSource) Items(ctx context.Context, fn func(exports.ItemRow) error) error {
	covered, args := p.coveredExpr()
	q := scopeItems(joinItems(p.s.db.NewSelect().TableExpr("agenda_items AS i")).
		ColumnExpr("i.number, i.title_en, i.title_ko, array_to_string(i.documents, '; '), i.commission, i.sector").
		ColumnExpr("coalesce("+ministryNameAt("name_en")+", ''), coalesce("+ministryNameAt("name_ko")+", '')").
		ColumnExpr("coalesce(fp.name, ''), i.priority, i.status, i.decision_ref, i.outcome_summary").
		ColumnExpr("("+covered+") AS covered", args...).
		Where("i.session_id = ?", p.session.ID).
		OrderExpr("covered DESC, i.sort_key"), p.scope())
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

// consultations restricts a query on consultations (alias c, joined to its item i) to the
// pack's session and audience.
func (p *PackSource) consultations(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.TableExpr("consultations AS c").Join("JOIN agenda_items AS i ON i.id = c.item_id").
		Where("i.session_id = ?", p.session.ID).Where("c.status <> 'withdrawn'")
	switch p.audience {
	case domain.PackMinistry:
		q = q.Where("c.ministry_id = ?", p.ministryID)
	case domain.PackDelegate:
		q = q.Where("FALSE")
	}
	return q
}

// Consultations streams the requests to ministries with their answers, by item, then
// ministry. A delegate's pack has none.
func (p *PackSource) Consultations(ctx context.Context, fn func(exports.ConsultationRow) error) error {
	q := p.consultations(p.s.db.NewSelect()).
		Join("JOIN ministries AS m ON m.id = c.ministry_id").
		Join("LEFT JOIN users AS ab ON ab.id = c.answered_by").
		ColumnExpr("i.number, i.title_en, i.title_ko, m.name_en, m.name_ko, c.question, c.due_on, c.status").
		ColumnExpr(overdueSQL+" AS overdue", p.today.Format(time.DateOnly)).
		ColumnExpr("c.answer, coalesce(ab.name, ''), c.answered_at").
		OrderExpr("i.sort_key, m.code")
	err := eachRow(ctx, q, func(scan func(...any) error) error {
		var r exports.ConsultationRow
		var answeredAt sql.NullTime
		if err := scan(&r.Number, &r.TitleEN, &r.TitleKO, &r.MinistryEN, &r.MinistryKO, &r.Question, &r.DueOn, &r.Status,
			&r.Overdue, &r.Answer, &r.AnsweredBy, &answeredAt); err != nil {
			return err
		}
		if answeredAt.Valid {
			r.AnsweredAt = &answeredAt.Time
		}
		return fn(r)
	})
	return dbError("pack consultations", err)
}

// members restricts delegation members (alias dm, with people p) to the pack's session
// and audience: a ministry's pack lists only the members from that ministry.
func (p *PackSource) members(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.TableExpr("delegation_members AS dm").Join("JOIN people AS p ON p.id = dm.person_id").
		Where("dm.session_id = ?", p.session.ID)
	if p.audience == domain.PackMinistry {
		q = q.Where("p.ministry_id = ?", p.ministryID)
	}
	return q
}

// memberOrder lists a delegation by rank of role, then name.
const memberOrder = `array_position(ARRAY['head','deputy_head','delegate','alternate','adviser','expert','observer'], dm.role),
	coalesce(nullif(p.name_en, ''), p.name_ko)`

// Members streams the delegation, by rank, with the items each covers.
func (p *PackSource) Members(ctx context.Context, fn func(exports.MemberRow) error) error {
	q := p.members(p.s.db.NewSelect()).
		ColumnExpr("p.name_en, p.name_ko, dm.role, p.organisation, p.title, dm.accreditation, dm.arrives_on, dm.departs_on, dm.funded_by").
		ColumnExpr(`coalesce((SELECT string_agg(ci.number, ', ' ORDER BY ci.sort_key) FROM coverage cv
			JOIN agenda_items ci ON ci.id = cv.item_id WHERE cv.member_id = dm.id), '')`).
		OrderExpr(memberOrder)
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

// Attendance returns the session's days and each member's attendance on them.
func (p *PackSource) Attendance(ctx context.Context) ([]time.Time, []exports.AttendanceRow, error) {
	var days []time.Time
	for d := p.session.StartsOn; !d.After(p.session.EndsOn); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	var recs []struct {
		MemberID int64      `bun:"id"`
		NameEN   string     `bun:"name_en"`
		NameKO   string     `bun:"name_ko"`
		Day      *time.Time `bun:"day"`
		Status   string     `bun:"status"`
	}
	q := p.members(p.s.db.NewSelect()).
		Join("LEFT JOIN attendance AS a ON a.member_id = dm.id").
		ColumnExpr("dm.id, p.name_en, p.name_ko, a.day, coalesce(a.status, '') AS status").
		OrderExpr(memberOrder + ", dm.id, a.day")
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
