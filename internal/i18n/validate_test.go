package i18n_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestValidateText: every string a form or a query holds passes the rule for text,
// without a tag: in nested structs, behind pointers and in slices too. A field marked
// multiline takes line breaks; the message is the field's, by the name the page uses.
func TestValidateText(t *testing.T) {
	type address struct {
		City string `form:"city"`
	}
	type form struct {
		Title   string   `form:"title" validate:"max=10"`
		Notes   string   `form:"notes" text:"multiline"`
		Tags    []string `form:"tags"`
		Home    address
		Work    *address
		Query   string `query:"q"`
		Count   int    `form:"count"`
		private string
	}
	l := catalog.For("en")
	tests := []struct {
		name string
		form form
		want []string // fields with a message
	}{
		{"Clean", form{Title: "Agenda", Notes: "line one\r\nline two\twith a tab", Tags: []string{"a"}, Work: &address{}}, nil},
		{"NUL", form{Title: "A\x00"}, []string{"title"}},
		{"NULAndTooLong", form{Title: "Agenda of the\x00 session"}, []string{"title"}},
		{"LineBreakInOneLine", form{Title: "a\nb"}, []string{"title"}},
		{"BellInMultiline", form{Notes: "a\x07b"}, []string{"notes"}},
		{"Slice", form{Tags: []string{"ok", "b\x1b"}}, []string{"tags"}},
		{"Nested", form{Home: address{City: "\x00"}, Work: &address{City: "\u0085"}}, []string{"city"}},
		{"Query", form{Query: "x\x00"}, []string{"q"}},
		{"NotUTF8", form{Title: "\xff"}, []string{"title"}},
		{"Unexported", form{private: "\x00"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := domain.ErrorFields(l.Validate(tt.form))
			if got := slices.Sorted(maps.Keys(fields)); !slices.Equal(got, tt.want) {
				t.Fatalf("fields %v, want %v", fields, tt.want)
			}
		})
	}
	fields := domain.ErrorFields(l.Validate(form{Title: "A\x00", Notes: "ok"}))
	if got, want := fields["title"], l.T("validate.text", "Field", l.Label("title")); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	fields = domain.ErrorFields(l.Validate(form{Title: "a\tb"}))
	if got, want := fields["title"], l.T("validate.one_line", "Field", l.Label("title")); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
