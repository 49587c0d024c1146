package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/kncu/plenary/internal/testtool"
)

// TestBookButtonsDownload clicks the "Briefing book (PDF)" buttons in Chromium, as each
// role sees them, on the dashboard and on the session page: each download is a PDF whose
// cover names the audience the person may have (staff: the whole Commission or a
// ministry they choose; a liaison: their ministry; a delegate: themselves).
func TestBookButtonsDownload(t *testing.T) {
	t.Parallel()
	b := startBrowser(t)
	sessionButton := `form.pack-form button[formaction$="/book"]`
	for _, c := range []struct {
		name, email, lang, session, audience string
		choose                               string // the audience chosen on the session page, for staff
	}{
		{"StaffFull", staffEmail, "en", "220 EX", "full", "full"},
		{"StaffMinistry", staffEmail, "ko", "220 EX", "ministry", "ministry"},
		{"Liaison", moeEmail, "ko", "220 EX", "ministry", ""},
		{"Delegate", delegateEmail, "en", "226 EX", "delegate", ""}, // a session of their delegation
	} {
		t.Run(c.name, func(t *testing.T) {
			sid := b.app.sessionID(c.session)
			dashboardLink := fmt.Sprintf(`main a[href^="/sessions/%d/book"]`, sid)
			l := catalog.For(c.lang)
			want := l.T("pack.audience." + c.audience)
			tb := b.newTab(t, c.lang)
			tb.login(c.email)
			if c.choose == "" || c.choose == "full" {
				cover := firstPage(t, tb.download(chromedp.Click(chromedp.CSS(dashboardLink))))
				if !strings.Contains(cover, want) {
					t.Errorf("the dashboard's book is not for %q; its cover:\n%s", want, cover)
				}
			}
			tb.navigate(fmt.Sprintf("/sessions/%d", sid))
			if got, label := tb.text(sessionButton), l.T("book.download"); got != label {
				t.Errorf("the session page's book button reads %q, want %q", got, label)
			}
			if c.choose != "" {
				tb.do(chromedp.SetValue(chromedp.ID("pack-audience"), c.choose))
			} else if n := evalJS[int](tb, `document.querySelectorAll('#pack-audience').length`); n != 0 {
				t.Errorf("%s is offered a choice of audience", c.email)
			}
			cover := firstPage(t, tb.download(chromedp.Click(chromedp.CSS(sessionButton))))
			if !strings.Contains(cover, want) {
				t.Errorf("the session page's book is not for %q; its cover:\n%s", want, cover)
			}
			tb.noProblems()
		})
	}
}

// firstPage is the text of a downloaded PDF's first page.
func firstPage(t *testing.T, pdf []byte) string {
	t.Helper()
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the download is not a PDF: it starts %.16q", pdf)
	}
	return testtool.ReadPDF(t, pdf).Page(1)
}

// download runs click, which should start a download in this tab, and returns the file
// that the browser saved.
func (tb *tab) download(click chromedp.Action[chromedp.Void]) []byte {
	tb.t.Helper()
	dir := tb.t.TempDir()
	progress := chromedp.Events(tb.ctx, cdpbrowser.DownloadProgress)
	enabled := true
	if _, err := chromedp.Call(tb.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior:         cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: chromedp.FromContext(tb.ctx).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    &enabled,
	}); err != nil {
		tb.t.Fatalf("allowing downloads: %v", err)
	}
	tb.do(click)
	for ev, err := range progress {
		if err != nil {
			tb.t.Fatalf("waiting for the download: %v", err)
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCompleted:
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				tb.t.Fatal(err)
			}
			return b
		case cdpbrowser.DownloadProgressStateCanceled:
			tb.t.Fatal("the browser cancelled the download")
		}
	}
	tb.t.Fatal("no download finished")
	return nil
}
