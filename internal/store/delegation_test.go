package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

var all = domain.Scope{All: true}

// demoStore returns a store on a new database with the demo data.
func demoStore(t *testing.T) (*store.Store, *bun.DB) {
	t.Helper()
	db, _ := testdb.NewDemo(t)
	return store.New(db), db
}

func session(t *testing.T, s *store.Store, code string) *domain.Session {
	t.Helper()
	ses, err := s.SessionByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("session %s: %v", code, err)
	}
	return ses
}

// person adds a person with the given English name, or fails the test.
func person(t *testing.T, s *store.Store, name string) *domain.Person {
	t.Helper()
	p, err := s.CreatePerson(context.Background(), testActor, domain.PersonInput{NameEN: name, Organisation: "KNCU"})
	if err != nil {
		t.Fatalf("create person %s: %v", name, err)
	}
	return p
}

// TestLikelyDuplicates: the same e-mail, or the same names written differently, are
// shown before a person is created twice; a different person is not.
func TestLikelyDuplicates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := demoStore(t)
	tests := []struct {
		name string
		in   domain.PersonInput
		want string // the English name of the likely duplicate, "" for none
	}{
		{"SameEmailOtherCase", domain.PersonInput{NameEN: "Someone Else", Email: " JW.Chung@MOFA.example "}, "Chung Jae-won"},
		{"EnglishWordsSwapped", domain.PersonInput{NameEN: "jae-won CHUNG"}, "Chung Jae-won"},
		{"EnglishWithoutHyphen", domain.PersonInput{NameEN: "Chung Jaewon"}, "Chung Jae-won"},
		{"KoreanWithSpace", domain.PersonInput{NameKO: "정 재원"}, "Chung Jae-won"},
		{"DifferentPerson", domain.PersonInput{NameEN: "Chung Jae-min", NameKO: "정재민", Email: "jm.chung@mofa.example"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Organisation = "MOFA"
			ps, err := s.LikelyDuplicates(ctx, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "" && len(ps) > 0:
				t.Errorf("likely duplicates %q, want none", ps[0].NameEN)
			case tt.want != "" && (len(ps) != 1 || ps[0].NameEN != tt.want):
				t.Errorf("likely duplicates %v, want %s", ps, tt.want)
			}
		})
	}
}

// TestMemberRules: a member's dates fall within a week of the session, departure after
// arrival; a person is on a delegation once; a delegation has one Head. Each refusal names
// its field and writes nothing.
func TestMemberRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, db := demoStore(t)
	ses := session(t, s, "226 EX") // 2027-04-07 to 2027-04-21
	p := person(t, s, "Ryu Ha-jin")
	onDelegation, err := s.Members(ctx, all, ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, field, msg string
		in               domain.MemberInput
	}{
		{"ErrArrivalTooEarly", "arrives_on", "delegations.error_outside_window",
			domain.MemberInput{PersonID: p.ID, Role: "expert", Accreditation: "pending", ArrivesOn: "2027-03-30"}},
		{"ErrDepartureTooLate", "departs_on", "delegations.error_outside_window",
			domain.MemberInput{PersonID: p.ID, Role: "expert", Accreditation: "pending", DepartsOn: "2027-04-29"}},
		{"ErrDepartureBeforeArrival", "departs_on", "delegations.error_departs_before_arrival",
			domain.MemberInput{PersonID: p.ID, Role: "expert", Accreditation: "pending", ArrivesOn: "2027-04-10", DepartsOn: "2027-04-09"}},
		{"ErrSecondHead", "role", "delegations.error_head_taken",
			domain.MemberInput{PersonID: p.ID, Role: "head", Accreditation: "pending"}},
		{"ErrAlreadyOnDelegation", "person_id", "delegations.error_person_taken",
			domain.MemberInput{PersonID: onDelegation[0].PersonID, Role: "expert", Accreditation: "pending"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := db.NewSelect().Table("delegation_members").Count(ctx)
			_, err := s.AddMember(ctx, testActor, ses, tt.in)
			if got := domain.ErrorFields(err)[tt.field]; got != tt.msg {
				t.Errorf("error %v: field %s says %q, want %q", err, tt.field, got, tt.msg)
			}
			if after, _ := db.NewSelect().Table("delegation_members").Count(ctx); after != before {
				t.Errorf("members %d → %d: a refused member was added", before, after)
			}
		})
	}
	t.Run("OKEdgesOfTheWindow", func(t *testing.T) {
		in := domain.MemberInput{PersonID: p.ID, Role: "expert", Accreditation: "pending", ArrivesOn: "2027-03-31", DepartsOn: "2027-04-28"}
		if _, err := s.AddMember(ctx, testActor, ses, in); err != nil {
			t.Errorf("error %v, want none", err)
		}
	})
	t.Run("ErrSecondHeadInTheDatabase", func(t *testing.T) {
		_, err := db.NewUpdate().Table("delegation_members").Set("role = 'head'").
			Where("session_id = ? AND person_id = ?", ses.ID, p.ID).Exec(ctx)
		if err == nil {
			t.Error("the database took a second Head of Delegation")
		}
	})
}

// TestCoverageSameSession: a member covers only items of their own session, as the store
// and the database both insist.
func TestCoverageSameSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, db := demoStore(t)
	ms, err := s.Members(ctx, all, session(t, s, "226 EX").ID)
	if err != nil {
		t.Fatal(err)
	}
	m := ms[0]
	items, err := s.AgendaItems(ctx, all, session(t, s, "220 EX").ID, domain.AgendaFilter{})
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := items[0].ID

	err = s.SetCoverage(ctx, testActor, m.ID, m.Version, []int64{elsewhere})
	if got, want := domain.ErrorFields(err)["item_id"], "delegations.error_item_elsewhere"; got != want {
		t.Errorf("SetCoverage: error %v, want %s on item_id", err, want)
	}
	if _, err := db.NewInsert().Model(&map[string]any{"member_id": m.ID, "item_id": elsewhere}).TableExpr("coverage").Exec(ctx); err == nil {
		t.Error("the database took coverage of another session's item")
	}
}

// TestSaveAttendanceAllOrNothing: one bad cell refuses the whole grid and writes nothing;
// a grid read before someone else saved is refused as stale; a good grid is written and
// audited once.
func TestSaveAttendanceAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, db := demoStore(t)
	ses := session(t, s, "34 IOC")
	ms, err := s.Members(ctx, all, ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	days := domain.SessionDays(ses)
	var cells []domain.AttendanceCell
	for _, m := range ms {
		for _, d := range days {
			cells = append(cells, domain.AttendanceCell{MemberID: m.ID, Day: d, Status: "present"})
		}
	}
	count := func() int {
		n, err := db.NewSelect().Table("attendance").Where("member_id IN (?)", bun.List(memberIDs(ms))).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}

	t.Run("ErrOneBadCell", func(t *testing.T) {
		bad := append([]domain.AttendanceCell(nil), cells...)
		bad[len(bad)/2].Status = "late"
		bad[3].Status, bad[3].Note = "", "left early"
		_, err := s.SaveAttendance(ctx, testActor, ses, bad)
		fields := domain.ErrorFields(err)
		if len(fields) != 2 || fields[bad[len(bad)/2].Key()] != "attendance.error_status" ||
			fields[bad[3].Key()] != "attendance.error_note_without_status" {
			t.Errorf("error %v, want the two bad cells named", err)
		}
		if got := count(); got != 0 {
			t.Errorf("%d cells written, want none", got)
		}
	})
	t.Run("OK", func(t *testing.T) {
		n, err := s.SaveAttendance(ctx, testActor, ses, cells)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(ms) * len(days); n != want || count() != want {
			t.Errorf("%d cells changed, %d saved, want %d", n, count(), want)
		}
		audits, _ := db.NewSelect().Table("audit_log").Where("entity = 'attendance' AND entity_id = ?", ses.ID).Count(ctx)
		if audits != 1 {
			t.Errorf("%d audit rows, want 1", audits)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		stale := append([]domain.AttendanceCell(nil), cells...) // read when nothing was recorded
		stale[0].Status = "absent"
		_, err := s.SaveAttendance(ctx, testActor, ses, stale)
		if !isStale(err) {
			t.Fatalf("error %v, want stale", err)
		}
		if got := len(domain.ErrorFields(err)); got != len(cells) {
			t.Errorf("%d cells named as changed meanwhile, want %d", got, len(cells))
		}
	})
}

func memberIDs(ms []domain.Member) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

func isStale(err error) bool {
	return domain.ErrorCode(err) == domain.ECONFLICT && domain.ErrorMessage(err) == "error.stale"
}

// TestCheckIn: a delegate checks in themselves, for today, on a day of the session.
func TestCheckIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, db := demoStore(t)
	ses := session(t, s, "48 WHC") // 2026-07-19 to 2026-07-29
	delegate, err := s.UserByEmail(ctx, "delegate@plenary.example")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.Members(ctx, all, ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	var own, other domain.Member
	for _, m := range ms {
		if m.IsUser(delegate.ID) {
			own = m
		} else {
			other = m
		}
	}
	a := domain.Actor{User: delegate}
	tests := []struct {
		name       string
		member     int64
		day, today string
		code       string
	}{
		{"ErrAnotherMember", other.ID, "2026-07-20", "2026-07-20", domain.EFORBIDDEN},
		{"ErrAnotherDay", own.ID, "2026-07-19", "2026-07-20", domain.EINVALID},
		{"ErrNotASessionDay", own.ID, "2026-07-30", "2026-07-30", domain.EINVALID},
		{"OK", own.ID, "2026-07-24", "2026-07-24", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const note = "Afternoon only: checked in by the test"
			err := s.CheckIn(ctx, a, tt.member, delegate.ID, day(tt.day), day(tt.today), domain.AttendancePartial, note)
			if got := domain.ErrorCode(err); got != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			recorded, err := db.NewSelect().Table("attendance").Where("note = ?", note).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if tt.code == "" {
				var status string
				db.NewSelect().Table("attendance").Column("status").Where("member_id = ? AND day = ?", tt.member, day(tt.today)).Scan(ctx, &status)
				if status != "partial" || recorded != 1 {
					t.Errorf("status %q, %d records with the note, want partial and 1", status, recorded)
				}
			} else if recorded != 0 {
				t.Error("a refused check-in was recorded")
			}
		})
	}
}

// TestDelegationFigures: the figures of the concluded 48 WHC agree with its attendance
// rows, counted here one by one.
func TestDelegationFigures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := demoStore(t)
	ses := session(t, s, "48 WHC")
	f, err := s.DelegationFigures(ctx, ses)
	if err != nil {
		t.Fatal(err)
	}
	grid, err := s.Attendance(ctx, ses)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.Members(ctx, all, ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != len(ms) || len(f.Members) != len(ms) {
		t.Fatalf("total %d, %d member rows, want %d", f.Total, len(f.Members), len(ms))
	}
	want := map[int64]domain.AttendanceRate{}
	var overall domain.AttendanceRate
	for _, a := range grid {
		r := want[a.MemberID]
		tally(&r, a.Status)
		want[a.MemberID] = r
		tally(&overall, a.Status)
	}
	for _, m := range f.Members {
		w := want[m.MemberID]
		if m.Present != w.Present || m.Partial != w.Partial || m.Absent != w.Absent || m.Recorded != w.Recorded {
			t.Errorf("%s: %+v, want %+v", m.NameEN, m.AttendanceRate, w)
		}
	}
	if o := f.Overall; o.Present != overall.Present || o.Partial != overall.Partial || o.Recorded != overall.Recorded {
		t.Errorf("overall %+v, want %+v", o, overall)
	}
	if len(f.Days) != len(domain.SessionDays(ses)) {
		t.Errorf("%d days, want %d", len(f.Days), len(domain.SessionDays(ses)))
	}
	if got, want := domain.Count(f.ByAccreditation, "confirmed"), len(ms); got != want {
		t.Errorf("%d confirmed, want %d", got, want)
	}
}

func tally(r *domain.AttendanceRate, s domain.AttendanceStatus) {
	r.Recorded++
	switch s {
	case domain.AttendancePresent:
		r.Present++
	case domain.AttendancePartial:
		r.Partial++
	case domain.AttendanceAbsent:
		r.Absent++
	}
}

// TestDelegationScope: a delegate sees the whole delegation of a session they are on and
// none other; a liaison sees only their ministry's members.
func TestDelegationScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := demoStore(t)
	delegate, _ := s.UserByEmail(ctx, "delegate@plenary.example")
	khs, _ := s.UserByEmail(ctx, "khs@plenary.example")
	tests := []struct {
		name    string
		scope   domain.Scope
		session string
		want    int
	}{
		{"StaffWHC", all, "48 WHC", 8},
		{"DelegateOwnDelegation", domain.Scope{UserID: delegate.ID}, "48 WHC", 8},
		{"DelegateNotOnIOC", domain.Scope{UserID: delegate.ID}, "34 IOC", 0},
		{"LiaisonOwnMinistry", domain.Scope{MinistryID: *khs.MinistryID}, "48 WHC", 3},
		{"LiaisonSessionNotVisible", domain.Scope{MinistryID: *khs.MinistryID}, "34 IOC", 0},
		{"StaffIOC", all, "34 IOC", 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := s.Members(ctx, tt.scope, session(t, s, tt.session).ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != tt.want {
				t.Errorf("%d members, want %d", len(ms), tt.want)
			}
		})
	}
}

// TestPeopleSearch: the people search finds names in either language, organisations and
// areas of expertise, as substrings.
func TestPeopleSearch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := demoStore(t)
	tests := []struct {
		q    string
		want []string
	}{
		{"재원", []string{"Chung Jae-won"}},
		{"jae-won", []string{"Chung Jae-won"}},
		{"tsunami", []string{"Ahn Sung-min", "Nam Gi-tae"}},
		{"KHOA", []string{"Ahn Sung-min", "Cho Yong-jin", "Lim Ha-na"}},
		{"100%_", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			ps, _, err := s.People(ctx, all, tt.q, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.NameEN)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("People(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}
