package web_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// memberID returns the id of the member of the demo session code's delegation whose
// English name is name.
func (a *testApp) memberID(code, name string) int64 {
	a.t.Helper()
	var id int64
	err := a.DB.NewSelect().TableExpr("delegation_members AS dm").Column("dm.id").
		Join("JOIN people p ON p.id = dm.person_id").Join("JOIN sessions s ON s.id = dm.session_id").
		Where("s.code = ? AND p.name_en = ?", code, name).Scan(context.Background(), &id)
	if err != nil {
		a.t.Fatalf("member %s of %s: %v", name, code, err)
	}
	return id
}

// personID returns the id of the demo person whose English name is name.
func (a *testApp) personID(name string) int64 {
	a.t.Helper()
	var id int64
	if err := a.DB.NewSelect().Table("people").Column("id").Where("name_en = ?", name).Scan(context.Background(), &id); err != nil {
		a.t.Fatalf("person %s: %v", name, err)
	}
	return id
}

// version returns the version of row id of table.
func (a *testApp) version(table string, id int64) string {
	a.t.Helper()
	var v int
	if err := a.DB.NewSelect().Table(table).Column("version").Where("id = ?", id).Scan(context.Background(), &v); err != nil {
		a.t.Fatalf("version of %s %d: %v", table, id, err)
	}
	return strconv.Itoa(v)
}

// attendanceVersion returns the version of the attendance of member on day, "0" when
// none is recorded.
func (a *testApp) attendanceVersion(member int64, day string) string {
	a.t.Helper()
	var v int
	err := a.DB.NewSelect().Table("attendance").Column("version").Where("member_id = ? AND day = ?", member, day).Scan(context.Background(), &v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		a.t.Fatal(err)
	}
	return strconv.Itoa(v)
}

// freshPerson adds a person to the list and returns their id.
func (a *testApp) freshPerson() int64 {
	a.t.Helper()
	n := a.count("people", "TRUE")
	p, err := a.Store.CreatePerson(context.Background(), domain.SystemActor("test"),
		domain.PersonInput{NameEN: fmt.Sprintf("Test Person %d", n+1), Organisation: "KNCU"})
	if err != nil {
		a.t.Fatal(err)
	}
	return p.ID
}

// freshMember puts a new person on the delegation of the demo session code and returns
// the member's id.
func (a *testApp) freshMember(code string) int64 {
	a.t.Helper()
	ctx := context.Background()
	ses, err := a.Store.SessionByCode(ctx, code)
	if err != nil {
		a.t.Fatal(err)
	}
	m, err := a.Store.AddMember(ctx, domain.SystemActor("test"), ses,
		domain.MemberInput{PersonID: a.freshPerson(), Role: "observer", Accreditation: "pending"})
	if err != nil {
		a.t.Fatal(err)
	}
	return m.ID
}

// Demo people: the delegate user is Choi Minsu; Han Seung-ho works
// for the Ministry of Education; both are on the 226 EX delegation.
const (
	choi = "Choi Minsu"
	han  = "Han Seung-ho"
)

// TestDelegationVisibility: a delegate sees the whole list of their own delegation and
// none other; a liaison sees only the members from their ministry.
func TestDelegationVisibility(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	path := fmt.Sprintf("/sessions/%d/delegation", app.sessionID("226 EX"))
	tests := []struct {
		name, email string
		see, hide   []string
	}{
		{"Staff", staffEmail, []string{choi, han, "Chung Jae-won", "Seo Ji-yeon", "Travel approval expected in March."}, nil},
		{"Delegate", delegateEmail, []string{choi, han, "Chung Jae-won", "Seo Ji-yeon"}, []string{"Travel approval expected in March."}},
		{"LiaisonOwnMinistryOnly", moeEmail, []string{han}, []string{choi, "Chung Jae-won", "Seo Ji-yeon"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.client()
			c.login(tt.email)
			resp, body := c.get(path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			for _, s := range tt.see {
				if !strings.Contains(body, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
			for _, s := range tt.hide {
				if strings.Contains(body, s) {
					t.Errorf("the page shows %q", s)
				}
			}
			if tt.email != staffEmail && strings.Contains(body, en.T("figures.title")) {
				t.Error("the figures are shown to someone other than staff")
			}
		})
	}

	t.Run("ItemPageShowsWhoCovers", func(t *testing.T) {
		item := fmt.Sprintf("/items/%d", app.itemID("226 EX", "5.I.B"))
		staff := app.client()
		staff.login(staffEmail)
		_, body := staff.get(item)
		if !strings.Contains(body, choi) || !strings.Contains(body, han) {
			t.Error("the item page does not show the two members who cover it")
		}
		moe := app.client()
		moe.login(moeEmail)
		_, body = moe.get(item)
		if !strings.Contains(body, han) || strings.Contains(body, choi) {
			t.Error("the liaison should see only their ministry's member among those who cover the item")
		}
	})

	t.Run("DelegateSeesOwnItems", func(t *testing.T) {
		c := app.client()
		c.login(delegateEmail)
		_, body := c.get(fmt.Sprintf("/members/%d", app.memberID("226 EX", choi)))
		for _, title := range []string{"Global Convention on the Recognition", "Futures of Education", "Climate change education"} {
			if !strings.Contains(body, title) {
				t.Errorf("the delegate's page lacks their item %q", title)
			}
		}
		if strings.Contains(body, `name="item_id"`) {
			t.Error("the delegate is offered the coverage form")
		}
	})
}

// TestDashboardDelegations: a delegate finds their delegations on the dashboard, staff
// the accreditations still outstanding.
func TestDashboardDelegations(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	d := app.client()
	d.login(delegateEmail)
	_, body := d.get("/")
	if !strings.Contains(body, en.T("dashboard_delegations.mine")) || !strings.Contains(body, "226 EX") || !strings.Contains(body, "48 WHC") {
		t.Error("the delegate's dashboard does not list their delegations")
	}
	s := app.client()
	s.login(staffEmail)
	_, body = s.get("/")
	block := body[strings.Index(body, en.T("dashboard_delegations.accreditations")):]
	for _, want := range []string{"226 EX", "34 IOC", en.T("dashboard_delegations.pending", "Count", 10)} {
		if !strings.Contains(block, want) {
			t.Errorf("the staff dashboard's accreditations lack %q", want)
		}
	}
	if strings.Contains(block[:strings.Index(block, "</section>")], "48 WHC") {
		t.Error("a concluded session with every accreditation confirmed is listed as outstanding")
	}
}
