package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// ItemNumber is an agenda item number as UNESCO writes it: dot-separated segments, each an
// Arabic number (5, 32), a Roman numeral (I, XIX) or capital letters (A, B), such as
// "5.I.A" or "16.XV". Committees such as the World Heritage Committee join a number and
// its letters without a dot ("8B"); that is read as 8 then B, and written back as "8B".
// Its sort key orders items as UNESCO does.
type ItemNumber struct {
	Segments []Segment
}

// SegmentKind says how a segment is written, and so how it is ordered.
type SegmentKind int

// The three kinds of segment, in the order they sort among siblings.
const (
	Arabic SegmentKind = iota
	Roman
	Letters
)

// Segment is one part of an item number.
type Segment struct {
	Kind   SegmentKind
	Value  int    // Arabic and Roman
	Text   string // Letters
	Joined bool   // written without a dot before it, as the B of the World Heritage Committee's "8B"
}

// maxSegmentValue bounds numbers so that sort keys have a fixed width.
const maxSegmentValue = 999999

// maxSegments bounds the depth of an item number.
const maxSegments = 8

// ItemNumberError says why a number was refused. Message is a catalogue id; Segment is
// the offending part, for the message.
type ItemNumberError struct {
	Input   string
	Segment string
	Message string
}

func (e *ItemNumberError) Error() string {
	if e.Segment != "" {
		return fmt.Sprintf("item number %q: %s (%q)", e.Input, e.Message, e.Segment)
	}
	return fmt.Sprintf("item number %q: %s", e.Input, e.Message)
}

// ParseItemNumber reads an item number. Surrounding spaces are ignored and lower-case
// letters taken as capitals; anything else that is not written as UNESCO writes numbers
// is refused with the reason.
//
// Single letters are ambiguous (C is a letter and a Roman hundred). Plenary reads a
// segment as a Roman numeral when it is one, is not the single letter C, D, L or M, and
// does not follow a Roman segment: UNESCO numbers items 5, 5.I, 5.I.A, 5.I.B, 5.II, so
// the level under a Roman numeral is lettered, and lettered levels rarely reach I, V or X.
func ParseItemNumber(s string) (ItemNumber, error) {
	in := s
	s = strings.ToUpper(strings.TrimSpace(s))
	fail := func(seg, msg string) (ItemNumber, error) {
		return ItemNumber{}, &ItemNumberError{Input: in, Segment: seg, Message: msg}
	}
	if s == "" {
		return fail("", "item_number.empty")
	}
	parts := strings.Split(s, ".")
	if len(parts) > maxSegments {
		return fail("", "item_number.too_deep")
	}
	n := ItemNumber{Segments: make([]Segment, 0, len(parts))}
	prevRoman := false
	for i, p := range parts {
		switch {
		case p == "" && i == len(parts)-1:
			return fail("", "item_number.trailing_dot")
		case p == "" && i == 0:
			return fail("", "item_number.leading_dot")
		case p == "":
			return fail("", "item_number.empty_segment")
		case isDigitsThenLetters(p):
			k := strings.IndexFunc(p, func(r rune) bool { return r >= 'A' && r <= 'Z' })
			v, err := strconv.Atoi(p[:k])
			if err != nil || v > maxSegmentValue {
				return fail(p, "item_number.too_large")
			}
			if v == 0 {
				return fail(p, "item_number.zero")
			}
			if len(p)-k > 3 {
				return fail(p, "item_number.too_many_letters")
			}
			n.Segments = append(n.Segments, Segment{Kind: Arabic, Value: v}, Segment{Kind: Letters, Text: p[k:], Joined: true})
			prevRoman = false
		case isDigits(p):
			v, err := strconv.Atoi(p)
			if err != nil || v > maxSegmentValue {
				return fail(p, "item_number.too_large")
			}
			if v == 0 {
				return fail(p, "item_number.zero")
			}
			n.Segments = append(n.Segments, Segment{Kind: Arabic, Value: v})
			prevRoman = false
		case isLetters(p):
			if isRomanLetters(p) && !prevRoman && !(len(p) == 1 && strings.Contains("CDLM", p)) {
				v, ok := romanValue(p)
				if !ok {
					return fail(p, "item_number.bad_roman")
				}
				n.Segments = append(n.Segments, Segment{Kind: Roman, Value: v})
				prevRoman = true
				continue
			}
			if len(p) > 3 {
				return fail(p, "item_number.too_many_letters")
			}
			n.Segments = append(n.Segments, Segment{Kind: Letters, Text: p})
			prevRoman = false
		default:
			return fail(p, "item_number.bad_segment")
		}
	}
	return n, nil
}

// String writes the number as UNESCO does.
func (n ItemNumber) String() string {
	var b strings.Builder
	for i, s := range n.Segments {
		if i > 0 && !s.Joined {
			b.WriteByte('.')
		}
		switch s.Kind {
		case Arabic:
			b.WriteString(strconv.Itoa(s.Value))
		case Roman:
			b.WriteString(toRoman(s.Value))
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// SortKey returns a string whose byte order (COLLATE "C" in PostgreSQL) is UNESCO's order
// of item numbers: numbers by value, Roman numerals by value, letters alphabetically, a
// parent before its children. It is stored with each item so that the database sorts.
func (n ItemNumber) SortKey() string {
	var b strings.Builder
	for i, s := range n.Segments {
		if i > 0 {
			b.WriteByte('.') // lower than every character of a segment: parents first
		}
		switch s.Kind {
		case Arabic:
			fmt.Fprintf(&b, "0%06d", s.Value)
		case Roman:
			fmt.Fprintf(&b, "1%06d", s.Value)
		default:
			b.WriteByte('2')
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Parent returns the number of the enclosing item ("5.I" for "5.I.A"), and false for a
// top-level number.
func (n ItemNumber) Parent() (ItemNumber, bool) {
	if len(n.Segments) < 2 {
		return ItemNumber{}, false
	}
	return ItemNumber{Segments: n.Segments[:len(n.Segments)-1]}, true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// isDigitsThenLetters reports whether s is a number directly followed by letters ("8B").
func isDigitsThenLetters(s string) bool {
	k := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	return k > 0 && isLetters(s[k:])
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return s != ""
}

func isRomanLetters(s string) bool {
	return strings.Trim(s, "IVXLCDM") == ""
}

var romanTable = []struct {
	value  int
	symbol string
}{
	{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
	{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
}

func toRoman(v int) string {
	var b strings.Builder
	for _, r := range romanTable {
		for v >= r.value {
			b.WriteString(r.symbol)
			v -= r.value
		}
	}
	return b.String()
}

// romanValue reads a Roman numeral written correctly (XIX, not XVIIII or IXX): the value
// whose canonical spelling is s.
func romanValue(s string) (int, bool) {
	vals := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	total := 0
	for i := 0; i < len(s); i++ {
		v := vals[s[i]]
		if i+1 < len(s) && vals[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total > 3999 || toRoman(total) != s {
		return 0, false
	}
	return total, true
}
