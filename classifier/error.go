package classifier

import (
	"errors"
	"fmt"
)

// Error codes. Adapters translate them to their transport's codes in one place.
const (
	// EINVALID means the caller's input is wrong (empty text, invalid UTF-8, unknown target).
	EINVALID = "invalid"
	// ENOTFOUND means a named thing (a target, a file) does not exist.
	ENOTFOUND = "not_found"
	// ETOOLARGE means the input is over a configured limit.
	ETOOLARGE = "too_large"
	// EINTERNAL means a bug or an unexpected failure inside the classifier.
	EINTERNAL = "internal"
)

// Error is the classifier's error: a code, the input field at fault and a message for people.
type Error struct {
	// Code is one of the E* constants.
	Code string
	// Field names the input at fault, for example "text" or "targets"; empty when no one field is.
	Field string
	// Message explains the problem to a person.
	Message string
}

// Error returns the message, prefixed with the field when there is one.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Errorf returns an *Error with the given code and field and a formatted message.
func Errorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}
