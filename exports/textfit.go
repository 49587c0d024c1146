package exports

import (
	"math"
	"sort"
	"strings"

	"golang.org/x/text/width"
)

// How the workbooks are laid out for paper. Every sheet prints on A4 landscape, fitted to
// the page width; the page scale that comes out of fitting decides the size of the
// printed text. A column's width is counted in characters of the workbook's default font
// (11 pt): LibreOffice, which counts them in the digits of the font it substitutes for
// Calibri, fits about 111 of them across an A4 landscape page between 1 cm margins at full
// size, Excel about 145. So that text prints at 10 pt or more, never under 9 pt, the
// columns of a sheet add up to at most printWidth characters. Row heights are set from
// the text, because a spreadsheet does not grow a row that a streamed sheet sized.
const (
	// printWidth is the most characters a sheet's columns add up to.
	printWidth = 124
	// lineHeight is the height of one line of 11 pt text in a row, in points.
	lineHeight = 15
	// rowPadding is added to a row of several lines, in points.
	rowPadding = 3
	// maxRowHeight is the tallest row a spreadsheet allows, in points.
	maxRowHeight = 409
)

// runeWidth is how many characters of the default font (the width of its digits) a rune
// takes: a wide one (Hangul, Chinese characters, full-width forms) about two, a small
// Latin letter, a space or punctuation a little less than one, any other one.
func runeWidth(r rune) float64 {
	switch {
	case r >= 'a' && r <= 'z', r == ' ', r == '.', r == ',', r == '-', r == ':', r == ';', r == '\'', r == '(', r == ')', r == '/':
		return 0.9
	case r < 0x80:
		return 1
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// textWidth is the width of s in characters of the default font.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// wrappedLines estimates how many lines s takes wrapped in a column cols characters wide:
// words go on a line while they fit, a word wider than the line breaks where it must, and
// every line break in s starts a line. A column loses about a character to its padding.
func wrappedLines(s string, cols float64) int {
	if s == "" {
		return 0
	}
	room := math.Max(cols-1, 1)
	// No rune is wider than its UTF-8 bytes: most cells fit on one line unmeasured.
	if float64(len(s)) <= room && !strings.Contains(s, "\n") {
		return 1
	}
	lines := 0
	for _, para := range strings.Split(s, "\n") {
		lines++
		at := 0.0
		for _, word := range strings.Fields(para) {
			w := textWidth(word)
			switch {
			case at == 0:
			case at+1+w <= room:
				at += 1 + w
				continue
			default:
				lines++
			}
			// The word starts a line; one wider than the line runs on to the next ones.
			for w > room {
				lines++
				w -= room
			}
			at = w
		}
	}
	return lines
}

// rowLines is the most lines of text a row of the Positions sheet holds: a longer text
// goes on in the rows below, since a row can be no taller than maxRowHeight, and a page
// prints only what a row shows.
const rowLines = 24

// splitRows cuts s into parts that each take at most lines lines wrapped in a column cols
// characters wide, at spaces or line breaks where it can.
func splitRows(s string, cols float64, lines int) []string {
	var parts []string
	for wrappedLines(s, cols) > lines {
		cut := fitPrefix(s, cols, lines)
		parts = append(parts, strings.TrimRight(s[:cut], " \n"))
		s = strings.TrimLeft(s[cut:], " \n")
	}
	return append(parts, s)
}

// fitPrefix is the length of the longest start of s that takes at most lines lines and
// ends before a space or line break; without one, the longest that fits at all (at least
// one character).
func fitPrefix(s string, cols float64, lines int) int {
	var breaks, runes []int
	for i, r := range s {
		if r == ' ' || r == '\n' {
			breaks = append(breaks, i)
		}
		runes = append(runes, i)
	}
	runes = append(runes, len(s))
	fits := func(at []int) int {
		// The last position at which the start fits; positions grow with the text.
		n := sort.Search(len(at), func(i int) bool { return wrappedLines(s[:at[i]], cols) > lines })
		if n == 0 {
			return 0
		}
		return at[n-1]
	}
	if cut := fits(breaks); cut > 0 {
		return cut
	}
	return max(fits(runes[1:]), runes[1])
}

// rowHeightFor is the height in points of a row whose tallest cell takes lines lines:
// one line keeps the default height.
func rowHeightFor(lines int) float64 {
	if lines <= 1 {
		return lineHeight
	}
	return math.Min(float64(lines)*lineHeight+rowPadding, maxRowHeight)
}

// pagesWide is how many pages across a sheet of columns this wide prints on, so that no
// page is shrunk past printWidth characters.
func pagesWide(cols []column) int {
	w := 0.0
	for _, c := range cols {
		w += c.Width
	}
	return max(1, int(math.Ceil(w/printWidth)))
}
