package domain

import "unicode/utf8"

// Text problems, as ValidText finds them.
const (
	TextOK       = ""                  // nothing wrong
	TextOneLine  = "validate.one_line" // a line break or tab in text of one line
	TextControls = "validate.text"     // a control character, such as NUL, or bytes that are not UTF-8
)

// CheckText is the one rule for text Plenary takes from a person or a file, in every
// form, query, answer and imported cell: UTF-8 without NUL or any other control
// character (C0, DEL, C1), except that text of several lines (multiline) may hold tabs
// and line breaks, a line feed alone or after a carriage return. It returns TextOK, or
// the catalogue id of what is wrong: TextOneLine for text that would be fine on several
// lines, TextControls otherwise.
func CheckText(s string, multiline bool) string {
	breaks := false
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validAt(s, i):
			return TextControls
		case r == '\t' || r == '\n' || (r == '\r' && i+1 < len(s) && s[i+1] == '\n'):
			breaks = true
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return TextControls
		}
	}
	if breaks && !multiline {
		return TextOneLine
	}
	return TextOK
}

// ValidText reports whether s passes CheckText.
func ValidText(s string, multiline bool) bool { return CheckText(s, multiline) == TextOK }

// validAt reports whether the U+FFFD at byte i of s is written in s, not made of bytes
// that are not UTF-8.
func validAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 3
}
