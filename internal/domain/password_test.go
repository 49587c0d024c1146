package domain_test

import (
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
)

// TestCheckPassword is the one password rule, as the web and every command apply it.
func TestCheckPassword(t *testing.T) {
	const email = "jung.haneul@plenary.example"
	tests := []struct {
		name, password, email, want string // want: the message key, "" when accepted
	}{
		{"OK", "correct-horse-battery", email, ""},
		{"OKSpaces", "a long enough password 42", email, ""},
		{"OKKorean", "우리나라의입장을준비합니다", email, ""},
		{"OKTwelveCharacters", "abcdefghijkm", email, ""},
		{"OKNoEmailToCompare", "jung.haneul@plenary.example", "", ""},
		{"ErrShort", "too-short", email, "error.password_short"},
		// Four Korean syllables are 12 bytes in UTF-8 but four characters.
		{"ErrShortKorean", "비밀번호", email, "error.password_short"},
		{"ErrShortElevenKorean", "가나다라마바사아자차카", email, "error.password_short"},
		{"ErrLong", strings.Repeat("가", 201), email, "error.password_long"},
		{"ErrEmail", "jung.haneul@plenary.example", email, "error.password_email"},
		{"ErrEmailOtherCase", " Jung.Haneul@Plenary.Example ", email, "error.password_email"},
		{"ErrLocalPart", "jung.haneul!", "Jung.Haneul@plenary.example", "error.password_email"},
		{"ErrLocalPartWithDigits", "2024jung.haneul2024", email, "error.password_email"},
		{"ErrCommon", "qwertyuiopasdfghjkl", email, "error.password_common"},
		{"ErrCommonCase", "PasswordPassword", email, "error.password_common"},
		{"ErrCommonPadded", "Password2024!", email, "error.password_common"},
		{"ErrCommonSplit", "pass word 1234", email, "error.password_common"},
		{"ErrCommonKeyboardKorean", "dkssudgktpdy", email, "error.password_common"},
		{"ErrRepeatedCharacter", "aaaaaaaaaaaa", email, "error.password_common"},
		{"ErrRepeatedUnit", "abcabcabcabc", email, "error.password_common"},
		{"ErrRepeatedKorean", "가나가나가나가나가나가나", email, "error.password_common"},
		{"ErrDigitRun", "123456789012", email, "error.password_common"},
		{"ErrDigitRunDown", "987654321098", email, "error.password_common"},
		{"ErrLetterRun", "abcdefghijkl", email, "error.password_common"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := domain.CheckPassword("password", tt.password, tt.email)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckPassword(%q) = %v, want nil", tt.password, err)
				}
				return
			}
			if got, want := domain.ErrorCode(err), domain.EINVALID; got != want {
				t.Fatalf("CheckPassword(%q) = %v, want code %s", tt.password, err, want)
			}
			if got := domain.ErrorFields(err)["password"]; got != tt.want {
				t.Errorf("CheckPassword(%q): field message %q, want %q", tt.password, got, tt.want)
			}
		})
	}
}
