// Package testtool holds what tests of several packages need and is not a database: the
// rule for outside programs (Chromium, LibreOffice) that a test cannot do without, a
// clock that tests move by hand, and where a test's PostgreSQL cluster keeps its files.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Require returns the path of the program name (a name looked up on PATH, or a path).
// When it is missing the test is skipped, except under CI=true, where it fails: CI
// installs every program the tests use, so a missing one there is a broken machine, not
// a reason to pass.
func Require(tb testing.TB, name string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is needed by this test and CI must install it: %v", name, err)
	}
	tb.Skipf("skipped: %s is not installed (%v)", name, err)
	return ""
}
