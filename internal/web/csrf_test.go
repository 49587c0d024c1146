package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/testdb"
)

// TestCSRF checks that a form posted without the token of a page Plenary served is
// refused with 403 before anything is read or written.
func TestCSRF(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	admin := app.client()
	admin.login(adminEmail)
	moe := app.user(moeEmail).MinistryID

	tests := []struct {
		name  string
		c     *client
		path  string
		form  url.Values
		token string // "" sends none; "cookie" also plants it as the CSRF cookie
	}{
		{"LoginWithoutToken", app.client(), "/login", url.Values{"email": {staffEmail}, "password": {testdb.Password}}, ""},
		{"LoginWithWrongToken", app.client(), "/login", url.Values{"email": {staffEmail}, "password": {testdb.Password}}, "wrong"},
		{"LoginWithPlantedToken", app.client(), "/login", url.Values{"email": {staffEmail}, "password": {testdb.Password}}, "cookie"},
		{"CreateUserWithoutToken", admin, "/admin/users", newUserForm("csrf@plenary.example", *moe), ""},
		{"CreateUserWithWrongToken", admin, "/admin/users", newUserForm("csrf@plenary.example", *moe), "wrong"},
		{"CreateUserWithPlantedToken", admin, "/admin/users", newUserForm("csrf@plenary.example", *moe), "cookie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.get("/login")
			users, audits := app.count("users", "TRUE"), app.count("audit_log", "TRUE")
			switch tt.token {
			case "":
			case "cookie":
				tt.c.jar["plenary_csrf"] = "planted-token"
				tt.form.Set("_csrf", "planted-token")
			default:
				tt.form.Set("_csrf", tt.token)
			}
			resp, body := tt.c.postRaw(tt.path, tt.form)
			if got, want := resp.StatusCode, http.StatusForbidden; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			if !strings.Contains(body, en.T("error.csrf")) {
				t.Errorf("the page does not say the form expired")
			}
			if got, want := app.count("users", "TRUE"), users; got != want {
				t.Errorf("%d users, want %d", got, want)
			}
			if got, want := app.count("audit_log", "TRUE"), audits; got != want {
				t.Errorf("%d audit rows, want %d", got, want)
			}
			if got, want := app.count("login_sessions", "user_id = ?", app.user(staffEmail).ID), 0; got != want {
				t.Errorf("%d sessions of the staff member, want %d", got, want)
			}
		})
	}

	t.Run("OK", func(t *testing.T) {
		admin.get("/admin/users/new")
		resp, _ := admin.post("/admin/users", newUserForm("csrf@plenary.example", *moe))
		wantRedirect(t, resp, "/admin/users")
	})
}

// newUserForm is the form of a new, valid liaison of the ministry.
func newUserForm(email string, ministryID int64) url.Values {
	return url.Values{
		"email": {email}, "name": {"새 사용자 New User"}, "role": {"liaison"},
		"ministry_id": {strconv.FormatInt(ministryID, 10)}, "password": {"a-long-enough-password"},
	}
}
