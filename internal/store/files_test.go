package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestPackListsDocuments: a pack's agenda names each item's attached UNESCO documents by
// symbol, language and name, the current version of each, and no removed one.
func TestPackListsDocuments(t *testing.T) {
	t.Parallel()
	db, _ := testdb.NewDemo(t)
	ctx := context.Background()
	st := store.New(db)
	ses, err := st.SessionByCode(ctx, "220 EX")
	if err != nil {
		t.Fatal(err)
	}
	var itemID int64
	if err := db.NewRaw("SELECT id FROM agenda_items WHERE session_id = ? AND number = '5.I.A'", ses.ID).Scan(ctx, &itemID); err != nil {
		t.Fatal(err)
	}
	staff := domain.SystemActor("test")
	save := func(name string) *domain.File {
		f, err := st.SaveFile(ctx, staff, domain.FileTarget{Kind: domain.FileItemDocument, ItemID: itemID},
			domain.FileInput{Name: name, Symbol: "220 EX/5.I.A Add.", Language: "ko"}, bytes.NewReader(seed.MinimalPDF(name)), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	gone := save("removed.pdf")
	if err := st.RemoveFile(ctx, staff, gone, "Attached to the wrong item"); err != nil {
		t.Fatal(err)
	}
	old := save("부속서 초안.pdf")
	if _, err := st.SaveFileVersion(ctx, staff, old, "부속서 최종.pdf", bytes.NewReader(seed.MinimalPDF("v2")), 1<<20); err != nil {
		t.Fatal(err)
	}

	src, err := st.NewPackSource(ses, domain.PackFull, domain.BriefScope{Scope: domain.Scope{All: true}}, domain.Today(time.Now(), time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var docs string
	err = src.Items(ctx, func(r exports.ItemRow) error {
		if r.Number == "5.I.A" {
			docs = r.Documents
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "220 EX/5.I.A\n220 EX/5.I.A · EN · 220 EX 5.I.A.pdf\n220 EX/5.I.A · FR · 220 EX 5.I.A (fr).pdf\n220 EX/5.I.A Add. · KO · 부속서 최종.pdf"
	if docs != want {
		t.Errorf("documents of 5.I.A in the pack:\n%s\nwant:\n%s", docs, want)
	}
	if strings.Contains(docs, "removed.pdf") || strings.Contains(docs, "초안") {
		t.Error("the pack names a removed file or an earlier version")
	}
}

// TestFileRefusedLeavesNothing: a file past the limit is refused once its bytes pass it,
// after chunks were written, and a file of a refused type before; neither leaves a row.
func TestFileRefusedLeavesNothing(t *testing.T) {
	t.Parallel()
	db, _ := testdb.NewDemo(t)
	ctx := context.Background()
	st := store.New(db)
	var itemID int64
	if err := db.NewRaw("SELECT id FROM agenda_items ORDER BY id LIMIT 1").Scan(ctx, &itemID); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		db.NewRaw("SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM file_chunks)").Scan(ctx, &n)
		return n
	}
	before := count()
	target := domain.FileTarget{Kind: domain.FileItemDocument, ItemID: itemID}
	big := append(seed.MinimalPDF("x"), make([]byte, 3*store.FileChunkSize)...)
	for name, tt := range map[string]struct {
		data []byte
		want error
	}{
		"TooLarge": {big, domain.ErrFileTooLarge},
		"HTML":     {[]byte("<html><script>x</script></html>"), domain.ErrFileType},
	} {
		_, err := st.SaveFile(ctx, domain.SystemActor("test"), target, domain.FileInput{Name: name + ".pdf"}, bytes.NewReader(tt.data), 2*store.FileChunkSize)
		if err != tt.want {
			t.Errorf("%s: %v, want %v", name, err, tt.want)
		}
	}
	if after := count(); after != before {
		t.Errorf("%d rows of files and chunks after refusals, want %d", after, before)
	}
}
