package testtool

import (
	"os"
	"syscall"
)

// memoryDir is a folder held in memory on Linux. A test's PostgreSQL cluster is
// throwaway, and on a disk every CREATE DATABASE, initdb and checkpoint waits for
// the file system even with fsync off: on a busy machine a copy of the demo database
// took two seconds on disk and a tenth of one in memory.
const memoryDir = "/dev/shm"

// memoryNeeded is the space a memory folder must have free to be used: a cluster and
// its write-ahead log take a few hundred megabytes at most, and a container's default
// /dev/shm (64 MiB) is too small for one.
const memoryNeeded = 2 << 30

// ClusterDir makes a new folder for a test's PostgreSQL data folder and returns its
// path: in memory when the machine has room there, in the temporary folder otherwise.
// It is open for others to enter (0711), as the folder above a data folder must be
// when the server runs as the postgres user. The caller removes it.
func ClusterDir(pattern string) (string, error) {
	root := ""
	if memoryHasRoom() {
		root = memoryDir
	}
	dir, err := os.MkdirTemp(root, pattern)
	if err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o711); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

func memoryHasRoom() bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(memoryDir, &st); err != nil {
		return false
	}
	if st.Bavail*uint64(st.Bsize) < memoryNeeded {
		return false
	}
	f, err := os.CreateTemp(memoryDir, ".plenary-probe-")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
