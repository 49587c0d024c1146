package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/seed"
)

// htmlPage is what a browser is sent for a web page named index.pdf.
var htmlPage = []byte("<!DOCTYPE html><html><script>alert(document.cookie)</script></html>")

// section returns the part of a page from the section with id on, up to the next card.
func section(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest[1:], `<section class="card`); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

// TestRefusedUploadShowsItsPage: a refused file comes back on the page its form was
// on — the item's, the consultation's — with the reason beside that form's file field,
// that form open and what else was typed in it kept, in the person's language; nothing
// is stored.
func TestRefusedUploadShowsItsPage(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("226 EX", "5.I.C")
	itemPath := fmt.Sprintf("/items/%d", item)
	before := fileRows(t, app)

	t.Run("ItemDocumentKorean", func(t *testing.T) {
		ko := catalog.For("ko")
		staff := app.client()
		staff.header.Set("Accept-Language", "ko")
		staff.login(staffEmail)
		staff.get(itemPath)
		resp, body := staff.uploadFile(itemPath+"/files", [][2]string{{"symbol", "901 EX/9"}, {"language", "es"}}, "901 EX 9.pdf", htmlPage)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		docs := section(body, "documents")
		if docs == "" || !strings.Contains(body, `href="`+itemPath+`/edit"`) {
			t.Fatalf("the refusal is not the item's page:\n%s", body)
		}
		if !strings.Contains(docs, `<details class="file-add" open>`) {
			t.Error("the documents' upload form is not open")
		}
		want := `<p class="error" id="e-file">` + html.EscapeString(ko.T("files.error_type")) + `</p>`
		if !strings.Contains(docs, want) {
			t.Errorf("the documents' form does not say %q beside its file field", want)
		}
		if !strings.Contains(docs, `value="901 EX/9"`) || !strings.Contains(docs, `<option value="es" selected>`) {
			t.Error("the symbol and language typed are not kept")
		}
		if n := strings.Count(body, `id="e-file"`); n != 1 {
			t.Errorf("%d file errors on the page, want 1 (beside the form that was sent)", n)
		}
	})

	t.Run("Consultation", func(t *testing.T) {
		path := app.moeConsultation()
		moe := app.client()
		moe.login(moeEmail)
		moe.get(path)
		resp, body := moe.uploadFile(path+"/files", nil, "answer.pdf", htmlPage)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if !strings.Contains(body, `id="answer-h"`) {
			t.Fatalf("the refusal is not the consultation's page:\n%s", body)
		}
		files := section(body, "files")
		if !strings.Contains(files, `<details class="file-add" open>`) ||
			!strings.Contains(files, `<p class="error" id="e-file">`+html.EscapeString(en.T("files.error_type"))+`</p>`) {
			t.Errorf("the files' form is not open with the reason beside its file field:\n%s", files)
		}
		if n := strings.Count(body, `id="e-file"`); n != 1 {
			t.Errorf("%d file errors on the page, want 1", n)
		}
	})

	t.Run("AnswerFile", func(t *testing.T) {
		path := app.moeConsultation()
		moe := app.client()
		moe.login(moeEmail)
		moe.get(path)
		version := fmt.Sprint(app.consultation(app.consultationID(item, "MOE")).Version)
		resp, body := moe.uploadFile(path+"/files", [][2]string{{"as_answer", "true"}, {"version", version}}, "answer.pdf", htmlPage)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		form := body[strings.Index(body, `class="c-answer-file-form"`):]
		form = form[:strings.Index(form, "</form>")]
		if !strings.Contains(form, `<p class="error" id="e-file">`+html.EscapeString(en.T("files.error_type"))+`</p>`) {
			t.Errorf("the answer's file form does not give the reason:\n%s", form)
		}
		if strings.Contains(section(body, "files"), `id="e-file"`) {
			t.Error("the reason is given beside the other file form too")
		}
		if c := app.consultation(app.consultationID(item, "MOE")); c.Status != "open" {
			t.Errorf("status %s after a refused answer file", c.Status)
		}
	})

	wantNoNewFiles(t, app, before)

	t.Run("NewVersion", func(t *testing.T) {
		staff := app.client()
		staff.login(staffEmail)
		staff.get(itemPath)
		resp, _ := staff.uploadFile(itemPath+"/files", nil, "901 EX 8.pdf", seed.MinimalPDF("901 EX/8"))
		wantRedirect(t, resp, itemPath+"#documents")
		_, body := staff.get(itemPath)
		id := fileLinks(body)["901 EX 8.pdf"]
		rows := fileRows(t, app)
		resp, body = staff.uploadFile("/files/"+id+"/versions", nil, "901 EX 8 rev.pdf", htmlPage)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		docs := section(body, "documents")
		if !strings.Contains(docs, `<details class="file-change" open>`) || !strings.Contains(docs, `<input id="f-file" name="file"`) ||
			!strings.Contains(docs, `<p class="error" id="e-file">`+html.EscapeString(en.T("files.error_type"))+`</p>`) {
			t.Errorf("the file's new-version form is not open with the reason beside it:\n%s", docs)
		}
		wantNoNewFiles(t, app, rows)
	})
}

// TestRemoveEarlierVersion: one earlier version of a file is removed on its own, with a
// reason, audited; the file and its current version stay. The current version is not
// removed alone, and a removal without a reason comes back on the item's page with the
// message beside the reason.
func TestRemoveEarlierVersion(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("226 EX", "5.I.C")
	itemPath := fmt.Sprintf("/items/%d", item)
	staff := app.client()
	staff.login(staffEmail)
	staff.get(itemPath)
	resp, _ := staff.uploadFile(itemPath+"/files", [][2]string{{"symbol", "901 EX/7"}}, "draft 1.pdf", seed.MinimalPDF("first"))
	wantRedirect(t, resp, itemPath+"#documents")
	_, body := staff.get(itemPath)
	first := fileLinks(body)["draft 1.pdf"]
	resp, _ = staff.uploadFile("/files/"+first+"/versions", nil, "draft 2.pdf", seed.MinimalPDF("second"))
	wantRedirect(t, resp, itemPath+"#documents")
	_, body = staff.get(itemPath)
	second := fileLinks(body)["draft 2.pdf"]
	if second == "" || !strings.Contains(body, `action="/files/`+first+`/remove-version"`) {
		t.Fatalf("the page does not offer to remove the earlier version:\n%s", section(body, "documents"))
	}

	t.Run("ErrCurrentVersionKorean", func(t *testing.T) {
		ko := catalog.For("ko")
		c := app.client()
		c.header.Set("Accept-Language", "ko")
		c.login(staffEmail)
		c.get(itemPath)
		resp, body := c.post("/files/"+second+"/remove-version", url.Values{"reason": {"현재 판"}})
		if resp.StatusCode != http.StatusConflict || alert(body) != ko.T("files.error_current_version") {
			t.Errorf("removing the current version alone: status %d, message %q", resp.StatusCode, alert(body))
		}
		if resp, _ := c.get("/files/" + second); resp.StatusCode != http.StatusOK {
			t.Errorf("the current version after the refusal: status %d", resp.StatusCode)
		}
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		staff.get(itemPath)
		resp, body := staff.post("/files/"+first+"/remove-version", url.Values{"reason": {" "}})
		if resp.StatusCode != http.StatusUnprocessableEntity || fieldErrors(body)["reason"] != en.T("files.error_reason") {
			t.Errorf("without a reason: status %d, errors %v", resp.StatusCode, fieldErrors(body))
		}
		if !strings.Contains(section(body, "documents"), `<input id="f-reason" name="reason"`) {
			t.Error("the reason's field is not the one marked on the item's page")
		}
	})

	staff.get(itemPath)
	resp, _ = staff.post("/files/"+first+"/remove-version", url.Values{"reason": {"Superseded by the corrected draft"}})
	wantRedirect(t, resp, itemPath+"#documents")
	_, body = staff.get(itemPath)
	links := fileLinks(body)
	if _, ok := links["draft 1.pdf"]; ok {
		t.Error("the removed version is still listed")
	}
	if links["draft 2.pdf"] != second {
		t.Error("the current version is no longer listed")
	}
	if resp, _ := staff.get("/files/" + first); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the removed version downloads: status %d", resp.StatusCode)
	}
	if resp, _ := staff.get("/files/" + second); resp.StatusCode != http.StatusOK {
		t.Errorf("the current version: status %d", resp.StatusCode)
	}
	if n := app.count("audit_log", "action = 'remove_file_version' AND entity_id = ? AND after ->> 'delete_reason' = ?",
		first, "Superseded by the corrected draft"); n != 1 {
		t.Errorf("%d audit rows of the removal, want 1", n)
	}
	if n := app.count("files", "series_id = ? AND deleted_at IS NULL", first); n != 1 {
		t.Errorf("%d versions left, want 1", n)
	}
}
