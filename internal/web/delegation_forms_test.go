package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestPersonForm: a likely duplicate is shown before a person is created twice, and is
// created only when the person ticks "create anyway"; a person needs a name.
func TestPersonForm(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)

	t.Run("ErrNoName", func(t *testing.T) {
		c.get("/people/new")
		resp, body := c.post("/people", url.Values{"organisation": {"KIOST"}, "position": {"Typed position"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if got, want := fieldErrors(body)["name_en"], en.T("people.error_name_required"); got != want {
			t.Errorf("name_en says %q, want %q", got, want)
		}
		if inputValue(body, "position") != "Typed position" {
			t.Error("the typed position is lost")
		}
	})

	form := url.Values{"name_en": {"JAE-WON CHUNG"}, "organisation": {"Ministry of Foreign Affairs"}, "email": {"chung.jw@example.org"}}
	people := app.count("people", "TRUE")
	t.Run("ErrLikelyDuplicate", func(t *testing.T) {
		c.get("/people/new")
		resp, body := c.post("/people", form)
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, en.T("people.duplicates_title")) || !strings.Contains(body, fmt.Sprintf(`href="/people/%d"`, app.personID("Chung Jae-won"))) {
			t.Error("the likely duplicate is not shown with a link to them")
		}
		if !strings.Contains(body, `name="create_anyway"`) || inputValue(body, "name_en") != "JAE-WON CHUNG" {
			t.Error("the form must keep what was typed and offer to create anyway")
		}
		if got := app.count("people", "TRUE"); got != people {
			t.Errorf("people %d → %d: created without confirmation", people, got)
		}
	})
	t.Run("OKCreateAnyway", func(t *testing.T) {
		form.Set("create_anyway", "true")
		resp, _ := c.post("/people", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", resp.StatusCode)
		}
		if got := app.count("people", "email = ?", "chung.jw@example.org"); got != 1 {
			t.Errorf("%d people with the new e-mail, want 1", got)
		}
		if got := app.count("audit_log", "entity = 'person' AND action = 'create' AND actor = ?", staffEmail); got != 1 {
			t.Errorf("%d audit rows of the creation, want 1", got)
		}
	})
	t.Run("ErrSameEmailOtherCase", func(t *testing.T) {
		c.get("/people/new")
		resp, _ := c.post("/people", url.Values{"name_en": {"Someone Else"}, "organisation": {"KNCU"}, "email": {"JY.Seo@MSIT.example"}})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("status %d, want 409", resp.StatusCode)
		}
	})

	t.Run("HistoryAcrossSessions", func(t *testing.T) {
		_, body := c.get(fmt.Sprintf("/people/%d", app.personID("Chung Jae-won")))
		for _, want := range []string{"226 EX", "48 WHC", en.T("member_role.head"), en.T("member_role.deputy_head"),
			en.T("people.attended_counts", "Present", 11, "Partial", 0, "Absent", 0)} {
			if !strings.Contains(body, want) {
				t.Errorf("the history lacks %q", want)
			}
		}
	})
}

// TestMemberForm: dates outside the stay window, a departure before the arrival, a person
// already on the delegation and a second Head of Delegation are each refused with a
// message next to the field, what was typed kept and nothing saved.
func TestMemberForm(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("226 EX") // 2027-04-07 to 2027-04-21
	path := fmt.Sprintf("/sessions/%d/delegation", sid)
	newcomer := strconv.FormatInt(app.personID("Kim Nam-joo"), 10)

	tests := []struct {
		name   string
		form   url.Values
		status int
		field  string
		msg    string
	}{
		{"ErrArrivalBeforeWindow", url.Values{"person_id": {newcomer}, "role": {"expert"}, "accreditation": {"pending"},
			"arrives_on": {"2027-03-30"}, "funded_by": {"Typed funding"}}, 422, "arrives_on", "delegations.error_outside_window"},
		{"ErrDepartureAfterWindow", url.Values{"person_id": {newcomer}, "role": {"expert"}, "accreditation": {"pending"},
			"departs_on": {"2027-04-29"}, "funded_by": {"Typed funding"}}, 422, "departs_on", "delegations.error_outside_window"},
		{"ErrDepartureBeforeArrival", url.Values{"person_id": {newcomer}, "role": {"expert"}, "accreditation": {"pending"},
			"arrives_on": {"2027-04-12"}, "departs_on": {"2027-04-10"}, "funded_by": {"Typed funding"}}, 422, "departs_on", "delegations.error_departs_before_arrival"},
		{"ErrNotADate", url.Values{"person_id": {newcomer}, "role": {"expert"}, "accreditation": {"pending"},
			"arrives_on": {"12 April"}, "funded_by": {"Typed funding"}}, 422, "arrives_on", ""},
		{"ErrAlreadyOnDelegation", url.Values{"person_id": {strconv.FormatInt(app.personID(han), 10)}, "role": {"expert"}, "accreditation": {"pending"},
			"funded_by": {"Typed funding"}}, 409, "person_id", "delegations.error_person_taken"},
		{"ErrSecondHead", url.Values{"person_id": {newcomer}, "role": {"head"}, "accreditation": {"pending"},
			"funded_by": {"Typed funding"}}, 409, "role", "delegations.error_head_taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			members := app.count("delegation_members", "session_id = ?", sid)
			c.get(path + "/new")
			resp, body := c.post(path, tt.form)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			got, ok := fieldErrors(body)[tt.field]
			if !ok || (tt.msg != "" && got != en.T(tt.msg)) {
				t.Errorf("%s says %q, want %q", tt.field, got, en.T(tt.msg))
			}
			if !strings.Contains(body, `value="Typed funding"`) {
				t.Error("the typed funding is lost")
			}
			if after := app.count("delegation_members", "session_id = ?", sid); after != members {
				t.Errorf("members %d → %d: a refused member was added", members, after)
			}
		})
	}

	t.Run("HintNamesTheWindow", func(t *testing.T) {
		_, body := c.get(path + "/new")
		if !strings.Contains(body, "2027-03-31") || !strings.Contains(body, "2027-04-28") {
			t.Error("the form does not say between which days arrival and departure may fall")
		}
	})

	t.Run("OK", func(t *testing.T) {
		c.get(path + "/new")
		resp, _ := c.post(path, url.Values{"person_id": {newcomer}, "role": {"expert"}, "accreditation": {"pending"},
			"arrives_on": {"2027-03-31"}, "departs_on": {"2027-04-28"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", resp.StatusCode)
		}
		if got := app.count("audit_log", "entity = 'delegation_member' AND action = 'create' AND actor = ?", staffEmail); got != 1 {
			t.Errorf("%d audit rows, want 1", got)
		}
	})

	t.Run("ErrStaleVersion", func(t *testing.T) {
		id := app.memberID("226 EX", han)
		edit := fmt.Sprintf("/members/%d", id)
		version := app.version("delegation_members", id)
		other := app.client()
		other.login(adminEmail)
		other.get(edit + "/edit")
		if resp, _ := other.post(edit, url.Values{"person_id": {"1"}, "role": {"delegate"}, "accreditation": {"confirmed"},
			"funded_by": {"Their funding"}, "version": {version}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: status %d", resp.StatusCode)
		}
		c.get(edit + "/edit")
		resp, body := c.post(edit, url.Values{"person_id": {"1"}, "role": {"delegate"}, "accreditation": {"submitted"},
			"funded_by": {"My funding"}, "version": {version}})
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("stale save: status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, `value="My funding"`) || !strings.Contains(body, "Their funding") {
			t.Error("the conflict page must keep the typed text and show what was saved meanwhile")
		}
	})

	t.Run("RemoveKeepsWhoAttended", func(t *testing.T) {
		id := app.memberID("48 WHC", "Yang Hye-jin")
		c.get("/")
		resp, _ := c.post(fmt.Sprintf("/members/%d/remove", id), url.Values{"version": {app.version("delegation_members", id)}})
		wantRedirect(t, resp, fmt.Sprintf("/members/%d", id))
		if app.count("delegation_members", "id = ?", id) != 1 {
			t.Error("a member whose attendance is recorded was removed")
		}
	})
	t.Run("Remove", func(t *testing.T) {
		id := app.memberID("226 EX", "Oh Yu-na")
		c.get("/")
		resp, _ := c.post(fmt.Sprintf("/members/%d/remove", id), url.Values{"version": {app.version("delegation_members", id)}})
		wantRedirect(t, resp, path)
		if app.count("delegation_members", "id = ?", id) != 0 || app.count("coverage", "member_id = ?", id) != 0 {
			t.Error("the member or their coverage is still there")
		}
		if got := app.count("audit_log", "entity = 'delegation_member' AND action = 'delete' AND entity_id = ?", id); got != 1 {
			t.Errorf("%d audit rows of the removal, want 1", got)
		}
	})
}

// TestCoverage: staff choose the items a member covers among the session's items; an item
// of another session is refused and nothing changes.
func TestCoverage(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	id := app.memberID("226 EX", han)
	path := fmt.Sprintf("/members/%d/coverage", id)
	item := func(number string) string { return strconv.FormatInt(app.itemID("226 EX", number), 10) }

	t.Run("ErrItemOfAnotherSession", func(t *testing.T) {
		before := app.count("coverage", "member_id = ?", id)
		c.get(fmt.Sprintf("/members/%d", id))
		resp, body := c.post(path, url.Values{"item_id": {item("9"), strconv.FormatInt(app.itemID("220 EX", "3"), 10)},
			"version": {app.version("delegation_members", id)}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if !strings.Contains(body, en.T("delegations.error_item_elsewhere")) {
			t.Error("the page does not say why")
		}
		if !strings.Contains(body, `value="`+item("9")+`" checked`) {
			t.Error("the ticked items are lost")
		}
		if got := app.count("coverage", "member_id = ?", id); got != before {
			t.Errorf("coverage %d → %d after a refusal", before, got)
		}
	})
	t.Run("OK", func(t *testing.T) {
		c.get(fmt.Sprintf("/members/%d", id))
		resp, _ := c.post(path, url.Values{"item_id": {item("9"), item("5.I.C")}, "version": {app.version("delegation_members", id)}})
		wantRedirect(t, resp, fmt.Sprintf("/members/%d", id))
		if got := app.count("coverage", "member_id = ?", id); got != 2 {
			t.Errorf("%d items covered, want 2", got)
		}
		if got := app.count("audit_log", "entity = 'delegation_member' AND action = 'cover' AND entity_id = ? AND actor = ?", id, staffEmail); got != 1 {
			t.Errorf("%d audit rows, want 1", got)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		c.get(fmt.Sprintf("/members/%d", id))
		resp, _ := c.post(path, url.Values{"item_id": {item("1")}, "version": {"1"}})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("status %d, want 409", resp.StatusCode)
		}
	})
}
