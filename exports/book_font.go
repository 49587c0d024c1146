package exports

import (
	_ "embed" // the fonts
	"strings"
	"unicode"
)

// The book's Korean needs a TrueType font inside every PDF, so that a reader needs nothing
// installed: Nanum Gothic, under the SIL Open Font License (fonts/OFL.txt). fpdf embeds
// the subset of glyphs a book uses.
//
// The files are embedded as byte slices, which live in the program's image rather than
// on the heap.
//
//go:embed fonts/NanumGothic.ttf
var nanumGothic []byte

//go:embed fonts/NanumGothicBold.ttf
var nanumGothicBold []byte

// bookFont is the family name the book's fonts are registered under.
const bookFont = "nanumgothic"

// printable is s as the book's font can set it: fpdf refuses a character beyond the Basic
// Multilingual Plane (an emoji) and prints control characters as boxes, so the first are
// shown as U+25A1 (a white square, which Nanum Gothic draws) and the second dropped;
// tabs become spaces and every line break a newline.
func printable(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r > 0xFFFF || r == unicode.ReplacementChar:
			return '\u25a1'
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}

// isPlain reports whether s needs no change to be printed.
func isPlain(s string) bool {
	for _, r := range s {
		if r > 0xFFFF || r == unicode.ReplacementChar || (r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r))) ||
			r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}
