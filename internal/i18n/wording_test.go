package i18n_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// messages reads every message of lang as written in the catalogue files: a text, or
// the texts of its plural forms joined by new lines.
func messages(t *testing.T, lang string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("locales", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range files {
		if !strings.HasSuffix(name, lang+".json") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, raw := range m {
			var text string
			if json.Unmarshal(raw, &text) != nil {
				var forms map[string]string
				if err := json.Unmarshal(raw, &forms); err != nil {
					t.Fatalf("%s: %s: %v", name, id, err)
				}
				for _, f := range forms {
					text += f + "\n"
				}
			}
			out[id] = text
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d %s messages read", len(out), lang)
	}
	return out
}

// TestKoreanLeavesNoParticleToTheReader: no Korean message shows "은(는)" or "(으)로";
// a message names a value with the particle that fits it, {{.Field | 은는}}.
func TestKoreanLeavesNoParticleToTheReader(t *testing.T) {
	alternation := regexp.MustCompile(`[은는이가을를과와]\([은는이가을를과와]\)|\(으\)로|\}\}(은|는|이|가|을|를|과|와|으로|로)[\s.,]`)
	for id, msg := range messages(t, "ko") {
		if alternation.MatchString(msg) {
			t.Errorf("%s: %q leaves the particle to the reader", id, msg)
		}
	}
}

// TestEnglishMessagesEndWithAFullStop: what a person is told about their input is a
// sentence.
func TestEnglishMessagesEndWithAFullStop(t *testing.T) {
	for id, msg := range messages(t, "en") {
		if !strings.HasPrefix(id, "validate.") && !strings.Contains(id, ".error_") {
			continue
		}
		for _, text := range strings.Split(strings.TrimSuffix(msg, "\n"), "\n") {
			if !strings.HasSuffix(text, ".") {
				t.Errorf("%s: %q does not end with a full stop", id, text)
			}
		}
	}
}

// TestPluralForms: a count is shown with the noun in the form it takes, "1 cell" and
// "2 cells", from the catalogue's plural forms; Korean has one form.
func TestPluralForms(t *testing.T) {
	tests := []struct {
		lang, id string
		count    any
		want     string
	}{
		{"en", "attendance.saved", 1, "Attendance saved: 1 cell changed."},
		{"en", "attendance.saved", 2, "Attendance saved: 2 cells changed."},
		{"en", "attendance.saved", 0, "Attendance saved: 0 cells changed."},
		{"ko", "attendance.saved", 1, "출석부를 저장했습니다: 1칸이 바뀌었습니다."},
		{"en", "dashboard_delegations.items", 1, "1 item"},
		{"en", "dashboard_delegations.items", 12, "12 items"},
		{"en", "briefs.submitted", int64(1), "The brief was submitted for review to 1 ministry."},
		{"en", "briefs.submitted", int64(3), "The brief was submitted for review to 3 ministries."},
		{"en", "consultations.opened", 1, "1 request sent."},
		{"en", "consultations.opened", 2, "2 requests sent."},
		{"en", "import.confirm", 1, "Import 1 row"},
		{"en", "import.confirm", 40, "Import 40 rows"},
	}
	for _, tt := range tests {
		l := catalog.For(tt.lang)
		if got := l.T(tt.id, "Count", tt.count); got != tt.want {
			t.Errorf("%s %s with %v: %q, want %q", tt.lang, tt.id, tt.count, got, tt.want)
		}
	}
}
