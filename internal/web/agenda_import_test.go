package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
)

// upload posts a file to path as the import form does, with the CSRF token of the last
// page read.
func (c *client) upload(path, filename string, data []byte) (*http.Response, string) {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("_csrf", c.csrf); err != nil {
		c.t.Fatal(err)
	}
	if filename != "" {
		f, err := w.CreateFormFile("file", filename)
		if err != nil {
			c.t.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		c.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// testFile returns a file of the importer's testdata.
func testFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var confirmAction = regexp.MustCompile(`action="(/sessions/\d+/import/([0-9a-f]{64}))"`)

// confirmPath returns the address of the preview's confirm button, or "" when it has none.
func confirmPath(body string) string {
	if m := confirmAction.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

var previewRow = regexp.MustCompile(`<tr id="row-(\d+)"`)

var agendaNumber = regexp.MustCompile(`<a href="/items/\d+"><strong>([^<]+)</strong></a>`)

func TestImportAgendaFlow(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("220 EX")
	base := fmt.Sprintf("/sessions/%d", sid)

	resp, body := c.get(base + "/import")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("GET %s/import: status %d, want the upload form", base, resp.StatusCode)
	}
	if _, body := c.get(base); !strings.Contains(body, `href="`+base+`/import"`) {
		t.Error("the session page has no link to the import")
	}

	c.get(base + "/import")
	resp, body = c.upload(base+"/import", "agenda_220ex_en.csv", testFile(t, "agenda_220ex_en.csv"))
	if got, want := resp.StatusCode, http.StatusOK; got != want {
		t.Fatalf("upload: status %d, want %d\n%s", got, want, body)
	}
	if got, want := len(previewRow.FindAllString(body, -1)), 40; got != want {
		t.Errorf("the preview shows %d rows, want %d", got, want)
	}
	for _, want := range []string{
		en.T("import.summary", "Count", 40, "Added", 29, "Updated", 11),
		en.T("import.update_note"),
		en.T("import.ignored", "Columns", "Remarks"),
		en.T("import.will_update"), en.T("import.will_add"),
		"MCEE · Ministry of Climate, Energy and Environment", // named in the file by its former name
	} {
		if !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("the preview does not say %q", want)
		}
	}
	confirm := confirmPath(body)
	if confirm == "" {
		t.Fatal("the preview has no confirm button")
	}
	if got := app.count("agenda_items", "session_id = ?", sid); got != 11 {
		t.Fatalf("%d items after the preview, want the demo's 11: a preview writes nothing", got)
	}

	resp, _ = c.post(confirm, nil)
	wantRedirect(t, resp, base)
	_, body = c.get(base)
	// The file repeats two of the demo's items, which are updated rather than added.
	added := app.count("agenda_items", "session_id = ?", sid) - 11
	if want := en.T("import.done", "Count", added, "Updated", 2); !strings.Contains(body, want) {
		t.Errorf("the session page does not say %q\n%s", want, flashOf(body))
	}
	var got []string
	for _, m := range agendaNumber.FindAllStringSubmatch(body, -1) {
		got = append(got, m[1])
	}
	want := []string{"1", "2", "3", "4", "5", "5.I", "5.I.A", "5.I.B", "5.I.C", "5.I.D", "5.II", "5.II.A", "5.II.B",
		"6", "7", "8", "10", "11", "12", "13", "14", "15", "16", "16.I", "16.II", "16.IX", "16.X", "16.XV", "16.XIX",
		"17", "18", "20", "21", "22", "25", "30", "32", "35", "38", "40"}
	if !slices.Equal(got, want) {
		t.Errorf("agenda after the import:\n%q\nwant UNESCO's order:\n%q", got, want)
	}
	if n := app.count("audit_log", "entity = 'session' AND action = 'import' AND entity_id = ? AND actor = ?", sid, staffEmail); n != 1 {
		t.Errorf("%d import audit rows by the staff member, want 1", n)
	}

	t.Run("ErrConfirmTwice", func(t *testing.T) {
		c.get(base)
		resp, body := c.post(confirm, nil)
		if got, want := resp.StatusCode, http.StatusNotFound; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
		if !strings.Contains(html.UnescapeString(body), en.T("import.expired")) {
			t.Error("the page does not say the preview expired")
		}
	})
}

func TestImportAgendaXLSX(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	base := fmt.Sprintf("/sessions/%d", app.sessionID("220 EX"))
	c.get(base + "/import")
	resp, body := c.upload(base+"/import", "agenda_220ex.xlsx", testFile(t, "agenda_220ex.xlsx"))
	if got, want := resp.StatusCode, http.StatusOK; got != want {
		t.Fatalf("status %d, want %d\n%s", got, want, body)
	}
	rows := previewRow.FindAllStringSubmatch(body, -1)
	if len(rows) != 40 || rows[0][1] != "4" {
		t.Errorf("%d rows, the first row %v; want 40, the first in row 4 below the title and header", len(rows), rows[:1])
	}
	if confirmPath(body) == "" {
		t.Error("the preview has no confirm button")
	}
}

func TestImportAgendaErrors(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("220 EX")
	path := fmt.Sprintf("/sessions/%d/import", sid)

	t.Run("BadRows", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		c.get(path)
		resp, body := c.upload(path, "agenda_bad.csv", testFile(t, "agenda_bad.csv"))
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		body = html.UnescapeString(body)
		if confirmPath(body) != "" {
			t.Error("the preview of a file with errors has a confirm button")
		}
		if got, want := alert(body), en.T("import.has_errors", "Count", 6, "Rows", 8); got != want {
			t.Errorf("alert %q, want %q", got, want)
		}
		for _, want := range []string{
			"Title: The title is empty.",
			"Item “4..2”: The item number has two dots in a row.",
			"Item “5.IIII”: A Roman numeral in the item number is not written correctly",
			"Item “1”: This number is already used in row 2 of the file.",
			"Lead ministry “Ministry of Magic”: No ministry has this code or name.",
			"Priority “urgent”: The priority must be high, normal or low",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the preview does not say %q", want)
			}
		}
		if got := len(previewRow.FindAllString(body, -1)); got != 8 {
			t.Errorf("the preview shows %d rows, want every one of 8", got)
		}
		if n := app.count("pending_uploads", "TRUE"); n != 0 {
			t.Errorf("%d files kept for confirmation, want none", n)
		}
	})

	t.Run("Korean", func(t *testing.T) {
		c := app.client()
		c.header.Set("Accept-Language", "ko")
		c.login(staffEmail)
		c.get(path)
		_, body := c.upload(path, "agenda_bad.csv", testFile(t, "agenda_bad.csv"))
		body = html.UnescapeString(body)
		for _, want := range []string{"번호 “4..2”: ", "이 번호는 파일의 2행에서 이미 쓰였습니다.", "갱신 예정", "6행에 오류가 있습니다"} {
			if !strings.Contains(body, want) {
				t.Errorf("the Korean preview does not say %q", want)
			}
		}
	})

	files := []struct {
		name, file string
		data       []byte
		message    string
	}{
		{"ErrNoFile", "", nil, "import.no_file"},
		{"ErrFileType", "agenda.txt", []byte("Item,Title\n1,A\n"), "import.bad_type"},
		{"ErrNoHeader", "agenda.csv", []byte("Number,Name\n1,A\n"), "import.no_header"},
		{"ErrTooLarge", "agenda.csv", bytes.Repeat([]byte("1,Adoption of the agenda\n"), 6<<20/25), "import.too_large"},
		{"ErrNotAWorkbook", "agenda.xlsx", []byte("Item,Title\n1,A\n"), "import.unreadable"},
	}
	c := app.client()
	c.login(staffEmail)
	for _, tt := range files {
		t.Run(tt.name, func(t *testing.T) {
			c.get(path)
			resp, body := c.upload(path, tt.file, tt.data)
			if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
				t.Errorf("status %d, want %d", got, want)
			}
			if got, want := fieldErrors(body)["file"], en.T(tt.message, importer.LimitData(importer.AgendaFiles)...); got != want {
				t.Errorf("file error %q, want %q", got, want)
			}
		})
	}
}

// TestImportAgendaAccess checks that only those who may import reach any step, and that
// a preview is confirmed only by the person who made it, for its session, within the hour.
func TestImportAgendaAccess(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("220 EX")
	other := app.sessionID("226 EX")
	base := fmt.Sprintf("/sessions/%d", sid)
	staff := app.client()
	staff.login(staffEmail)
	staff.get(base + "/import")
	_, body := staff.upload(base+"/import", "agenda_bom.csv", testFile(t, "agenda_bom.csv"))
	confirm := confirmPath(body)
	if confirm == "" {
		t.Fatal("the preview has no confirm button")
	}
	token := confirm[strings.LastIndex(confirm, "/")+1:]
	const changes = "entity IN ('agenda_item', 'session')"
	items, audits := app.count("agenda_items", "TRUE"), app.count("audit_log", changes)

	for _, who := range []struct{ name, email string }{{"Liaison", moeEmail}, {"Delegate", delegateEmail}} {
		t.Run(who.name, func(t *testing.T) {
			c := app.client()
			c.login(who.email)
			c.get("/")
			if resp, _ := c.get(base + "/import"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET import: status %d, want 403", resp.StatusCode)
			}
			if resp, _ := c.upload(base+"/import", "agenda_bom.csv", testFile(t, "agenda_bom.csv")); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST import: status %d, want 403", resp.StatusCode)
			}
			if resp, _ := c.post(confirm, nil); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST confirm: status %d, want 403", resp.StatusCode)
			}
		})
	}

	t.Run("Anonymous", func(t *testing.T) {
		c := app.client()
		resp, _ := c.get(base + "/import")
		wantLoginRedirect(t, resp, base+"/import")
	})

	refused := []struct {
		name, email, path string
	}{
		{"ErrOtherUsersToken", adminEmail, confirm},
		{"ErrOtherSession", staffEmail, fmt.Sprintf("/sessions/%d/import/%s", other, token)},
		{"ErrMalformedToken", staffEmail, base + "/import/not-a-token"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			c := staff
			if tt.email != staffEmail {
				c = app.client()
				c.login(tt.email)
			}
			c.get("/")
			if resp, _ := c.post(tt.path, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404", resp.StatusCode)
			}
		})
	}
	if app.count("agenda_items", "TRUE") != items || app.count("audit_log", changes) != audits {
		t.Error("a refused request wrote something")
	}

	t.Run("ErrExpired", func(t *testing.T) {
		if _, err := app.DB.NewUpdate().Table("pending_uploads").Set("expires_at = now() - interval '1 minute'").
			Where("token = ?", token).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		staff.get("/")
		if resp, _ := staff.post(confirm, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
}

// TestImportAgendaChangedMeanwhile checks that an agenda changed between the preview and
// the confirmation fails the import as a whole, with the reason on the upload form.
func TestImportAgendaChangedMeanwhile(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("220 EX")
	base := fmt.Sprintf("/sessions/%d", sid)
	c := app.client()
	c.login(staffEmail)
	c.get(base + "/import")
	_, body := c.upload(base+"/import", "agenda_220ex_en.csv", testFile(t, "agenda_220ex_en.csv"))
	confirm := confirmPath(body)
	if confirm == "" {
		t.Fatal("the preview has no confirm button")
	}
	// Someone adds item 4 by hand meanwhile; the file would add it too.
	if _, err := app.Store.CreateAgendaItem(context.Background(), domain.SystemActor("test"), sid,
		domain.AgendaItemInput{Number: "4", TitleEN: "Report by the Chairperson", Priority: "normal", Status: "new"}); err != nil {
		t.Fatal(err)
	}
	items := app.count("agenda_items", "session_id = ?", sid)
	resp, _ := c.post(confirm, nil)
	wantRedirect(t, resp, base+"/import")
	_, body = c.get(base + "/import")
	if !strings.Contains(html.UnescapeString(body), en.T("import.changed")) {
		t.Error("the upload form does not say why nothing was imported")
	}
	if got := app.count("agenda_items", "session_id = ?", sid); got != items {
		t.Errorf("%d items, want %d: a failed import writes nothing", got, items)
	}
}

func flashOf(body string) string {
	i := strings.Index(body, `class="flash"`)
	if i < 0 {
		return "(no flash)"
	}
	return body[i:min(len(body), i+200)]
}
