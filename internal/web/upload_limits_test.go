package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/importer/importtest"
)

// TestHostileUploads: files made to cost a reader far more than their size are answered
// at once, with the form and a message that names the limit, in the person's language;
// nothing is kept for confirmation.
func TestHostileUploads(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	sid := app.sessionID("220 EX")
	importPath := fmt.Sprintf("/sessions/%d/import", sid)

	// One cell in column XFD in each of 2,000 rows: 12 KB that excelize would read as
	// 2,000 rows of 16,384 cells.
	sparseAgenda, err := importtest.SparseXLSX([]string{"Item", "Title"}, 2000, "XFD")
	if err != nil {
		t.Fatal(err)
	}
	// The same in a returned tracker, 20,000 rows below its header.
	trackerHeader := []string{"ID", "Session", "Item", "Title", "Ministry", "Question", "Comment", "Due", "Answer", "Version"}
	sparseTracker, err := importtest.SparseXLSX(trackerHeader, 20000, "XFD")
	if err != nil {
		t.Fatal(err)
	}
	// A table spread over more rows than the limit, one filled row before each run of
	// blank rows would end it.
	var thin strings.Builder
	thin.WriteString("Item,Title\n")
	for line, n := 1, 1; line <= importer.MaxRows; n++ {
		thin.WriteString(strings.Repeat("\n", importer.BlankRun-2) + strconv.Itoa(n) + ",T\n")
		line += importer.BlankRun - 1
	}

	t.Run("SparseAgenda", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		c.get(importPath)
		resp, body := c.upload(importPath, "sparse.xlsx", sparseAgenda)
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
		if got, want := fieldErrors(body)["file"], en.T("import.no_rows"); got != want {
			t.Errorf("file error %q, want %q", got, want)
		}
	})
	t.Run("SparseTracker", func(t *testing.T) {
		c := app.client()
		c.login(staffEmail)
		c.get("/consultations/upload")
		resp, body := c.uploadTracker(0, "sparse.xlsx", sparseTracker)
		if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
			t.Errorf("status %d, want %d: nothing to record", got, want)
		}
		if trackerConfirm.MatchString(body) {
			t.Error("the preview of an empty tracker offers to record it")
		}
	})
	for _, lang := range []string{"en", "ko"} {
		t.Run("TooManyRows/"+lang, func(t *testing.T) {
			c := app.client()
			c.header.Set("Accept-Language", lang)
			c.login(staffEmail)
			c.get(importPath)
			resp, body := c.upload(importPath, "thin.csv", []byte(thin.String()))
			if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
				t.Errorf("status %d, want %d", got, want)
			}
			got := fieldErrors(body)["file"]
			if want := catalog.For(lang).T("import.too_many_rows", importer.LimitData(importer.AgendaFiles)...); got != want {
				t.Errorf("file error %q, want %q", got, want)
			}
			if !strings.Contains(got, "20,000") {
				t.Errorf("file error %q does not name the limit", got)
			}
		})
	}
	if n := app.count("pending_uploads", "TRUE"); n != 0 {
		t.Errorf("%d files kept for confirmation, want none", n)
	}
}
