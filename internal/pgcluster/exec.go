package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

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
