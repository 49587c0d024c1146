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

// TestValidateBlankRequired: a required text of blanks alone is missing, in both
// languages, as an empty one is; blanks around a word are not, and a field that is not
// required may be blank.
func TestValidateBlankRequired(t *testing.T) {
	type form struct {
		NameEN string `form:"name_en" validate:"required,max=200"`
		Note   string `form:"note" validate:"max=200"`
	}
	for _, lang := range []string{"en", "ko"} {
		l := catalog.For(lang)
		want := l.T("validate.required", "Field", l.T("field.name_en"))
		for _, blank := range []string{"", " ", "   ", "\u00a0", "\u3000"} {
			if got := l.Fields(l.Validate(&form{NameEN: blank}))["name_en"]; got != want {
				t.Errorf("%s: name %q: message %q, want %q", lang, blank, got, want)
			}
		}
		if err := l.Validate(&form{NameEN: " UNESCO ", Note: "  "}); err != nil {
			t.Errorf("%s: a name with blanks around it and a blank note: %v", lang, err)
		}
	}
}
