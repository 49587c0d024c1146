package domain

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The length of a password is counted in characters, not bytes: a Korean password of four
// syllables is four characters long, however many bytes UTF-8 needs for it.
const (
	PasswordMinLength = 12
	PasswordMaxLength = 200
)

// CheckPassword applies Plenary's one password rule to a new password for the account
// with the given e-mail address (empty when there is none yet to compare with): at least
// PasswordMinLength characters, not the e-mail address nor its local part, and not a
// very common password. It returns nil or an EINVALID error on field, so that the web
// shows it next to the field that holds the password and the command line names its flag.
func CheckPassword(field, password, email string) error {
	if key := passwordProblem(password, email); key != "" {
		return FieldError(field, key)
	}
	return nil
}

func passwordProblem(password, email string) string {
	switch n := utf8.RuneCountInString(password); {
	case n < PasswordMinLength:
		return "error.password_short"
	case n > PasswordMaxLength:
		return "error.password_long"
	}
	if isEmailOf(password, email) {
		return "error.password_email"
	}
	if isCommonPassword(password) {
		return "error.password_common"
	}
	return ""
}

// isEmailOf reports whether password is the e-mail address or its local part, in any
// case and with or without digits or signs tacked on at either end.
func isEmailOf(password, email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return false
	}
	local, _, _ := strings.Cut(email, "@")
	p := strings.ToLower(strings.TrimSpace(password))
	for _, x := range []string{p, passwordCore(p)} {
		if x == email || (local != "" && x == local) {
			return true
		}
	}
	return false
}

//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is read from the embedded list on first use, never at start-up.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 512)
	for _, line := range strings.Split(commonPasswordList, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = struct{}{}
		}
	}
	return m
})

// isCommonPassword reports whether password is one of the passwords people choose most
// often, as an attacker tries them first: listed (in any case, also with digits or signs
// added at either end, as "Password2024!"), one short pattern repeated ("abcabcabcabc"),
// or a run along the keyboard's digits or the alphabet ("123456789012").
func isCommonPassword(password string) bool {
	p := strings.ToLower(strings.TrimSpace(password))
	list := commonPasswords()
	joined := strings.Join(strings.FieldsFunc(p, isSeparator), "")
	for _, x := range []string{p, passwordCore(p), joined, passwordCore(joined)} {
		if _, ok := list[x]; ok && x != "" {
			return true
		}
	}
	return isRepeated(p) || isRun(p)
}

// passwordCore strips the digits and signs that people add in front of or after a word
// to pass a rule: "!!password2024" becomes "password".
func passwordCore(p string) string {
	strip := func(r rune) bool { return !unicode.IsLetter(r) }
	core := strings.TrimRightFunc(strings.TrimLeftFunc(p, strip), strip)
	if core == "" {
		return p
	}
	return core
}

func isSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// isRepeated reports whether p is one unit of at most four characters, repeated.
func isRepeated(p string) bool {
	rs := []rune(p)
	for unit := 1; unit <= 4 && unit < len(rs); unit++ {
		if len(rs)%unit != 0 {
			continue
		}
		same := true
		for i := unit; i < len(rs) && same; i++ {
			same = rs[i] == rs[i-unit]
		}
		if same {
			return true
		}
	}
	return false
}

// isRun reports whether p walks up or down the digits (wrapping from 9 to 0, as on a
// keyboard) or the alphabet, one step at a time.
func isRun(p string) bool {
	rs := []rune(p)
	if len(rs) < 2 {
		return false
	}
	for _, dir := range []int{1, -1} {
		run := true
		for i := 1; i < len(rs) && run; i++ {
			a, b := rs[i-1], rs[i]
			switch {
			case unicode.IsDigit(a) && unicode.IsDigit(b):
				run = (int(b-'0')-int(a-'0')-dir+20)%10 == 0
			case a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z':
				run = int(b-a) == dir
			default:
				run = false
			}
		}
		if run {
			return true
		}
	}
	return false
}
