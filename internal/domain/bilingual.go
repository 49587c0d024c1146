package domain

import (
	"strings"
	"unicode"
)

// The two languages Plenary's records are written in.
const (
	LangKO = "ko"
	LangEN = "en"
)

// Localized is a text as a reader of one language gets it: in their language, or, when
// only the other language is written, in that one with Other set, so that the page, the
// pack and the book say it is in the other language.
type Localized struct {
	Text  string
	Lang  string // the language Text is in; "" when neither is written
	Other bool   // Text is in the language the reader did not ask for
}

// Pick is the one rule for a field written in Korean and in English: the reader's
// language lang when it is written, else the other, marked as such.
func Pick(lang, en, ko string) Localized {
	own, other, otherLang := en, ko, LangKO
	if lang == LangKO {
		own, other, otherLang = ko, en, LangEN
	}
	switch {
	case strings.TrimSpace(own) != "":
		if lang != LangKO {
			lang = LangEN
		}
		return Localized{Text: own, Lang: lang}
	case strings.TrimSpace(other) != "":
		return Localized{Text: other, Lang: otherLang, Other: true}
	}
	return Localized{}
}

// String is the text itself.
func (t Localized) String() string { return t.Text }

// OtherNote is the catalogue id of the note saying the text is written only in the other
// language, or "" when it is in the reader's.
func (t Localized) OtherNote() string {
	switch {
	case !t.Other:
		return ""
	case t.Lang == LangKO:
		return "lang.only_ko"
	}
	return "lang.only_en"
}

// pick is Pick's text, for values whose other language needs no mark.
func pick(lang, en, ko string) string { return Pick(lang, en, ko).Text }

// HasHangul reports whether s has a Hangul letter in it: the rule by which a text written
// before records had two languages is taken to be Korean (any other is English). The
// migration that split those texts applies the same rule in SQL (has_hangul).
func HasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// ByScript returns s as the Korean or the English text of a bilingual field, by HasHangul.
func ByScript(s string) (ko, en string) {
	if HasHangul(s) {
		return s, ""
	}
	return "", s
}
