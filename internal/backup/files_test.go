package backup

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestBackupCarriesFiles: the files people attached are in the backup, byte for byte: a
// file of several chunks, holding every byte value, reads the same from the restored
// database as from the one backed up, and so do the demo's files.
func TestBackupCarriesFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, url := testdb.NewDemo(t)
	st := store.New(src)
	var itemID int64
	if err := src.NewRaw("SELECT id FROM agenda_items ORDER BY id LIMIT 1").Scan(ctx, &itemID); err != nil {
		t.Fatal(err)
	}
	data := []byte("%PDF-1.4\n")
	for len(data) < 3*store.FileChunkSize+123 {
		for b := range 256 {
			data = append(data, byte(b))
		}
	}
	f, err := st.SaveFile(ctx, domain.SystemActor("test"), domain.FileTarget{Kind: domain.FileItemDocument, ItemID: itemID},
		domain.FileInput{Name: "모든 바이트.pdf", Symbol: "220 EX/1", Language: "ko"}, bytes.NewReader(data), 10<<20)
	if err != nil {
		t.Fatal(err)
	}

	conn, err := ToolsFor(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plenary.dump")
	if _, err := Dump(ctx, conn, file, io.Discard); err != nil {
		t.Fatalf("Dump: %v", err)
	}
	dst, dstURL := testdb.New(t)
	if _, err := Restore(ctx, into(conn, dstURL), file, io.Discard); err != nil {
		t.Fatalf("Restore: %v", err)
	}

	if got := fileBytes(t, dst, f.ID); !bytes.Equal(got, data) {
		t.Errorf("the restored file has %d bytes, not the %d attached", len(got), len(data))
	}
	want, got := fileDigests(t, src), fileDigests(t, dst)
	if len(want) < 2 {
		t.Fatalf("%d files in the backed-up database, want the demo's and the test's", len(want))
	}
	for id, sum := range want {
		if got[id] != sum {
			t.Errorf("file %d: restored as %q, want %q", id, got[id], sum)
		}
	}
}

// fileBytes returns the bytes of file id, as downloads read them: chunk by chunk.
func fileBytes(t *testing.T, db *bun.DB, id int64) []byte {
	t.Helper()
	st := store.New(db)
	f, _, err := st.File(context.Background(), domain.BriefScope{Scope: domain.Scope{All: true}}, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for seq := 0; ; seq++ {
		chunk, ok, err := st.FileChunk(context.Background(), f, seq)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, chunk...)
	}
}

// fileDigests returns, for every file, its recorded SHA-256 and that of its chunks put
// together.
func fileDigests(t *testing.T, db *bun.DB) map[int64]string {
	t.Helper()
	var rows []struct {
		ID     int64  `bun:"id"`
		Stored string `bun:"sha256"`
		Actual string `bun:"actual"`
	}
	err := db.NewRaw(`SELECT f.id, f.sha256, encode(sha256(string_agg(c.data, ''::bytea ORDER BY c.seq)), 'hex') AS actual
		FROM files f JOIN file_chunks c ON c.file_id = f.id GROUP BY f.id`).Scan(context.Background(), &rows)
	if err != nil {
		t.Fatal(err)
	}
	m := map[int64]string{}
	for _, r := range rows {
		if r.Stored != r.Actual {
			t.Errorf("file %d: chunks hash to %s, recorded %s", r.ID, r.Actual, r.Stored)
		}
		m[r.ID] = r.Actual
	}
	return m
}
