package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// The server is shared by every process that uses the data folder (a `plenary
// serve`, a `plenary seed --scale` started before it, a backup), and owned by
// whoever needs it longest: the last one to leave stops it, whoever started
// it. Each handle holds a shared flock on Dir+".holders" for as long as it
// uses the server; a leaving handle stops the server only when it can take
// that lock exclusively, i.e. when no other handle, in any process, holds it.
// The kernel drops the lock of a process that dies, so a crashed holder never
// keeps the server alive nor prevents its stop.
//
// Joining and leaving both happen under the start lock (Dir+".lock"), so a
// process cannot join a server that the last holder is stopping.
//
// The file's content records whether a Plenary process started the server.
// A server started by other means (pg_ctl by hand, or an older Plenary) is
// never stopped: no holder knows it was meant to end.

// hold is one handle's share of the server.
type hold struct {
	f *os.File
}

func holdersPath(dir string) string { return dir + ".holders" }

// takeHold registers a holder; the caller holds the start lock.
func takeHold(dir string) (*hold, error) {
	f, err := os.OpenFile(holdersPath(dir), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	// Never blocks: an exclusive lock is only taken, without waiting, by a
	// holder that is leaving under the start lock, which the caller holds now.
	if err := flock(f, syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("pgcluster: registering as a user of the server: %w", err)
	}
	return &hold{f: f}, nil
}

// release gives the share up and reports whether it was the last one; the
// caller holds the start lock.
func (h *hold) release() (last bool) {
	// Upgrading to exclusive succeeds only when no other holder remains. A
	// failed upgrade may drop the shared lock, which is being given up anyway.
	last = flock(h.f, syscall.LOCK_EX|syscall.LOCK_NB) == nil
	_ = h.f.Close()
	return last
}

const startedMark = "started by plenary"

// markStarted records that a Plenary process started the server, so that
// the last holder stops it even when the starter has gone; the caller holds
// the start lock.
func markStarted(dir string) error {
	line := fmt.Sprintf("%s (pid %d) at %s\n", startedMark, os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	if err := os.WriteFile(holdersPath(dir), []byte(line), 0o600); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return nil
}

// startedByPlenary tells whether the running server was started by Plenary.
func startedByPlenary(dir string) bool {
	b, err := os.ReadFile(holdersPath(dir))
	return err == nil && strings.HasPrefix(string(b), startedMark)
}

// clearStarted forgets the mark once the server is down.
func clearStarted(dir string) {
	_ = os.Truncate(holdersPath(dir), 0)
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
