// Package worddiff compares two texts word by word, in Korean as in English, for the
// history of a position brief. Words are runs of letters and digits; spaces and
// punctuation are tokens of their own. Each distinct token becomes one rune, so that
// go-diff's character diff, run on those runes, is a diff of whole words.
package worddiff

import (
	"html"
	"html/template"
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Kind says whether a chunk of text is in both texts, only in the newer or only in the
// older.
type Kind int

// The kinds of chunk.
const (
	Equal Kind = iota
	Inserted
	Deleted
)

// Chunk is a run of text of one kind.
type Chunk struct {
	Kind Kind
	Text string
}

// Inserted reports whether the chunk is only in the newer text.
func (c Chunk) Inserted() bool { return c.Kind == Inserted }

// Deleted reports whether the chunk is only in the older text.
func (c Chunk) Deleted() bool { return c.Kind == Deleted }

// firstToken is the rune of the first distinct token: outside the Basic Multilingual
// Plane, so that no token rune is a surrogate, and room for a million distinct tokens.
const firstToken = 0x10000

// Diff returns the chunks that turn from into to, whole words at a time. Small common
// runs between changes (a lone space between two replaced words) are folded into the
// change, so that a rewritten phrase reads as one deletion and one insertion.
func Diff(from, to string) []Chunk {
	if from == to {
		if from == "" {
			return nil
		}
		return []Chunk{{Equal, from}}
	}
	var tokens []string
	ids := map[string]rune{}
	encode := func(s string) []rune {
		words := split(s)
		rs := make([]rune, len(words))
		for i, w := range words {
			r, ok := ids[w]
			if !ok {
				r = firstToken + rune(len(tokens))
				ids[w] = r
				tokens = append(tokens, w)
			}
			rs[i] = r
		}
		return rs
	}
	a, b := encode(from), encode(to)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // the same texts always give the same diff
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(a, b, false))
	chunks := make([]Chunk, 0, len(diffs))
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(tokens[r-firstToken])
		}
		k := Equal
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			k = Inserted
		case diffmatchpatch.DiffDelete:
			k = Deleted
		}
		chunks = append(chunks, Chunk{k, sb.String()})
	}
	return chunks
}

// Changed reports whether chunks hold any change.
func Changed(chunks []Chunk) bool {
	for _, c := range chunks {
		if c.Kind != Equal {
			return true
		}
	}
	return false
}

// HTML writes chunks as HTML: insertions in <ins>, deletions in <del>, every text
// escaped.
func HTML(chunks []Chunk) template.HTML {
	var sb strings.Builder
	for _, c := range chunks {
		switch c.Kind {
		case Inserted:
			sb.WriteString("<ins>" + html.EscapeString(c.Text) + "</ins>")
		case Deleted:
			sb.WriteString("<del>" + html.EscapeString(c.Text) + "</del>")
		default:
			sb.WriteString(html.EscapeString(c.Text))
		}
	}
	return template.HTML(sb.String()) //nolint:gosec // every piece of text is escaped above
}

// split cuts s into words (runs of letters, digits and combining marks), runs of white
// space, and single other characters such as punctuation.
func split(s string) []string {
	var out []string
	start, kind := 0, -1
	for i, r := range s {
		k := class(r)
		if k != kind || k == other {
			if i > start {
				out = append(out, s[start:i])
			}
			start, kind = i, k
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

const (
	word = iota
	space
	other
)

func class(r rune) int {
	switch {
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		return word
	case unicode.IsSpace(r):
		return space
	}
	return other
}
