package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
)

// koreanPDFName is the name of a ministry's answer as a liaison's computer calls it.
const koreanPDFName = "교육부 회신 (제5차) 최종.pdf"

// uploadFile posts a file to path as an upload form does: the anti-forgery token of the
// last page first, then fields in the order given, then the file.
func (c *client) uploadFile(path string, fields [][2]string, name string, data []byte) (*http.Response, string) {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf)
	for _, f := range fields {
		w.WriteField(f[0], f[1])
	}
	if name != "" {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(data)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

var fileLink = regexp.MustCompile(`<a href="/files/(\d+)" download>([^<]*)</a>`)

// fileLinks returns the ids of the files a page links to, by name.
func fileLinks(body string) map[string]string {
	m := map[string]string{}
	for _, x := range fileLink.FindAllStringSubmatch(body, -1) {
		m[htmlUnescape(x[2])] = x[1]
	}
	return m
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
}

// moeConsultation is an open consultation of the Ministry of Education in the demo data.
func (a *testApp) moeConsultation() string {
	return fmt.Sprintf("/consultations/%d", a.consultationID(a.itemID("226 EX", "5.I.C"), "MOE"))
}

// TestFileRoundTrip is the way of a ministry's answer file: the liaison attaches a PDF
// with a Korean name to their consultation; staff, on another server of the same
// database, download exactly those bytes, as an attachment with that name; the liaison
// of another ministry cannot, and is told nothing more than about a file that does not
// exist. Upload and download are in the audit log.
func TestFileRoundTrip(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	other := newAppOn(t, app.DB)
	path := app.moeConsultation()
	pdf := seed.MinimalPDF("Answer of the Ministry of Education")

	moe := app.client()
	moe.login(moeEmail)
	moe.get(path)
	resp, _ := moe.uploadFile(path+"/files", nil, koreanPDFName, pdf)
	wantRedirect(t, resp, path+"#files")
	_, body := moe.get(path)
	id, ok := fileLinks(body)[koreanPDFName]
	if !ok {
		t.Fatalf("the consultation's page does not list %q:\n%s", koreanPDFName, body)
	}
	if !strings.Contains(body, html.EscapeString(en.T("files.kind_consultation_answer"))) {
		t.Error("the page does not say the file is the ministry's answer")
	}

	staff := other.client()
	staff.login(staffEmail)
	resp, got := staff.get("/files/" + id)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("staff download: status %d\n%s", resp.StatusCode, got)
	}
	if !bytes.Equal([]byte(got), pdf) {
		t.Errorf("staff downloaded %d bytes, not the %d uploaded", len(got), len(pdf))
	}
	wantHeaders := map[string]string{
		"Content-Type":           "application/pdf",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-store",
	}
	for k, want := range wantHeaders {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	cd := resp.Header.Get("Content-Disposition")
	if want := `attachment; filename="` + domain.ASCIIName(koreanPDFName) + `"; filename*=UTF-8''`; !strings.HasPrefix(cd, want) {
		t.Errorf("Content-Disposition %q, want it to start %q", cd, want)
	}
	_, params, err := mime.ParseMediaType(cd)
	if err != nil || params["filename"] != koreanPDFName {
		t.Errorf("the browser reads the name %q (%v), want %q", params["filename"], err, koreanPDFName)
	}

	khs := app.client()
	khs.login(khsEmail)
	known, knownBody := khs.get("/files/" + id)
	unknown, unknownBody := khs.get(fmt.Sprintf("/files/%d", noSuchID))
	if known.StatusCode != http.StatusNotFound || unknown.StatusCode != http.StatusNotFound {
		t.Errorf("another ministry's liaison: status %d for the file, %d for none; want 404 for both", known.StatusCode, unknown.StatusCode)
	}
	if sameAnswer.ReplaceAllString(knownBody, "") != sameAnswer.ReplaceAllString(unknownBody, "") {
		t.Error("another ministry's file is answered otherwise than a file that does not exist")
	}
	if strings.Contains(knownBody, koreanPDFName) {
		t.Error("the refusal names the file")
	}

	if n := app.count("audit_log", "action = 'upload_file' AND entity = 'file' AND entity_id = ?", id); n != 1 {
		t.Errorf("%d audit rows of the upload, want 1", n)
	}
	if n := app.count("audit_log", "action = 'export_file' AND entity_id = ? AND actor = ?", id, staffEmail); n != 1 {
		t.Errorf("%d audit rows of staff's download, want 1", n)
	}
	if n := app.count("audit_log", "action = 'export_file' AND actor = ?", khsEmail); n != 0 {
		t.Errorf("%d audit rows of a refused download, want none", n)
	}
}

// fileAt is the path of a file of the matrix's fixture.
func fileAt(pick func(*fixture) int64, rest string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/files/%d%s", pick(f), rest) }
}

// itemDocument is a UNESCO document on the fixture's main item, made on first use.
func itemDocument(f *fixture) int64 {
	var id int64
	err := f.app.DB.NewRaw("SELECT id FROM files WHERE item_id = ? AND kind = 'item_document' AND deleted_at IS NULL ORDER BY id LIMIT 1", f.item).
		Scan(context.Background(), &id)
	if err == nil {
		return id
	}
	return freshDocument(f)
}

// freshDocument attaches a new UNESCO document to the fixture's main item.
func freshDocument(f *fixture) int64 {
	f.app.t.Helper()
	file, err := f.app.Store.SaveFile(context.Background(), f.staff,
		domain.FileTarget{Kind: domain.FileItemDocument, ItemID: f.item},
		domain.FileInput{Name: fmt.Sprintf("901 EX-%d.pdf", f.fresh()), Symbol: "901 EX/1", Language: "en"},
		bytes.NewReader(seed.MinimalPDF("901 EX/1")), 1<<20)
	if err != nil {
		f.app.t.Fatal(err)
	}
	return file.ID
}

// earlierDocument attaches a new UNESCO document to the fixture's main item, with a
// second version, and returns the first: an earlier version.
func earlierDocument(f *fixture) int64 {
	f.app.t.Helper()
	first := freshDocument(f)
	prev, _, err := f.app.Store.File(context.Background(), domain.BriefScope{Scope: domain.Scope{All: true}}, first)
	if err != nil {
		f.app.t.Fatal(err)
	}
	if _, err := f.app.Store.SaveFileVersion(context.Background(), f.staff, prev, "901 EX-v2.pdf",
		bytes.NewReader(seed.MinimalPDF("901 EX/1 rev")), 1<<20); err != nil {
		f.app.t.Fatal(err)
	}
	return first
}

// TestFilesFollowTheirThing: an item's documents are read by whoever sees the item; a
// brief's annexes by whoever reads the brief, so a delegate only once it is final; and
// removing a file takes a reason, keeps it out of every list and download after, and is
// audited.
func TestFilesFollowTheirThing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, newApp(t))
	app := f.app
	draft, final := f.briefIn("draft", "Draft position"), f.briefIn("final", "Final position")

	staff := app.client()
	staff.login(staffEmail)
	staff.get(fmt.Sprintf("/items/%d", f.item))
	resp, _ := staff.uploadFile(fmt.Sprintf("/items/%d/files", f.item), [][2]string{{"symbol", " 901  EX/1 "}, {"language", "fr"}},
		"901 EX 1 fr.pdf", seed.MinimalPDF("901 EX/1"))
	wantRedirect(t, resp, fmt.Sprintf("/items/%d#documents", f.item))
	_, body := staff.get(fmt.Sprintf("/items/%d", f.item))
	doc := fileLinks(body)["901 EX 1 fr.pdf"]
	if doc == "" || !strings.Contains(body, "<code>901 EX/1</code>") || !strings.Contains(body, en.T("files.lang_fr")) {
		t.Fatalf("the item's page does not list the document by symbol and language:\n%s", body)
	}
	annex := map[int64]string{}
	for _, item := range []int64{draft, final} {
		staff.get(fmt.Sprintf("/items/%d", item))
		resp, _ := staff.uploadFile(fmt.Sprintf("/items/%d/brief/files", item), nil, "부속서.pdf", seed.MinimalPDF("annex"))
		wantRedirect(t, resp, fmt.Sprintf("/items/%d#annexes", item))
		_, body := staff.get(fmt.Sprintf("/items/%d", item))
		if annex[item] = fileLinks(body)["부속서.pdf"]; annex[item] == "" {
			t.Fatalf("item %d does not list its brief's annex", item)
		}
	}

	for _, tt := range []struct {
		email, file string
		want        int
	}{
		{delegateEmail, doc, http.StatusOK},
		{delegateEmail, annex[final], http.StatusOK},
		{delegateEmail, annex[draft], http.StatusNotFound},
		{delegateOffEmail, doc, http.StatusNotFound},
		{moeEmail, annex[draft], http.StatusOK},
		{khsEmail, doc, http.StatusNotFound},
	} {
		c := app.client()
		c.login(tt.email)
		if resp, _ := c.get("/files/" + tt.file); resp.StatusCode != tt.want {
			t.Errorf("%s downloads file %s: status %d, want %d", tt.email, tt.file, resp.StatusCode, tt.want)
		}
	}

	// Removal.
	staff.get(fmt.Sprintf("/items/%d", f.item))
	resp, body = staff.post("/files/"+doc+"/remove", url.Values{"reason": {"  "}})
	if resp.StatusCode != http.StatusUnprocessableEntity || fieldErrors(body)["reason"] != en.T("files.error_reason") {
		t.Errorf("removal without a reason: status %d, errors %v", resp.StatusCode, fieldErrors(body))
	}
	resp, _ = staff.post("/files/"+doc+"/remove", url.Values{"reason": {"Superseded by the revised document"}})
	wantRedirect(t, resp, fmt.Sprintf("/items/%d#documents", f.item))
	if _, body := staff.get(fmt.Sprintf("/items/%d", f.item)); strings.Contains(body, "901 EX 1 fr.pdf") {
		t.Error("the removed file is still listed")
	}
	if resp, _ := staff.get("/files/" + doc); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the removed file downloads: status %d", resp.StatusCode)
	}
	if n := app.count("audit_log", "action = 'remove_file' AND entity_id = ? AND after ->> 'delete_reason' = ?", doc, "Superseded by the revised document"); n != 1 {
		t.Errorf("%d audit rows of the removal, want 1", n)
	}
	if n := app.count("file_chunks", "file_id = ?", doc); n == 0 {
		t.Error("the removal deleted the file's bytes, not only its place on the pages")
	}
}
