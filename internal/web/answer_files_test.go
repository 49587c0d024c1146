package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/testtool"
)

// answerFileName is the name of the file a ministry answers with, alone.
const answerFileName = "교육부 회신.pdf"

// TestAnswerWithFileAlone is a liaison who answers a request with their ministry's file
// and no typed text: the request is answered, by them, now, with its audit row and the
// notice to the Commission as a typed answer has; staff read "answered with the attached
// file" on the consultation's page, in the pack and in the book, in English and Korean.
// An old page's file is refused with nothing stored, and the file that is the answer
// cannot be removed while it is.
func TestAnswerWithFileAlone(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	path := app.moeConsultation()
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/consultations/"), 10, 64)
	before := app.consultation(id)

	moe := app.client()
	moe.login(moeEmail)
	_, page := moe.get(path)
	if !strings.Contains(page, html.EscapeString(en.T("consultations.answer_with_file"))) {
		t.Fatalf("the liaison's page offers no way to answer with a file:\n%s", page)
	}
	version := strconv.Itoa(before.Version)

	t.Run("ErrStaleVersion", func(t *testing.T) {
		files := app.count("files", "TRUE")
		resp, body := moe.uploadFile(path+"/files", [][2]string{{"as_answer", "true"}, {"version", strconv.Itoa(before.Version - 1)}},
			answerFileName, seed.MinimalPDF("Old page"))
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("a file sent from an old page: status %d, want 409", resp.StatusCode)
		}
		if n := app.count("files", "TRUE"); n != files {
			t.Errorf("%d files after a refused answer, want %d", n, files)
		}
		if got := app.consultation(id); got.Status != domain.ConsultationOpen || got.Version != before.Version {
			t.Errorf("after a refused answer: status %s, version %d", got.Status, got.Version)
		}
		if !strings.Contains(body, html.EscapeString(en.T("consultations.answer_with_file"))) {
			t.Error("the conflict is not shown on the consultation's page with its answer form")
		}
	})

	moe.get(path)
	uploads := app.count("audit_log", "action = 'upload_file' AND actor = ?", moeEmail)
	resp, _ := moe.uploadFile(path+"/files", [][2]string{{"as_answer", "true"}, {"version", version}},
		answerFileName, seed.MinimalPDF("The Ministry of Education's answer"))
	wantRedirect(t, resp, path)
	got := app.consultation(id)
	moeUser := app.user(moeEmail)
	if got.Status != domain.ConsultationAnswered || got.Answer != "" || got.AnswerSource != domain.AnswerFromAttachment ||
		got.AnsweredBy == nil || *got.AnsweredBy != moeUser.ID || got.AnsweredAt == nil || got.Version != before.Version+1 {
		t.Fatalf("after the answer by file: %+v", got)
	}
	if got.AnswerFiles != answerFileName {
		t.Errorf("answer files %q, want %q", got.AnswerFiles, answerFileName)
	}
	if n := app.count("audit_log", "action = 'answer' AND entity = 'consultation' AND entity_id = ? AND actor = ?", id, moeEmail); n != 1 {
		t.Errorf("%d audit rows of the answer, want 1", n)
	}
	if n := app.count("audit_log", "action = 'upload_file' AND actor = ?", moeEmail) - uploads; n != 1 {
		t.Errorf("%d audit rows of the file, want 1", n)
	}
	if n := app.count("notifications", "kind = 'consultation_answered' AND consultation_id = ?", id); n != 1 {
		t.Errorf("%d notices of the answer, want 1", n)
	}

	staff := app.client()
	staff.login(staffEmail)
	_, body := staff.get(path)
	wantText := en.T("consultations.answered_with_file", "Name", answerFileName)
	if !strings.Contains(body, html.EscapeString(wantText)) {
		t.Errorf("staff's page does not say %q", wantText)
	}
	ses := app.sessionID("226 EX")
	for _, lang := range []string{"en", "ko"} {
		want := catalog.For(lang).T("consultations.answered_with_file", "Name", answerFileName)
		t.Run("Pack_"+lang, func(t *testing.T) {
			resp, body := staff.get(fmt.Sprintf("/sessions/%d/pack?lang=%s", ses, lang))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("pack: status %d", resp.StatusCode)
			}
			if !strings.Contains(xlsxText(t, body), html.EscapeString(want)) {
				t.Errorf("the pack does not say %q", want)
			}
		})
		t.Run("Book_"+lang, func(t *testing.T) {
			resp, body := staff.get(fmt.Sprintf("/sessions/%d/book?lang=%s", ses, lang))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("book: status %d", resp.StatusCode)
			}
			text := testtool.Squeeze(strings.Join(testtool.ReadPDF(t, []byte(body)).Pages(), "\n"))
			if !strings.Contains(text, testtool.Squeeze(want)) {
				t.Errorf("the book does not say %q", want)
			}
		})
	}

	t.Run("ErrRemoveTheAnswer", func(t *testing.T) {
		_, body := moe.get(path)
		fileID := fileLinks(body)[answerFileName]
		resp, body := moe.post("/files/"+fileID+"/remove", url.Values{"reason": {"Sent by mistake"}})
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("removing the file that is the answer: status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, html.EscapeString(en.T("files.error_answer_needed"))) {
			t.Error("the refusal does not say why")
		}
		if _, ok := fileLinks(body)[answerFileName]; !ok {
			t.Error("the answer file is no longer listed")
		}
	})
}

// TestAnswerFormWithAttachedFile: a liaison who has attached their answer file submits
// the answer form with no text, and the request is answered by the file; without text
// or file the answer form names both ways to answer, beside the answer field, in the
// liaison's language.
func TestAnswerFormWithAttachedFile(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	path := app.moeConsultation()
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/consultations/"), 10, 64)

	for _, lang := range []string{"en", "ko"} {
		t.Run("ErrNeither_"+lang, func(t *testing.T) {
			moe := app.client()
			moe.header.Set("Accept-Language", lang)
			moe.login(moeEmail)
			moe.post("/lang", url.Values{"lang": {lang}, "back": {path}})
			moe.get(path)
			resp, body := moe.post(path+"/answer", url.Values{"answer": {"  "}, "version": {strconv.Itoa(app.consultation(id).Version)}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("an empty answer without a file: status %d, want 422", resp.StatusCode)
			}
			msg := html.EscapeString(catalog.For(lang).T("consultations.error_answer_or_file"))
			if !strings.Contains(body, `<p class="error" id="e-answer">`+msg+`</p>`) {
				t.Errorf("the answer field does not say %q:\n%s", msg, body)
			}
			if got := app.consultation(id); got.Status != domain.ConsultationOpen {
				t.Errorf("status %s after a refused answer", got.Status)
			}
			moe.post("/lang", url.Values{"lang": {"en"}, "back": {path}})
		})
	}

	moe := app.client()
	moe.login(moeEmail)
	moe.get(path)
	// The file is attached as a supplementary answer file first: the request stays open.
	resp, _ := moe.uploadFile(path+"/files", nil, answerFileName, seed.MinimalPDF("Answer"))
	wantRedirect(t, resp, path+"#files")
	c := app.consultation(id)
	if c.Status != domain.ConsultationOpen {
		t.Fatalf("an attached file answered the request (status %s)", c.Status)
	}
	_, page := moe.get(path)
	if !strings.Contains(page, html.EscapeString(en.T("consultations.answer_empty_hint"))) {
		t.Error("the answer form does not say the answer may stay empty")
	}
	resp, body := moe.post(path+"/answer", url.Values{"answer": {""}, "version": {strconv.Itoa(c.Version)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("an empty answer with the file attached: status %d, want 303\n%s", resp.StatusCode, body)
	}
	got := app.consultation(id)
	if got.Status != domain.ConsultationAnswered || got.AnswerSource != domain.AnswerFromAttachment || got.AnswerFiles != answerFileName {
		t.Errorf("after the empty answer: status %s, source %q, files %q", got.Status, got.AnswerSource, got.AnswerFiles)
	}
	if n := app.count("notifications", "kind = 'consultation_answered' AND consultation_id = ?", id); n != 1 {
		t.Errorf("%d notices of the answer, want 1", n)
	}

	// A typed answer afterwards is the answer again, the file beside it.
	resp, _ = moe.post(path+"/answer", url.Values{"answer": {"Typed after all."}, "version": {strconv.Itoa(got.Version)}})
	wantRedirect(t, resp, path)
	if got := app.consultation(id); got.Answer != "Typed after all." || got.AnswerSource != domain.AnswerFromApp || got.AnswerFiles != "" {
		t.Errorf("after the typed answer: %q, source %q, files %q", got.Answer, got.AnswerSource, got.AnswerFiles)
	}
}

// TestDemoAnswerByFile: the demo data holds a request answered by the ministry's file
// alone, shown as such on its item's page and its own.
func TestDemoAnswerByFile(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	item := app.itemID("226 EX", "16.XIX")
	c := app.consultation(app.consultationID(item, "MOE"))
	if c.Status != domain.ConsultationAnswered || c.AnswerSource != domain.AnswerFromAttachment || c.AnswerFiles == "" {
		t.Fatalf("the demo's answer by file: status %s, source %q, files %q", c.Status, c.AnswerSource, c.AnswerFiles)
	}
	want := html.EscapeString(en.T("consultations.answered_with_file", "Name", c.AnswerFiles))
	staff := app.client()
	staff.login(staffEmail)
	for _, path := range []string{fmt.Sprintf("/items/%d", item), fmt.Sprintf("/consultations/%d", c.ID)} {
		if _, body := staff.get(path); !strings.Contains(body, want) {
			t.Errorf("%s does not say %q", path, want)
		}
	}
}
