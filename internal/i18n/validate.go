package i18n

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/ko"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	en_translations "github.com/go-playground/validator/v10/translations/en"
	ko_translations "github.com/go-playground/validator/v10/translations/ko"

	"github.com/kncu/plenary/internal/domain"
)

// validation is the one validator of the process, with a translator per language.
type validation struct {
	validate *validator.Validate
	uni      *ut.UniversalTranslator
}

var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9-]{0,15}$`)

func newValidator() (*validation, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Errors are keyed by the form field's name, which is what the page shows them next to.
	v.RegisterTagNameFunc(fieldName)
	if err := v.RegisterValidation("code", func(fl validator.FieldLevel) bool {
		return codePattern.MatchString(fl.Field().String())
	}); err != nil {
		return nil, fmt.Errorf("i18n: register code validation: %w", err)
	}
	// `enum=stance` accepts the values of the domain's list of that name, the one
	// definition of every enum's values.
	if err := v.RegisterValidation("enum", func(fl validator.FieldLevel) bool {
		return domain.EnumNamed(fl.Param()).Has(fl.Field().String())
	}); err != nil {
		return nil, fmt.Errorf("i18n: register enum validation: %w", err)
	}
	e := en.New()
	return &validation{validate: v, uni: ut.New(e, e, ko.New())}, nil
}

// initValidation registers the validator's own messages in this language, and Plenary's
// messages for its own tags.
func (l *Localizer) initValidation() error {
	trans, ok := l.v.uni.GetTranslator(l.lang)
	if !ok {
		return fmt.Errorf("i18n: no translator for %s", l.lang)
	}
	var err error
	switch l.lang {
	case "ko":
		err = ko_translations.RegisterDefaultTranslations(l.v.validate, trans)
	default:
		err = en_translations.RegisterDefaultTranslations(l.v.validate, trans)
	}
	if err != nil {
		return fmt.Errorf("i18n: validator translations %s: %w", l.lang, err)
	}
	return nil
}

// fieldName is the name of a struct field as a form or a query names it, which is what
// a page shows its message next to.
func fieldName(f reflect.StructField) string {
	for _, tag := range []string{"form", "query"} {
		if name, _, _ := strings.Cut(f.Tag.Get(tag), ","); name != "" && name != "-" {
			return name
		}
	}
	return f.Name
}

// Validate checks v, a form or the query of a page: every string in it against
// domain.CheckText, the one rule for text, and v against its `validate` tags. A field of
// several lines is marked `text:"multiline"`; every other string is text of one line,
// so a form needs nothing to be checked for control characters. It returns nil when v is
// valid, and otherwise an EINVALID *domain.Error whose Fields are messages in this
// language, keyed by form field, ready to be shown next to each field.
func (l *Localizer) Validate(v any) error {
	fields := map[string]string{}
	l.checkText(reflect.ValueOf(v), fields)
	err := l.v.validate.Struct(v)
	var verrs validator.ValidationErrors
	if err != nil && !errors.As(err, &verrs) {
		return fmt.Errorf("i18n: validate: %w", err)
	}
	trans, _ := l.v.uni.GetTranslator(l.lang)
	for _, fe := range verrs {
		if _, seen := fields[fe.Field()]; seen {
			continue
		}
		fields[fe.Field()] = l.fieldMessage(fe, trans)
	}
	if len(fields) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.EINVALID, Message: l.T("error.invalid"), Fields: fields}
}

// checkText applies domain.CheckText to every string of v, in nested structs, pointers
// and slices too, and adds a message for each field that fails it.
func (l *Localizer) checkText(v reflect.Value, fields map[string]string) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		var texts []string
		switch {
		case fv.Kind() == reflect.String:
			texts = []string{fv.String()}
		case (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Array) && fv.Type().Elem().Kind() == reflect.String:
			for j := range fv.Len() {
				texts = append(texts, fv.Index(j).String())
			}
		default:
			l.checkText(fv, fields)
			continue
		}
		multiline := f.Tag.Get("text") == "multiline"
		for _, s := range texts {
			if problem := domain.CheckText(s, multiline); problem != domain.TextOK {
				name := fieldName(f)
				if _, seen := fields[name]; !seen {
					fields[name] = l.T(problem, "Field", l.Label(name))
				}
			}
		}
	}
}

func (l *Localizer) fieldMessage(fe validator.FieldError, trans ut.Translator) string {
	label := l.Label(fe.Field())
	// Plenary's own tags, and tags whose stock message names other fields in Go's words,
	// get messages from the catalogue.
	if id := "validate." + fe.Tag(); l.Has(id) {
		return l.T(id, "Field", label, "Param", fe.Param())
	}
	msg := fe.Translate(trans)
	return strings.Replace(msg, fe.Field(), label, 1)
}

// Fields returns the field messages of err in this language: messages that are already
// translated stay as they are, catalogue ids are translated.
func (l *Localizer) Fields(err error) map[string]string {
	src := domain.ErrorFields(err)
	if len(src) == 0 {
		return nil
	}
	out := make(map[string]string, len(src))
	for f, m := range src {
		out[f] = l.Message(m)
	}
	return out
}

// Message translates m when it is a catalogue id and returns it unchanged otherwise.
func (l *Localizer) Message(m string) string {
	if l.Has(m) {
		return l.T(m)
	}
	return m
}
