package exports_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
)

// everyValue is a pack source whose rows hold every value of every enum the pack shows:
// a position per stance and brief status, a member per role and accreditation status, and
// so on.
func everyValue() *memSource {
	m := &memSource{}
	n := max(len(domain.Stances), len(domain.BriefStatuses), len(domain.ItemStatuses), len(domain.Priorities),
		len(domain.MemberRoles), len(domain.Accreditations), len(domain.ConsultationStatuses), len(domain.AttendanceStatuses))
	m.days = []time.Time{day("2027-04-07")}
	for i := range n {
		num := fmt.Sprint(i + 1)
		m.items = append(m.items, exports.ItemRow{Number: num, TitleEN: "Item " + num,
			Status: string(at(domain.ItemStatuses, i)), Priority: string(at(domain.Priorities, i))})
		m.positions = append(m.positions, exports.PositionRow{Number: num, TitleEN: "Item " + num, SummaryEN: "Summary",
			Stance: string(at(domain.Stances, i)), Status: string(at(domain.BriefStatuses, i))})
		m.cons = append(m.cons, exports.ConsultationRow{Number: num, TitleEN: "Item " + num, MinistryEN: "Ministry of Education",
			Question: "Your view?", DueOn: day("2027-03-01"), Status: string(at(domain.ConsultationStatuses, i))})
		m.members = append(m.members, exports.MemberRow{NameEN: "Member " + num,
			Role: string(at(domain.MemberRoles, i)), Accreditation: string(at(domain.Accreditations, i))})
		m.att = append(m.att, exports.AttendanceRow{NameEN: "Member " + num,
			Days: map[time.Time]string{m.days[0]: string(at(domain.AttendanceStatuses, i))}})
	}
	return m
}

// at returns the i-th value, starting again from the first past the end.
func at[S any](xs []S, i int) S { return xs[i%len(xs)] }

// TestKoreanPackNamesValuesAsPagesDo builds a Korean pack holding every value, reads it
// back, and checks that each stance, accreditation status and every other value the pack
// shows is named exactly as the Korean pages name it: by the domain's catalogue id.
func TestKoreanPackNamesValuesAsPagesDo(t *testing.T) {
	l := catalog.For("ko")
	src := everyValue()
	f, err := excelize.OpenReader(bytes.NewReader(write(t, "ko", domain.PackFull, src)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// column returns the cells under a header of a sheet, one per row of data.
	column := func(sheetID, headerID string) []string {
		t.Helper()
		rows, err := f.GetRows(l.T(sheetID))
		if err != nil {
			t.Fatal(err)
		}
		c := slices.Index(rows[0], l.T(headerID))
		if headerID == "" {
			c = 1
		}
		if c < 0 {
			t.Fatalf("sheet %s has no column %s in %v", l.T(sheetID), l.T(headerID), rows[0])
		}
		var out []string
		for _, r := range rows[1:] {
			if c < len(r) {
				out = append(out, r[c])
			} else {
				out = append(out, "")
			}
		}
		return out
	}
	// field returns the values of one field of the Positions sheet, one per brief: the
	// sheet has a block of rows per brief, each row naming its field.
	field := func(fieldID string) []string {
		t.Helper()
		rows, err := f.GetRows(l.T("session_nav.briefs"))
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{l.T("pack.col.number"), l.T("pack.col.field"), l.T("pack.col.text")}; !slices.Equal(rows[0], want) {
			t.Fatalf("positions header %v, want %v", rows[0], want)
		}
		var out []string
		for _, r := range rows[1:] {
			if len(r) > 1 && r[1] == l.T(fieldID) {
				out = append(out, at(append(r, ""), 2))
			}
		}
		return out
	}
	check := func(what string, got []string, want func(i int) string) {
		t.Helper()
		for i, g := range got {
			if w := want(i); g != w {
				t.Errorf("%s, row %d: the pack says %q, the pages say %q", what, i+2, g, w)
			}
		}
	}
	page := func(label string) string { return l.T(label) }
	check("stance", field("field.stance"),
		func(i int) string { return page(at(domain.Stances, i).Label()) })
	check("brief status", field("pack.col.brief_status"),
		func(i int) string { return page(at(domain.BriefStatuses, i).Label()) })
	check("accreditation", column("session_nav.delegation", "field.accreditation"),
		func(i int) string { return page(at(domain.Accreditations, i).Label()) })
	check("member role", column("session_nav.delegation", "field.role"),
		func(i int) string { return page(at(domain.MemberRoles, i).Label()) })
	check("item status", column("agenda.title", "field.status"),
		func(i int) string { return page(at(domain.ItemStatuses, i).Label()) })
	check("priority", column("agenda.title", "field.priority"),
		func(i int) string { return page(at(domain.Priorities, i).Label()) })
	check("consultation status", column("session_nav.consultations", "field.status"),
		func(i int) string { return page(at(domain.ConsultationStatuses, i).Label()) })
	check("attendance", column("session_nav.attendance", ""),
		func(i int) string { return page(at(domain.AttendanceStatuses, i).Label()) })

	// The two names that once drifted, spelled out as the pages show them.
	stances := field("field.stance")
	if i := slices.Index(domain.Stances, domain.StanceMonitor); stances[i] != "동향 주시" {
		t.Errorf("monitor is %q in the pack, want 동향 주시", stances[i])
	}
	acc := column("session_nav.delegation", "field.accreditation")
	if i := slices.Index(domain.Accreditations, domain.AccreditationConfirmed); acc[i] != "확정" {
		t.Errorf("confirmed is %q in the pack, want 확정", acc[i])
	}
	if got, want := len(stances), len(src.positions); got != want {
		t.Errorf("read %d positions back, want %d", got, want)
	}
	if got, want := len(field("pack.col.brief_status")), len(src.positions); got != want {
		t.Errorf("read %d brief statuses back, want %d", got, want)
	}
}
