package web_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
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

// delegationRoute is one route of the delegations feature, a path of it on the demo data,
// and the status each role gets: a refusal must come from who asks, never from what they
// send.
type delegationRoute struct {
	method, route string
	path          func(a *testApp) string
	form          func(a *testApp) url.Values
	want          map[string]int // by role name; 303 for a change that is made
}

// The demo people the routes use: the delegate user is Choi Minsu; Han Seung-ho works
// for the Ministry of Education; both are on the 226 EX delegation.
const (
	choi = "Choi Minsu"
	han  = "Han Seung-ho"
)

func sessionPath(code, rest string) func(a *testApp) string {
	return func(a *testApp) string { return fmt.Sprintf("/sessions/%d%s", a.sessionID(code), rest) }
}

func memberPath(code, name, rest string) func(a *testApp) string {
	return func(a *testApp) string { return fmt.Sprintf("/members/%d%s", a.memberID(code, name), rest) }
}

func statuses(staff, moe, khs, delegate int) map[string]int {
	return map[string]int{"Staff": staff, "Admin": staff, "LiaisonMOE": moe, "LiaisonKHS": khs, "Delegate": delegate}
}

var delegationRoutes = []delegationRoute{
	{"GET", "/delegations", func(*testApp) string { return "/delegations" }, nil, statuses(200, 200, 200, 200)},
	{"GET", "/people", func(*testApp) string { return "/people" }, nil, statuses(200, 403, 403, 403)},
	{"GET", "/people/new", func(*testApp) string { return "/people/new" }, nil, statuses(200, 403, 403, 403)},
	{"POST", "/people", func(*testApp) string { return "/people" },
		func(*testApp) url.Values {
			return url.Values{"name_en": {"Lee Da-eun"}, "organisation": {"KIOST"}, "create_anyway": {"true"}}
		}, statuses(303, 403, 403, 403)},
	{"GET", "/people/:id", func(a *testApp) string { return fmt.Sprintf("/people/%d", a.personID(han)) }, nil, statuses(200, 403, 403, 403)},
	{"GET", "/people/:id/edit", func(a *testApp) string { return fmt.Sprintf("/people/%d/edit", a.personID(han)) }, nil, statuses(200, 403, 403, 403)},
	{"POST", "/people/:id", func(a *testApp) string { return fmt.Sprintf("/people/%d", a.personID(han)) },
		func(a *testApp) url.Values {
			return url.Values{"name_en": {han}, "organisation": {"Ministry of Education"}, "version": {a.version("people", a.personID(han))}}
		}, statuses(303, 403, 403, 403)},
	{"GET", "/sessions/:id/delegation", sessionPath("226 EX", "/delegation"), nil, statuses(200, 200, 404, 200)},
	{"GET", "/sessions/:id/delegation/new", sessionPath("226 EX", "/delegation/new"), nil, statuses(200, 403, 403, 403)},
	{"POST", "/sessions/:id/delegation", sessionPath("226 EX", "/delegation"),
		func(a *testApp) url.Values {
			return url.Values{"person_id": {strconv.FormatInt(a.freshPerson(), 10)}, "role": {"expert"}, "accreditation": {"pending"}}
		}, statuses(303, 403, 403, 403)},
	{"GET", "/sessions/:id/attendance", sessionPath("226 EX", "/attendance"), nil, statuses(200, 403, 403, 403)},
	{"POST", "/sessions/:id/attendance", sessionPath("48 WHC", "/attendance"),
		func(a *testApp) url.Values {
			id := a.memberID("48 WHC", "Yang Hye-jin")
			key := fmt.Sprintf("%d_20260724", id)
			return url.Values{"s_" + key: {"present"}, "n_" + key: {""}, "v_" + key: {a.attendanceVersion(id, "2026-07-24")}}
		}, statuses(303, 403, 403, 403)},
	{"GET", "/members/:id", memberPath("226 EX", han, ""), nil, statuses(200, 200, 404, 200)},
	{"GET", "/members/:id/edit", memberPath("226 EX", han, "/edit"), nil, statuses(200, 403, 403, 403)},
	{"POST", "/members/:id", memberPath("226 EX", han, ""),
		func(a *testApp) url.Values {
			id := a.memberID("226 EX", han)
			return url.Values{"person_id": {"1"}, "role": {"delegate"}, "accreditation": {"confirmed"}, "version": {a.version("delegation_members", id)}}
		}, statuses(303, 403, 403, 403)},
	{"POST", "/members/:id/coverage", memberPath("226 EX", han, "/coverage"),
		func(a *testApp) url.Values {
			id := a.memberID("226 EX", han)
			return url.Values{"item_id": {strconv.FormatInt(a.itemID("226 EX", "5.I.B"), 10)}, "version": {a.version("delegation_members", id)}}
		}, statuses(303, 403, 403, 403)},
	{"POST", "/members/:id/remove", func(a *testApp) string { return fmt.Sprintf("/members/%d/remove", a.freshMember("226 EX")) },
		func(a *testApp) url.Values { return url.Values{"version": {"1"}} }, statuses(303, 403, 403, 403)},
	{"GET", "/members/:id/checkin", memberPath("226 EX", choi, "/checkin"), nil, statuses(403, 403, 403, 200)},
	{"POST", "/members/:id/checkin", memberPath("48 WHC", "Yang Hye-jin", "/checkin"),
		func(*testApp) url.Values { return url.Values{"status": {"present"}, "day": {"2026-07-24"}} },
		statuses(403, 403, 403, 403)},
}

// TestDelegationRoutesByRole checks every route of the feature for every role: who gets
// in, who is refused with 403 or, where the delegation itself is not theirs to see, 404;
// and that a refused request changes nothing.
func TestDelegationRoutesByRole(t *testing.T) {
	app := newApp(t)

	t.Run("EveryRouteListed", func(t *testing.T) {
		listed := map[string]bool{}
		for _, r := range delegationRoutes {
			listed[r.method+" "+r.route] = true
		}
		var missing []string
		for _, r := range app.H.App().GetRoutes(true) {
			p := r.Path
			mine := strings.HasPrefix(p, "/people") || strings.HasPrefix(p, "/members") || p == "/delegations" ||
				strings.HasSuffix(p, "/delegation") || strings.Contains(p, "/delegation/") || strings.HasSuffix(p, "/attendance")
			if (r.Method == "GET" || r.Method == "POST") && mine && !listed[r.Method+" "+p] {
				missing = append(missing, r.Method+" "+p)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("routes missing from this test: %v", missing)
		}
	})

	roles := []struct{ name, email string }{
		{"Anonymous", ""},
		{"LiaisonMOE", moeEmail},
		{"LiaisonKHS", khsEmail},
		{"Delegate", delegateEmail},
		{"Staff", staffEmail},
		{"Admin", adminEmail},
	}
	for _, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			c := app.client()
			if role.email == "" {
				c.get("/login")
			} else {
				c.login(role.email)
			}
			for _, r := range delegationRoutes {
				t.Run(r.method+" "+r.route, func(t *testing.T) {
					path := r.path(app)
					var form url.Values
					if r.form != nil {
						form = r.form(app)
					}
					audits := app.count("audit_log", "TRUE")
					var resp *http.Response
					if r.method == "GET" {
						resp, _ = c.get(path)
					} else {
						c.get("/")
						resp, _ = c.post(path, form)
					}
					want := r.want[role.name]
					switch {
					case role.email == "" && r.method == "GET":
						wantLoginRedirect(t, resp, path)
						return
					case role.email == "":
						want = http.StatusUnauthorized
					}
					if got := resp.StatusCode; got != want {
						t.Fatalf("%s %s: status %d, want %d", r.method, path, got, want)
					}
					if want >= 400 {
						if got := app.count("audit_log", "TRUE"); got != audits {
							t.Errorf("%d audit rows after a refused request, want %d", got, audits)
						}
					}
				})
			}
		})
	}
}

// TestDelegationVisibility: a delegate sees the whole list of their own delegation and
// none other; a liaison sees only the members from their ministry.
func TestDelegationVisibility(t *testing.T) {
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
