package domain_test

import (
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name      string
		s         string
		oneLine   string
		multiline string
	}{
		{"Plain", "Ethics of AI · 인공지능 윤리 – “quoted”", domain.TextOK, domain.TextOK},
		{"Empty", "", domain.TextOK, domain.TextOK},
		{"ReplacementCharacterTyped", "a\uFFFDb", domain.TextOK, domain.TextOK},
		{"NUL", "a\x00b", domain.TextControls, domain.TextControls},
		{"Bell", "a\x07b", domain.TextControls, domain.TextControls},
		{"Escape", "\x1b[31mred", domain.TextControls, domain.TextControls},
		{"DEL", "a\x7fb", domain.TextControls, domain.TextControls},
		{"C1", "a\u0085b", domain.TextControls, domain.TextControls},
		{"NotUTF8", "a\xffb", domain.TextControls, domain.TextControls},
		{"LoneCR", "a\rb", domain.TextControls, domain.TextControls},
		{"CRAtEnd", "a\r", domain.TextControls, domain.TextControls},
		{"LF", "line one\nline two", domain.TextOneLine, domain.TextOK},
		{"CRLF", "line one\r\nline two\r\n", domain.TextOneLine, domain.TextOK},
		{"Tab", "a\tb", domain.TextOneLine, domain.TextOK},
		{"BreakAndNUL", "a\r\nb\x00", domain.TextControls, domain.TextControls},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.CheckText(tt.s, false); got != tt.oneLine {
				t.Errorf("one line: %q, want %q", got, tt.oneLine)
			}
			if got := domain.CheckText(tt.s, true); got != tt.multiline {
				t.Errorf("several lines: %q, want %q", got, tt.multiline)
			}
		})
	}
}
