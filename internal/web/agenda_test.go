package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// sessionID returns the id of the demo session with the given code.
func (a *testApp) sessionID(code string) int64 {
	a.t.Helper()
	s, err := a.Store.SessionByCode(context.Background(), code)
	if err != nil {
		a.t.Fatalf("session %s: %v", code, err)
	}
	return s.ID
}

// itemID returns the id of item number in the demo session code.
func (a *testApp) itemID(code, number string) int64 {
	a.t.Helper()
	var id int64
	err := a.DB.NewSelect().Table("agenda_items").Column("agenda_items.id").
		Join("JOIN sessions s ON s.id = agenda_items.session_id").
		Where("s.code = ? AND agenda_items.number = ?", code, number).Scan(context.Background(), &id)
	if err != nil {
		a.t.Fatalf("item %s %s: %v", code, number, err)
	}
	return id
}

// queryCounter counts the queries of the application, leaving out those of the login
// session storage, which every page pays alike.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	return ctx
}
func (q *queryCounter) AfterQuery(ctx context.Context, e *bun.QueryEvent) {
	if !strings.Contains(e.Query, "login_sessions") && !strings.Contains(e.Query, "rate_limits") {
		q.n.Add(1)
	}
}

// TestAgendaPageQueryCount: a 500-item session renders its agenda page in at most 8
// queries: 5 for the agenda, 3 for the choices of the bulk form staff see (ministries
// with their former names, focal points), however many items there are.
func TestAgendaPageQueryCount(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	sid := app.sessionID("226 EX")
	moe, err := app.Store.Ministries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = app.Store.InTx(ctx, func(s *store.Store) error {
		for i := 0; i < 500; i++ {
			in := domain.AgendaItemInput{Number: fmt.Sprintf("%d.%d", 100+i/20, i%20+1), TitleEN: fmt.Sprintf("Synthetic item %d", i),
				Commission: []string{"PX", "FA", "Plenary"}[i%3], Sector: []string{"ED", "SC", "CLT"}[i%3],
				LeadMinistryID: moe[i%len(moe)].ID, Priority: "normal", Status: "new"}
			if _, err := s.CreateAgendaItem(ctx, domain.SystemActor("test"), sid, in); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A second server on the same database, whose connection counts its queries.
	counter := &queryCounter{}
	app = newAppOn(t, app.DB.WithQueryHook(counter))
	c := app.client()
	c.login(staffEmail)
	for _, path := range []string{"/sessions/%d", "/sessions/%d?commission=PX&status=new&priority=normal"} {
		counter.n.Store(0)
		resp, body := c.get(fmt.Sprintf(path, sid))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, resp.StatusCode)
		}
		t.Logf("GET %s: %d queries", path, counter.n.Load())
		if got, want := counter.n.Load(), int64(8); got > want {
			t.Errorf("GET %s: %d queries, want at most %d", path, got, want)
		}
		if !strings.Contains(body, "Synthetic item 499") && !strings.Contains(path, "commission") {
			t.Errorf("GET %s: the page lacks the last item", path)
		}
	}
}

// TestAgendaPageOrder: items appear in UNESCO's order whatever the order they were added in.
func TestAgendaPageOrder(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("220 EX")
	_, body := c.get(fmt.Sprintf("/sessions/%d", sid))
	want := []string{">1<", ">2<", ">3<", ">5.I.A<", ">5.I.B<", ">5.I.C<", ">5.II.A<", ">10<", ">16.IX<", ">16.XV<", ">32<"}
	last := -1
	for _, w := range want {
		i := strings.Index(body, w)
		if i < 0 {
			t.Fatalf("item %s missing from the agenda page", w)
		}
		if i < last {
			t.Errorf("item %s appears before the item listed before it", w)
		}
		last = i
	}
}

// TestAgendaAccess: who may see which sessions and items, and who may change them.
func TestAgendaAccess(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid220 := app.sessionID("220 EX")
	sidICH := app.sessionID("21 ICH")
	moeItem := app.itemID("220 EX", "5.I.B") // led by the Ministry of Education
	mofaItem := app.itemID("220 EX", "3")    // led by the Ministry of Foreign Affairs
	khsOnly := app.sessionID("48 WHC")       // every item led by the Korea Heritage Service
	tests := []struct {
		name   string
		email  string
		path   string
		status int
	}{
		{"StaffSeesSession", staffEmail, fmt.Sprintf("/sessions/%d", sid220), 200},
		{"LiaisonSeesSessionWithOwnItem", moeEmail, fmt.Sprintf("/sessions/%d", sid220), 200},
		{"LiaisonSeesOwnItem", moeEmail, fmt.Sprintf("/items/%d", moeItem), 200},
		{"LiaisonCannotSeeOtherMinistrysItem", moeEmail, fmt.Sprintf("/items/%d", mofaItem), 404},
		{"LiaisonCannotSeeSessionWithoutOwnItem", moeEmail, fmt.Sprintf("/sessions/%d", khsOnly), 404},
		{"OtherLiaisonSeesThatSession", khsEmail, fmt.Sprintf("/sessions/%d", khsOnly), 200},
		{"DelegateNotOnDelegationSeesNothing", delegateEmail, fmt.Sprintf("/sessions/%d", sidICH), 404},
		{"LiaisonCannotEditItem", moeEmail, fmt.Sprintf("/items/%d/edit", moeItem), 403},
		{"LiaisonCannotAddItem", moeEmail, fmt.Sprintf("/sessions/%d/items/new", sid220), 403},
		{"LiaisonCannotEditSession", moeEmail, fmt.Sprintf("/sessions/%d/edit", sid220), 403},
		{"DelegateCannotCreateSession", delegateEmail, "/sessions/new", 403},
		{"StaffEditsItem", staffEmail, fmt.Sprintf("/items/%d/edit", mofaItem), 200},
	}
	clients := map[string]*client{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := clients[tt.email]
			if !ok {
				c = app.client()
				c.login(tt.email)
				clients[tt.email] = c
			}
			resp, _ := c.get(tt.path)
			if got := resp.StatusCode; got != tt.status {
				t.Errorf("GET %s as %s: status %d, want %d", tt.path, tt.email, got, tt.status)
			}
		})
	}

	t.Run("LiaisonAgendaListsOnlyOwnItems", func(t *testing.T) {
		c := clients[moeEmail]
		_, body := c.get(fmt.Sprintf("/sessions/%d", sid220))
		if !strings.Contains(body, "Global Convention on the Recognition") {
			t.Error("the liaison's agenda lacks the ministry's own item")
		}
		if strings.Contains(body, "Report by the Director-General") {
			t.Error("the liaison's agenda shows another ministry's item")
		}
	})
	t.Run("SearchFindsOnlyVisibleItems", func(t *testing.T) {
		c := clients[moeEmail]
		_, body := c.get("/search?q=" + url.QueryEscape("Director-General"))
		if strings.Contains(body, "Report by the Director-General") {
			t.Error("search shows the liaison another ministry's item")
		}
		_, body = c.get("/search?q=" + url.QueryEscape("고등교육"))
		if !strings.Contains(body, "Global Convention on the Recognition") {
			t.Error("a Korean search does not find the ministry's own item")
		}
	})
	t.Run("LiaisonCannotPostItem", func(t *testing.T) {
		c := clients[moeEmail]
		c.get("/")
		var before int
		app.DB.NewSelect().Table("agenda_items").ColumnExpr("count(*)").Scan(context.Background(), &before)
		resp, _ := c.post(fmt.Sprintf("/sessions/%d/items", sid220), url.Values{"number": {"99"}, "title_en": {"x"}, "priority": {"normal"}, "status": {"new"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
		var after int
		app.DB.NewSelect().Table("agenda_items").ColumnExpr("count(*)").Scan(context.Background(), &after)
		if after != before {
			t.Errorf("items %d → %d: a refused request wrote", before, after)
		}
	})
}

// TestItemForm: field-level errors, and a stale save that keeps what was typed.
func TestItemForm(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("226 EX")
	path := fmt.Sprintf("/sessions/%d/items", sid)

	t.Run("ErrMalformedNumber", func(t *testing.T) {
		c.get(path + "/new")
		resp, body := c.post(path, url.Values{"number": {"5.IIII"}, "title_en": {"Typed title"}, "priority": {"normal"}, "status": {"new"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if !strings.Contains(body, `id="e-number"`) || !strings.Contains(body, "Roman numeral") {
			t.Error("no message next to the number field saying why")
		}
		if !strings.Contains(body, `value="Typed title"`) {
			t.Error("the typed title is lost")
		}
	})
	t.Run("ErrNumberTaken", func(t *testing.T) {
		c.get(path + "/new")
		resp, body := c.post(path, url.Values{"number": {"5.I.A"}, "title_en": {"Again"}, "priority": {"normal"}, "status": {"new"}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `id="e-number"`) {
			t.Errorf("status %d, want 409 with a message next to the number", resp.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		c.get(path + "/new")
		resp, _ := c.post(path, url.Values{"number": {"16.xv"}, "title_en": {"New item"}, "documents": {"226 EX/16.XV; 226 EX/INF.2"}, "priority": {"high"}, "status": {"new"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", resp.StatusCode)
		}
		id := app.itemID("226 EX", "16.XV")
		item, err := app.Store.AgendaItem(context.Background(), domain.Scope{All: true}, id)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(item.Documents, "|"), "226 EX/16.XV|226 EX/INF.2"; got != want {
			t.Errorf("documents %q, want %q", got, want)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		id := app.itemID("226 EX", "9")
		edit := fmt.Sprintf("/items/%d", id)
		c.get(edit + "/edit")
		form := url.Values{"number": {"9"}, "title_en": {"My edit"}, "priority": {"normal"}, "status": {"new"}, "version": {"1"}}
		other := app.client()
		other.login(adminEmail)
		other.get(edit + "/edit")
		if resp, _ := other.post(edit, url.Values{"number": {"9"}, "title_en": {"Their edit"}, "priority": {"normal"}, "status": {"new"}, "version": {"1"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: status %d", resp.StatusCode)
		}
		resp, body := c.post(edit, form)
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("stale save: status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, `value="My edit"`) || !strings.Contains(body, "Their edit") {
			t.Error("the conflict page must keep the typed text and show what was saved meanwhile")
		}
	})
}
