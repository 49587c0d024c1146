package i18n_test

import (
	"testing"

	"github.com/kncu/plenary/internal/i18n"
)

// TestWithParticle: the particle fits how the label ends when read aloud, so a message
// never shows "은(는)".
func TestWithParticle(t *testing.T) {
	tests := []struct {
		name, word, pair, want string
	}{
		{"FinalConsonant", "회기 번호", "은/는", "회기 번호는"},
		{"NoFinalConsonant", "기구", "은/는", "기구는"},
		{"FinalConsonantSubject", "제목", "이/가", "제목이"},
		{"NoFinalConsonantSubject", "기구", "이/가", "기구가"},
		{"FinalConsonantObject", "역할", "을/를", "역할을"},
		{"NoFinalConsonantObject", "부처", "을/를", "부처를"},
		{"With", "장소", "과/와", "장소와"},
		{"RieulTakesRo", "역할", "으로/로", "역할로"},
		{"OtherFinalTakesEuro", "수석대표 대리인", "으로/로", "수석대표 대리인으로"},
		{"VowelTakesRo", "수석대표", "으로/로", "수석대표로"},
		{"TrailingBracket", "기관(영문)", "은/는", "기관(영문)은"},
		{"TrailingSpaceAndStop", "이름. ", "이/가", "이름. 이"},
		{"Digit1Il", "단계 1", "은/는", "단계 1은"},
		{"Digit2I", "단계 2", "은/는", "단계 2는"},
		{"Digit3Sam", "3", "이/가", "3이"},
		{"Digit5O", "5", "이/가", "5가"},
		{"Digit6Yuk", "6", "을/를", "6을"},
		{"Digit7ChilTakesRo", "7", "으로/로", "7로"},
		{"Digit9Gu", "9", "을/를", "9를"},
		{"TenSip", "10", "은/는", "10은"},
		{"HundredBaek", "100", "으로/로", "100으로"},
		{"AbbreviationEndingInVowelSound", "PDF", "은/는", "PDF는"},
		{"AbbreviationEndingInEl", "URL", "이/가", "URL이"},
		{"AbbreviationEndingInEl", "URL", "으로/로", "URL로"},
		{"AbbreviationEndingInEm", "SMS 번호 SM", "을/를", "SMS 번호 SM을"},
		{"AbbreviationEndingInEn", "KNCU 담당 PN", "은/는", "KNCU 담당 PN은"},
		{"WordEndingInL", "Email", "은/는", "Email은"},
		{"WordEndingInN", "Session", "이/가", "Session이"},
		{"WordEndingInNg", "Briefing", "을/를", "Briefing을"},
		{"WordEndingInLe", "Title", "은/는", "Title은"},
		{"WordEndingInShortVowelT", "Budget", "이/가", "Budget이"},
		{"WordEndingInSilentEAfterM", "Name", "을/를", "Name을"},
		{"WordEndingInSilentEAfterN", "Phone", "이/가", "Phone이"},
		{"WordEndingInSilentEAfterT", "Note", "은/는", "Note는"},
		{"WordEndingInSilentEAfterD", "Code", "을/를", "Code를"},
		{"WordEndingInS", "Address", "이/가", "Address가"},
		{"Empty", "", "은/는", "는"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := i18n.WithParticle(tt.word, tt.pair); got != tt.want {
				t.Errorf("WithParticle(%q, %q) = %q, want %q", tt.word, tt.pair, got, tt.want)
			}
		})
	}
}
