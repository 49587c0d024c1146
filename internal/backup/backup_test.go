package backup

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// source is a database holding the demo data and a synthetic session, so
// that every table has rows, and a backup of it.
func source(t *testing.T) (db *bun.DB, conn Conn, file string) {
	t.Helper()
	ctx := context.Background()
	db, url := testdb.NewDemo(t)
	// The tables the demo leaves empty get rows too, with text that COPY must
	// escape (tabs, new lines, backslashes, its own end marker) and every byte.
	hostile := "탭\t줄\n역슬래시 \\ 끝 표시\n\\.\n'따옴표' \"quote\" =cmd|' /C calc'!A0"
	for _, q := range []string{
		`INSERT INTO login_sessions (id, data, expires_at, user_id) SELECT 'session-1', decode(string_agg(lpad(to_hex(b), 2, '0'), '' ORDER BY b), 'hex'), now() + interval '1 hour', min(u.id) FROM generate_series(0, 255) b, users u`,
		`INSERT INTO rate_limits (id, data, expires_at) VALUES ('login:192.0.2.1', '\x00ff', now())`,
		`INSERT INTO agenda_imports (id, session_id, user_id, filename, rows) SELECT 'import-1', min(s.id), min(u.id), ?, jsonb_build_array(?::text) FROM sessions s, users u`,
		`INSERT INTO consultation_uploads (id, user_id, filename, rows) SELECT 'upload-1', min(u.id), ?, jsonb_build_object('answer', ?::text) FROM users u`,
		`INSERT INTO pending_uploads (token, kind, user_id, payload, created_at, expires_at) SELECT 'pending-1', 'agenda_import', min(u.id), jsonb_build_object('filename', ?::text, 'rows', jsonb_build_array(?::text)), now(), now() + interval '1 hour' FROM users u`,
	} {
		args := []any{}
		if strings.Count(q, "?") == 2 {
			args = []any{hostile, hostile}
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	conn, err := ToolsFor(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(t.TempDir(), "plenary.dump")
	var progress bytes.Buffer
	sum, err := Dump(ctx, conn, file, &progress)
	if err != nil {
		t.Fatalf("Dump: %v", err)
	}
	fp := testdb.Fingerprint(t, db)
	tables := 0
	for k, v := range fp {
		if strings.HasPrefix(k, "table ") {
			tables++
			if strings.HasPrefix(v, "0 rows") {
				t.Logf("%s is empty in the source", k)
			}
		}
	}
	if sum.Tables != tables || strings.Count(progress.String(), "\n") != tables {
		t.Errorf("Dump reported %d tables (%d progress lines), want %d", sum.Tables, strings.Count(progress.String(), "\n"), tables)
	}
	if !strings.Contains(progress.String(), "public.audit_log") {
		t.Errorf("progress does not name public.audit_log:\n%s", progress.String())
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Size() != sum.Bytes || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, size %d (reported %d), mode %v; want 0600", err, fi.Size(), sum.Bytes, fi.Mode())
	}
	return db, conn, file
}

func into(conn Conn, url string) Conn { return Conn{URL: url, BinDir: conn.BinDir} }

func wantSame(t *testing.T, got, want map[string]string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s: %q, want %q", k, got[k], want[k])
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: in the restored database only", k)
		}
	}
}

func TestBackupRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, conn, file := source(t)
	want := testdb.Fingerprint(t, src)

	targets := []struct {
		name string
		make func(testing.TB) (*bun.DB, string)
	}{
		{"IntoDatabaseWithoutSchema", testdb.Empty},
		{"IntoFreshlyMigratedDatabase", testdb.New},
	}
	for _, tt := range targets {
		t.Run(tt.name, func(t *testing.T) {
			db, url := tt.make(t)
			var progress bytes.Buffer
			sum, err := Restore(ctx, into(conn, url), file, &progress)
			if err != nil {
				t.Fatalf("Restore: %v", err)
			}
			wantSame(t, testdb.Fingerprint(t, db), want)
			if sum.Tables == 0 || !strings.Contains(progress.String(), "public.users") {
				t.Errorf("restore reported %d tables:\n%s", sum.Tables, progress.String())
			}

			// The restored database holds data now: a second restore is refused.
			_, err = Restore(ctx, into(conn, url), file, &progress)
			var ne *NotEmptyError
			if !errors.As(err, &ne) || !slices.Contains(ne.Tables, "public.users") {
				t.Fatalf("second Restore: %v, want NotEmptyError naming public.users", err)
			}
			wantSame(t, testdb.Fingerprint(t, db), want)
		})
	}
}

// TestRestoreRefusesData: one row in any table is data, and the refusal
// changes nothing, whether the early check or the check inside the restoring
// transaction catches it.
func TestRestoreRefusesData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, conn, file := source(t)
	db, url := testdb.New(t)
	if _, err := db.ExecContext(ctx, "INSERT INTO rate_limits (id, data) VALUES ('login:192.0.2.1', '\\x01')"); err != nil {
		t.Fatal(err)
	}
	before := testdb.Fingerprint(t, db)
	for _, precheck := range []bool{true, false} {
		_, err := restoreChecked(ctx, into(conn, url), file, &bytes.Buffer{}, precheck)
		var ne *NotEmptyError
		if !errors.As(err, &ne) || !slices.Equal(ne.Tables, []string{"public.rate_limits"}) {
			t.Fatalf("precheck %v: err = %v, want NotEmptyError naming public.rate_limits only", precheck, err)
		}
		wantSame(t, testdb.Fingerprint(t, db), before)
	}
}

// TestRestoreAllOrNothing: a file that is no backup is refused before the
// database is touched, and a backup cut short fails with nothing restored.
func TestRestoreAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, conn, file := source(t)
	whole, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Damaged in the middle, where the rows are: the table of contents at
	// the start reads well, so the restore begins and fails part-way.
	damaged := slices.Clone(whole)
	for i := len(damaged) * 4 / 5; i < len(damaged)*9/10; i++ {
		damaged[i] = 0xff
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"NotABackup": []byte("SELECT 'this is a script, not an archive';\n"),
		"CutShort":   whole[:len(whole)*9/10],
		"Damaged":    damaged,
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			db, url := testdb.Empty(t)
			before := testdb.Fingerprint(t, db)
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Restore(ctx, into(conn, url), path, &bytes.Buffer{})
			if err == nil {
				t.Fatal("Restore succeeded")
			} else if IsNotEmpty(err) {
				t.Fatalf("err = %v, want a failure of the file", err)
			}
			t.Logf("Restore: %v", err)
			wantSame(t, testdb.Fingerprint(t, db), before)
		})
	}
}

// TestDumpFailureKeepsFile: a failed backup leaves no partial file, and an
// earlier backup of the same name as it was.
func TestDumpFailureKeepsFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := testdb.New(t)
	conn, err := ToolsFor(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "nightly.dump")
	if err := os.WriteFile(file, []byte("yesterday's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	gone := into(conn, testdb.URL("no_such_database"))
	if _, err := Dump(ctx, gone, file, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "no_such_database") {
		t.Fatalf("Dump of a missing database: %v, want pg_dump's error", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "yesterday's backup" {
		t.Errorf("earlier backup now holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder, want only the earlier backup", len(entries))
	}
}

func TestHumanSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1536: "1.5 KiB", 5 << 20: "5.0 MiB"} {
		if got := HumanSize(n); got != want {
			t.Errorf("HumanSize(%d) = %q, want %q", n, got, want)
		}
	}
}
