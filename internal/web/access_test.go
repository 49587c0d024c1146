package web_test

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// adminRoute is one route under /admin, with a request an administrator may make of it:
// a refusal must come from who asks, never from what they send.
type adminRoute struct {
	method, route string // as routes.go registers it
	form          func(a *testApp) url.Values
}

var adminRoutes = []adminRoute{
	{"GET", "/admin/users", nil},
	{"GET", "/admin/users/new", nil},
	{"POST", "/admin/users", func(a *testApp) url.Values {
		return newUserForm("gated@plenary.example", *a.user(moeEmail).MinistryID)
	}},
	{"GET", "/admin/users/:id/edit", nil},
	{"POST", "/admin/users/:id", func(a *testApp) url.Values {
		u := a.user(staffEmail)
		return url.Values{"email": {u.Email}, "name": {u.Name}, "role": {string(u.Role)}, "ministry_id": {"0"}, "version": {strconv.Itoa(u.Version)}}
	}},
	{"POST", "/admin/users/:id/disable", func(a *testApp) url.Values {
		return url.Values{"version": {strconv.Itoa(a.user(staffEmail).Version)}}
	}},
	{"POST", "/admin/users/:id/enable", func(a *testApp) url.Values {
		return url.Values{"version": {strconv.Itoa(a.user(staffEmail).Version)}}
	}},
	{"POST", "/admin/users/:id/password", func(a *testApp) url.Values {
		return url.Values{"new_password": {"another-long-password"}}
	}},
	{"GET", "/admin/ministries", nil},
	{"GET", "/admin/ministries/new", nil},
	{"POST", "/admin/ministries", func(a *testApp) url.Values {
		return url.Values{"code": {"MOJ"}, "name_en": {"Ministry of Justice"}, "name_ko": {"법무부"}}
	}},
	{"GET", "/admin/ministries/:id/edit", nil},
	{"POST", "/admin/ministries/:id", func(a *testApp) url.Values {
		m := a.ministry("MOE")
		return url.Values{"code": {m.Code}, "name_en": {m.NameEN}, "name_ko": {m.NameKO}, "version": {strconv.Itoa(m.Version)}}
	}},
	{"GET", "/admin/bodies", nil},
	{"GET", "/admin/bodies/new", nil},
	{"POST", "/admin/bodies", func(a *testApp) url.Values {
		return url.Values{"code": {"GEO"}, "name_en": {"Geoparks Council"}, "name_ko": {"세계지질공원 이사회"}}
	}},
	{"GET", "/admin/bodies/:id/edit", nil},
	{"POST", "/admin/bodies/:id", func(a *testApp) url.Values {
		b := a.body("EX")
		return url.Values{"code": {b.Code}, "name_en": {b.NameEN}, "name_ko": {b.NameKO}, "version": {strconv.Itoa(b.Version)}}
	}},
	{"GET", "/admin/audit", nil},
}

// path fills in the route's :id with a row of the demo data.
func (r adminRoute) path(a *testApp) string {
	if !strings.Contains(r.route, ":id") {
		return r.route
	}
	var id int64
	switch {
	case strings.HasPrefix(r.route, "/admin/users/"):
		id = a.user(staffEmail).ID
	case strings.HasPrefix(r.route, "/admin/ministries/"):
		id = a.ministry("MOE").ID
	case strings.HasPrefix(r.route, "/admin/bodies/"):
		id = a.body("EX").ID
	default:
		a.t.Fatalf("no demo row for %s", r.route)
	}
	return strings.Replace(r.route, ":id", strconv.FormatInt(id, 10), 1)
}

// TestAdminRoutesByRole checks every admin route for every role: nobody but an
// administrator gets in, and a refused request changes nothing.
func TestAdminRoutesByRole(t *testing.T) {
	app := newApp(t)

	t.Run("EveryRouteListed", func(t *testing.T) {
		listed := map[string]bool{}
		for _, r := range adminRoutes {
			listed[r.method+" "+r.route] = true
		}
		var missing []string
		for _, r := range app.H.App().GetRoutes(true) {
			if (r.Method == "GET" || r.Method == "POST") && strings.HasPrefix(r.Path, "/admin") && !listed[r.Method+" "+r.Path] {
				missing = append(missing, r.Method+" "+r.Path)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("routes missing from this test: %v", missing)
		}
	})

	roles := []struct {
		name, email string
	}{
		{"Anonymous", ""},
		{"Staff", staffEmail},
		{"Liaison", moeEmail},
		{"Delegate", delegateEmail},
		{"Admin", adminEmail},
	}
	for _, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			c := app.client()
			if role.email == "" {
				c.get("/login") // a CSRF token, so that only the missing login can refuse
			} else {
				c.login(role.email)
			}
			for _, r := range adminRoutes {
				t.Run(r.method+" "+r.route, func(t *testing.T) {
					path := r.path(app)
					audits := app.count("audit_log", "TRUE")
					var resp *http.Response
					if r.method == "GET" {
						resp, _ = c.get(path)
					} else {
						resp, _ = c.post(path, r.form(app))
					}
					switch {
					case role.email == adminEmail && r.method == "GET":
						if got, want := resp.StatusCode, http.StatusOK; got != want {
							t.Errorf("status %d, want %d", got, want)
						}
						return
					case role.email == adminEmail:
						if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
							t.Errorf("status %d, want %d", got, want)
						}
						return
					case role.email == "" && r.method == "GET":
						wantLoginRedirect(t, resp, path)
					case role.email == "":
						if got, want := resp.StatusCode, http.StatusUnauthorized; got != want {
							t.Errorf("status %d, want %d", got, want)
						}
					default:
						if got, want := resp.StatusCode, http.StatusForbidden; got != want {
							t.Errorf("status %d, want %d", got, want)
						}
					}
					if got, want := app.count("audit_log", "TRUE"), audits; got != want {
						t.Errorf("%d audit rows after a refused request, want %d", got, want)
					}
				})
			}
		})
	}
}

// TestDisableUser checks that disabling a user ends their open sessions at once, and that
// enabling them lets them log in again.
func TestDisableUser(t *testing.T) {
	app := newApp(t)
	delegate := app.client()
	delegate.login(delegateEmail)
	admin := app.client()
	admin.login(adminEmail)
	id := app.user(delegateEmail).ID
	setDisabled := func(t *testing.T, action string) {
		t.Helper()
		admin.get("/admin/users")
		resp, _ := admin.post("/admin/users/"+strconv.FormatInt(id, 10)+"/"+action,
			url.Values{"version": {strconv.Itoa(app.user(delegateEmail).Version)}})
		wantRedirect(t, resp, "/admin/users")
	}

	t.Run("Disable", func(t *testing.T) {
		setDisabled(t, "disable")
		if !app.user(delegateEmail).Disabled() {
			t.Fatal("the user is not disabled")
		}
		if got, want := app.count("login_sessions", "user_id = ?", id), 0; got != want {
			t.Errorf("%d sessions of the disabled user, want %d", got, want)
		}
		resp, _ := delegate.get("/")
		wantLoginRedirect(t, resp, "/")
	})

	t.Run("Enable", func(t *testing.T) {
		setDisabled(t, "enable")
		delegate.login(delegateEmail)
		if resp, _ := delegate.get("/"); resp.StatusCode != http.StatusOK {
			t.Errorf("GET / after logging in again: status %d, want 200", resp.StatusCode)
		}
	})

	t.Run("ErrDisableSelf", func(t *testing.T) {
		self := app.user(adminEmail)
		admin.get("/admin/users")
		resp, _ := admin.post("/admin/users/"+strconv.FormatInt(self.ID, 10)+"/disable",
			url.Values{"version": {strconv.Itoa(self.Version)}})
		wantRedirect(t, resp, "/admin/users")
		if got := app.user(adminEmail); got.Disabled() || got.Version != self.Version {
			t.Errorf("the administrator changed: disabled %v, version %d, want %d", got.Disabled(), got.Version, self.Version)
		}
		resp, body := admin.get("/admin/users")
		if got, want := resp.StatusCode, http.StatusOK; got != want {
			t.Fatalf("GET /admin/users: status %d, want %d", got, want)
		}
		if !strings.Contains(body, en.T("error.disable_self")) {
			t.Error("the users page does not say why nothing changed")
		}
	})
}
