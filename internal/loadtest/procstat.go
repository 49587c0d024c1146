package loadtest

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuTimes are the CPU time Plenary's process and its PostgreSQL cluster have used so
// far, read from /proc (Linux only; ok is false elsewhere). CPU time per request is
// steadier than throughput on a machine busy with other work.
type cpuTimes struct {
	server, postgres time.Duration
	ok               bool
}

// clockTick is the unit of /proc/PID/stat's times: USER_HZ, 100 on Linux.
const clockTick = 10 * time.Millisecond

func processCPU(serverPid, postmasterPid int) cpuTimes {
	var t cpuTimes
	s, ok := statTimes(serverPid, false)
	if !ok {
		return t
	}
	t.server, t.ok = s, true
	if postmasterPid == 0 {
		return t
	}
	// The postmaster, the backends it has reaped, and those running now.
	t.postgres, _ = statTimes(postmasterPid, true)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if parentOf(pid) == postmasterPid {
			d, _ := statTimes(pid, false)
			t.postgres += d
		}
	}
	return t
}

// statFields returns the fields of /proc/PID/stat after the command name.
func statFields(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// statTimes is a process's user and system time, with its reaped children's when
// children is true.
func statTimes(pid int, children bool) (time.Duration, bool) {
	f := statFields(pid) // f[0] is field 3 (state): utime is field 14, so f[11]
	if len(f) < 15 {
		return 0, false
	}
	n := 0
	last := 12
	if children {
		last = 14
	}
	for _, s := range f[11 : last+1] {
		v, _ := strconv.Atoi(s)
		n += v
	}
	return time.Duration(n) * clockTick, true
}

func parentOf(pid int) int {
	f := statFields(pid)
	if len(f) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}
