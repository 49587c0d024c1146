package main_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/internal/testdb"
)

// TestSessionAndPackCommands: plenary session add prints the new code and refuses a
// duplicate or bad dates writing nothing; plenary export pack writes a workbook cut for
// its audience, and refuses an unknown one.
func TestSessionAndPackCommands(t *testing.T) {
	t.Parallel()
	bin := plenaryBinary(t, false)
	db, dbURL := testdb.NewDemo(t)
	sessions := func() int {
		n, err := db.NewSelect().Table("sessions").Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}

	t.Run("SessionAdd", func(t *testing.T) {
		before := sessions()
		r := plenaryImport(t, bin, dbURL, "session", "add", "--body", "EX", "--number", "227", "--title",
			"227th session of the Executive Board", "--venue", "Paris", "--from", "2027-10-06", "--to", "2027-10-20")
		if r.code != 0 || strings.TrimSpace(r.stdout) != "227 EX" {
			t.Fatalf("exit %d, stdout %q, want 0 and the code\n%s", r.code, r.stdout, r.stderr)
		}
		if got := sessions(); got != before+1 {
			t.Errorf("%d sessions, want %d", got, before+1)
		}
	})
	t.Run("SessionAddTitles", func(t *testing.T) {
		// --title files a title by its script; --title-ko and --title-en name the language.
		for _, args := range [][]string{
			{"--number", "230", "--title", "제230차 집행이사회"},
			{"--number", "231", "--title-ko", "제231차 집행이사회", "--title-en", "231st session of the Executive Board"},
		} {
			r := plenaryImport(t, bin, dbURL, append([]string{"session", "add", "--body", "EX", "--from", "2029-10-06", "--to", "2029-10-20"}, args...)...)
			if r.code != 0 {
				t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
			}
		}
		var got []struct {
			TitleKO string `bun:"title_ko"`
			TitleEN string `bun:"title_en"`
		}
		if err := db.NewRaw("SELECT title_ko, title_en FROM sessions WHERE code IN ('230 EX', '231 EX') ORDER BY code").Scan(context.Background(), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].TitleKO != "제230차 집행이사회" || got[0].TitleEN != "" ||
			got[1].TitleKO != "제231차 집행이사회" || got[1].TitleEN != "231st session of the Executive Board" {
			t.Errorf("titles %+v", got)
		}
	})
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"ErrNoTitle", []string{"--body", "EX", "--number", "232", "--from", "2029-10-06", "--to", "2029-10-20"}, "--title-ko"},
		{"ErrDuplicate", []string{"--body", "EX", "--number", "220", "--title", "Again", "--from", "2024-10-09", "--to", "2024-10-23"}, "--number"},
		{"ErrEndsBeforeStart", []string{"--body", "EX", "--number", "228", "--title", "X", "--from", "2027-10-26", "--to", "2027-10-20"}, "--to"},
		{"ErrBadDate", []string{"--body", "EX", "--number", "229", "--title", "X", "--from", "2027-13-01", "--to", "2027-12-20"}, "--from"},
		{"ErrUnknownBody", []string{"--body", "ZZ", "--number", "1", "--title", "X", "--from", "2027-01-01", "--to", "2027-01-02"}, "--body"},
	} {
		t.Run("SessionAdd"+tt.name, func(t *testing.T) {
			before := sessions()
			r := plenaryImport(t, bin, dbURL, append([]string{"session", "add"}, tt.args...)...)
			if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q: want a failure naming %s", r.code, r.stderr, tt.want)
			}
			if got := sessions(); got != before {
				t.Errorf("%d sessions after a refused command, want %d", got, before)
			}
		})
	}

	t.Run("ExportMinistryPack", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "moe.xlsx")
		r := plenaryImport(t, bin, dbURL, "export", "pack", "--session", "220 EX", "--audience", "ministry:MOE", "--lang", "ko", "-o", out)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("의제")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 {
			t.Fatal("the ministry pack lists no item")
		}
		for _, row := range rows[1:] {
			if !strings.Contains(strings.Join(row, " "), "교육부") {
				t.Errorf("the Ministry of Education's pack holds another ministry's item: %v", row)
			}
		}
	})
	t.Run("ExportAccreditation", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "acc.xlsx")
		audits := func() int {
			n, err := db.NewSelect().Table("audit_log").Where("action = 'export_accreditation'").Count(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		before := audits()
		r := plenaryImport(t, bin, dbURL, "export", "accreditation", "--session", "226 EX", "--lang", "ko", "-o", out)
		if r.code != 0 || strings.TrimSpace(r.stdout) != out {
			t.Fatalf("exit %d, stdout %q\n%s", r.code, r.stdout, r.stderr)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("등록 명단")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 9 || rows[0][2] != "여권상 영문 성명" || rows[1][2] != "CHUNG Jae-won" {
			t.Errorf("rows %q: want the header and the eight members of 226 EX, the head first", rows)
		}
		if got := audits(); got != before+1 {
			t.Errorf("%d audit rows of the export, want %d", got, before+1)
		}
	})
	t.Run("ExportAccreditationErrUnknownSession", func(t *testing.T) {
		r := plenaryImport(t, bin, dbURL, "export", "accreditation", "--session", "999 EX", "-o", filepath.Join(t.TempDir(), "x.xlsx"))
		if r.code == 0 || !strings.Contains(r.stderr, "999 EX") {
			t.Errorf("exit %d, stderr %q: want a failure naming the session", r.code, r.stderr)
		}
	})
	t.Run("ExportErrUnknownAudience", func(t *testing.T) {
		r := plenaryImport(t, bin, dbURL, "export", "pack", "--session", "220 EX", "--audience", "ministry:NOPE", "-o", filepath.Join(t.TempDir(), "x.xlsx"))
		if r.code == 0 || !strings.Contains(r.stderr, "NOPE") {
			t.Errorf("exit %d, stderr %q: want a failure naming the ministry", r.code, r.stderr)
		}
	})
}
