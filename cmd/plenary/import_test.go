package main_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/importer"
	"github.com/kncu/plenary/internal/testdb"
)

// importOutcome is how a run of plenary ended.
type importOutcome struct {
	code           int
	stdout, stderr string
}

// plenaryImport runs the plenary binary bin with args against the database at dbURL.
func plenaryImport(t *testing.T, bin, dbURL string, args ...string) importOutcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PLENARY_") && !strings.HasPrefix(kv, "DATABASE_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "DATABASE_URL="+dbURL, "PLENARY_DATA_DIR="+t.TempDir(), "PLENARY_LOG_LEVEL=warn")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("plenary %v: %v", args, err)
	}
	return importOutcome{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
}

// agendaFile is the path of a file of the importer's testdata.
func agendaFile(name string) string {
	return filepath.Join("..", "..", "internal", "importer", "testdata", name)
}

// agendaNumbers returns the item numbers of a session in the database's order.
func agendaNumbers(t *testing.T, db *bun.DB, code string) []string {
	t.Helper()
	var ns []string
	err := db.NewSelect().Table("agenda_items").Column("agenda_items.number").
		Join("JOIN sessions ON sessions.id = agenda_items.session_id").Where("sessions.code = ?", code).
		OrderExpr("agenda_items.sort_key").Scan(context.Background(), &ns)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// rowCounts counts the rows of the tables an import writes.
func rowCounts(t *testing.T, db *bun.DB) [2]int {
	t.Helper()
	var c [2]int
	for i, table := range []string{"agenda_items", "audit_log"} {
		n, err := db.NewSelect().Table(table).Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c[i] = int(n)
	}
	return c
}

// importOrder220EX is the 220 EX agenda of the testdata in UNESCO's order, which the files do
// not follow.
var importOrder220EX = []string{
	"1", "2", "3", "4", "5", "5.I", "5.I.A", "5.I.B", "5.I.C", "5.I.D", "5.II", "5.II.A", "5.II.B",
	"6", "7", "8", "10", "11", "12", "13", "14", "15", "16", "16.I", "16.II", "16.IX", "16.X", "16.XV", "16.XIX",
	"17", "18", "20", "21", "22", "25", "30", "32", "35", "38", "40",
}

// TestImportCommand runs `plenary import agenda` as an operator would, on databases with
// the demo data.
func TestImportCommand(t *testing.T) {
	t.Parallel()
	bin := plenaryBinary(t, false)
	demo := func(t *testing.T) (*bun.DB, string) {
		db, dbURL := testdb.NewDemo(t)
		return db, dbURL
	}

	for _, file := range []string{"agenda_220ex_en.csv", "agenda_220ex.xlsx"} {
		t.Run("OK "+file, func(t *testing.T) {
			t.Parallel()
			db, dbURL := demo(t)
			r := plenaryImport(t, bin, dbURL, "import", "agenda", "--session", "220 EX", agendaFile(file))
			if r.code != 0 {
				t.Fatalf("exit status %d\n%s", r.code, r.stderr)
			}
			if want := "imported " + file + " into 220 EX: 29 added, "; !strings.HasPrefix(r.stdout, want) {
				t.Errorf("output %q, want it to start with %q", r.stdout, want)
			}
			if got := agendaNumbers(t, db, "220 EX"); !slices.Equal(got, importOrder220EX) {
				t.Errorf("agenda in the database's order:\n%q\nwant UNESCO's:\n%q", got, importOrder220EX)
			}
		})
	}

	t.Run("KoreanFileFlagsAfterTheFile", func(t *testing.T) {
		t.Parallel()
		db, dbURL := demo(t)
		r := plenaryImport(t, bin, dbURL, "import", "agenda", agendaFile("agenda_226ex_ko.csv"), "--session", "226 ex")
		if r.code != 0 {
			t.Fatalf("exit status %d\n%s", r.code, r.stderr)
		}
		want := []string{"1", "2", "3", "5.I.A", "5.I.B", "5.I.C", "5.II.A", "9", "10", "16.IX", "16.XIX", "16.XL", "40"}
		if got := agendaNumbers(t, db, "226 EX"); !slices.Equal(got, want) {
			t.Errorf("agenda %q, want %q", got, want)
		}
	})

	t.Run("ErrBadRows", func(t *testing.T) {
		t.Parallel()
		db, dbURL := demo(t)
		before := rowCounts(t, db)
		r := plenaryImport(t, bin, dbURL, "import", "agenda", "--session", "220 EX", agendaFile("agenda_bad.csv"))
		if r.code == 0 {
			t.Fatalf("exit status 0, want a failure\n%s", r.stdout)
		}
		for _, want := range []string{
			`row 3: title: The title is empty.`,
			`row 4: number "4..2": The item number has two dots in a row.`,
			`row 5: number "5.IIII": A Roman numeral in the item number is not written correctly (e.g. IV, not IIII).`,
			`row 6: number "1": This number is already used in row 2 of the file.`,
			`row 7: lead ministry "Ministry of Magic": No ministry has this code or name.`,
			`row 8: priority "urgent": The priority must be high, normal or low (높음, 보통, 낮음), or empty.`,
			`6 of 8 rows have errors; nothing was imported`,
		} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("error output lacks %q:\n%s", want, r.stderr)
			}
		}
		for _, good := range []string{"row 2:", "row 9:"} {
			if strings.Contains(r.stderr, good) {
				t.Errorf("error output names a good row (%s):\n%s", good, r.stderr)
			}
		}
		if got := rowCounts(t, db); got != before {
			t.Errorf("items and audit rows %v, want %v: a bad file writes nothing", got, before)
		}
	})

	t.Run("DryRun", func(t *testing.T) {
		t.Parallel()
		db, dbURL := demo(t)
		before := rowCounts(t, db)
		r := plenaryImport(t, bin, dbURL, "import", "agenda", "--session", "220 EX", "--dry-run", agendaFile("agenda_220ex_en.csv"))
		if r.code != 0 {
			t.Fatalf("exit status %d\n%s", r.code, r.stderr)
		}
		for _, want := range []string{
			"would add 16.XIX\tClimate change education",
			"would update 5.I.A\tImplementation of the Recommendation",
			"dry run: 29 to add, 11 to update in 220 EX; nothing was written",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("output lacks %q:\n%s", want, r.stdout)
			}
		}
		if got := rowCounts(t, db); got != before {
			t.Errorf("items and audit rows %v, want %v: a dry run writes nothing", got, before)
		}
	})

	t.Run("ProgressOnLargeFiles", func(t *testing.T) {
		t.Parallel()
		db, dbURL := demo(t)
		var b strings.Builder
		b.WriteString("Item,Title,Lead ministry\n")
		for i := 1; i <= 2500; i++ {
			fmt.Fprintf(&b, "%d,Agenda item %d,MOF\n", i, i)
		}
		path := filepath.Join(t.TempDir(), "large.csv")
		if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		r := plenaryImport(t, bin, dbURL, "import", "agenda", "--session", "34 IOC", path)
		if r.code != 0 {
			t.Fatalf("exit status %d\n%s", r.code, r.stderr)
		}
		for _, want := range []string{"checked 1000/2500 rows\n", "checked 2000/2500 rows\n", "checked 2500/2500 rows\n"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("progress lacks %q:\n%s", want, r.stderr)
			}
		}
		if got := len(agendaNumbers(t, db, "34 IOC")); got != 2500 {
			t.Errorf("%d items, want 2500", got)
		}
	})

	// A table spread over more rows than the limit: the refusal names it.
	var thin strings.Builder
	thin.WriteString("Item,Title\n")
	for line, n := 1, 1; line <= importer.MaxRows; n++ {
		thin.WriteString(strings.Repeat("\n", importer.BlankRun-2) + strconv.Itoa(n) + ",T\n")
		line += importer.BlankRun - 1
	}
	thinPath := filepath.Join(t.TempDir(), "thin.csv")
	if err := os.WriteFile(thinPath, []byte(thin.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	failures := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ErrTooManyRows", []string{"--session", "220 EX", thinPath}, 1, "The table goes on past row 20,000."},
		{"ErrUnknownSession", []string{"--session", "999 EX", agendaFile("agenda_bom.csv")}, 1, `--session: no session has the code "999 EX"`},
		{"ErrNoFile", []string{"--session", "220 EX"}, 2, "Usage: plenary import agenda"},
		{"ErrNoSession", []string{agendaFile("agenda_bom.csv")}, 2, "Usage: plenary import agenda"},
		{"ErrMissingFile", []string{"--session", "220 EX", "no-such-file.csv"}, 1, "no-such-file.csv"},
		{"ErrFileType", []string{"--session", "220 EX", "import_test.go"}, 1, "Only .xlsx / .csv files can be read here."},
	}
	for _, tt := range failures {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db, dbURL := demo(t)
			before := rowCounts(t, db)
			r := plenaryImport(t, bin, dbURL, append([]string{"import", "agenda"}, tt.args...)...)
			if r.code != tt.code {
				t.Errorf("exit status %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("error output lacks %q:\n%s", tt.want, r.stderr)
			}
			if got := rowCounts(t, db); got != before {
				t.Errorf("items and audit rows %v, want %v", got, before)
			}
		})
	}
}
