package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrNoBinaries lets callers tell "PostgreSQL is not installed" apart from
// other start failures, so they can tell the user what to install instead of
// showing a server log. The errors that wrap it name the package.
var ErrNoBinaries = errors.New("PostgreSQL binaries not found")

// defaultLibRoot is where Debian/Ubuntu install one bin folder per major version.
const defaultLibRoot = "/usr/lib/postgresql"

// binaries are the server programs of one installation; they come from the
// same folder so that initdb, pg_ctl, postgres and the client tools agree on
// the version.
type binaries struct {
	major                        int
	dir, initdb, pgctl, postgres string
}

// installation is one bin folder of a PostgreSQL major version.
type installation struct {
	major int
	dir   string
}

// installations lists the bin folders under libRoot (Debian's layout:
// /usr/lib/postgresql/15/bin), newest first, and then those on the PATH whose
// version is not already listed (other systems put the programs on the
// PATH). has names the programs a folder must hold to count.
func installations(libRoot, pathEnv string, has ...string) []installation {
	var found []installation
	seen := map[string]bool{}
	add := func(major int, dir string) {
		if seen[dir] || !hasAll(dir, has) {
			return
		}
		seen[dir] = true
		found = append(found, installation{major, dir})
	}
	if entries, err := os.ReadDir(libRoot); err == nil {
		for _, e := range entries {
			if v, err := strconv.Atoi(e.Name()); err == nil && v > 0 {
				add(v, filepath.Join(libRoot, e.Name(), "bin"))
			}
		}
	}
	for _, dir := range filepath.SplitList(pathEnv) {
		if dir == "" || !isExecutable(filepath.Join(dir, has[0])) {
			continue
		}
		// Follow symlinks such as /usr/bin/pg_dump -> ../share/postgresql-common/pg_wrapper
		// or /usr/local/bin/initdb -> /usr/local/pgsql/bin/initdb.
		if real, err := filepath.EvalSymlinks(filepath.Join(dir, has[0])); err == nil && hasAll(filepath.Dir(real), has) {
			dir = filepath.Dir(real)
		}
		if !hasAll(dir, has) || seen[dir] {
			continue
		}
		if v, ok := programMajor(filepath.Join(dir, has[0])); ok {
			add(v, dir)
		}
	}
	slices.SortStableFunc(found, func(a, b installation) int { return b.major - a.major })
	return found
}

func hasAll(dir string, programs []string) bool {
	for _, p := range programs {
		if !isExecutable(filepath.Join(dir, p)) {
			return false
		}
	}
	return true
}

var versionOutput = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// programMajor asks a program for its version ("pg_dump (PostgreSQL) 15.14").
func programMajor(path string) (int, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return 0, false
	}
	m := versionOutput.FindSubmatch(out)
	if m == nil {
		return 0, false
	}
	v, err := strconv.Atoi(string(m[1]))
	return v, err == nil
}

func majorsOf(list []installation) string {
	if len(list) == 0 {
		return "none"
	}
	var s []string
	for _, in := range list {
		s = append(s, strconv.Itoa(in.major))
	}
	return strings.Join(s, ", ")
}

// findBinaries picks the server programs for a data folder made by PostgreSQL
// major version want (from its PG_VERSION file): a server only opens folders of
// its own major version, so a newer version installed next to it must not be
// picked. want 0 means a new folder, which gets the newest version installed.
func findBinaries(libRoot, pathEnv string, want int) (binaries, error) {
	all := installations(libRoot, pathEnv, "pg_ctl", "initdb", "postgres")
	for _, in := range all {
		if want == 0 || in.major == want {
			return binaries{
				major:    in.major,
				dir:      in.dir,
				initdb:   filepath.Join(in.dir, "initdb"),
				pgctl:    filepath.Join(in.dir, "pg_ctl"),
				postgres: filepath.Join(in.dir, "postgres"),
			}, nil
		}
	}
	if want == 0 {
		return binaries{}, fmt.Errorf("pgcluster: %w in %s/<version>/bin or on the PATH: install them (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL", ErrNoBinaries, libRoot)
	}
	return binaries{}, fmt.Errorf("pgcluster: the data folder was made by PostgreSQL %d, whose server is not installed (installed versions: %s): "+
		"install it (Debian/Ubuntu: apt-get install postgresql-%d), or move the data to an installed version with pg_upgrade: %w",
		want, majorsOf(all), want, ErrNoBinaries)
}

// ClientDir returns the folder of pg_dump, pg_restore and psql for a server of
// major version major: that version's own when installed, otherwise the
// nearest newer one (pg_dump reads older servers, never newer ones).
func ClientDir(major int) (string, error) {
	return clientDir(defaultLibRoot, os.Getenv("PATH"), major)
}

func clientDir(libRoot, pathEnv string, major int) (string, error) {
	all := installations(libRoot, pathEnv, "pg_dump", "pg_restore", "psql")
	var best *installation
	for i, in := range all {
		if in.major >= major && (best == nil || in.major < best.major) {
			best = &all[i]
		}
	}
	if best == nil {
		return "", fmt.Errorf("pg_dump for PostgreSQL %d not found (installed client versions: %s): "+
			"install it (Debian/Ubuntu: apt-get install postgresql-client-%d; a newer version also works): %w",
			major, majorsOf(all), major, ErrNoBinaries)
	}
	return best.dir, nil
}

// dataVersion reads the major version a data folder was made with; 0 means
// the folder holds no cluster yet.
func dataVersion(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, "PG_VERSION"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("pgcluster: %w", err)
	}
	s := strings.TrimSpace(string(b))
	// Before PostgreSQL 10 the major version had two parts ("9.6").
	v, err := strconv.Atoi(s)
	if err != nil || v < 10 {
		return 0, fmt.Errorf("pgcluster: %s/PG_VERSION says %q, a version this program cannot run (10 or later is needed)", dir, s)
	}
	return v, nil
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
