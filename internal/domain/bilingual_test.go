package domain_test

import (
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestPick: a reader gets their language where it is written, the other language marked
// where only that one is, and nothing where neither is.
func TestPick(t *testing.T) {
	tests := []struct {
		name, lang, en, ko string
		want               domain.Localized
		note               string
	}{
		{"KoreanReaderBoth", "ko", "Title", "제목", domain.Localized{Text: "제목", Lang: "ko"}, ""},
		{"EnglishReaderBoth", "en", "Title", "제목", domain.Localized{Text: "Title", Lang: "en"}, ""},
		{"KoreanReaderEnglishOnly", "ko", "Title", "", domain.Localized{Text: "Title", Lang: "en", Other: true}, "lang.only_en"},
		{"EnglishReaderKoreanOnly", "en", "", "제목", domain.Localized{Text: "제목", Lang: "ko", Other: true}, "lang.only_ko"},
		{"BlankIsNotWritten", "en", "  \n", "제목", domain.Localized{Text: "제목", Lang: "ko", Other: true}, "lang.only_ko"},
		{"UnknownLanguageReadsEnglish", "fr", "Title", "제목", domain.Localized{Text: "Title", Lang: "en"}, ""},
		{"Neither", "ko", "", "", domain.Localized{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := domain.Pick(tt.lang, tt.en, tt.ko)
			if got != tt.want || got.OtherNote() != tt.note {
				t.Errorf("Pick(%q, %q, %q) = %+v note %q, want %+v note %q", tt.lang, tt.en, tt.ko, got, got.OtherNote(), tt.want, tt.note)
			}
		})
	}
}

// TestByScript is the rule that moved the one title, background and key points written
// before records had two languages: Hangul anywhere makes a text Korean.
func TestByScript(t *testing.T) {
	tests := []struct {
		in, ko, en string
	}{
		{"220th session of the Executive Board", "", "220th session of the Executive Board"},
		{"제220차 집행이사회", "제220차 집행이사회", ""},
		{"UNESCO 집행이사회 (220 EX)", "UNESCO 집행이사회 (220 EX)", ""},
		{"Session ㄱ", "Session ㄱ", ""},                       // a compatibility jamo is Hangul
		{"Réunion à Paris — 東京", "", "Réunion à Paris — 東京"}, // other scripts are not Korean
		{"", "", ""},
	}
	for _, tt := range tests {
		if ko, en := domain.ByScript(tt.in); ko != tt.ko || en != tt.en {
			t.Errorf("ByScript(%q) = %q, %q; want %q, %q", tt.in, ko, en, tt.ko, tt.en)
		}
	}
}

// TestSessionTitles: a session needs a title in at least one language; either alone will do.
func TestSessionTitles(t *testing.T) {
	base := domain.SessionInput{BodyID: 1, Number: 230, StartsOn: "2028-04-01", EndsOn: "2028-04-10", Status: "planning"}
	for _, tt := range []struct {
		name, ko, en string
		ok           bool
	}{
		{"Both", "제230차 집행이사회", "230th session", true},
		{"KoreanOnly", "제230차 집행이사회", "", true},
		{"EnglishOnly", "", "230th session", true},
		{"ErrNeither", " ", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			in.TitleKO, in.TitleEN = tt.ko, tt.en
			s, err := in.Session()
			if tt.ok {
				if err != nil || s.TitleKO != tt.ko || s.TitleEN != tt.en {
					t.Errorf("got %+v, %v; want the titles kept", s, err)
				}
				return
			}
			if got := domain.ErrorFields(err)["title_ko"]; got != "session.title_required" {
				t.Errorf("title_ko message %q (error %v), want session.title_required", got, err)
			}
		})
	}
}
