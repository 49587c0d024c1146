package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

var importActor = domain.SystemActor("import-test")

// unescoOrder is the 220 EX agenda of testdata in UNESCO's order, which the file does not
// follow: Roman numerals by value (IX < X < XV < XIX), parents before their children,
// numbers by value (5 < 10).
var unescoOrder = []string{
	"1", "2", "3", "4", "5", "5.I", "5.I.A", "5.I.B", "5.I.C", "5.I.D", "5.II", "5.II.A", "5.II.B",
	"6", "7", "8", "10", "11", "12", "13", "14", "15", "16", "16.I", "16.II", "16.IX", "16.X", "16.XV", "16.XIX",
	"17", "18", "20", "21", "22", "25", "30", "32", "35", "38", "40",
}

// importFixture is a database with the demo data and one of its sessions.
type importFixture struct {
	t       *testing.T
	db      *bun.DB
	st      *store.Store
	session *domain.Session
}

func newImportFixture(t *testing.T, code string) *importFixture {
	t.Helper()
	db, _ := testdb.NewDemo(t)
	st := store.New(db)
	ses, err := st.SessionByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return &importFixture{t: t, db: db, st: st, session: ses}
}

// check reads data as a file called name and checks it against the session as it is now.
func (f *importFixture) check(name string, data []byte) *importer.Preview {
	f.t.Helper()
	sheet, err := importer.ReadAgenda(bytes.NewReader(data), name, int64(len(data)))
	if err != nil {
		f.t.Fatalf("read %s: %v", name, err)
	}
	lk, err := f.st.ImportLookups(context.Background(), f.session.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return importer.Check(sheet, lk)
}

func (f *importFixture) checkFile(name string) *importer.Preview {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "importer", "testdata", name))
	if err != nil {
		f.t.Fatal(err)
	}
	return f.check(name, b)
}

func (f *importFixture) numbers() []string {
	f.t.Helper()
	var ns []string
	err := f.db.NewSelect().Table("agenda_items").Column("number").Where("session_id = ?", f.session.ID).
		OrderExpr("sort_key").Scan(context.Background(), &ns)
	if err != nil {
		f.t.Fatal(err)
	}
	return ns
}

func (f *importFixture) item(number string) *domain.AgendaItem {
	f.t.Helper()
	it := new(domain.AgendaItem)
	err := f.db.NewSelect().Model(it).Where("session_id = ?", f.session.ID).Where("number = ?", number).Scan(context.Background())
	if err != nil {
		f.t.Fatalf("item %s: %v", number, err)
	}
	return it
}

func (f *importFixture) count(table, where string, args ...any) int {
	f.t.Helper()
	n, err := f.db.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return int(n)
}

func TestImportAgenda(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("UNESCOOrder", func(t *testing.T) {
		f := newImportFixture(t, "220 EX")
		before := f.numbers()
		one := f.item("1")
		p := f.checkFile("agenda_220ex_en.csv")
		if !p.OK() {
			t.Fatalf("preview has errors: %+v", p.Errors())
		}
		audits := f.count("audit_log", "TRUE")
		added, updated, err := f.st.ImportAgenda(ctx, importActor, f.session.ID, p.File, p.Items())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := added, len(unescoOrder)-len(before); got != want {
			t.Errorf("added %d, want %d", got, want)
		}
		if updated == 0 || updated > len(before) {
			t.Errorf("updated %d, want between 1 and %d", updated, len(before))
		}
		if got := f.numbers(); !slices.Equal(got, unescoOrder) {
			t.Errorf("agenda in the database's order:\n%q\nwant UNESCO's:\n%q", got, unescoOrder)
		}

		// Item 1 gets the file's documents and keeps the Commission's own work.
		got := f.item("1")
		if want := []string{"220 EX/1 Prov.", "220 EX/1 Prov.Add."}; !slices.Equal(got.Documents, want) {
			t.Errorf("documents of 1: %q, want %q", got.Documents, want)
		}
		if got.Status != one.Status || got.DecisionRef != one.DecisionRef || got.OutcomeSummary != one.OutcomeSummary ||
			got.Version != one.Version+1 {
			t.Errorf("item 1 after import: %+v, want status, decision and outcome of %+v and the next version", got, one)
		}
		lead := f.item("16.XIX")
		if lead.LeadMinistryID == nil || lead.Priority != domain.PriorityNormal || lead.Status != domain.ItemNew || lead.SortKey == "" {
			t.Errorf("item 16.XIX: %+v, want a lead ministry, normal priority, status new", lead)
		}

		if got, want := f.count("audit_log", "TRUE")-audits, added+updated+1; got != want {
			t.Errorf("%d audit rows written, want %d", got, want)
		}
		if got := f.count("audit_log", "entity = 'agenda_item' AND action = 'create' AND actor = 'import-test'"); got != added {
			t.Errorf("%d create audit rows, want %d", got, added)
		}
		var summary struct {
			File    string `json:"file"`
			Added   int    `json:"added"`
			Updated int    `json:"updated"`
		}
		var raw []byte
		err = f.db.NewSelect().Table("audit_log").ColumnExpr("after").
			Where("entity = 'session' AND action = 'import' AND entity_id = ?", f.session.ID).Scan(ctx, &raw)
		if err == nil {
			err = json.Unmarshal(raw, &summary)
		}
		if err != nil {
			t.Fatal(err)
		}
		if summary.File != "agenda_220ex_en.csv" || summary.Added != added || summary.Updated != updated {
			t.Errorf("import audit %+v, want the file and counts %d, %d", summary, added, updated)
		}

		t.Run("SameFileAgainChangesNothing", func(t *testing.T) {
			audits := f.count("audit_log", "TRUE")
			p := f.checkFile("agenda_220ex_en.csv")
			if p.Updated != len(unescoOrder) || p.Added != 0 {
				t.Fatalf("preview: %d to add, %d to update; want every row an update", p.Added, p.Updated)
			}
			added, updated, err := f.st.ImportAgenda(ctx, importActor, f.session.ID, p.File, p.Items())
			if err != nil {
				t.Fatal(err)
			}
			if added != 0 || updated != 0 {
				t.Errorf("added %d, updated %d; want nothing changed", added, updated)
			}
			if got := f.numbers(); !slices.Equal(got, unescoOrder) {
				t.Errorf("agenda %q, want it unchanged", got)
			}
			if got, want := f.count("audit_log", "TRUE")-audits, 1; got != want {
				t.Errorf("%d audit rows, want only the import's", got)
			}
		})
	})

	t.Run("ReimportUpdates", func(t *testing.T) {
		f := newImportFixture(t, "220 EX")
		before := f.item("5.I.A")
		n := len(f.numbers())
		p := f.check("update.csv", []byte("번호,제목,국문 제목,주관 부처,우선순위\n5.I.A,Ethics of AI: revised title,인공지능 윤리(수정),과학기술정보통신부,낮음\n"))
		if p.Updated != 1 || p.Added != 0 {
			t.Fatalf("preview: %d to add, %d to update; want 0, 1", p.Added, p.Updated)
		}
		added, updated, err := f.st.ImportAgenda(ctx, importActor, f.session.ID, p.File, p.Items())
		if err != nil || added != 0 || updated != 1 {
			t.Fatalf("added %d, updated %d, error %v; want 0, 1", added, updated, err)
		}
		after := f.item("5.I.A")
		if after.ID != before.ID || len(f.numbers()) != n {
			t.Errorf("the item was duplicated: id %d (was %d), %d items (were %d)", after.ID, before.ID, len(f.numbers()), n)
		}
		if after.TitleEN != "Ethics of AI: revised title" || after.TitleKO != "인공지능 윤리(수정)" || after.Priority != domain.PriorityLow {
			t.Errorf("after import: %q, %q, %s; want the file's titles and low priority", after.TitleEN, after.TitleKO, after.Priority)
		}
		// Fields the file does not have are emptied; the Commission's fields are kept.
		if len(after.Documents) != 0 || after.Commission != "" || after.Sector != "" {
			t.Errorf("documents %q, commission %q, sector %q; want the file's (empty)", after.Documents, after.Commission, after.Sector)
		}
		if after.Status != before.Status || after.DecisionRef != before.DecisionRef || after.OutcomeSummary != before.OutcomeSummary ||
			!slices.Equal(ptrs(after.FocalPointID), ptrs(before.FocalPointID)) || !slices.Equal(ptrs(after.PreviousItemID), ptrs(before.PreviousItemID)) {
			t.Errorf("after import %+v, want status, focal point, outcome and link of %+v", after, before)
		}
		if got, want := f.count("audit_log", "entity = 'agenda_item' AND action = 'update' AND entity_id = ?", before.ID), 1; got != want {
			t.Errorf("%d update audit rows of the item, want %d", got, want)
		}
	})

	t.Run("BadFileWritesNothing", func(t *testing.T) {
		f := newImportFixture(t, "220 EX")
		p := f.checkFile("agenda_bad.csv")
		if p.OK() {
			t.Fatal("the bad file passes the check")
		}
		items, audits := f.count("agenda_items", "TRUE"), f.count("audit_log", "TRUE")
		// The store checks again what the preview refused.
		_, _, err := f.st.ImportAgenda(ctx, importActor, f.session.ID, p.File, p.Items())
		if got, want := domain.ErrorCode(err), domain.EINVALID; got != want {
			t.Errorf("error %v, want code %s", err, want)
		}
		if f.count("agenda_items", "TRUE") != items || f.count("audit_log", "TRUE") != audits {
			t.Errorf("the bad file wrote something")
		}
	})

	t.Run("ConcurrentChangeFailsTheWholeImport", func(t *testing.T) {
		f := newImportFixture(t, "220 EX")
		p := f.checkFile("agenda_220ex_en.csv")
		// Someone adds item 4 between the preview and the import.
		if _, err := f.st.CreateAgendaItem(ctx, importActor, f.session.ID, domain.AgendaItemInput{
			Number: "4", TitleEN: "Report by the Chairperson", Priority: "normal", Status: "new"}); err != nil {
			t.Fatal(err)
		}
		items, audits := f.count("agenda_items", "TRUE"), f.count("audit_log", "TRUE")
		_, _, err := f.st.ImportAgenda(ctx, importActor, f.session.ID, p.File, p.Items())
		if got, want := domain.ErrorMessage(err), "import.changed"; got != want || domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("error %v, want conflict %s", err, want)
		}
		if f.count("agenda_items", "TRUE") != items || f.count("audit_log", "TRUE") != audits {
			t.Errorf("the failed import wrote something")
		}
	})

	t.Run("UnknownSession", func(t *testing.T) {
		f := newImportFixture(t, "220 EX")
		p := f.checkFile("agenda_bom.csv")
		_, _, err := f.st.ImportAgenda(ctx, importActor, 999999, p.File, p.Items())
		if got, want := domain.ErrorCode(err), domain.ENOTFOUND; got != want {
			t.Errorf("error %v, want %s", err, want)
		}
	})
}

func TestPendingImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newImportFixture(t, "226 EX")
	staff, err := f.st.UserByEmail(ctx, "staff@plenary.example")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := f.st.UserByEmail(ctx, "admin@plenary.example")
	if err != nil {
		t.Fatal(err)
	}
	p := f.checkFile("agenda_226ex_ko.csv")
	token, err := f.st.SavePendingImport(ctx, staff.ID, f.session.ID, p.File, p.Items())
	if err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		name    string
		user    *domain.User
		session int64
		token   string
	}{
		{"ErrOtherUser", admin, f.session.ID, token},
		{"ErrOtherSession", staff, f.session.ID - 1, token},
		{"ErrUnknownToken", staff, f.session.ID, strings.Repeat("0", 64)},
		{"ErrMalformedToken", staff, f.session.ID, "' OR TRUE --"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := f.st.ConfirmPendingImport(ctx, domain.Actor{User: tt.user}, tt.session, tt.token)
			if got, want := domain.ErrorMessage(err), "import.expired"; got != want {
				t.Errorf("error %v, want %s", err, want)
			}
		})
	}

	// A token names one flow: a tracker's cannot confirm an import, nor an import's record
	// a tracker, and trying keeps the import's token as it was.
	t.Run("ErrOtherFlow", func(t *testing.T) {
		tracker, err := f.st.SaveTrackerUpload(ctx, staff.ID, 0, &domain.TrackerCheck{File: "tracker.xlsx"})
		if err != nil {
			t.Fatal(err)
		}
		_, _, _, err = f.st.ConfirmPendingImport(ctx, domain.Actor{User: staff}, f.session.ID, tracker)
		if got, want := domain.ErrorMessage(err), "import.expired"; got != want {
			t.Errorf("a tracker's token confirming an import: error %v, want %s", err, want)
		}
		_, err = f.st.ConfirmTrackerUpload(ctx, domain.Actor{User: staff}, domain.Scope{All: true}, token)
		if got, want := domain.ErrorMessage(err), "consultations.upload_expired"; got != want {
			t.Errorf("an import's token recording a tracker: error %v, want %s", err, want)
		}
	})

	t.Run("OK", func(t *testing.T) {
		file, added, updated, err := f.st.ConfirmPendingImport(ctx, domain.Actor{User: staff}, f.session.ID, token)
		if err != nil {
			t.Fatal(err)
		}
		if file != "agenda_226ex_ko.csv" || added != p.Added || updated > p.Updated {
			t.Errorf("file %q, added %d, updated %d; want the preview's %d to add, at most %d to update", file, added, updated, p.Added, p.Updated)
		}
		_, _, _, err = f.st.ConfirmPendingImport(ctx, domain.Actor{User: staff}, f.session.ID, token)
		if got, want := domain.ErrorMessage(err), "import.expired"; got != want {
			t.Errorf("second confirmation: error %v, want %s", err, want)
		}
	})

	t.Run("ErrExpired", func(t *testing.T) {
		token, err := f.st.SavePendingImport(ctx, staff.ID, f.session.ID, p.File, p.Items())
		if err != nil {
			t.Fatal(err)
		}
		later := f.st.WithClock(func() time.Time { return time.Now().Add(store.PendingTTL + time.Minute) })
		_, _, _, err = later.ConfirmPendingImport(ctx, domain.Actor{User: staff}, f.session.ID, token)
		if got, want := domain.ErrorMessage(err), "import.expired"; got != want {
			t.Errorf("error %v, want %s", err, want)
		}
		// The next save forgets it.
		if _, err := later.SavePendingImport(ctx, staff.ID, f.session.ID, p.File, p.Items()); err != nil {
			t.Fatal(err)
		}
		if n := f.count("pending_uploads", "token = ?", token); n != 0 {
			t.Errorf("the expired file is still kept")
		}
	})
}

// TestImportAgendaTime imports an agenda of 2,000 items into an empty session, then the
// same with every title changed, and logs how long each takes.
func TestImportAgendaTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newImportFixture(t, "34 IOC")
	file := func(title string) []byte {
		var b strings.Builder
		b.WriteString("Item,Title,Title (KO),Documents,Commission,Sector,Lead ministry,Priority\n")
		for i := range 2000 {
			fmt.Fprintf(&b, "%d.%s,%s %d,의제 %d,IOC-34/%d,Plenary,SC,MOF,normal\n", i/10+1, roman(i%10+1), title, i, i, i)
		}
		return []byte(b.String())
	}
	for _, step := range []struct {
		name          string
		title         string
		added, update int
	}{{"Add", "Agenda item", 2000, 0}, {"Update", "Revised agenda item", 0, 2000}} {
		p := f.check("ioc.csv", file(step.title))
		if !p.OK() {
			t.Fatalf("%s: preview has errors: %+v", step.name, p.Errors()[:1])
		}
		start := time.Now()
		added, updated, err := f.st.ImportAgenda(ctx, importActor, f.session.ID, p.File, p.Items())
		elapsed := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		if added != step.added || updated != step.update {
			t.Errorf("%s: added %d, updated %d; want %d, %d", step.name, added, updated, step.added, step.update)
		}
		t.Logf("%s: 2,000 rows imported in %v", step.name, elapsed.Round(time.Millisecond))
	}
}

func roman(n int) string {
	return []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}[n]
}

func ptrs(p *int64) []int64 {
	if p == nil {
		return nil
	}
	return []int64{*p}
}
