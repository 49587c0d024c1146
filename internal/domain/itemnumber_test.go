package domain_test

import (
	"errors"
	"sort"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

func TestParseItemNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Arabic", "4", "4"},
		{"Nested Arabic", "4.2", "4.2"},
		{"Roman under Arabic", "5.I", "5.I"},
		{"Letter under Roman", "5.I.A", "5.I.A"},
		{"Letter C under Roman is a letter", "5.I.C", "5.I.C"},
		{"Forty", "16.XL", "16.XL"},
		{"Nineteen", "16.XIX", "16.XIX"},
		{"Spaces and lower case", " 5.ii.b ", "5.II.B"},
		{"Leading zero", "05.3", "5.3"},
		{"Lettered top level", "A", "A"},
		{"Single C under Arabic is a letter", "4.C", "4.C"},
		{"World Heritage style", "8B", "8B"},
		{"World Heritage style nested", "7A.12", "7A.12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := domain.ParseItemNumber(tt.in)
			if err != nil {
				t.Fatalf("ParseItemNumber(%q): %v", tt.in, err)
			}
			if got := n.String(); got != tt.want {
				t.Errorf("ParseItemNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseItemNumberRefusesMalformed(t *testing.T) {
	tests := []struct {
		name, in, reason string
	}{
		{"ErrEmpty", "", "item_number.empty"},
		{"ErrBlank", "   ", "item_number.empty"},
		{"ErrDoubleDot", "4..2", "item_number.empty_segment"},
		{"ErrTrailingDot", "5.", "item_number.trailing_dot"},
		{"ErrLeadingDot", ".5", "item_number.leading_dot"},
		{"ErrFourOnes", "5.IIII", "item_number.bad_roman"},
		{"ErrBackwardsRoman", "5.IXX", "item_number.bad_roman"},
		{"ErrVV", "5.VV", "item_number.bad_roman"},
		{"ErrMixed", "A5", "item_number.bad_segment"},
		{"ErrSpaceInside", "5. I", "item_number.bad_segment"},
		{"ErrZero", "0", "item_number.zero"},
		{"ErrHuge", "10000000", "item_number.too_large"},
		{"ErrParenthesis", "5(a)", "item_number.bad_segment"},
		{"ErrTooDeep", "1.2.3.4.5.6.7.8.9", "item_number.too_deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := domain.ParseItemNumber(tt.in)
			var ne *domain.ItemNumberError
			if !errors.As(err, &ne) {
				t.Fatalf("ParseItemNumber(%q) error = %v, want an *ItemNumberError", tt.in, err)
			}
			if ne.Message != tt.reason {
				t.Errorf("ParseItemNumber(%q) reason = %q, want %q", tt.in, ne.Message, tt.reason)
			}
		})
	}
}

// TestItemNumberOrder checks that sort keys put numbers in UNESCO's order.
func TestItemNumberOrder(t *testing.T) {
	ordered := [][]string{
		{"2", "10"},
		{"5.4", "5.32"},
		{"16.IX", "16.XV", "16.XIX", "16.XL"},
		{"5.I", "5.I.A", "5.I.B", "5.II"},
		{"5", "5.1", "5.2", "5.10", "6"},
		{"5.I.A", "5.I.A.1", "5.I.B"},
		{"A", "AA", "B"}, // letters alphabetically
		{"7", "7A", "7B", "8", "8B"},
		{"7A", "7A.1", "7B"},
	}
	for _, want := range ordered {
		got := append([]string(nil), want...)
		sort.Slice(got, func(i, j int) bool { return key(t, got[i]) < key(t, got[j]) })
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("sorted %v, want %v", got, want)
				break
			}
		}
		for i := 0; i+1 < len(want); i++ {
			if !(key(t, want[i]) < key(t, want[i+1])) {
				t.Errorf("key(%s) = %q is not before key(%s) = %q", want[i], key(t, want[i]), want[i+1], key(t, want[i+1]))
			}
		}
	}
}

func key(t *testing.T, s string) string {
	t.Helper()
	n, err := domain.ParseItemNumber(s)
	if err != nil {
		t.Fatalf("ParseItemNumber(%q): %v", s, err)
	}
	return n.SortKey()
}

// FuzzParseItemNumber checks that no input panics and that a parsed number reads back
// as itself: format(parse(x)) parses to the same number and sort key.
func FuzzParseItemNumber(f *testing.F) {
	for _, s := range []string{"5.I.A", "16.XIX", "4..2", "5.IIII", "5.", "", "220", "5.I.C", "xl", "A.B.C", "1.2.3.4.5.6.7.8", "8B", "7A.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := domain.ParseItemNumber(s)
		if err != nil {
			return
		}
		out := n.String()
		again, err := domain.ParseItemNumber(out)
		if err != nil {
			t.Fatalf("ParseItemNumber(%q) ok as %q, but that fails: %v", s, out, err)
		}
		if again.String() != out || again.SortKey() != n.SortKey() {
			t.Fatalf("round trip of %q: %q (key %q) then %q (key %q)", s, out, n.SortKey(), again.String(), again.SortKey())
		}
	})
}
