package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestPackRowsArePageRows: for each audience, on every session of the demo data, each
// sheet of the briefing pack holds exactly the rows that the pages show a person of that
// audience: staff for the full pack, a ministry's liaison for the ministry's pack, the
// delegate for their own. A session the person cannot open gives a pack with no rows.
func TestPackRowsArePageRows(t *testing.T) {
	t.Parallel()
	db, _ := testdb.NewDemo(t)
	ctx := context.Background()
	now := time.Now()
	st := store.New(db).WithClock(func() time.Time { return now })
	zone := time.UTC
	today := domain.Today(now, zone)

	// The Ministry of Education had another name until the end of 2024, so that the
	// pages and the pack name it differently on 220 EX than on later sessions.
	moe, err := st.MinistryByCode(ctx, "MOE")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddFormerName(ctx, domain.SystemActor("test"), domain.MinistryFormerName{MinistryID: moe.ID,
		NameEN: "Ministry of Education and Human Resources", NameKO: "교육인적자원부", UsedUntil: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}

	sessions, err := st.Sessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	audiences := []struct{ name, email, audience string }{
		{"Full", "staff@plenary.example", "full"},
		{"MinistryMOE", "moe@plenary.example", "ministry:MOE"},
		{"MinistryKHS", "khs@plenary.example", "ministry:KHS"},
		{"Delegate", "delegate@plenary.example", "delegate:delegate@plenary.example"},
	}
	seen := map[string]int{} // sheet -> rows compared, over every audience and session
	for _, a := range audiences {
		u, err := st.UserByEmail(ctx, a.email)
		if err != nil {
			t.Fatal(err)
		}
		aud, err := policy.ResolvePack(ctx, st, u, domain.ParsePackRequest(a.audience))
		if err != nil {
			t.Fatalf("%s: %v", a.audience, err)
		}
		for _, ses := range sessions {
			t.Run(a.name+"/"+ses.Code, func(t *testing.T) {
				src, err := st.NewPackSource(&ses, aud.Kind, policy.PackScope(aud), today)
				if err != nil {
					t.Fatal(err)
				}
				pack := packRows(t, src)
				page := pageRows(t, st, u, &ses, zone)
				for _, sheet := range []string{"items", "positions", "consultations", "members", "attendance", "overview"} {
					got, want := pack[sheet], page[sheet]
					slices.Sort(got)
					slices.Sort(want)
					if !slices.Equal(got, want) {
						t.Errorf("%s: the pack has rows the pages do not show:\n\t%s\nthe pages show rows the pack has not:\n\t%s",
							sheet, strings.Join(minus(got, want), "\n\t"), strings.Join(minus(want, got), "\n\t"))
					}
					seen[sheet] += len(want)
				}
			})
		}
	}
	// Every sheet was compared on some rows, or the test proves nothing.
	for _, sheet := range []string{"items", "positions", "consultations", "members", "attendance"} {
		if seen[sheet] == 0 {
			t.Errorf("no %s compared: the demo data has none any audience sees", sheet)
		}
	}
}

// packRows reads every sheet of a pack from its source, each row as a key.
func packRows(t *testing.T, src exports.Source) map[string][]string {
	t.Helper()
	ctx := context.Background()
	rows := map[string][]string{}
	add := func(sheet string, parts ...any) { rows[sheet] = append(rows[sheet], key(parts...)) }
	ov, err := src.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	overview(add, ov.ItemsByStatus, ov.BriefsByStatus, ov.BriefsByStance, ov.OpenConsultations, ov.OverdueConsultations)
	err = src.Items(ctx, func(r exports.ItemRow) error {
		add("items", r.Number, r.LeadEN, r.LeadKO, r.Status)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = src.Positions(ctx, func(r exports.PositionRow) error {
		add("positions", r.Number, r.Status, r.Stance, r.Revision)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = src.Consultations(ctx, func(r exports.ConsultationRow) error {
		add("consultations", r.Number, r.MinistryEN, r.MinistryKO, r.Status, r.Overdue)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = src.Members(ctx, func(r exports.MemberRow) error {
		add("members", r.NameEN, r.NameKO, r.Role, r.Accreditation)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	days, att, err := src.Attendance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range att {
		var cells []string
		for _, d := range days {
			cells = append(cells, r.Days[d])
		}
		add("attendance", r.NameEN, r.NameKO, strings.Join(cells, ","))
	}
	return rows
}

// pageRows reads what the pages of session ses show u, through the store's functions
// behind them (the session's agenda, briefs, consultations and delegation pages, and each
// member's page), each row as a key in the shape packRows gives it. A session u cannot
// open shows nothing.
func pageRows(t *testing.T, st *store.Store, u *domain.User, ses *domain.Session, zone *time.Location) map[string][]string {
	t.Helper()
	ctx := context.Background()
	rows := map[string][]string{}
	add := func(sheet string, parts ...any) { rows[sheet] = append(rows[sheet], key(parts...)) }
	sc, bsc := policy.ScopeOf(u), policy.BriefScopeOf(u)
	if _, err := st.Session(ctx, sc, ses.ID); domain.ErrorCode(err) == domain.ENOTFOUND {
		overview(add, nil, nil, nil, 0, 0)
		return rows
	} else if err != nil {
		t.Fatal(err)
	}

	items, err := st.AgendaItems(ctx, sc, ses.ID, domain.AgendaFilter{})
	if err != nil {
		t.Fatal(err)
	}
	itemsByStatus := map[string]int{}
	for _, it := range items {
		add("items", it.Number, it.LeadNameEN, it.LeadNameKO, it.Status)
		itemsByStatus[string(it.Status)]++
	}

	briefs, err := st.Briefs(ctx, bsc, domain.BriefFilter{SessionID: ses.ID})
	if err != nil {
		t.Fatal(err)
	}
	byStatus, byStance := map[string]int{}, map[string]int{}
	for _, b := range briefs {
		add("positions", b.Number, b.BriefStatus, b.Stance, b.Revision)
		byStatus[string(b.BriefStatus)]++
		byStance[string(b.Stance)]++
	}

	// The pack leaves out withdrawn requests, which the pages show struck through.
	var open, overdue int
	if policy.Can(u, policy.ViewConsultations) {
		cs, err := st.Consultations(ctx, sc, zone, domain.ConsultationFilter{SessionID: ses.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Status == domain.ConsultationWithdrawn {
				continue
			}
			add("consultations", c.ItemNumber, c.MinistryNameEN, c.MinistryNameKO, c.Status, c.Overdue)
			if c.Status == domain.ConsultationOpen {
				open++
			}
			if c.Overdue {
				overdue++
			}
		}
	}
	overview(add, itemsByStatus, byStatus, byStance, open, overdue)

	members, err := st.Members(ctx, sc, ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	days := sessionDays(ses)
	for _, m := range members {
		add("members", m.NameEN, m.NameKO, m.Role, m.Accreditation)
		// A member's page shows their attendance to staff and to the member themselves.
		recorded := map[time.Time]string{}
		if policy.Can(u, policy.ViewDelegationFigures) || m.IsUser(u.ID) {
			att, err := st.AttendanceOfMember(ctx, &m)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range att {
				recorded[a.Day.UTC()] = string(a.Status)
			}
		}
		var cells []string
		for _, d := range days {
			cells = append(cells, recorded[d])
		}
		add("attendance", m.NameEN, m.NameKO, strings.Join(cells, ","))
	}
	return rows
}

// overview adds the counts of the overview sheet, one row per count.
func overview(add func(string, ...any), items, briefs, stances map[string]int, open, overdue int) {
	for what, counts := range map[string]map[string]int{"items": items, "briefs": briefs, "stances": stances} {
		for k, n := range counts {
			if n > 0 {
				add("overview", what, k, n)
			}
		}
	}
	add("overview", "open", open)
	add("overview", "overdue", overdue)
}

// sessionDays lists the days of a session, as the pack's attendance sheet has them.
func sessionDays(ses *domain.Session) []time.Time {
	var days []time.Time
	for d := ses.StartsOn; !d.After(ses.EndsOn); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	return days
}

// key joins the parts of a row into one comparable string.
func key(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = fmt.Sprint(p)
	}
	return strings.Join(s, " | ")
}

// minus returns the rows of a not in b, counting repeats.
func minus(a, b []string) []string {
	left := slices.Clone(b)
	var out []string
	for _, x := range a {
		if i := slices.Index(left, x); i >= 0 {
			left = slices.Delete(left, i, i+1)
		} else {
			out = append(out, x)
		}
	}
	return out
}
