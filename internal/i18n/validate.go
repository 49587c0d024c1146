package i18n

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/kncu/plenary/internal/domain"
)

// validation is the one validator of the process. Its messages are the catalogue's, in
// both languages: a Korean message chooses its particles by the label it names.
type validation struct {
	validate *validator.Validate
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
	return &validation{validate: v}, nil
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
// so a form needs nothing to be checked for control characters. A field whose label on
// the form is not "field." + its name names its label's id in a tag,
// `label:"field.session_number"`, so that its message names it as the form does. It
// returns nil when v is valid, and otherwise an EINVALID *domain.Error whose Fields are
// messages in this language, keyed by form field, ready to be shown next to each field.
func (l *Localizer) Validate(v any) error {
	fields := map[string]string{}
	l.checkText(reflect.ValueOf(v), fields)
	err := l.v.validate.Struct(v)
	var verrs validator.ValidationErrors
	if err != nil && !errors.As(err, &verrs) {
		return fmt.Errorf("i18n: validate: %w", err)
	}
	labels := map[string]string{}
	for _, f := range formFields(reflect.TypeOf(v)) {
		labels[f.name] = f.label
	}
	for _, fe := range verrs {
		// A value of a list ("item_ids[3]") is named by its list, the field the form shows.
		name := listName(fe.Field())
		if _, seen := fields[name]; seen {
			continue
		}
		label, ok := labels[name]
		if !ok {
			label = "field." + name
		}
		fields[name] = l.fieldMessage(fe, l.labelText(label, name))
	}
	if len(fields) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.EINVALID, Message: l.T("error.invalid"), Fields: fields}
}

// listName is the form field a validation or decoding error's path names: the list
// itself for one of its values ("item_ids[3]", "item_ids.3").
func listName(path string) string {
	if i := strings.IndexAny(path, "[."); i > 0 {
		return path[:i]
	}
	return path
}

// DecodeError is err, the error of reading a form or query into v, as an EINVALID
// *domain.Error naming each field whose value could not be read (a number that is not
// one, or does not fit), so that the page says which field is wrong, as Validate does.
// The decoder reports its errors, wrapped, as a map from field path to error; any other
// error is refused as a whole.
func (l *Localizer) DecodeError(v any, err error) error {
	labels := map[string]string{}
	for _, f := range formFields(reflect.TypeOf(v)) {
		labels[f.name] = f.label
	}
	fields := map[string]string{}
	for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
		err = u // the decoder's own error, under what wraps it
	}
	if m := reflect.ValueOf(err); m.Kind() == reflect.Map && m.Type().Key().Kind() == reflect.String {
		for _, k := range m.MapKeys() {
			name := listName(k.String())
			label, ok := labels[name]
			if !ok {
				continue
			}
			fields[name] = l.T("validate.invalid", "Field", l.labelText(label, name))
		}
	}
	if len(fields) == 0 {
		return domain.Errorf(domain.EINVALID, "error.invalid")
	}
	return &domain.Error{Code: domain.EINVALID, Message: l.T("error.invalid"), Fields: fields}
}

// labelID is the catalogue id of the label of the form field f: "field." + its name, or
// the id its `label` tag names where the form shows another label.
func labelID(f reflect.StructField) string {
	if id := f.Tag.Get("label"); id != "" {
		return id
	}
	return "field." + fieldName(f)
}

// formField is a field of a form: its name and the catalogue id of its label.
type formField struct{ name, label string }

// formFields lists the fields of the form or query struct t in the order they are
// declared, those of nested structs in their place.
func formFields(t reflect.Type) []formField {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var out []formField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && f.Tag.Get("form") == "" && f.Tag.Get("query") == "" {
			out = append(out, formFields(ft)...)
			continue
		}
		out = append(out, formField{name: fieldName(f), label: labelID(f)})
	}
	return out
}

// FieldOrder returns the names of the fields of form, the struct a page's form is read
// into, in the order they are declared: the order of the form, in which its messages are
// listed.
func FieldOrder(form any) []string {
	fields := formFields(reflect.TypeOf(form))
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
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
		name := fieldName(f)
		for _, s := range texts {
			if problem := domain.CheckText(s, multiline); problem != domain.TextOK {
				if _, seen := fields[name]; !seen {
					fields[name] = l.T(problem, "Field", l.labelText(labelID(f), name))
				}
			}
		}
		// A required text of blanks alone passes the validator's "required", which asks
		// only for something; it is nothing once trimmed, so it is missing.
		if fv.Kind() == reflect.String && fv.Len() > 0 && strings.TrimSpace(fv.String()) == "" &&
			slices.Contains(strings.Split(f.Tag.Get("validate"), ","), "required") {
			if _, seen := fields[name]; !seen {
				fields[name] = l.T("validate.required", "Field", l.labelText(labelID(f), name))
			}
		}
	}
}

// fieldMessage is the catalogue's message for the failed rule, naming the field by its
// label: "validate." + the rule, and for a length or a number of choices the message that
// counts characters or choices ("validate.max_chars"). A rule without a message of its own
// gets "validate.invalid".
func (l *Localizer) fieldMessage(fe validator.FieldError, label string) string {
	id := "validate." + fe.Tag()
	args := []any{"Field", label, "Param", fe.Param()}
	if fe.Tag() == "min" || fe.Tag() == "max" {
		switch fe.Kind() {
		case reflect.String:
			id += "_chars"
			args = append(args, "Count", fe.Param())
		case reflect.Slice, reflect.Array, reflect.Map:
			id += "_items"
			args = append(args, "Count", fe.Param())
		}
	}
	if !l.Has(id) {
		id = "validate.invalid"
	}
	return l.T(id, args...)
}

// labelText is the label id in this language, or the field's own name when the
// catalogue has none.
func (l *Localizer) labelText(id, field string) string {
	if l.Has(id) {
		return l.T(id)
	}
	return strings.ReplaceAll(field, "_", " ")
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
