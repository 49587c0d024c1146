package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// owner is what the process named in postmaster.pid turned out to be.
type owner int

const (
	ownerGone     owner = iota // no such process: the file is stale
	ownerServer                // the server of this data folder
	ownerStranger              // another process that got the pid (e.g. after a reboot)
)

// pidOwner tells whether pid is the PostgreSQL server of the data folder dir.
// The server works inside its data folder, so on Linux its current folder
// (/proc/PID/cwd) identifies it; a recycled pid, even of another PostgreSQL
// server, has another one. Where that cannot be read, its command line must
// name the folder (pg_ctl starts it with -D DIR); where neither can be read
// (no /proc), the process is taken for the server and the connection with the
// folder's password decides.
func pidOwner(pid int, dir string) owner {
	if pid <= 0 || pid == os.Getpid() {
		return ownerStranger
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return ownerGone // EPERM: alive, another user's (postgres, when we are not root)
	}
	proc := fmt.Sprintf("/proc/%d", pid)
	cmdline, cmdErr := os.ReadFile(proc + "/cmdline")
	if cmdErr == nil {
		args := strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00")
		base := filepath.Base(args[0])
		if !strings.HasPrefix(base, "postgres") && !strings.HasPrefix(base, "postmaster") {
			return ownerStranger
		}
	}
	if cwd, err := os.Readlink(proc + "/cwd"); err == nil {
		real, rerr := filepath.EvalSymlinks(dir)
		if rerr != nil {
			real = dir
		}
		if cwd == real || cwd == dir {
			return ownerServer
		}
		return ownerStranger
	}
	if cmdErr == nil {
		if strings.Contains(string(cmdline), "\x00"+dir+"\x00") || strings.HasSuffix(string(cmdline), "\x00"+dir) {
			return ownerServer
		}
		return ownerStranger
	}
	return ownerServer
}
