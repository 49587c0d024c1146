package i18n

import (
	"strings"
	"text/template"
	"unicode"
)

// Korean attaches particles to a word in the form that fits how the word ends: 은, 이, 을,
// 과 and 으로 after a final consonant (받침), 는, 가, 를, 와 and 로 after a vowel; 로, not
// 으로, after ㄹ as well. A message names a label with the pair ("{{.Field | 은는}}"), so
// that no "은(는)" is left for a person to read.

// particleFuncs are the pairs as functions of a message's template: {{.Field | 이가}}
// reads "회기 번호가" or "기구가".
var particleFuncs = template.FuncMap{
	"은는": func(word string) string { return WithParticle(word, "은/는") },
	"이가": func(word string) string { return WithParticle(word, "이/가") },
	"을를": func(word string) string { return WithParticle(word, "을/를") },
	"과와": func(word string) string { return WithParticle(word, "과/와") },
	"으로": func(word string) string { return WithParticle(word, "으로/로") },
}

// WithParticle returns word followed by the particle of pair, written as the form after a
// final consonant, a slash and the form after a vowel ("은/는"), that fits how word is
// read aloud. Trailing punctuation is read past ("기관(영문)" reads as 문); digits are read
// as Sino-Korean numbers (1 일, 2 이, 10 십); Latin letters as a Korean reader says them
// (an abbreviation letter by letter, "URL" 유알엘; a word by its last sounds, "Email"
// 이메일). A word of any other script takes the form after a vowel.
func WithParticle(word, pair string) string {
	afterConsonant, afterVowel, ok := strings.Cut(pair, "/")
	if !ok {
		return word + pair
	}
	final, rieul := finalConsonant(word)
	if final && !(rieul && afterConsonant == "으로") {
		return word + afterConsonant
	}
	return word + afterVowel
}

// finalConsonant reports whether word, read aloud, ends in a consonant, and whether that
// consonant is ㄹ.
func finalConsonant(word string) (final, rieul bool) {
	word = strings.TrimRightFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if word == "" {
		return false, false
	}
	runes := []rune(word)
	last := runes[len(runes)-1]
	switch {
	case last >= 0xAC00 && last <= 0xD7A3: // a Hangul syllable: its final is (code - 가) % 28
		jong := (last - 0xAC00) % 28
		return jong != 0, jong == 8
	case last >= '0' && last <= '9':
		// 영 삼 육 end in a consonant, 일 칠 팔 in ㄹ; a number ending in 0 is read with
		// 영, 십, 백, 천, 만 or 억, all ending in a consonant other than ㄹ.
		switch last {
		case '0', '3', '6':
			return true, false
		case '1', '7', '8':
			return true, true
		}
		return false, false
	case last < unicode.MaxASCII && unicode.IsLetter(last):
		start := len(runes) - 1
		for start > 0 && runes[start-1] < unicode.MaxASCII && unicode.IsLetter(runes[start-1]) {
			start--
		}
		latin := string(runes[start:])
		if len(latin) == 1 || strings.ToUpper(latin) == latin {
			// Letter by letter: 엘, 알 end in ㄹ; 엠, 엔 in a consonant; the others in a vowel.
			switch unicode.ToUpper(last) {
			case 'L', 'R':
				return true, true
			case 'M', 'N':
				return true, false
			}
			return false, false
		}
		return wordFinal(strings.ToLower(latin))
	}
	return false, false
}

// wordFinal reads an English word (in small letters) as it is written in Hangul: -l and
// -le end in ㄹ (이메일, 타이틀); -m, -n and -ng in a consonant (폰, 브리핑); -t, -k and -p
// after one short vowel too (버짓, 컵); a silent e leaves the consonant before it (네임,
// 노트). Every other ending is written with a vowel (테스트, 코드).
func wordFinal(w string) (final, rieul bool) {
	vowel := func(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }
	n := len(w)
	silentE := n >= 3 && w[n-1] == 'e' && !vowel(w[n-2])
	if silentE {
		w, n = w[:n-1], n-1
	}
	switch {
	case strings.HasSuffix(w, "l"):
		return true, true
	case strings.HasSuffix(w, "m"), strings.HasSuffix(w, "n"), strings.HasSuffix(w, "ng"):
		return true, false
	case !silentE && n >= 2 && strings.IndexByte("tkp", w[n-1]) >= 0 && vowel(w[n-2]) && (n == 2 || !vowel(w[n-3])):
		return true, false
	}
	return false, false
}
