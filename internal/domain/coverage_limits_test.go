package domain_test

import (
	"strconv"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestCoverageMatrixLimits: a matrix of the largest size is read; one item, member or
// tick more than such a matrix holds is refused on the matrix's field before any of it
// is read.
func TestCoverageMatrixLimits(t *testing.T) {
	ids := func(n, from int, suffix string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strconv.Itoa(from+i) + suffix
		}
		return out
	}
	cases := []struct {
		name                  string
		shown, members, ticks []string
		ok                    bool
	}{
		{"Largest", ids(domain.MaxCoverageItems, 1, ""), ids(domain.MaxCoverageMembers, 1, ":1"), []string{"1:1", "1:1"}, true},
		{"TooManyItems", ids(domain.MaxCoverageItems+1, 1, ""), ids(1, 1, ":1"), nil, false},
		{"TooManyMembers", ids(1, 1, ""), ids(domain.MaxCoverageMembers+1, 1, ":1"), nil, false},
		{"MoreTicksThanBoxes", ids(1, 1, ""), ids(1, 1, ":1"), []string{"1:1", "1:1"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := domain.ParseCoverageMatrix(c.shown, c.members, c.ticks)
			if c.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if got := domain.ErrorFields(err)["cover"]; got != "coverage.error_too_many" {
				t.Errorf("field message %q, want coverage.error_too_many (error %v)", got, err)
			}
		})
	}
}
