package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// tickBox finds the tick box of item id on an agenda page and returns its value, as a
// browser without script sends it.
func tickBox(t *testing.T, body string, id int64) string {
	t.Helper()
	m := regexp.MustCompile(`<input type="checkbox" name="item" id="t-` + strconv.FormatInt(id, 10) + `" value="([0-9:]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the agenda page has no tick box for item %d", id)
	}
	return m[1]
}

// agendaItem reads item id as it is saved.
func (a *testApp) agendaItem(id int64) *domain.AgendaItem {
	a.t.Helper()
	it, err := a.Store.AgendaItem(context.Background(), domain.Scope{All: true}, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return it
}

// itemAudits counts the audit rows of changes to item id.
func (a *testApp) itemAudits(id int64) int {
	return a.count("audit_log", "entity = 'agenda_item' AND entity_id = ? AND action = 'update'", id)
}

// TestBulkAgenda: staff tick items on a session's agenda page and set a value on all of
// them in one step, every item or none.
func TestBulkAgenda(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("220 EX")
	page := fmt.Sprintf("/sessions/%d", sid)
	bulk := page + "/items/bulk"
	mof := app.ministry("MOF").ID
	one, two, three := app.itemID("220 EX", "1"), app.itemID("220 EX", "2"), app.itemID("220 EX", "10")
	staff := app.client()
	staff.login(staffEmail)

	t.Run("OK", func(t *testing.T) {
		_, body := staff.get(page)
		before := map[int64]int{one: app.itemAudits(one), two: app.itemAudits(two), three: app.itemAudits(three)}
		threeWas := app.agendaItem(three)
		resp, _ := staff.post(bulk, url.Values{"item": {tickBox(t, body, one), tickBox(t, body, two)},
			"lead_ministry_id": {strconv.FormatInt(mof, 10)}, "priority": {"high"}})
		wantRedirect(t, resp, page)
		for _, id := range []int64{one, two} {
			it := app.agendaItem(id)
			if it.LeadMinistryID == nil || *it.LeadMinistryID != mof || it.Priority != domain.PriorityHigh {
				t.Errorf("item %s: lead %v, priority %s; want MOF and high", it.Number, it.LeadMinistryID, it.Priority)
			}
			if got := app.itemAudits(id); got != before[id]+1 {
				t.Errorf("item %s: %d audit rows added, want 1", it.Number, got-before[id])
			}
		}
		if it := app.agendaItem(three); it.Version != threeWas.Version || app.itemAudits(three) != before[three] {
			t.Error("an item that was not ticked changed")
		}
		_, body = staff.get(page)
		if f := flashOf(body); !strings.Contains(f, "2 items changed.") {
			t.Errorf("flash %q, want the count of items changed", f)
		}
	})

	t.Run("OneItemFlash", func(t *testing.T) {
		_, body := staff.get(page)
		resp, _ := staff.post(bulk, url.Values{"item": {tickBox(t, body, three)}, "status": {"ready"}})
		wantRedirect(t, resp, page)
		_, body = staff.get(page)
		if f := flashOf(body); !strings.Contains(f, "1 item changed.") {
			t.Errorf("flash %q, want the singular", f)
		}
	})

	t.Run("FiltersKept", func(t *testing.T) {
		filtered := page + "?status=ready"
		_, body := staff.get(filtered)
		resp, _ := staff.post(page+"/items/bulk?status=ready", url.Values{"item": {tickBox(t, body, three)}, "priority": {"low"}})
		wantRedirect(t, resp, filtered)
	})

	t.Run("StaleItemChangesNothing", func(t *testing.T) {
		_, body := staff.get(page)
		tickOne, tickTwo := tickBox(t, body, one), tickBox(t, body, two)
		// Someone else saves item 2 meanwhile.
		other := app.agendaItem(two)
		in := other.Input()
		in.TitleEN += " (revised)"
		if err := app.Store.UpdateAgendaItem(context.Background(), domain.SystemActor("test"), two, in); err != nil {
			t.Fatal(err)
		}
		wasOne, wasTwo := app.agendaItem(one), app.agendaItem(two)
		audits := app.itemAudits(one) + app.itemAudits(two)
		resp, body := staff.post(bulk, url.Values{"item": {tickOne, tickTwo}, "status": {"decided"}})
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", resp.StatusCode)
		}
		if got := alert(body); !strings.Contains(got, "Item 2 changed") || !strings.Contains(got, "nothing was saved") {
			t.Errorf("message %q, want it to name item 2 and say nothing was saved", got)
		}
		if a, b := app.agendaItem(one), app.agendaItem(two); a.Version != wasOne.Version || b.Version != wasTwo.Version ||
			a.Status != wasOne.Status || b.Status != wasTwo.Status {
			t.Error("a stale item let the other items change")
		}
		if got := app.itemAudits(one) + app.itemAudits(two); got != audits {
			t.Errorf("%d audit rows written by a refused change", got-audits)
		}
		if !strings.Contains(body, `value="`+tickOne+`" aria-label="Select 1" checked>`) {
			t.Error("the ticks are not kept")
		}
		if !strings.Contains(body, fmt.Sprintf(`value="%d:%d"`, two, wasTwo.Version)) {
			t.Error("the changed item is not shown as it is now")
		}
		if selectedIn(body, "f-status") != "decided" {
			t.Error("the value chosen is not kept")
		}
		// Applying again, from the page as it is now, goes through.
		resp, _ = staff.post(bulk, url.Values{"item": {tickBox(t, body, one), tickBox(t, body, two)}, "status": {"decided"}})
		wantRedirect(t, resp, page)
	})

	t.Run("Invalid", func(t *testing.T) {
		_, body := staff.get(page)
		tick := tickBox(t, body, one)
		tests := []struct {
			name  string
			form  url.Values
			field string
			want  string
		}{
			{"ErrNoItem", url.Values{"priority": {"high"}}, "item", "Items: choose at least 1."},
			{"ErrNothingToSet", url.Values{"item": {tick}}, "set", "Choose a lead ministry, focal point, priority or status to set."},
			{"ErrPriority", url.Values{"item": {tick}, "priority": {"urgent"}}, "priority", ""},
			{"ErrStatus", url.Values{"item": {tick}, "status": {"done'; DROP TABLE agenda_items; --"}}, "status", ""},
			{"ErrUnknownMinistry", url.Values{"item": {tick}, "lead_ministry_id": {"987654"}}, "lead_ministry_id", ""},
			{"ErrFocalPointNotStaff", url.Values{"item": {tick}, "focal_point_id": {strconv.FormatInt(app.user(moeEmail).ID, 10)}}, "focal_point_id", ""},
			{"ErrMalformedItem", url.Values{"item": {"1; 2"}, "priority": {"low"}}, "item", ""},
			{"ErrControlCharacter", url.Values{"item": {tick + "\a"}, "priority": {"low"}}, "item", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				was := app.agendaItem(one)
				resp, body := staff.post(bulk, tt.form)
				if resp.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", resp.StatusCode)
				}
				got, ok := fieldErrors(body)[tt.field]
				if !ok {
					t.Fatalf("no message next to %s; messages %v", tt.field, fieldErrors(body))
				}
				if tt.want != "" && got != tt.want {
					t.Errorf("message %q, want %q", got, tt.want)
				}
				if it := app.agendaItem(one); it.Version != was.Version {
					t.Error("a refused change was saved")
				}
			})
		}
	})

	t.Run("ItemOfAnotherSession", func(t *testing.T) {
		var elsewhere, other int64
		if err := app.DB.NewSelect().Table("agenda_items").Column("id", "session_id").Where("session_id <> ?", sid).
			Limit(1).Scan(context.Background(), &elsewhere, &other); err != nil {
			t.Fatal(err)
		}
		_, body := staff.get(fmt.Sprintf("/sessions/%d", other))
		was := app.agendaItem(elsewhere)
		resp, _ := staff.post(bulk, url.Values{"item": {tickBox(t, body, elsewhere)}, "priority": {"low"}})
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
		if app.agendaItem(elsewhere).Version != was.Version {
			t.Error("an item of another session was changed through this session's page")
		}
	})

	t.Run("LiaisonCannot", func(t *testing.T) {
		moe := app.client()
		moe.login(moeEmail)
		_, body := moe.get(page)
		if strings.Contains(body, `name="item"`) || strings.Contains(body, "/items/bulk") {
			t.Error("the liaison's agenda page offers the bulk form")
		}
		was := app.agendaItem(one)
		audits := app.count("audit_log", "true")
		resp, _ := moe.post(bulk, url.Values{"item": {fmt.Sprintf("%d:%d", one, was.Version)}, "priority": {"low"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
		if app.agendaItem(one).Version != was.Version || app.count("audit_log", "true") != audits {
			t.Error("a liaison's bulk change wrote")
		}
	})
}

// selectedIn returns the value of the option selected in the select with the id.
func selectedIn(body, id string) string {
	m := regexp.MustCompile(`(?s)<select id="` + regexp.QuoteMeta(id) + `".*?</select>`).FindString(body)
	s := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m)
	if s == nil {
		return ""
	}
	return s[1]
}
