package store

import (
	"context"
	"slices"
	"time"

	"github.com/kncu/plenary/internal/domain"
)

// attendanceCounts is the SQL of an AttendanceRate over the attendance rows a: counts by
// status, and the percentage attended with a partial day as half, NULL when nothing is
// recorded.
const attendanceCounts = `count(a.member_id) FILTER (WHERE a.status = 'present') AS present,
	count(a.member_id) FILTER (WHERE a.status = 'partial') AS partial,
	count(a.member_id) FILTER (WHERE a.status = 'absent') AS absent,
	count(a.member_id) AS recorded,
	round(100.0 * (count(a.member_id) FILTER (WHERE a.status = 'present')
		+ 0.5 * count(a.member_id) FILTER (WHERE a.status = 'partial')) / nullif(count(a.member_id), 0))::int AS rate`

// DelegationFigures counts the delegation of session ses: its size by role, organisation
// and accreditation, and its attendance per member, per day and overall. Only the
// session's days count, as in the attendance grid. It takes three queries.
func (s *Store) DelegationFigures(ctx context.Context, ses *domain.Session) (*domain.DelegationFigures, error) {
	f := new(domain.DelegationFigures)
	var sizes []struct {
		Dim   string `bun:"dim"`
		Value string `bun:"value"`
		Count int    `bun:"n"`
	}
	err := s.db.NewRaw(`SELECT CASE WHEN GROUPING(dm.role) = 0 THEN 'role'
		                WHEN GROUPING(p.organisation) = 0 THEN 'organisation'
		                WHEN GROUPING(dm.accreditation) = 0 THEN 'accreditation'
		                ELSE 'total' END AS dim,
		       coalesce(dm.role, p.organisation, dm.accreditation, '') AS value,
		       count(*) AS n
		FROM delegation_members dm JOIN people p ON p.id = dm.person_id
		WHERE dm.session_id = ?
		GROUP BY GROUPING SETS ((dm.role), (p.organisation), (dm.accreditation), ())
		ORDER BY dim, n DESC, value`, ses.ID).Scan(ctx, &sizes)
	if err != nil {
		return nil, dbError("delegation sizes", err)
	}
	for _, r := range sizes {
		switch r.Dim {
		case "total":
			f.Total = r.Count
		case "role":
			f.ByRole = append(f.ByRole, domain.Figure{Value: r.Value, Label: domain.MemberRole(r.Value).Label(), Count: r.Count})
		case "organisation":
			f.ByOrganisation = append(f.ByOrganisation, domain.Figure{Value: r.Value, Count: r.Count})
		case "accreditation":
			f.ByAccreditation = append(f.ByAccreditation, domain.Figure{Value: r.Value, Label: domain.Accreditation(r.Value).Label(), Count: r.Count})
		}
	}
	sortFigures(f.ByRole, domain.MemberRoles)
	sortFigures(f.ByAccreditation, domain.Accreditations)

	err = s.db.NewRaw(`SELECT dm.id AS member_id, p.name_en, p.name_ko, dm.role, `+attendanceCounts+`
		FROM delegation_members dm
		JOIN people p ON p.id = dm.person_id
		JOIN sessions s ON s.id = dm.session_id
		LEFT JOIN attendance a ON a.member_id = dm.id AND a.day BETWEEN s.starts_on AND s.ends_on
		WHERE dm.session_id = ?
		GROUP BY dm.id, p.id
		ORDER BY `+orderMembers, ses.ID).Scan(ctx, &f.Members)
	if err != nil {
		return nil, dbError("attendance per member", err)
	}

	// The last row, with a NULL day, is the whole session.
	var days []struct {
		Day *time.Time `bun:"day,type:date"`
		domain.AttendanceRate
	}
	err = s.db.NewRaw(`SELECT d.day, `+attendanceCounts+`
		FROM sessions s
		CROSS JOIN LATERAL generate_series(s.starts_on, s.ends_on, interval '1 day') AS g(t)
		CROSS JOIN LATERAL (SELECT g.t::date AS day) AS d
		LEFT JOIN attendance a ON a.day = d.day
			AND a.member_id IN (SELECT dm.id FROM delegation_members dm WHERE dm.session_id = s.id)
		WHERE s.id = ?
		GROUP BY ROLLUP (d.day)
		ORDER BY d.day NULLS LAST`, ses.ID).Scan(ctx, &days)
	if err != nil {
		return nil, dbError("attendance per day", err)
	}
	for _, d := range days {
		if d.Day == nil {
			f.Overall = d.AttendanceRate
			continue
		}
		f.Days = append(f.Days, domain.DayAttendance{AttendanceRate: d.AttendanceRate, Day: *d.Day})
	}
	return f, nil
}

// sortFigures puts figures in the order of the domain's list of values (roles by
// precedence, accreditation states in their order) rather than by count.
func sortFigures[T ~string](fs []domain.Figure, order []T) {
	rank := func(v string) int { return slices.Index(order, T(v)) }
	slices.SortStableFunc(fs, func(a, b domain.Figure) int { return rank(a.Value) - rank(b.Value) })
}
