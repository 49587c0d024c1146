package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/testtool"
)

// tracker is a downloaded consultation tracker, opened.
type tracker struct {
	t     *testing.T
	f     *excelize.File
	sheet string
	rows  map[int64]int  // consultation id -> row number
	col   map[string]int // header -> column number
}

// getTracker downloads the tracker at path and opens it.
func getTracker(t *testing.T, c *client, path string) (*tracker, []byte) {
	t.Helper()
	resp, body := c.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); !strings.Contains(got, "spreadsheetml") {
		t.Fatalf("GET %s: Content-Type %q", path, got)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("open the tracker: %v", err)
	}
	tr := &tracker{t: t, f: f, sheet: f.GetSheetList()[0], rows: map[int64]int{}, col: map[string]int{}}
	rows, err := f.GetRows(tr.sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("rows of the tracker: %v", err)
	}
	for i, h := range rows[0] {
		tr.col[h] = i + 1
	}
	for i, r := range rows[1:] {
		id, err := strconv.ParseInt(strings.TrimPrefix(r[0], "#"), 10, 64) // shown as "#41"
		if err != nil {
			t.Fatalf("row %d: id %q", i+2, r[0])
		}
		tr.rows[id] = i + 2
	}
	return tr, []byte(body)
}

// cell returns the reference of the column headed header (in English) in the row of
// consultation id.
func (tr *tracker) cell(header string, id int64) string {
	tr.t.Helper()
	row, ok := tr.rows[id]
	col, found := tr.col[header]
	if !ok || !found {
		tr.t.Fatalf("no cell %q of consultation %d in the tracker", header, id)
	}
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}

// set writes value in the column headed header of consultation id's row, as a person
// (or someone tampering with the file) would.
func (tr *tracker) set(header string, id int64, value string) {
	tr.t.Helper()
	if err := tr.f.SetCellStr(tr.sheet, tr.cell(header, id), value); err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *tracker) bytes() []byte {
	tr.t.Helper()
	b, err := tr.f.WriteToBuffer()
	if err != nil {
		tr.t.Fatal(err)
	}
	return b.Bytes()
}

// uploadTracker posts a tracker to the upload form, for the ministry chosen (0: none).
func (c *client) uploadTracker(ministryID int64, filename string, data []byte) (*http.Response, string) {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf)
	if ministryID != 0 {
		w.WriteField("ministry_id", strconv.FormatInt(ministryID, 10))
	}
	f, err := w.CreateFormFile("file", filename)
	if err != nil {
		c.t.Fatal(err)
	}
	f.Write(data)
	if err := w.Close(); err != nil {
		c.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/consultations/upload", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

var trackerConfirm = regexp.MustCompile(`action="(/consultations/upload/[0-9a-f]{64})"`)

// previewRows returns the verdict and reason of each row of an upload's preview, by row
// number: "record", or the reason of a refusal as the page words it.
func previewVerdicts(body string) map[int]string {
	re := regexp.MustCompile(`(?s)<tr id="row-(\d+)" class="c-row-(\w+)">.*?</tr>`)
	reason := regexp.MustCompile(`<span class="c-reason">([^<]*)</span>`)
	out := map[int]string{}
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		out[n] = m[2]
		if r := reason.FindStringSubmatch(m[0]); r != nil {
			out[n] = html.UnescapeString(r[1])
		}
	}
	return out
}

const answerHeader = "Answer"

// TestTrackerRoundTrip: a tracker written by the app, filled in programmatically and
// uploaded back by the liaison records exactly the answers filled in, each marked as
// coming from a file, and nothing else.
func TestTrackerRoundTrip(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	moe := app.ministry("MOE").ID
	staff := app.client()
	staff.login(staffEmail)
	tr, raw := getTracker(t, staff, fmt.Sprintf("/consultations/tracker?ministry=%d", moe))

	open := app.count("consultations", "ministry_id = ? AND status = 'open'", moe)
	if len(tr.rows) != open || open < 2 {
		t.Fatalf("%d rows in the tracker, want the %d open consultations of MOE (at least 2)", len(tr.rows), open)
	}
	t.Run("OnlyAnswerCellsEditable", func(t *testing.T) {
		zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatal(err)
		}
		var sheetXML string
		for _, f := range zr.File {
			if f.Name == "xl/worksheets/sheet1.xml" {
				r, _ := f.Open()
				b, _ := io.ReadAll(r)
				sheetXML = string(b)
			}
		}
		if !strings.Contains(sheetXML, "<sheetProtection") {
			t.Error("the sheet is not protected")
		}
		var any int64
		for id := range tr.rows {
			any = id
		}
		for header, locked := range map[string]bool{answerHeader: false, "Question": true, "ID": true, "Version": true} {
			style, err := tr.f.GetCellStyle(tr.sheet, tr.cell(header, any))
			if err != nil {
				t.Fatal(err)
			}
			s, err := tr.f.GetStyle(style)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Protection != nil && s.Protection.Locked; got != locked {
				t.Errorf("%s cell locked: %v, want %v", header, got, locked)
			}
		}
		col, _ := excelize.ColumnNumberToName(tr.col["Version"])
		if visible, _ := tr.f.GetColVisible(tr.sheet, col); visible {
			t.Error("the Version column is visible")
		}
	})

	filled := map[int64]string{
		app.consultationID(app.itemID("21 ICH", "14"), "MOE"):    "교육부는 무형유산 전승자와 학교를 잇는 시범 사업을 2027년에 시작합니다.",
		app.consultationID(app.itemID("226 EX", "5.I.C"), "MOE"): "=Follow-up report attached; not a formula.",
	}
	for id, text := range filled {
		tr.set(answerHeader, id, text)
	}
	fromFile := app.count("consultations", "answer_source = 'file'")

	liaison := app.client()
	liaison.login(moeEmail)
	liaison.get("/consultations/upload")
	resp, body := liaison.uploadTracker(0, "tracker-MOE.xlsx", tr.bytes())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("preview: status %d\n%s", resp.StatusCode, alert(body))
	}
	verdicts := previewVerdicts(body)
	if len(verdicts) != len(filled) {
		t.Errorf("preview rows %v, want the %d filled in", verdicts, len(filled))
	}
	for id := range filled {
		if v := verdicts[tr.rows[id]]; v != "record" {
			t.Errorf("row of consultation %d: %q, want record", id, v)
		}
	}
	m := trackerConfirm.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the preview has no confirm button")
	}
	resp, _ = liaison.post(m[1], nil)
	wantRedirect(t, resp, "/consultations")

	if got := app.count("consultations", "answer_source = 'file'"); got != fromFile+len(filled) {
		t.Errorf("%d answers from files, want %d", got, fromFile+len(filled))
	}
	for id, text := range filled {
		c := app.consultation(id)
		if c.Status != domain.ConsultationAnswered || c.Answer != text || c.AnswerSource != domain.AnswerFromFile ||
			c.AnsweredBy == nil || *c.AnsweredBy != app.user(moeEmail).ID {
			t.Errorf("consultation %d: %+v", id, c)
		}
		if n := app.count("audit_log", "entity = 'consultation' AND entity_id = ? AND action = 'answer_file'", id); n != 1 {
			t.Errorf("%d audit rows of consultation %d's answer, want 1", n, id)
		}
	}
	if got := app.count("consultations", "ministry_id = ? AND status = 'open'", moe); got != open-len(filled) {
		t.Errorf("%d open consultations of MOE left, want %d", got, open-len(filled))
	}
	resp, _ = liaison.post(m[1], nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a second confirmation: status %d, want 404", resp.StatusCode)
	}
}

// TestTrackerTampered: rows whose id was changed, that are another ministry's, or that
// changed in the app since the export are refused with their reason and write nothing;
// the rest is recorded.
func TestTrackerTampered(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	ctx := context.Background()
	moe, khs := app.ministry("MOE").ID, app.ministry("KHS").ID
	staffUser := app.user(staffEmail)
	for _, number := range []string{"5.I.B", "1"} {
		_, err := app.Store.OpenConsultations(ctx, domain.Actor{User: staffUser}, time.UTC, app.itemID("226 EX", number),
			domain.ConsultationRequest{MinistryIDs: []int64{moe}, Question: "Position?", DueOn: inFuture(10)})
		if err != nil {
			t.Fatal(err)
		}
	}
	foreign := app.consultationID(app.itemID("21 ICH", "7.A"), "KHS")
	tampered := app.consultationID(app.itemID("21 ICH", "14"), "MOE")
	malformed := app.consultationID(app.itemID("226 EX", "5.I.C"), "MOE")
	stale := app.consultationID(app.itemID("226 EX", "5.I.B"), "MOE")
	valid := app.consultationID(app.itemID("226 EX", "1"), "MOE")

	staff := app.client()
	staff.login(staffEmail)
	tr, _ := getTracker(t, staff, fmt.Sprintf("/consultations/tracker?ministry=%d", moe))
	for _, id := range []int64{tampered, malformed, stale, valid} {
		tr.set(answerHeader, id, fmt.Sprintf("Answer to consultation %d.", id))
	}
	original := tr.bytes()
	tr.set("ID", tampered, strconv.FormatInt(foreign, 10))
	tr.set("ID", malformed, "12a")
	liaison := app.client()
	liaison.login(moeEmail)
	_, page := liaison.get(fmt.Sprintf("/consultations/%d", stale))
	resp, _ := liaison.post(fmt.Sprintf("/consultations/%d/answer", stale), map[string][]string{
		"answer": {"Typed in the app after the export."}, "version": {inputValue(page, "version")}})
	wantRedirect(t, resp, fmt.Sprintf("/consultations/%d", stale))
	before := map[int64]*domain.Consultation{}
	for _, id := range []int64{foreign, tampered, malformed, stale} {
		before[id] = app.consultation(id)
	}

	liaison.get("/consultations/upload")
	resp, body := liaison.uploadTracker(0, "tracker-MOE.xlsx", tr.bytes())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("preview: status %d", resp.StatusCode)
	}
	want := map[int64]string{
		tampered:  en.T("consultations.row_foreign"),
		malformed: en.T("consultations.row_bad_id"),
		stale:     en.T("consultations.row_changed"),
		valid:     "record",
	}
	got := previewVerdicts(body)
	for id, verdict := range want {
		if got[tr.rows[id]] != verdict {
			t.Errorf("row of consultation %d: %q, want %q", id, got[tr.rows[id]], verdict)
		}
	}
	if strings.Contains(body, html.EscapeString(app.consultation(foreign).ItemTitle("en"))) {
		t.Error("the preview shows the liaison the item of another ministry's consultation")
	}
	m := trackerConfirm.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no confirm button")
	}
	resp, _ = liaison.post(m[1], nil)
	wantRedirect(t, resp, "/consultations")
	if c := app.consultation(valid); c.Status != domain.ConsultationAnswered || c.AnswerSource != domain.AnswerFromFile {
		t.Errorf("the valid row was not recorded: %+v", c)
	}
	for id, b := range before {
		if c := app.consultation(id); c.Version != b.Version || c.Answer != b.Answer || c.Status != b.Status {
			t.Errorf("consultation %d changed: %+v", id, c)
		}
	}

	t.Run("ErrStaffUploadForAnotherMinistry", func(t *testing.T) {
		staff.get("/consultations/upload")
		resp, body := staff.uploadTracker(khs, "tracker-MOE.xlsx", original)
		if resp.StatusCode != http.StatusUnprocessableEntity || trackerConfirm.MatchString(body) {
			t.Fatalf("status %d, want 422 without a confirm button", resp.StatusCode)
		}
		for n, v := range previewVerdicts(body) {
			if v != en.T("consultations.row_foreign") {
				t.Errorf("row %d: %q", n, v)
			}
		}
	})
	t.Run("ErrNotATracker", func(t *testing.T) {
		for _, f := range []struct{ name, msg string }{
			{"agenda_220ex.xlsx", "consultations.upload_not_tracker"},
			{"agenda_220ex_en.csv", "import.bad_type"},
		} {
			resp, body := liaison.uploadTracker(0, f.name, testFile(t, f.name))
			if resp.StatusCode != http.StatusUnprocessableEntity || fieldErrors(body)["file"] != en.T(f.msg, importer.LimitData(importer.TrackerFiles)...) {
				t.Errorf("%s: status %d, errors %v", f.name, resp.StatusCode, fieldErrors(body))
			}
		}
	})
	// The hint and the refusal name the same kinds of file: a workbook, not a .csv.
	t.Run("HintAndErrorAgree", func(t *testing.T) {
		_, body := liaison.uploadTracker(0, "agenda_220ex_en.csv", testFile(t, "agenda_220ex_en.csv"))
		hint := html.UnescapeString(regexp.MustCompile(`<p class="hint" id="h-file">([^<]*)</p>`).FindStringSubmatch(body)[1])
		refusal := fieldErrors(body)["file"]
		for _, s := range []string{hint, refusal} {
			if !strings.Contains(s, ".xlsx") || strings.Contains(s, ".csv") {
				t.Errorf("%q: want .xlsx named, and no .csv", s)
			}
		}
	})
}

// TestTrackerInLibreOffice: the tracker as LibreOffice reads it, in Korean: the headers
// and the questions come through as written. Under CI=true a missing LibreOffice fails
// the test.
func TestTrackerInLibreOffice(t *testing.T) {
	t.Parallel()
	soffice := testtool.Require(t, "soffice")
	app := newApp(t)
	c := app.client()
	c.header.Set("Accept-Language", "ko")
	c.login(staffEmail)
	_, raw := getTracker(t, c, "/consultations/tracker")

	dir := t.TempDir()
	in := filepath.Join(dir, "tracker.xlsx")
	if err := os.WriteFile(in, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
		"--outdir", filepath.Join(dir, "out"), in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "out", "*.csv"))
	var csv strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		csv.Write(b)
	}
	ko := catalog.For("ko")
	question := app.consultation(app.consultationID(app.itemID("21 ICH", "14"), "MOE")).Question
	for _, want := range []string{ko.T("consultations.col_answer"), ko.T("consultations.col_question"), question,
		"무형유산과 교육", ko.T("consultations.xlsx_howto_1")} {
		if !strings.Contains(csv.String(), want) {
			t.Errorf("LibreOffice does not read %q in the tracker", want)
		}
	}
	if len(files) < 2 {
		t.Errorf("%d sheets converted, want the tracker and its instructions", len(files))
	}
}
