package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// defaultLibRoot is where Debian/Ubuntu install one bin folder per server major version.
const defaultLibRoot = "/usr/lib/postgresql"

// binaries are the server programs of one installation; they must come from
// the same folder so initdb, pg_ctl and postgres agree on the version.
type binaries struct {
	dir, initdb, pgctl, postgres string
}

// findBinaries prefers the highest version under libRoot, then the PATH
// (following symlinks such as /usr/local/bin/initdb -> .../15/bin/initdb).
func findBinaries(libRoot, pathEnv string) (binaries, error) {
	if entries, err := os.ReadDir(libRoot); err == nil {
		type candidate struct {
			version []int
			dir     string
		}
		var cands []candidate
		for _, e := range entries {
			if v, ok := parseVersion(e.Name()); ok {
				cands = append(cands, candidate{v, filepath.Join(libRoot, e.Name(), "bin")})
			}
		}
		slices.SortFunc(cands, func(a, b candidate) int { return slices.Compare(b.version, a.version) })
		for _, c := range cands {
			if b, ok := binariesIn(c.dir); ok {
				return b, nil
			}
		}
	}
	for _, dir := range filepath.SplitList(pathEnv) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, "initdb")
		if !isExecutable(p) {
			continue
		}
		if real, err := filepath.EvalSymlinks(p); err == nil {
			if b, ok := binariesIn(filepath.Dir(real)); ok {
				return b, nil
			}
		}
		if b, ok := binariesIn(dir); ok {
			return b, nil
		}
	}
	return binaries{}, fmt.Errorf("pgcluster: %w (looked in %s/<version>/bin and PATH)", ErrNoBinaries, libRoot)
}

func parseVersion(name string) ([]int, bool) {
	var v []int
	for part := range strings.SplitSeq(name, ".") {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return nil, false
		}
		v = append(v, n)
	}
	return v, len(v) > 0
}

func binariesIn(dir string) (binaries, bool) {
	b := binaries{
		dir:      dir,
		initdb:   filepath.Join(dir, "initdb"),
		pgctl:    filepath.Join(dir, "pg_ctl"),
		postgres: filepath.Join(dir, "postgres"),
	}
	ok := isExecutable(b.initdb) && isExecutable(b.pgctl) && isExecutable(b.postgres)
	return b, ok
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// runner runs the server binaries as the right OS user: PostgreSQL refuses
// to run as root, so as root everything runs as the postgres user.
type runner struct {
	asPostgres bool
	uid, gid   int
	gids       []int  // all groups of the postgres user, for permission checks
	runuser    string // path of runuser; empty means switch credentials directly
}

func newRunner() (*runner, error) {
	if os.Geteuid() != 0 {
		return &runner{}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgcluster: running as root needs the postgres OS user, since PostgreSQL refuses to run as root: %w", err)
	}
	r := &runner{asPostgres: true}
	if r.uid, err = strconv.Atoi(u.Uid); err != nil {
		return nil, fmt.Errorf("pgcluster: uid of postgres user: %w", err)
	}
	if r.gid, err = strconv.Atoi(u.Gid); err != nil {
		return nil, fmt.Errorf("pgcluster: gid of postgres user: %w", err)
	}
	r.gids = []int{r.gid}
	if ids, err := u.GroupIds(); err == nil {
		for _, s := range ids {
			if g, err := strconv.Atoi(s); err == nil && !slices.Contains(r.gids, g) {
				r.gids = append(r.gids, g)
			}
		}
	}
	r.runuser, _ = exec.LookPath("runuser")
	return r, nil
}

// command builds the invocation of a server binary. workDir must be
// accessible to the postgres user (initdb and pg_ctl fail when they cannot
// resolve their current directory, e.g. /root).
func (r *runner) command(ctx context.Context, workDir, path string, args ...string) *exec.Cmd {
	var cmd *exec.Cmd
	switch {
	case !r.asPostgres:
		cmd = exec.CommandContext(ctx, path, args...)
	case r.runuser != "":
		cmd = exec.CommandContext(ctx, r.runuser, append([]string{"-u", "postgres", "--", path}, args...)...)
	default:
		cmd = exec.CommandContext(ctx, path, args...)
		groups := make([]uint32, len(r.gids))
		for i, g := range r.gids {
			groups[i] = uint32(g)
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{
			Uid: uint32(r.uid), Gid: uint32(r.gid), Groups: groups,
		}}
	}
	cmd.Dir = workDir
	// The server redirects its own output to the log file; should anything
	// keep our pipes open anyway, do not hang forever.
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// chown hands a file or folder to the postgres user when running as root.
func (r *runner) chown(path string) error {
	if !r.asPostgres {
		return nil
	}
	if err := os.Chown(path, r.uid, r.gid); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return nil
}

// ensureTraversable makes sure the postgres user may enter every ancestor of
// dir, adding only the missing execute bit of the class that applies to it
// (in practice o+x) and logging each change.
func (r *runner) ensureTraversable(dir string, logger *slog.Logger) error {
	if !r.asPostgres {
		return nil
	}
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			return fmt.Errorf("pgcluster: cannot read owner of %s", d)
		}
		var bit fs.FileMode
		var class string
		switch {
		case int(st.Uid) == r.uid:
			bit, class = 0o100, "u+x"
		case slices.Contains(r.gids, int(st.Gid)):
			bit, class = 0o010, "g+x"
		default:
			bit, class = 0o001, "o+x"
		}
		if fi.Mode()&bit == 0 {
			if err := os.Chmod(d, fi.Mode()|bit); err != nil {
				return fmt.Errorf("pgcluster: folder %s is not traversable by the postgres user: %w", d, err)
			}
			logger.Warn("pgcluster: made folder traversable for the postgres user", "folder", d, "added", class)
		}
		if parent := filepath.Dir(d); parent == d {
			return nil
		}
	}
}

// lockFile takes an exclusive flock on path, waiting (bounded by ctx) while
// another process or goroutine holds it.
func lockFile(ctx context.Context, path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: lock: %w", err)
	}
	fd := int(f.Fd())
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(fd, syscall.LOCK_UN)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			_ = f.Close()
			return nil, fmt.Errorf("pgcluster: lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("pgcluster: waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// processAlive reports whether pid exists; EPERM means it exists but belongs
// to another user (the postgres user, when we are not root).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// looksLikePostgres guards against a recycled pid (e.g. after a container
// restart) being mistaken for a running postmaster. When /proc cannot tell,
// it assumes the process is PostgreSQL.
func looksLikePostgres(pid int) bool {
	if pid == os.Getpid() {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		return true
	}
	arg0, _, _ := strings.Cut(string(b), "\x00")
	base := filepath.Base(strings.Fields(arg0 + " x")[0])
	return strings.HasPrefix(base, "postgres") || strings.HasPrefix(base, "postmaster")
}

// readFrom returns at most limit bytes of the end of the file, starting no
// earlier than offset, so errors show what the server logged this time.
func readFrom(path string, offset, limit int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return ""
	}
	start := max(offset, fi.Size()-limit)
	if start < 0 || start > fi.Size() {
		start = 0
	}
	b := make([]byte, fi.Size()-start)
	n, _ := f.ReadAt(b, start)
	return strings.TrimSpace(string(b[:n]))
}
