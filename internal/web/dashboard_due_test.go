package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestLiaisonDueFirst: a liaison's dashboard lists the requests to answer and the briefs
// awaiting their ministry's verdict (due by the session's brief deadline) together, what
// is due first at the top.
func TestLiaisonDueFirst(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(moeEmail)
	_, body := c.get("/")
	i := strings.Index(body, `id="due-h"`)
	if i < 0 {
		t.Fatal("the dashboard has no list of what is due first")
	}
	table := body[i : strings.Index(body[i:], "</table>")+i]
	rows := regexp.MustCompile(`(?s)<tr(?: class="c-late")?>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*><a href="([^"]+)"`).FindAllStringSubmatch(table, -1)
	var reviews, requests int
	last := ""
	for _, r := range rows {
		due, path := r[1], r[2]
		if strings.HasSuffix(path, "/brief/review") {
			reviews++
		} else if strings.HasPrefix(path, "/consultations/") {
			requests++
		}
		if due == "—" {
			due = "9999-99-99"
		}
		if due < last {
			t.Errorf("%s due %s listed after one due %s", path, due, last)
		}
		last = due
	}
	if reviews == 0 || requests == 0 {
		t.Errorf("%d reviews and %d requests listed, want both", reviews, requests)
	}
}
