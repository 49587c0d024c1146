// Package i18n is Plenary's message catalogue: every text a person reads, in Korean and
// English, and the validation of typed input with messages in the same two languages.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	gotemplate "github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"

	"github.com/kncu/plenary/internal/domain"
)

//go:embed locales/*.json
var locales embed.FS

// Languages are the languages Plenary speaks, the default first.
var Languages = []string{"ko", "en"}

var tags = []language.Tag{language.Korean, language.English}

var matcher = language.NewMatcher(tags)

// Catalog holds the messages of every language and the validator that speaks them.
type Catalog struct {
	bundle     *goi18n.Bundle
	keys       map[string][]string // language -> message ids
	localizers map[string]*Localizer
}

// New loads the embedded catalogues.
func New() (*Catalog, error) {
	b := goi18n.NewBundle(language.Korean)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &Catalog{bundle: b, keys: map[string][]string{}, localizers: map[string]*Localizer{}}
	plain := map[string]map[string]string{} // language -> id -> message as written
	defined := map[string]bool{}            // "language id"
	// A feature may keep its messages in files of its own: "import.en.json" holds English
	// messages as "en.json" does. The language is the name's last part before ".json".
	files, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	for _, name := range files {
		base := strings.TrimSuffix(path.Base(name), ".json")
		lang := base[strings.LastIndex(base, ".")+1:]
		if !Supported(lang) {
			return nil, fmt.Errorf("i18n: %s: unknown language %q", name, lang)
		}
		data, err := fs.ReadFile(locales, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		// A message is a string, or, where it shows a count, its plural forms:
		// {"one": "1 cell changed.", "other": "{{.Count}} cells changed."}.
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if plain[lang] == nil {
			plain[lang] = map[string]string{}
		}
		for k, raw := range m {
			if defined[lang+" "+k] {
				return nil, fmt.Errorf("i18n: %s: message %q is defined twice", name, k)
			}
			defined[lang+" "+k] = true
			c.keys[lang] = append(c.keys[lang], k)
			var msg string
			if json.Unmarshal(raw, &msg) == nil {
				plain[lang][k] = msg
				continue
			}
			var forms map[string]string
			if err := json.Unmarshal(raw, &forms); err != nil || forms["other"] == "" {
				return nil, fmt.Errorf("i18n: %s: message %q is neither a text nor plural forms with \"other\"", name, k)
			}
		}
		if _, err := b.ParseMessageFileBytes(data, lang+".json"); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
	}
	for _, lang := range Languages {
		sort.Strings(c.keys[lang])
	}
	v, err := newValidator()
	if err != nil {
		return nil, err
	}
	for _, lang := range Languages {
		l := &Localizer{lang: lang, loc: goi18n.NewLocalizer(b, lang), cat: c, v: v, plain: map[string]string{}}
		// A big page asks for the same labels hundreds of times: messages that take no
		// values are kept as they are, rather than matched and executed on every call.
		for id, msg := range plain[lang] {
			if msg != "" && !strings.Contains(msg, "{{") {
				l.plain[id] = msg
			}
		}
		c.localizers[lang] = l
	}
	return c, nil
}

// MustNew is New for tests and start-up, where a broken catalogue is a bug.
func MustNew() *Catalog {
	c, err := New()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns the message ids of one language, sorted.
func (c *Catalog) Keys(lang string) []string { return c.keys[lang] }

// For returns the localizer of lang, or of the default language when lang is unknown.
func (c *Catalog) For(lang string) *Localizer {
	if l, ok := c.localizers[lang]; ok {
		return l
	}
	return c.localizers[Languages[0]]
}

// Match picks the language for a person: their saved choice when they made one, else
// the best match of their browser's Accept-Language header, else Korean.
func Match(chosen, acceptLanguage string) string {
	if Supported(chosen) {
		return chosen
	}
	if acceptLanguage == "" {
		return Languages[0]
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Languages[0]
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[i]
}

// Supported reports whether lang is one of Plenary's languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Localizer speaks one language.
type Localizer struct {
	lang  string
	loc   *goi18n.Localizer
	cat   *Catalog
	v     *validation
	plain map[string]string // messages without placeholders, translated once
}

// Lang returns the language code, "ko" or "en".
func (l *Localizer) Lang() string { return l.lang }

// countArg is the name of the value that chooses a message's plural form.
const countArg = "Count"

// T returns the message id in this language. args are name/value pairs filled into the
// message's {{.Name}} placeholders; the value named Count also chooses the message's
// plural form ("1 cell", "2 cells"). A missing id comes back as the id itself, which the
// catalogue test catches before it reaches a person.
func (l *Localizer) T(id string, args ...any) string {
	if msg, ok := l.plain[id]; ok {
		return msg
	}
	var data map[string]any
	var count any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
		count = data[countArg]
	}
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count, TemplateParser: parser})
	// A message with plural forms that lacks the form of the count comes back in its
	// "other" form, with an error that says so: the text is still the one to show.
	if err != nil && s == "" {
		return id
	}
	return s
}

// Has reports whether the catalogue of this language has the id.
func (l *Localizer) Has(id string) bool {
	keys := l.cat.keys[l.lang]
	i := sort.SearchStrings(keys, id)
	return i < len(keys) && keys[i] == id
}

// Enum returns the name of value, a value of the domain enum called name ("stance",
// "item_status", …), in this language: the message the enum names it by
// (domain.Enum.Label), as pages, packs and mail name it, so that no template builds a
// value's message id by hand. A value the enum does not list is shown as it is; an
// unknown enum name is a mistake in a template, which the catalogue test catches.
func (l *Localizer) Enum(name string, value any) string {
	v := fmt.Sprint(value)
	if id := domain.EnumNamed(name).Label(v); id != "" {
		return l.T(id)
	}
	return v
}

// Pick is the text of a field written in Korean and in English as this language's
// reader gets it (domain.Pick), with the note that says when it is written only in the
// other language ("" when it is in theirs). Pages, packs, the book and the calendar feed
// mark the other language with this note.
func (l *Localizer) Pick(en, ko string) (t domain.Localized, note string) {
	t = domain.Pick(l.lang, en, ko)
	if id := t.OtherNote(); id != "" {
		note = l.T(id)
	}
	return t, note
}

// Marked is Pick's text followed by its note in brackets, for a line of plain text (a
// file name, a calendar event, a cell).
func (l *Localizer) Marked(en, ko string) string {
	t, note := l.Pick(en, ko)
	if note == "" {
		return t.Text
	}
	return t.Text + " (" + note + ")"
}

// Label returns the name of a form field as a person reads it ("field.email" in the
// catalogue), or the field's own name when the catalogue has none.
func (l *Localizer) Label(field string) string { return l.labelText("field."+field, field) }

// messageParser parses messages with the functions of Korean particles ({{.Field | 은는}}).
// Its functions never change, so a message is parsed once and kept, as go-i18n does for
// messages parsed without functions.
type messageParser struct{ gotemplate.TextParser }

// Cacheable reports that a parsed message may be kept.
func (*messageParser) Cacheable() bool { return true }

var parser = &messageParser{gotemplate.TextParser{Funcs: particleFuncs}}
