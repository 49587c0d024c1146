package exports

import (
	"strings"
	"testing"
)

func TestWrappedLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		cols float64
		want int
	}{
		{"Empty", "", 20, 0},
		{"FitsOnOneLine", "Support", 20, 1},
		{"WrapsAtSpaces", "Support with amendments", 12, 2},
		{"EveryLineBreakStartsALine", "a\nb\n\nc", 20, 4},
		{"LongWordBreaks", "226EX/5.I.A/INF.2/Add.1", 9, 3},
		// Hangul is about two characters wide: 10 syllables need 20 characters.
		{"KoreanCountsDouble", "수정 지지 수정 지지 수정", 12, 3},
		{"KoreanFitsWide", "수정 지지", 12, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrappedLines(tt.text, tt.cols); got != tt.want {
				t.Errorf("wrappedLines(%q, %v) = %d, want %d", tt.text, tt.cols, got, tt.want)
			}
		})
	}
}

func TestRowHeightFor(t *testing.T) {
	if got := rowHeightFor(1); got != lineHeight {
		t.Errorf("one line: %v, want %v", got, lineHeight)
	}
	if got := rowHeightFor(3); got != 3*lineHeight+rowPadding {
		t.Errorf("three lines: %v", got)
	}
	if got := rowHeightFor(1000); got != maxRowHeight {
		t.Errorf("a thousand lines: %v, want the spreadsheet's most, %v", got, maxRowHeight)
	}
}

// TestSplitRows: a text too long for one row is cut into rows that each fit, at spaces
// where it has them, and nothing is lost.
func TestSplitRows(t *testing.T) {
	words := strings.Repeat("Korea supports the draft decision. ", 400)
	hangul := strings.Repeat("가", 5000)
	for _, tt := range []struct{ name, text string }{{"Words", words}, {"NoSpaces", hangul}, {"Short", "Support"}} {
		t.Run(tt.name, func(t *testing.T) {
			parts := splitRows(tt.text, 96, rowLines)
			joined := 0
			for i, p := range parts {
				if n := wrappedLines(p, 96); n > rowLines {
					t.Errorf("part %d takes %d lines, more than %d", i, n, rowLines)
				}
				if tt.name == "Words" {
					for _, w := range strings.Fields(p) {
						if !strings.Contains(" Korea supports the draft decision. ", " "+w+" ") {
							t.Errorf("part %d is cut inside a word: %q", i, w)
						}
					}
				}
				joined += len(strings.ReplaceAll(p, " ", ""))
			}
			if want := len(strings.ReplaceAll(tt.text, " ", "")); joined != want {
				t.Errorf("the parts hold %d bytes of text, want %d", joined, want)
			}
			if tt.name != "Short" && len(parts) < 2 {
				t.Errorf("%d parts", len(parts))
			}
		})
	}
}
