package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testdb"
)

func TestCreateUser(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	admin := app.client()
	admin.login(adminEmail)
	moe := strconv.FormatInt(app.ministry("MOE").ID, 10)

	t.Run("OK", func(t *testing.T) {
		admin.get("/admin/users/new")
		resp, _ := admin.post("/admin/users", url.Values{
			"email": {"New.Liaison@Plenary.Example"}, "name": {"정하늘 Jung Haneul"}, "role": {"liaison"},
			"ministry_id": {moe}, "password": {"a-long-enough-password"},
		})
		wantRedirect(t, resp, "/admin/users")
		u := app.user("new.liaison@plenary.example")
		if got, want := u.Role, domain.RoleLiaison; got != want {
			t.Errorf("role %q, want %q", got, want)
		}
		if u.MinistryID == nil || strconv.FormatInt(*u.MinistryID, 10) != moe {
			t.Errorf("ministry %v, want %s", u.MinistryID, moe)
		}
		by := app.user(adminEmail)
		if got, want := app.count("audit_log", "action = 'create' AND entity = 'user' AND entity_id = ? AND actor_id = ?", u.ID, by.ID), 1; got != want {
			t.Errorf("%d audit rows of the creation by the administrator, want %d", got, want)
		}
		_, body := admin.get("/admin/users")
		if !strings.Contains(body, "new.liaison@plenary.example") {
			t.Error("the users page does not list the new user")
		}
	})

	tests := []struct {
		name   string
		form   url.Values
		status int
		field  string
		msg    string // the message next to the field; "" when the validator words it
	}{
		{"ErrEmailInvalid", url.Values{"email": {"not-an-email"}, "role": {"staff"}, "ministry_id": {"0"}},
			http.StatusUnprocessableEntity, "email", ""},
		{"ErrEmailTaken", url.Values{"email": {"Staff@Plenary.Example"}, "role": {"staff"}, "ministry_id": {"0"}},
			http.StatusConflict, "email", en.T("error.email_taken")},
		{"ErrLiaisonWithoutMinistry", url.Values{"email": {"x@plenary.example"}, "role": {"liaison"}, "ministry_id": {"0"}},
			http.StatusUnprocessableEntity, "ministry_id", en.T("validate.required_if", "Field", "Ministry")},
		{"ErrStaffWithMinistry", url.Values{"email": {"x@plenary.example"}, "role": {"staff"}, "ministry_id": {moe}},
			http.StatusUnprocessableEntity, "ministry_id", en.T("validate.excluded_unless", "Field", "Ministry")},
		{"ErrPasswordShort", url.Values{"email": {"x@plenary.example"}, "role": {"staff"}, "ministry_id": {"0"}, "password": {"too-short"}},
			http.StatusUnprocessableEntity, "password", en.T("error.password_short")},
		// Twelve bytes in UTF-8, but four characters.
		{"ErrPasswordShortKorean", url.Values{"email": {"x@plenary.example"}, "role": {"staff"}, "ministry_id": {"0"}, "password": {"비밀번호"}},
			http.StatusUnprocessableEntity, "password", en.T("error.password_short")},
		{"ErrPasswordLocalPart", url.Values{"email": {"kim.seoyeon.long@plenary.example"}, "role": {"staff"}, "ministry_id": {"0"}, "password": {"Kim.Seoyeon.Long!"}},
			http.StatusUnprocessableEntity, "password", en.T("error.password_email")},
		{"ErrPasswordCommon", url.Values{"email": {"x@plenary.example"}, "role": {"staff"}, "ministry_id": {"0"}, "password": {"Password2024!"}},
			http.StatusUnprocessableEntity, "password", en.T("error.password_common")},
		{"ErrPasswordRequired", url.Values{"email": {"x@plenary.example"}, "role": {"staff"}, "ministry_id": {"0"}, "password": {""}},
			http.StatusUnprocessableEntity, "password", en.T("error.password_required")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("name", "입력한 이름 Typed Name")
			if _, ok := tt.form["password"]; !ok {
				tt.form.Set("password", "a-long-enough-password")
			}
			users := app.count("users", "TRUE")
			admin.get("/admin/users/new")
			resp, body := admin.post("/admin/users", tt.form)
			if got, want := resp.StatusCode, tt.status; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			errs := fieldErrors(body)
			if len(errs) != 1 || errs[tt.field] == "" {
				t.Fatalf("field errors %v, want one next to %s", errs, tt.field)
			}
			if tt.msg != "" && errs[tt.field] != tt.msg {
				t.Errorf("message %q, want %q", errs[tt.field], tt.msg)
			}
			if got, want := inputValue(body, "name"), "입력한 이름 Typed Name"; got != want {
				t.Errorf("name field %q, want %q as typed", got, want)
			}
			if got, want := inputValue(body, "email"), tt.form.Get("email"); got != want {
				t.Errorf("e-mail field %q, want %q as typed", got, want)
			}
			if pw := tt.form.Get("password"); pw != "" && strings.Contains(body, pw) {
				t.Error("the page shows the password typed")
			}
			if got, want := app.count("users", "TRUE"), users; got != want {
				t.Errorf("%d users, want %d", got, want)
			}
		})
	}
}

// TestUpdateUserStale checks the edit of a user that someone else saved meanwhile: 409,
// the form keeps what was typed, the page shows what is saved now, and saving again
// is a deliberate overwrite.
func TestUpdateUserStale(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	admin := app.client()
	admin.login(adminEmail)
	staff := app.user(staffEmail)
	path := "/admin/users/" + strconv.FormatInt(staff.ID, 10)

	_, body := admin.get(path + "/edit")
	read := inputValue(body, "version")
	_, err := app.Store.UpdateUser(context.Background(), domain.SystemActor("test"), staff.ID, domain.UserInput{
		Email: staff.Email, Name: "김서연 Kim Seoyeon (meanwhile)", Role: "staff", Version: staff.Version,
	})
	if err != nil {
		t.Fatal(err)
	}

	typed := url.Values{"email": {staff.Email}, "name": {"김서연 Kim Seo-yeon (typed)"}, "role": {"staff"}, "ministry_id": {"0"}, "version": {read}}
	resp, body := admin.post(path, typed)
	if got, want := resp.StatusCode, http.StatusConflict; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	if got, want := alert(body), en.T("error.stale"); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if got, want := inputValue(body, "name"), "김서연 Kim Seo-yeon (typed)"; got != want {
		t.Errorf("name field %q, want %q as typed", got, want)
	}
	if _, notice, _ := strings.Cut(body, `class="notice"`); !strings.Contains(notice, "김서연 Kim Seoyeon (meanwhile)") {
		t.Error("the page does not show the name saved meanwhile")
	}
	if got, want := app.user(staffEmail).Name, "김서연 Kim Seoyeon (meanwhile)"; got != want {
		t.Errorf("saved name %q, want %q", got, want)
	}

	typed.Set("version", inputValue(body, "version"))
	resp, _ = admin.post(path, typed)
	wantRedirect(t, resp, "/admin/users")
	if got, want := app.user(staffEmail).Name, "김서연 Kim Seo-yeon (typed)"; got != want {
		t.Errorf("saved name %q after saving again, want %q", got, want)
	}
}

func TestUpdateMinistry(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	admin := app.client()
	admin.login(adminEmail)
	seoul, _ := time.LoadLocation("Asia/Seoul")
	today := domain.Today(time.Now(), seoul)
	yesterday := today.AddDate(0, 0, -1)

	tests := []struct {
		name    string
		code    string
		renamed bool
	}{
		{"Renamed", "MOE", true},
		{"Corrected", "MOF", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := app.ministry(tt.code)
			admin.get("/admin/ministries/" + strconv.FormatInt(before.ID, 10) + "/edit")
			form := url.Values{"code": {tt.code}, "name_en": {before.NameEN + " and Research"}, "name_ko": {before.NameKO + "연구"},
				"version": {strconv.Itoa(before.Version)}}
			if tt.renamed {
				form.Set("renamed", "true")
			}
			resp, _ := admin.post("/admin/ministries/"+strconv.FormatInt(before.ID, 10), form)
			wantRedirect(t, resp, "/admin/ministries")

			after := app.ministry(tt.code)
			if got, want := after.NameEN, before.NameEN+" and Research"; got != want {
				t.Errorf("name %q, want %q", got, want)
			}
			if got, want := after.NameOn(today, "en"), after.NameEN; got != want {
				t.Errorf("name today %q, want %q", got, want)
			}
			want := after.NameEN
			if tt.renamed {
				want = before.NameEN
			}
			if got := after.NameOn(yesterday, "en"); got != want {
				t.Errorf("name yesterday %q, want %q", got, want)
			}
			if got, want := len(after.FormerNames), len(before.FormerNames); tt.renamed {
				if got != want+1 {
					t.Errorf("%d former names, want %d", got, want+1)
				}
			} else if got != want {
				t.Errorf("%d former names, want %d", got, want)
			}
		})
	}

	t.Run("ErrCodeTaken", func(t *testing.T) {
		m := app.ministry("MOFA")
		admin.get("/admin/ministries/" + strconv.FormatInt(m.ID, 10) + "/edit")
		resp, body := admin.post("/admin/ministries/"+strconv.FormatInt(m.ID, 10), url.Values{
			"code": {"MOE"}, "name_en": {m.NameEN}, "name_ko": {m.NameKO}, "version": {strconv.Itoa(m.Version)},
		})
		if got, want := resp.StatusCode, http.StatusConflict; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if got, want := fieldErrors(body)["code"], en.T("error.code_taken"); got != want {
			t.Errorf("message next to the code %q, want %q", got, want)
		}
	})
}

func TestBodies(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	admin := app.client()
	admin.login(adminEmail)

	t.Run("Create", func(t *testing.T) {
		admin.get("/admin/bodies/new")
		resp, _ := admin.post("/admin/bodies", url.Values{"code": {"GEO"}, "name_en": {"Geoparks Council"}, "name_ko": {"세계지질공원 이사회"}})
		wantRedirect(t, resp, "/admin/bodies")
		if got, want := app.body("GEO").NameKO, "세계지질공원 이사회"; got != want {
			t.Errorf("name %q, want %q", got, want)
		}
	})

	t.Run("EditCarriesCodeIntoSessions", func(t *testing.T) {
		ex := app.body("EX")
		admin.get("/admin/bodies/" + strconv.FormatInt(ex.ID, 10) + "/edit")
		resp, _ := admin.post("/admin/bodies/"+strconv.FormatInt(ex.ID, 10), url.Values{
			"code": {"EXB"}, "name_en": {ex.NameEN}, "name_ko": {ex.NameKO}, "version": {strconv.Itoa(ex.Version)},
		})
		wantRedirect(t, resp, "/admin/bodies")
		if got, want := app.count("sessions", "code = '220 EXB'"), 1; got != want {
			t.Errorf("%d sessions coded 220 EXB, want %d", got, want)
		}
		if got, want := app.count("sessions", "code LIKE '% EX'"), 0; got != want {
			t.Errorf("%d sessions still coded EX, want %d", got, want)
		}
	})

	tests := []struct {
		name   string
		code   string
		status int
		msg    string
	}{
		{"ErrCodeInvalid", "ex 1", http.StatusUnprocessableEntity, en.T("validate.code", "Field", "Code")},
		{"ErrCodeTaken", "WHC", http.StatusConflict, en.T("error.code_taken")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bodies := app.count("bodies", "TRUE")
			admin.get("/admin/bodies/new")
			resp, body := admin.post("/admin/bodies", url.Values{"code": {tt.code}, "name_en": {"Typed"}, "name_ko": {"입력"}})
			if got, want := resp.StatusCode, tt.status; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			if got, want := fieldErrors(body)["code"], tt.msg; got != want {
				t.Errorf("message next to the code %q, want %q", got, want)
			}
			if got, want := inputValue(body, "code"), tt.code; got != want {
				t.Errorf("code field %q, want %q as typed", got, want)
			}
			if got, want := app.count("bodies", "TRUE"), bodies; got != want {
				t.Errorf("%d bodies, want %d", got, want)
			}
		})
	}
}

// TestResetPassword checks that an administrator's new password ends the user's sessions
// and replaces the old password.
func TestResetPassword(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	delegate := app.client()
	delegate.login(delegateEmail)
	admin := app.client()
	admin.login(adminEmail)
	id := app.user(delegateEmail).ID
	path := "/admin/users/" + strconv.FormatInt(id, 10) + "/password"

	t.Run("ErrPasswordShort", func(t *testing.T) {
		admin.get("/admin/users/" + strconv.FormatInt(id, 10) + "/edit")
		resp, body := admin.post(path, url.Values{"new_password": {"too-short"}})
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if got := fieldErrors(body)["new_password"]; !strings.Contains(got, "12") {
			t.Errorf("message next to the new password %q, want one about its 12 characters", got)
		}
		if resp, _ := delegate.get("/"); resp.StatusCode != http.StatusOK {
			t.Errorf("the user's session ended: GET / status %d, want 200", resp.StatusCode)
		}
	})

	t.Run("ErrPasswordRule", func(t *testing.T) {
		for _, tt := range []struct{ password, msg string }{
			{"비밀번호", "error.password_short"},
			{"DELEGATE@PLENARY.EXAMPLE", "error.password_email"},
			{"qwertyuiop1234", "error.password_common"},
		} {
			admin.get("/admin/users/" + strconv.FormatInt(id, 10) + "/edit")
			resp, body := admin.post(path, url.Values{"new_password": {tt.password}})
			if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("%q: status %d, want %d", tt.password, got, want)
			}
			if got, want := fieldErrors(body)["new_password"], en.T(tt.msg); got != want {
				t.Errorf("%q: message next to the new password %q, want %q", tt.password, got, want)
			}
			if strings.Contains(body, tt.password) {
				t.Errorf("%q: the page shows the password typed", tt.password)
			}
		}
		if resp, _ := delegate.get("/"); resp.StatusCode != http.StatusOK {
			t.Errorf("the user's session ended: GET / status %d, want 200", resp.StatusCode)
		}
	})

	t.Run("OK", func(t *testing.T) {
		admin.get("/admin/users/" + strconv.FormatInt(id, 10) + "/edit")
		resp, _ := admin.post(path, url.Values{"new_password": {"a-brand-new-password"}})
		wantRedirect(t, resp, "/admin/users")
		if got, want := app.count("login_sessions", "user_id = ?", id), 0; got != want {
			t.Errorf("%d sessions of the user, want %d", got, want)
		}
		resp, _ = delegate.get("/")
		wantLoginRedirect(t, resp, "/")

		for _, try := range []struct {
			password string
			status   int
		}{
			{testdb.Password, http.StatusUnauthorized},
			{"a-brand-new-password", http.StatusSeeOther},
		} {
			delegate.get("/login")
			resp, _ := delegate.post("/login", url.Values{"email": {delegateEmail}, "password": {try.password}})
			if got, want := resp.StatusCode, try.status; got != want {
				t.Errorf("login with %q: status %d, want %d", try.password, got, want)
			}
		}
	})
}

// TestDisableUserNeedsVersion checks that the disable and enable buttons act only on the
// version of the user the page showed: a form without one, or with 0, is refused and
// changes nothing, and a stale one is answered as stale.
func TestDisableUserNeedsVersion(t *testing.T) {
	app := newApp(t)
	admin := app.client()
	admin.login(adminEmail)
	staff := app.user(staffEmail)
	path := "/admin/users/" + strconv.FormatInt(staff.ID, 10) + "/disable"

	for _, tt := range []struct {
		name    string
		version []string
	}{
		{"ErrVersionMissing", nil},
		{"ErrVersionZero", []string{"0"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{}
			if tt.version != nil {
				form["version"] = tt.version
			}
			resp, _ := admin.post(path, form)
			if got := resp.StatusCode; got < 400 || got >= 500 {
				t.Errorf("status %d, want a 4xx", got)
			}
			if app.user(staffEmail).Disabled() {
				t.Error("the user was disabled by a form without the version it read")
			}
		})
	}
	t.Run("Stale", func(t *testing.T) {
		resp, _ := admin.post(path, url.Values{"version": {strconv.Itoa(staff.Version + 1)}})
		wantRedirect(t, resp, "/admin/users")
		if app.user(staffEmail).Disabled() {
			t.Error("the user was disabled by a stale form")
		}
	})
	t.Run("OK", func(t *testing.T) {
		resp, _ := admin.post(path, url.Values{"version": {strconv.Itoa(staff.Version)}})
		wantRedirect(t, resp, "/admin/users")
		if !app.user(staffEmail).Disabled() {
			t.Error("the user is not disabled")
		}
	})
}
