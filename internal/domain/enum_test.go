package domain_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestEnums checks that every enum has values, each once, each with a catalogue id.
func TestEnums(t *testing.T) {
	names := map[string]bool{}
	for _, e := range domain.Enums {
		if names[e.Name] {
			t.Errorf("two enums are named %s", e.Name)
		}
		names[e.Name] = true
		if len(e.Values) == 0 {
			t.Errorf("%s has no values", e.Name)
		}
		for i, v := range e.Values {
			if slices.Index(e.Values, v) != i {
				t.Errorf("%s lists %q twice", e.Name, v)
			}
			if e.Label(v) == "" {
				t.Errorf("%s.%s has no catalogue id", e.Name, v)
			}
		}
		if got := e.Label("no such value"); got != "" {
			t.Errorf("%s: Label of an unknown value = %q, want none", e.Name, got)
		}
	}
	if got, want := domain.StanceMonitor.Label(), "stance.monitor"; got != want {
		t.Errorf("StanceMonitor.Label() = %q, want %q", got, want)
	}
}

// enumTag matches a validation rule that checks a field against a domain enum.
var enumTag = regexp.MustCompile(`validate:"[^"]*\benum=(\w+)`)

// TestEnumTagsNameEnums reads the validation tags of every Go file of Plenary: each
// enum=NAME must name one of the enums, or validating that form would panic.
func TestEnumTagsNameEnums(t *testing.T) {
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range enumTag.FindAllStringSubmatch(string(src), -1) {
			found++
			if !slices.ContainsFunc(domain.Enums, func(e *domain.Enum) bool { return e.Name == m[1] }) {
				t.Errorf("%s: validate tag enum=%s names no enum", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 8 {
		t.Errorf("found %d enum tags: is the scan broken?", found)
	}
}
