package web_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestMyItems: a delegate narrows the agenda and the positions of a session to the items
// they cover; staff are offered no such filter.
func TestMyItems(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ses := app.sessionID("226 EX")
	covered := []string{"5.I.B", "5.I.C", "16.XIX"} // Choi Minsu's items at 226 EX (demo data)
	numbers := regexp.MustCompile(`<a href="/items/\d+"><strong>([^<]+)</strong></a>`)
	listed := func(body string) []string {
		var out []string
		for _, m := range numbers.FindAllStringSubmatch(body, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
		return out
	}
	d := app.client()
	d.login(delegateEmail)
	for _, path := range []string{fmt.Sprintf("/sessions/%d", ses), fmt.Sprintf("/sessions/%d/briefs", ses)} {
		t.Run(path, func(t *testing.T) {
			_, all := d.get(path)
			if !strings.Contains(all, `href="`+path+`?mine=1"`) {
				t.Fatal("no 'my items' filter")
			}
			if n := len(listed(all)); n <= len(covered) {
				t.Fatalf("the whole list shows %d items", n)
			}
			_, mine := d.get(path + "?mine=1")
			if got := listed(mine); !slices.Equal(got, covered) {
				t.Errorf("my items %v, want %v", got, covered)
			}
		})
	}
	staff := app.client()
	staff.login(staffEmail)
	if _, body := staff.get(fmt.Sprintf("/sessions/%d", ses)); strings.Contains(body, "?mine=1") {
		t.Error("staff are offered the delegate's filter")
	}
}
