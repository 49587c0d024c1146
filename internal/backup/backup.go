// Package backup writes and restores backups of Plenary's database with
// PostgreSQL's own tools: pg_dump's custom format, which any PostgreSQL
// installation can read back with pg_restore, so a backup never depends on
// Plenary to be useful.
package backup

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kncu/plenary/internal/pgcluster"
)

// Conn is how PostgreSQL's tools reach a database.
type Conn struct {
	// URL is a libpq connection URL; its password is handed to the tools in
	// PGPASSWORD rather than on their command line, where `ps` would show it.
	URL string
	// BinDir holds pg_dump, pg_restore and psql of a version that can read
	// the server (its own, or newer).
	BinDir string
}

// ToolsFor finds the client tools for the server at rawURL: those of its
// major version, or the nearest newer one, with a message naming the package
// to install when there are none.
func ToolsFor(ctx context.Context, rawURL string) (Conn, error) {
	conn, err := pgx.Connect(ctx, rawURL)
	if err != nil {
		return Conn{}, fmt.Errorf("backup: connect: %w", err)
	}
	defer conn.Close(context.Background())
	var num int
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&num); err != nil {
		return Conn{}, fmt.Errorf("backup: server version: %w", err)
	}
	dir, err := pgcluster.ClientDir(num / 10000)
	if err != nil {
		return Conn{}, fmt.Errorf("backup: the server runs PostgreSQL %d: %w", num/10000, err)
	}
	return Conn{URL: rawURL, BinDir: dir}, nil
}

// command prepares one of the tools, connected through the environment.
func (c Conn) command(ctx context.Context, tool string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, tool), args...)
	cmd.Env = append(os.Environ(), "PGAPPNAME=plenary-"+tool)
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// dbname is the URL to give a tool's --dbname, without its password, and the
// environment that carries the password instead.
func (c Conn) dbname(cmd *exec.Cmd) string {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.User == nil {
		return c.URL // keyword=value form: passed as given
	}
	if pw, ok := u.User.Password(); ok {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// Summary is what a backup or a restore did.
type Summary struct {
	Tables int   // tables whose rows were written or read
	Bytes  int64 // size of the backup file
}

var dumpingTable = regexp.MustCompile(`^pg_dump: dumping contents of table "(.+)"$`)

// Dump writes a consistent backup of the database (pg_dump takes one snapshot
// for the whole dump while the app keeps working) to file, in pg_dump's
// custom format. It writes to a temporary file in the same folder and renames
// it only once complete, so a failed backup never leaves a truncated file,
// and an earlier backup of the same name stays until the new one is whole.
// Each table is reported to progress as it is dumped.
func Dump(ctx context.Context, c Conn, file string, progress io.Writer) (Summary, error) {
	file, err := filepath.Abs(file)
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	// Readable only by its owner: the backup holds password hashes and
	// positions not yet public.
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".partial-*")
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	_ = tmp.Close()
	done := false
	defer func() {
		if !done {
			_ = os.Remove(tmpName)
		}
	}()

	cmd := c.command(ctx, "pg_dump", "--format=custom", "--verbose", "--no-password", "--file="+tmpName)
	cmd.Args = append(cmd.Args, "--dbname="+c.dbname(cmd))
	var sum Summary
	log, err := runReporting(cmd, func(line string) bool {
		if m := dumpingTable.FindStringSubmatch(line); m != nil {
			sum.Tables++
			fmt.Fprintf(progress, "  %s\n", m[1])
			return true
		}
		return chatter("pg_dump", line)
	})
	if err != nil {
		return Summary{}, fmt.Errorf("backup: pg_dump: %w\n%s", err, log)
	}
	if err := syncFile(tmpName); err != nil {
		return Summary{}, err
	}
	if err := os.Rename(tmpName, file); err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	done = true
	_ = syncFile(filepath.Dir(file)) // the rename itself survives a crash
	fi, err := os.Stat(file)
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	sum.Bytes = fi.Size()
	return sum, nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: writing %s to disk: %w", path, err)
	}
	return nil
}

// runReporting runs cmd, handing every line of its standard error to report;
// the lines report does not take are kept, and the last of them returned, to
// explain a failure.
func runReporting(cmd *exec.Cmd, report func(line string) bool) (string, error) {
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	// Read to the end before Wait, which closes the pipe.
	log := readLines(stderr, report)()
	return log, cmd.Wait()
}

// chatter tells the lines of a tool's --verbose output that only say what it
// is doing, which would bury its error when a failure is shown.
func chatter(tool, line string) bool {
	rest, ok := strings.CutPrefix(line, tool+": ")
	if !ok {
		return false // a continuation (DETAIL, a query), part of a message
	}
	for _, kind := range []string{"error:", "warning:", "detail:", "hint:"} {
		if strings.HasPrefix(rest, kind) {
			return false
		}
	}
	return true
}

// readLines reads r to its end in the background, handing each line to
// report and keeping the last lines report does not take. The function it
// returns waits for the end and gives those lines.
func readLines(r io.Reader, report func(line string) bool) func() string {
	var (
		wg   sync.WaitGroup
		last []string
	)
	wg.Go(func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			if line := sc.Text(); !report(line) {
				last = append(last, line)
				if len(last) > 20 {
					last = last[1:]
				}
			}
		}
		_, _ = io.Copy(io.Discard, r)
	})
	return func() string {
		wg.Wait()
		return strings.Join(last, "\n")
	}
}

// HumanSize writes a byte count the way people read file sizes.
func HumanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

var errNotArchive = errors.New("not a whole backup in pg_dump's custom format, as plenary backup writes")
