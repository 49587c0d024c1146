package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// flashCookie is the name of the cookie that carries a confirmation to the next page.
const flashCookie = "plenary_flash"

// setCookie returns the Set-Cookie of resp that names the cookie, or nil.
func setCookie(resp *http.Response, name string) *http.Cookie {
	for _, ck := range resp.Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// TestFlashShowsOnce: a confirmation shows on the page the action lands on, and the
// cookie that clears it has the path of the cookie that carried it, so that a browser
// forgets it and no later page shows it again.
func TestFlashShowsOnce(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("226 EX")
	c.get(fmt.Sprintf("/sessions/%d/items/new", sid))
	resp, body := c.post(fmt.Sprintf("/sessions/%d/items", sid), url.Values{
		"number": {"77"}, "title_en": {"An item for the confirmation"}, "priority": {"normal"}, "status": {"new"},
	})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding an item: status %d, want 303\n%s", resp.StatusCode, body)
	}
	set := setCookie(resp, flashCookie)
	if set == nil {
		t.Fatal("adding an item sets no confirmation")
	}
	landing := resp.Header.Get("Location")
	if strings.Count(landing, "/") < 2 {
		t.Fatalf("the item's page %q is not below a folder: the test would not tell", landing)
	}

	resp, body = c.get(landing)
	if !strings.Contains(body, `class="flash"`) {
		t.Fatalf("the page the action lands on (%s) shows no confirmation", landing)
	}
	clear := setCookie(resp, flashCookie)
	if clear == nil {
		t.Fatal("the landing page does not clear the confirmation")
	}
	if clear.Path != set.Path {
		t.Errorf("the confirmation is cleared with Path=%q, set with Path=%q: a browser keeps it", clear.Path, set.Path)
	}
	if clear.MaxAge >= 0 && (clear.Expires.IsZero() || clear.Expires.After(time.Now())) {
		t.Errorf("the clearing cookie %q does not expire", clear)
	}

	_, body = c.get(fmt.Sprintf("/sessions/%d", sid))
	if strings.Contains(body, `class="flash"`) {
		t.Error("a later page shows the confirmation again")
	}
}
