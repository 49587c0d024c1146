package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

var catalog = i18n.MustNew()

// TestCatalogueKeys checks that Korean and English have the same messages.
func TestCatalogueKeys(t *testing.T) {
	ko, en := catalog.Keys("ko"), catalog.Keys("en")
	if len(ko) == 0 {
		t.Fatal("the Korean catalogue is empty")
	}
	for _, k := range ko {
		if _, found := slices.BinarySearch(en, k); !found {
			t.Errorf("%s is in ko.json, not in en.json", k)
		}
	}
	for _, k := range en {
		if _, found := slices.BinarySearch(ko, k); !found {
			t.Errorf("%s is in en.json, not in ko.json", k)
		}
	}
}

// quotedID matches a quoted string shaped like a message id, "nav.users", or like an id
// built with printf, "role.%s", which no source may use: the name of an enum's value
// comes from the enum (Localizer.Enum in templates, the value's Label method in Go).
var quotedID = regexp.MustCompile(`"([a-z][a-z_]*(?:\.(?:[a-z_][a-z0-9_]*|%s))+)"`)

// enumName matches a call of Localizer.Enum, in a template (.L.Enum "stance" .Stance) or
// in Go (l.Enum("stance", v)), for the name of the enum it names a value of.
var enumName = regexp.MustCompile(`\.Enum[ (]"([^"]*)"`)

// builtPrefix matches the quoted start of ids completed at run time, "field." + name:
// every message under it counts as used.
var builtPrefix = regexp.MustCompile(`"([a-z][a-z_]*(?:\.[a-z_][a-z0-9_]*)*\.)"\s*\+`)

// isMessageID tells apart the strings shaped like ids that are something else.
func isMessageID(s string) bool {
	first, _, _ := strings.Cut(s, ".")
	ext := s[strings.LastIndex(s, ".")+1:]
	switch {
	case len(first) == 1: // a table alias in SQL, "m.code"
		return false
	case first == "plenary": // a key of fiber's request locals
		return false
	case strings.HasSuffix(s, "_"): // the start of ids completed elsewhere, "consultations.status_"
		return false
	case slices.Contains([]string{"png", "pid", "json", "html", "css", "svg", "sql", "go", "js", "xlsx", "pdf"}, ext):
		return false
	}
	return true
}

// sourceIDs reads every template and every Go file of Plenary, tests aside, for the
// message ids it uses, with the files that use each, and for the starts of ids it
// completes at run time ("validate." + rule). The name of every value of every domain
// enum counts as used: pages, packs and mail read it through the value's Label method
// or Localizer.Enum, whose every call must name one of the domain's enums.
func sourceIDs(t *testing.T) (used map[string][]string, prefixes []string) {
	t.Helper()
	root := filepath.Join("..", "..")
	used = map[string][]string{} // id -> files that use it
	enums := 0
	use := func(id, file string) {
		if !slices.Contains(used[id], file) {
			used[id] = append(used[id], file)
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".html") && (!strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go")) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for _, m := range quotedID.FindAllStringSubmatch(string(src), -1) {
			if !isMessageID(m[1]) {
				continue
			}
			if strings.Contains(m[1], "%") {
				t.Errorf("%s builds the message id %q by hand: name the value with .L.Enum", rel, m[1])
				continue
			}
			use(m[1], rel)
		}
		for _, m := range enumName.FindAllStringSubmatch(string(src), -1) {
			enums++
			e := enumNamed(m[1])
			if e == nil {
				t.Errorf("%s names the values of %q, which is not one of the domain's enums", rel, m[1])
				continue
			}
			for _, v := range e.Values {
				use(e.Label(v), rel)
			}
		}
		for _, m := range builtPrefix.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(prefixes, m[1]) {
				prefixes = append(prefixes, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range domain.Enums {
		for _, v := range e.Values {
			use(e.Label(v), "internal/domain/enum.go")
		}
	}
	if enums == 0 {
		t.Errorf("found no call of Localizer.Enum in the source: is the scan broken?")
	}
	if len(used) < 50 {
		t.Fatalf("found only %d message ids in the source: is the scan broken?", len(used))
	}
	return used, prefixes
}

// TestCatalogueCoversSource checks that both languages have every message id the source
// uses: pages, packs, mail and commands alike.
func TestCatalogueCoversSource(t *testing.T) {
	used, _ := sourceIDs(t)
	for _, dir := range []string{"views", "internal/web", "exports"} {
		found := false
		for _, files := range used {
			found = found || slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, filepath.FromSlash(dir+"/")) })
		}
		if !found {
			t.Errorf("no message id found in %s: is the scan broken?", dir)
		}
	}
	for _, lang := range i18n.Languages {
		keys := catalog.Keys(lang)
		for id, files := range used {
			if _, found := slices.BinarySearch(keys, id); !found {
				t.Errorf("%s, used in %s, is not in %s.json", id, strings.Join(files, ", "), lang)
			}
		}
	}
}

// enumNamed returns the domain's enum called name, or nil.
func enumNamed(name string) *domain.Enum {
	for _, e := range domain.Enums {
		if e.Name == name {
			return e
		}
	}
	return nil
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name, chosen, header, want string
	}{
		{"DefaultIsKorean", "", "", "ko"},
		{"KoreanBrowser", "", "ko-KR,ko;q=0.9,en-US;q=0.8", "ko"},
		{"EnglishBrowser", "", "en-US,en;q=0.9", "en"},
		{"SecondChoice", "", "ja-JP,ja;q=0.9,en;q=0.5", "en"},
		{"UnsupportedBrowser", "", "fr-FR,fr;q=0.9", "ko"},
		{"BadHeader", "", ";;;q=x", "ko"},
		{"ChoiceOverBrowser", "en", "ko-KR,ko;q=0.9", "en"},
		{"KoreanChoiceOverBrowser", "ko", "en-US,en;q=0.9", "ko"},
		{"UnsupportedChoice", "fr", "en-US", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := i18n.Match(tt.chosen, tt.header); got != tt.want {
				t.Errorf("Match(%q, %q) = %q, want %q", tt.chosen, tt.header, got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		input any
		field string
		en    string
		ko    string
	}{
		{"ErrRequired", domain.UserInput{Name: "Kim", Role: "staff"}, "email",
			"E-mail is required.", "이메일은 필수 항목입니다."},
		{"ErrEmail", domain.UserInput{Email: "kim", Name: "Kim", Role: "staff"}, "email",
			"E-mail must be an e-mail address such as name@example.org.", "이메일은 name@example.org 형식으로 입력해 주세요."},
		{"ErrMinistryRequired", domain.UserInput{Email: "kim@plenary.example", Name: "Kim", Role: "liaison"}, "ministry_id",
			"Ministry is required for this role.", "이 역할에는 부처가 필요합니다."},
		{"ErrEnum", domain.UserInput{Email: "kim@plenary.example", Name: "Kim", Role: "king"}, "role",
			"Role must be one of the values offered.", "역할은 목록에 있는 값 중 하나여야 합니다."},
		{"ErrCode", domain.BodyInput{Code: "ex", NameEN: "Executive Board", NameKO: "집행이사회"}, "code",
			"Code must be capital letters and digits, starting with a letter.", "코드는 영문 대문자로 시작하는 대문자와 숫자여야 합니다."},
		{"ErrLabelAsTheFormShowsIt", domain.SessionInput{BodyID: 1, TitleEN: "Executive Board", StartsOn: "2026-04-01", EndsOn: "2026-04-10", Status: "planning"}, "number",
			"Session number is required.", "회기 번호는 필수 항목입니다."},
		{"ErrSelectRequired", domain.SessionInput{Number: 221, TitleEN: "Executive Board", StartsOn: "2026-04-01", EndsOn: "2026-04-10", Status: "planning"}, "body_id",
			"Body is required.", "기구는 필수 항목입니다."},
		{"ErrTooLong", domain.BodyInput{Code: "EX", NameEN: strings.Repeat("x", 201), NameKO: "집행이사회"}, "name_en",
			"Name (English) must be at most 200 characters long.", ""},
		{"ErrTooManyChoices", domain.ConsultationRequest{MinistryIDs: ids(21), Question: "Q", DueOn: "2026-05-01"}, "ministry_ids",
			"Ministries: choose at most 20.", "부처는 20개까지 고를 수 있습니다."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range i18n.Languages {
				err := catalog.For(lang).Validate(tt.input)
				if got, want := domain.ErrorCode(err), domain.EINVALID; got != want {
					t.Fatalf("%s: error %v, want code %s", lang, err, want)
				}
				fields := domain.ErrorFields(err)
				if len(fields) != 1 {
					t.Errorf("%s: field errors %v, want one, for %s", lang, fields, tt.field)
				}
				got := fields[tt.field]
				switch want := map[string]string{"en": tt.en, "ko": tt.ko}[lang]; {
				case want != "" && got != want:
					t.Errorf("%s: %q, want %q", lang, got, want)
				case lang == "ko" && !isHangul(got):
					t.Errorf("ko: %q, want Korean", got)
				}
			}
		})
	}

	t.Run("OK", func(t *testing.T) {
		in := domain.UserInput{Email: "kim@plenary.example", Name: "Kim", Role: "staff"}
		if err := catalog.For("ko").Validate(in); err != nil {
			t.Errorf("error %v, want none", err)
		}
	})
}

// ids returns the ids 1 to n.
func ids(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

// isHangul reports whether s has Korean letters in it.
func isHangul(s string) bool {
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}

func TestLocalizer(t *testing.T) {
	tests := []struct {
		name, lang, id string
		args           []any
		want           string
	}{
		{"Korean", "ko", "nav.users", nil, "사용자"},
		{"English", "en", "nav.users", nil, "Users"},
		{"Arguments", "en", "dashboard.welcome", []any{"Name", "Kim"}, "Welcome, Kim."},
		{"UnknownLanguageIsKorean", "fr", "nav.users", nil, "사용자"},
		{"MissingIDShowsItself", "en", "no.such.id", nil, "no.such.id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catalog.For(tt.lang).T(tt.id, tt.args...); got != tt.want {
				t.Errorf("T(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

// TestCatalogueHasNoUnusedKeys lists the messages that no source uses: a message nobody
// reads is a copy waiting to drift, or a leftover.
func TestCatalogueHasNoUnusedKeys(t *testing.T) {
	used, prefixes := sourceIDs(t)
	for _, lang := range i18n.Languages {
		for _, id := range catalog.Keys(lang) {
			built := slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(id, p) })
			if _, ok := used[id]; !ok && !built {
				t.Errorf("%s.json: %s is used nowhere", lang, id)
			}
		}
	}
}

// TestEnum: a value is named by the message its enum gives it, whether the template
// holds it typed or as a string, with the enum's own prefix (consultations.status_); a
// value the enum does not list is shown as it is.
func TestEnum(t *testing.T) {
	ko, en := catalog.For("ko"), catalog.For("en")
	tests := []struct {
		name  string
		l     *i18n.Localizer
		enum  string
		value any
		want  string
	}{
		{"Typed", ko, "stance", domain.StanceMonitor, "동향 주시"},
		{"String", ko, "stance", "monitor", "동향 주시"},
		{"English", en, "stance", "monitor", "Monitor"},
		{"OwnPrefix", ko, "consultation_status", domain.ConsultationOpen, "회신 대기"},
		{"UnknownValue", en, "stance", "abstain", "abstain"},
		{"Empty", en, "role", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.Enum(tt.enum, tt.value); got != tt.want {
				t.Errorf("Enum(%q, %q) = %q, want %q", tt.enum, tt.value, got, tt.want)
			}
		})
	}
}

// TestPackRepeatsNoMessage: a pack's message that says in both languages what another
// message says is a copy that can drift from it (the pack once called a stance 관망 where
// the pages said 동향 주시); the pack uses the other message instead.
func TestPackRepeatsNoMessage(t *testing.T) {
	ko, en := catalog.For("ko"), catalog.For("en")
	byText := map[[2]string][]string{}
	for _, id := range catalog.Keys("ko") {
		text := [2]string{ko.T(id), en.T(id)}
		byText[text] = append(byText[text], id)
	}
	for text, ids := range byText {
		if len(ids) > 1 && slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, "pack.") }) {
			t.Errorf("%s say %q / %q alike: keep one", strings.Join(ids, ", "), text[0], text[1])
		}
	}
}
