// Package domain holds Plenary's own vocabulary: the things it tracks, the people who use
// it and the errors its parts return to each other. It depends on nothing else in Plenary.
package domain

import (
	"errors"
	"fmt"
)

// Error codes say what kind of failure happened, so that the web layer can choose the
// status and the page in exactly one place.
const (
	ECONFLICT     = "conflict"     // the row changed since it was read, or a unique key is taken
	EINTERNAL     = "internal"     // a bug or an outage: logged in full, shown as "internal error"
	EINVALID      = "invalid"      // the input is wrong; Fields says where
	ENOTFOUND     = "not_found"    // no such thing, or its existence is confidential
	EUNAUTHORIZED = "unauthorized" // not logged in
	EFORBIDDEN    = "forbidden"    // logged in, but not allowed
	EUNAVAILABLE  = "unavailable"  // too busy right now: the same request may succeed shortly
)

// Error is an error a person can be told about. Message is a message catalogue key, so
// that it reaches the person in their own language; Fields maps form fields to such keys.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and catalogue key.
func Errorf(code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// FieldError returns an EINVALID error about one form field.
func FieldError(field, message string) *Error {
	return &Error{Code: EINVALID, Message: "error.invalid", Fields: map[string]string{field: message}}
}

// ErrorCode returns the code of err, or EINTERNAL when err is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the catalogue key of err's message, or the generic one when err
// is not an *Error (its details are for the log, not for the person).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "error.internal"
}

// ErrorFields returns the field errors of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
