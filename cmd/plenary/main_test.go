package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kncu/plenary/internal/testdb"
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "plenary-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := testdb.Run(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// binDir holds the plenary binaries the tests build, for the whole run.
var binDir string

// builds are the plenary binaries of this run, without and with the race detector.
var builds [2]struct {
	once sync.Once
	path string
	err  error
}

// plenaryBinary builds the plenary binary the first time a test asks for it, with the
// race detector or without, and returns its path: every test runs the same binary, built
// once rather than once per test.
func plenaryBinary(t testing.TB, race bool) string {
	t.Helper()
	i, name := 0, "plenary"
	if race {
		i, name = 1, "plenary-race"
	}
	b := &builds[i]
	b.once.Do(func() {
		b.path = filepath.Join(binDir, name)
		args := []string{"build", "-o", b.path}
		if race {
			args = append(args, "-race")
		}
		if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}
