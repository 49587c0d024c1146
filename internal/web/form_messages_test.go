package web_test

import (
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	fieldID      = regexp.MustCompile(`id="f-([a-z_]+)"`)
	fieldLabel   = regexp.MustCompile(`<label for="f-([a-z_]+)"[^>]*>([^<]+)`)
	fieldMessage = regexp.MustCompile(`<p class="error" id="e-([a-z_]+)">([^<]*)</p>`)
	listedField  = regexp.MustCompile(`<li><a href="#f-([a-z_]+)">`)
	numberInput  = regexp.MustCompile(`<input id="f-number"[^>]*value="([^"]*)"`)
	// alternation matches a particle left for the reader to choose, "은(는)", "(으)로".
	alternation = regexp.MustCompile(`[은는이가을를과와]\([은는이가을를과와]\)|\(으\)로`)
)

// TestFormMessages submits forms with mistakes in each language and reads the messages
// as a person does: each names its field by the label the form shows, in natural Korean
// with the particle that fits the label, as an English sentence with its full stop; the
// list above the form is in the order of the form's fields.
func TestFormMessages(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("226 EX")
	long := strings.Repeat("가", 201)
	forms := []struct {
		name, user, page, action string
		form                     url.Values
		want                     []string // fields with a message, at least
	}{
		{"NewSession", staffEmail, "/sessions/new", "/sessions", url.Values{"status": {"planning"}},
			[]string{"body_id", "number", "title_ko", "starts_on", "ends_on"}},
		{"NewItem", staffEmail, fmt.Sprintf("/sessions/%d/items/new", sid), fmt.Sprintf("/sessions/%d/items", sid),
			url.Values{"priority": {"normal"}, "status": {"new"}}, []string{"number", "title_en"}},
		{"NewPerson", staffEmail, "/people/new", "/people",
			url.Values{"name_en": {long}, "name_ko": {long}, "email": {"not an address"}, "person_notes": {"a\x00b"}},
			[]string{"name_en", "name_ko", "organisation", "email", "person_notes"}},
		{"NewUser", adminEmail, "/admin/users/new", "/admin/users", url.Values{"role": {"liaison"}}, []string{"email", "name", "ministry_id"}},
		{"NewBody", adminEmail, "/admin/bodies/new", "/admin/bodies", url.Values{"code": {"ex"}}, []string{"code", "name_ko", "name_en"}},
		{"NewMinistry", adminEmail, "/admin/ministries/new", "/admin/ministries", url.Values{"code": {"moe"}}, []string{"code", "name_ko", "name_en"}},
	}
	for _, lang := range []string{"ko", "en"} {
		for _, f := range forms {
			t.Run(lang+"/"+f.name, func(t *testing.T) {
				c := app.client()
				c.header.Set("Accept-Language", lang)
				c.login(f.user)
				_, page := c.get(f.page)
				labels := map[string]string{}
				for _, m := range fieldLabel.FindAllStringSubmatch(page, -1) {
					labels[m[1]] = strings.TrimSpace(html.UnescapeString(m[2]))
				}
				resp, body := c.post(f.action, maps.Clone(f.form))
				if resp.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("POST %s: status %d, want 422", f.action, resp.StatusCode)
				}
				messages := map[string]string{}
				for _, m := range fieldMessage.FindAllStringSubmatch(body, -1) {
					messages[m[1]] = html.UnescapeString(m[2])
				}
				for _, field := range f.want {
					if messages[field] == "" {
						t.Errorf("no message next to %s; messages: %v", field, messages)
					}
				}
				for field, msg := range messages {
					label, ok := labels[field]
					switch {
					case !ok:
						t.Errorf("%s: the form shows no label for the field of %q", field, msg)
					case !strings.Contains(strings.ToLower(msg), strings.ToLower(label)):
						t.Errorf("%s: %q does not name the field as the form does, %q", field, msg, label)
					}
					if alternation.MatchString(msg) {
						t.Errorf("%s: %q leaves the particle to the reader", field, msg)
					}
					if lang == "en" && !strings.HasSuffix(msg, ".") {
						t.Errorf("%s: %q does not end with a full stop", field, msg)
					}
				}
				var onForm []string
				for _, m := range fieldID.FindAllStringSubmatch(body, -1) {
					if _, ok := messages[m[1]]; ok && !slices.Contains(onForm, m[1]) {
						onForm = append(onForm, m[1])
					}
				}
				var listed []string
				for _, m := range listedField.FindAllStringSubmatch(body, -1) {
					listed = append(listed, m[1])
				}
				if !slices.Equal(listed, onForm) {
					t.Errorf("messages listed in the order %v, the form's order is %v", listed, onForm)
				}
			})
		}
	}
}

// TestNewSessionNumberStartsEmpty: the new-session form leaves the number for the person
// to type, rather than offering 0 and then saying it is required.
func TestNewSessionNumberStartsEmpty(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	_, body := c.get("/sessions/new")
	m := numberInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the new-session form has no number field")
	}
	if m[1] != "" {
		t.Errorf("the number field starts as %q, want it empty", m[1])
	}
	_, body = c.post("/sessions", url.Values{"title_en": {"A session without a number"}, "status": {"planning"}})
	if m := numberInput.FindStringSubmatch(body); m == nil || m[1] != "" {
		t.Errorf("after a failed save, the number field holds %v, want it empty", m)
	}
}
