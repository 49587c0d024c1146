package pgcluster

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// UnreachableError says that the OS user the server runs as cannot enter a
// folder above the data folder. Plenary does not change permissions outside
// its data folder: which folders others may enter is the owner's choice.
type UnreachableError struct {
	Folder  string      // the first folder, from /, that the user cannot enter
	Mode    fs.FileMode // its permissions
	DataDir string
	User    string
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("pgcluster: PostgreSQL runs as the %s user, which cannot enter %s (permissions %s), so it cannot reach the data folder %s. "+
		"Either let it through with: chmod o+x %s (others may then enter the folder, though not list it), "+
		"or keep the data in a folder it can reach (set PLENARY_DATA_DIR, e.g. to /var/lib/plenary)",
		e.User, e.Folder, e.Mode, e.DataDir, e.Folder)
}

// checkReachable makes sure the server's OS user may enter every folder from
// / down to the parent of dir: without that, initdb and the server fail with
// an obscure "permission denied". Only the execute permission of the class
// that applies to that user is considered (owner, group, then others), as the
// kernel does.
func checkReachable(dir string, uid int, gids []int, userName string) error {
	var chain []string
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		chain = append(chain, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	slices.Reverse(chain)
	for _, d := range chain {
		fi, err := os.Stat(d)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // made by mkdirReachable, which makes it enterable
		}
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			return nil // not a Unix file system: let the server tell
		}
		var bit fs.FileMode
		switch {
		case int(st.Uid) == uid:
			bit = 0o100
		case slices.Contains(gids, int(st.Gid)):
			bit = 0o010
		default:
			bit = 0o001
		}
		if fi.Mode()&bit == 0 {
			return &UnreachableError{Folder: d, Mode: fi.Mode(), DataDir: dir, User: userName}
		}
	}
	return nil
}

// mkdirReachable makes the folders above the data folder that do not exist
// yet, enterable by everyone whatever the umask: they are Plenary's own (e.g.
// .data), and the data folder inside them stays private to its owner.
func mkdirReachable(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("pgcluster: %w", err)
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	for _, d := range missing {
		if err := os.Chmod(d, 0o755); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	return nil
}
