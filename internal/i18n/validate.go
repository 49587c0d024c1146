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
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	if err := v.RegisterValidation("code", func(fl validator.FieldLevel) bool {
		return codePattern.MatchString(fl.Field().String())
	}); err != nil {
		return nil, fmt.Errorf("i18n: register code validation: %w", err)
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

// Validate checks v against its `validate` tags. It returns nil when v is valid, and
// otherwise an EINVALID *domain.Error whose Fields are messages in this language, keyed
// by form field, ready to be shown next to each field.
func (l *Localizer) Validate(v any) error {
	err := l.v.validate.Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return fmt.Errorf("i18n: validate: %w", err)
	}
	trans, _ := l.v.uni.GetTranslator(l.lang)
	fields := make(map[string]string, len(verrs))
	for _, fe := range verrs {
		if _, seen := fields[fe.Field()]; seen {
			continue
		}
		fields[fe.Field()] = l.fieldMessage(fe, trans)
	}
	return &domain.Error{Code: domain.EINVALID, Message: l.T("error.invalid"), Fields: fields}
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
