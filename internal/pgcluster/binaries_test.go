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

// fakeInstall makes libRoot/<major>/bin with empty executables of the given names.
func fakeInstall(t *testing.T, libRoot, major string, programs ...string) string {
	t.Helper()
	bin := filepath.Join(libRoot, major, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range programs {
		if err := os.WriteFile(filepath.Join(bin, p), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return bin
}

var serverPrograms = []string{"initdb", "pg_ctl", "postgres"}

func TestFindBinariesByDataVersion(t *testing.T) {
	t.Parallel()
	lib := t.TempDir()
	v14 := fakeInstall(t, lib, "14", serverPrograms...)
	v15 := fakeInstall(t, lib, "15", serverPrograms...)
	v16 := fakeInstall(t, lib, "16", serverPrograms...)
	fakeInstall(t, lib, "17", "initdb", "postgres") // incomplete: no pg_ctl
	noPath := t.TempDir()

	tests := []struct {
		name    string
		want    int
		wantDir string
	}{
		{"NewFolderGetsNewest", 0, v16},
		{"FolderOf15Gets15", 15, v15},
		{"FolderOf14Gets14", 14, v14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := findBinaries(lib, noPath, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if b.dir != tt.wantDir || b.pgctl != filepath.Join(tt.wantDir, "pg_ctl") {
				t.Errorf("binaries in %s (pg_ctl %s), want %s", b.dir, b.pgctl, tt.wantDir)
			}
		})
	}

	t.Run("ErrFolderOfMissingVersion", func(t *testing.T) {
		_, err := findBinaries(lib, noPath, 13)
		if !errors.Is(err, ErrNoBinaries) {
			t.Fatalf("err = %v, want ErrNoBinaries", err)
		}
		for _, want := range []string{"PostgreSQL 13", "apt-get install postgresql-13", "16, 15, 14", "pg_upgrade"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message lacks %q: %v", want, err)
			}
		}
	})
}

func TestFindBinariesOnPath(t *testing.T) {
	t.Parallel()
	// Elsewhere than Debian the programs are on the PATH; their version comes
	// from --version.
	dir := t.TempDir()
	for _, p := range serverPrograms {
		script := "#!/bin/sh\necho '" + p + " (PostgreSQL) 14.9'\n"
		if err := os.WriteFile(filepath.Join(dir, p), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lib := filepath.Join(t.TempDir(), "none")
	b, err := findBinaries(lib, dir, 14)
	if err != nil || b.dir != dir || b.major != 14 {
		t.Fatalf("findBinaries = %+v, %v; want version 14 in %s", b, err, dir)
	}
	if _, err := findBinaries(lib, dir, 15); !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("a folder of version 15 with only 14 on the PATH: err = %v, want ErrNoBinaries", err)
	}
}

func TestClientDir(t *testing.T) {
	t.Parallel()
	lib := t.TempDir()
	client := []string{"pg_dump", "pg_restore", "psql"}
	v15 := fakeInstall(t, lib, "15", client...)
	v17 := fakeInstall(t, lib, "17", client...)
	noPath := t.TempDir()

	tests := []struct {
		name   string
		server int
		want   string
	}{
		{"SameVersion", 15, v15},
		{"NearestNewer", 16, v17},
		{"OlderServerGetsItsOwnVersionsNearest", 12, v15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clientDir(lib, noPath, tt.server)
			if err != nil || got != tt.want {
				t.Errorf("clientDir(%d) = %q, %v; want %q", tt.server, got, err, tt.want)
			}
		})
	}
	t.Run("ErrNewerServer", func(t *testing.T) {
		_, err := clientDir(lib, noPath, 18)
		if !errors.Is(err, ErrNoBinaries) || !strings.Contains(err.Error(), "apt-get install postgresql-client-18") {
			t.Fatalf("err = %v, want ErrNoBinaries naming postgresql-client-18", err)
		}
	})
}

// TestStartFolderOfMissingVersion: a data folder made by a version that is not
// installed is left alone, with a message that names the package.
func TestStartFolderOfMissingVersion(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := newDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "PG_VERSION"), []byte("99\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Start(ctx, Options{Dir: dir})
	if err == nil {
		_ = c.Stop()
		t.Fatal("Start succeeded on a folder of PostgreSQL 99")
	}
	if !errors.Is(err, ErrNoBinaries) || !strings.Contains(err.Error(), "apt-get install postgresql-99") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("err = %v, want ErrNoBinaries naming postgresql-99 and the folder", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("data folder changed: %v entries (%v), want only PG_VERSION", len(entries), err)
	}
}
