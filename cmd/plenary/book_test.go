package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
)

// draftMarker is written into a brief that is not final: no delegate's book may hold it.
const draftMarker = "DRAFT-ONLY-7Q3Z 초안전용표지"

// TestExportBook is the book's bar, on the demo session with the most briefs:
// plenary export book writes a PDF with every font embedded, every final position's
// Korean summary found as text on a page of its own, median words of at least 9 pt; a
// delegate's book holds no text of a brief that is not final, and a ministry's no other
// ministry's item.
func TestExportBook(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "plenary")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db, dbURL := testdb.NewDemo(t)
	ctx := context.Background()
	var code string
	var sid int64
	err := db.NewRaw(`SELECT s.code, s.id FROM sessions s JOIN agenda_items i ON i.session_id = s.id JOIN briefs b ON b.item_id = i.id
		GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1`).Scan(ctx, &code, &sid)
	if err != nil {
		t.Fatal(err)
	}
	// The marker goes into every text of a brief in draft: a new revision of one, or a
	// first brief on an item that has none.
	var item int64
	var version int
	if err := db.NewRaw(`SELECT b.item_id, b.version FROM briefs b JOIN agenda_items i ON i.id = b.item_id
		WHERE i.session_id = ? AND b.status = 'draft' ORDER BY b.id LIMIT 1`, sid).Scan(ctx, &item, &version); err != nil {
		if err := db.NewRaw(`SELECT i.id FROM agenda_items i WHERE i.session_id = ?
			AND NOT EXISTS (SELECT 1 FROM briefs b WHERE b.item_id = i.id) ORDER BY i.id LIMIT 1`, sid).Scan(ctx, &item); err != nil {
			t.Fatalf("%s has neither a brief in draft nor an item without one: %v", code, err)
		}
	}
	_, err = store.New(db).SaveBrief(ctx, domain.SystemActor("test"), item, domain.BriefInput{Stance: "support", Version: version,
		SummaryKO: draftMarker, SummaryEN: draftMarker, KeyPointsEN: draftMarker, BackgroundEN: draftMarker, InterventionEN: draftMarker})
	if err != nil {
		t.Fatal(err)
	}
	var finals []struct {
		Number    string `bun:"number"`
		SummaryKO string `bun:"summary_ko"`
	}
	if err := db.NewRaw(`SELECT i.number, r.summary_ko FROM briefs b JOIN agenda_items i ON i.id = b.item_id
		JOIN brief_revisions r ON r.id = b.current_revision_id WHERE i.session_id = ? AND b.status = 'final' ORDER BY i.sort_key`, sid).
		Scan(ctx, &finals); err != nil {
		t.Fatal(err)
	}
	if len(finals) == 0 {
		t.Fatalf("%s has no final position", code)
	}
	export := func(t *testing.T, audience, lang string) (*testtool.PDF, importOutcome) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "book.pdf")
		r := plenaryImport(t, bin, dbURL, "export", "book", "--session", code, "--audience", audience, "--lang", lang, "-o", out)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if strings.TrimSpace(r.stdout) != out {
			t.Errorf("stdout %q, want the file's path", r.stdout)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		pdf := testtool.ReadPDF(t, data)
		for _, f := range pdf.Fonts() {
			if !f.Embedded {
				t.Errorf("font %s is not embedded", f.Name)
			}
		}
		for i, h := range pdf.MedianWordHeights() {
			if h < 9 {
				t.Errorf("page %d: median word %.1f pt, want at least 9", i+1, h)
			}
		}
		return pdf, r
	}

	t.Run("FullKorean", func(t *testing.T) {
		pdf, r := export(t, "full", "ko")
		if !strings.Contains(r.stderr, "items: ") || !strings.Contains(r.stderr, "pages: ") {
			t.Errorf("no progress on stderr: %q", r.stderr)
		}
		pages := pdf.Pages()
		if len(pages) < len(finals)+2 {
			t.Errorf("%d pages for %d final positions, want a cover, contents and a page each", len(pages), len(finals))
		}
		onPage := map[int]string{}
		for _, f := range finals {
			if f.SummaryKO == "" {
				continue
			}
			pg := 0
			for i, p := range pages {
				if strings.Contains(testtool.Squeeze(p), testtool.Squeeze(f.SummaryKO)) {
					pg = i + 1
					break
				}
			}
			if pg == 0 {
				t.Errorf("the Korean summary of %s is not found as text", f.Number)
				continue
			}
			if other, ok := onPage[pg]; ok {
				t.Errorf("the positions of %s and %s share page %d", other, f.Number, pg)
			}
			onPage[pg] = f.Number
			if !strings.Contains(testtool.Squeeze(pdf.Page(pg)), testtool.Squeeze(f.SummaryKO)) {
				t.Errorf("page %d read on its own lacks the summary of %s", pg, f.Number)
			}
		}
		if len(onPage) == 0 {
			t.Error("no final position has a Korean summary to look for")
		}
		if !strings.Contains(strings.Join(pages, ""), "DRAFT-ONLY-7Q3Z") {
			t.Error("the full book lacks the brief in draft: is the marker where the test thinks?")
		}
		n, err := db.NewSelect().Table("audit_log").Where("action = 'export_book' AND entity_id = ?", sid).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d audit rows for the export, want 1", n)
		}
	})
	t.Run("FullEnglish", func(t *testing.T) {
		pdf, _ := export(t, "full", "en")
		if text := strings.Join(pdf.Pages(), ""); !strings.Contains(text, "Contents") || !strings.Contains(text, "Lead ministry") {
			t.Error("the English book lacks its English headings")
		}
	})
	t.Run("DelegateHoldsNoUnfinishedText", func(t *testing.T) {
		var email string
		err := db.NewRaw(`SELECT u.email FROM users u JOIN people p ON p.user_id = u.id JOIN delegation_members m ON m.person_id = p.id
			WHERE m.session_id = ? AND u.role = 'delegate' ORDER BY u.id LIMIT 1`, sid).Scan(ctx, &email)
		if err != nil {
			var uid, pid int64
			if err := db.NewRaw(`SELECT id, email FROM users WHERE email = 'delegate@plenary.example'`).Scan(ctx, &uid, &email); err != nil {
				t.Fatal(err)
			}
			if err := db.NewRaw(`SELECT id FROM people WHERE user_id = ?`, uid).Scan(ctx, &pid); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO delegation_members (session_id, person_id, role) VALUES (?, ?, 'delegate')", sid, pid); err != nil {
				t.Fatal(err)
			}
		}
		pdf, _ := export(t, "delegate:"+email, "ko")
		text := testtool.Squeeze(strings.Join(pdf.Pages(), ""))
		if strings.Contains(text, "DRAFT-ONLY-7Q3Z") || strings.Contains(text, testtool.Squeeze("초안전용표지")) {
			t.Error("the delegate's book holds text of a brief that is not final")
		}
		// Every text of a brief that is not final, but the last final text of a reopened
		// one, which the delegation reads until a new one is final.
		var unfinished []string
		if err := db.NewRaw(`SELECT r.summary_ko FROM briefs b JOIN brief_revisions r ON r.brief_id = b.id JOIN agenda_items i ON i.id = b.item_id
			WHERE i.session_id = ? AND b.status <> 'final' AND length(r.summary_ko) > 20
			AND NOT EXISTS (SELECT 1 FROM brief_revisions f WHERE f.id = b.final_revision_id AND f.summary_ko = r.summary_ko)`, sid).Scan(ctx, &unfinished); err != nil {
			t.Fatal(err)
		}
		for _, s := range unfinished {
			if strings.Contains(text, testtool.Squeeze(s)) {
				t.Errorf("the delegate's book holds the summary of a brief that is not final: %.60q", s)
			}
		}
	})
	t.Run("MinistryHoldsOnlyItsItems", func(t *testing.T) {
		var others []struct {
			Number  string `bun:"number"`
			TitleKO string `bun:"title_ko"`
			TitleEN string `bun:"title_en"`
		}
		if err := db.NewRaw(`SELECT i.number, i.title_ko, i.title_en FROM agenda_items i WHERE i.session_id = ?
			AND i.lead_ministry_id IS DISTINCT FROM (SELECT id FROM ministries WHERE code = 'MOE')
			AND NOT EXISTS (SELECT 1 FROM consultations c JOIN ministries m ON m.id = c.ministry_id
				WHERE c.item_id = i.id AND m.code = 'MOE' AND c.status <> 'withdrawn')`, sid).Scan(ctx, &others); err != nil {
			t.Fatal(err)
		}
		if len(others) == 0 {
			t.Fatalf("every item of %s is the Ministry of Education's: nothing to leave out", code)
		}
		pdf, _ := export(t, "ministry:MOE", "ko")
		text := testtool.Squeeze(strings.Join(pdf.Pages(), ""))
		for _, o := range others {
			title := o.TitleKO
			if title == "" {
				title = o.TitleEN
			}
			if strings.Contains(text, testtool.Squeeze(o.Number+" "+title)) {
				t.Errorf("the Ministry of Education's book holds item %s, which is not its", o.Number)
			}
		}
	})
	t.Run("ErrUnknownAudience", func(t *testing.T) {
		r := plenaryImport(t, bin, dbURL, "export", "book", "--session", code, "--audience", "ministry:NOPE", "-o", filepath.Join(t.TempDir(), "x.pdf"))
		if r.code == 0 || !strings.Contains(r.stderr, "NOPE") {
			t.Errorf("exit %d, stderr %q: want a failure naming the ministry", r.code, r.stderr)
		}
	})
}
