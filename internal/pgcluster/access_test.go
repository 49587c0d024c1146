package pgcluster

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckReachable(t *testing.T) {
	t.Parallel()
	me := os.Getuid()
	stranger := 65534 // nobody: neither owner nor in the group of these folders
	if me == stranger {
		stranger = 65533
	}
	root := filepath.Dir(newDir(t)) // others may enter it and the folders above
	blocked := filepath.Join(root, "private")
	if err := os.Mkdir(blocked, 0o700); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(blocked, "data", "postgres")

	if err := checkReachable(dataDir, me, nil, "owner"); err != nil {
		t.Errorf("the folders' owner: %v, want no error", err)
	}
	err := checkReachable(dataDir, stranger, nil, "postgres")
	var ue *UnreachableError
	if !errors.As(err, &ue) {
		t.Fatalf("another user: err = %v, want UnreachableError", err)
	}
	if ue.Folder != blocked {
		t.Errorf("blocking folder %s, want %s", ue.Folder, blocked)
	}
	for _, want := range []string{"chmod o+x " + blocked, "PLENARY_DATA_DIR", dataDir, "postgres user"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	if got := mustStat(t, blocked).Mode().Perm(); got != 0o700 {
		t.Errorf("blocking folder's permissions became %v, want them left at 0700", got)
	}

	// Group members pass through a folder that lets its group in.
	if err := os.Chmod(blocked, 0o710); err != nil {
		t.Fatal(err)
	}
	gid := os.Getgid()
	if err := checkReachable(dataDir, stranger, []int{gid}, "postgres"); err != nil {
		t.Errorf("a member of the folder's group: %v, want no error", err)
	}
}

// TestStartUnreachableFolder: run as root, the server runs as postgres, which
// cannot enter a private folder; Start says so and changes nothing. Run as
// another user, the server runs as that user and reaches what it reaches.
func TestStartUnreachableFolder(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	private, err := os.MkdirTemp("", "pgcluster-private-") // 0700
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(private) })
	dir := filepath.Join(private, "data", "postgres")

	c, err := Start(ctx, Options{Dir: dir})
	if os.Geteuid() != 0 {
		if err != nil {
			t.Fatalf("Start as the folder's owner: %v", err)
		}
		if err := c.Stop(); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err == nil {
		_ = c.Stop()
		t.Fatal("Start as root in a folder postgres cannot enter succeeded")
	}
	var ue *UnreachableError
	if !errors.As(err, &ue) || ue.Folder != private {
		t.Fatalf("err = %v, want UnreachableError naming %s", err, private)
	}
	if got := mustStat(t, private).Mode().Perm(); got != 0o700 {
		t.Errorf("folder's permissions became %v, want them left at 0700", got)
	}
	if entries, _ := os.ReadDir(private); len(entries) != 0 {
		t.Errorf("Start left %d entries in %s, want none", len(entries), private)
	}
}
