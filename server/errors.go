package server

import (
	"context"
	"errors"
	"log/slog"

	"github.com/stance-project/stance/classifier"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Request field paths, as callers see them in BadRequest details and PassageError.field.
const (
	fieldPassage      = "passage"
	fieldPassageText  = "passage.text"
	fieldTargets      = "targets"
	fieldEncodingType = "encoding_type"
)

// codes maps classifier error codes to gRPC codes. Over-limit input is the caller's to fix, so
// ETOOLARGE is InvalidArgument rather than ResourceExhausted (which callers read as "retry later").
var grpcCodes = map[string]codes.Code{
	classifier.EINVALID:  codes.InvalidArgument,
	classifier.ENOTFOUND: codes.NotFound,
	classifier.ETOOLARGE: codes.InvalidArgument,
	classifier.EINTERNAL: codes.Internal,
}

// protoFields maps the classifier's input names to request field paths. Names the server itself
// uses (passage, encoding_type) are already paths and pass through.
var protoFields = map[string]string{
	"text":    fieldPassageText,
	"targets": fieldTargets,
}

// failure is an error as a caller sees it: a gRPC code, a message and the request field at fault
// ("" when no one field is).
type failure struct {
	code  codes.Code
	msg   string
	field string
}

// describe is the one place errors are translated for callers. Classifier errors keep their
// message and name their field; context errors become Canceled or DeadlineExceeded; gRPC status
// errors (from the transport) pass through; anything else is an Internal error whose details are
// logged, not sent.
func describe(log *slog.Logger, err error) failure {
	var ce *classifier.Error
	switch {
	case errors.Is(err, context.Canceled):
		return failure{code: codes.Canceled, msg: "the request was canceled"}
	case errors.Is(err, context.DeadlineExceeded):
		return failure{code: codes.DeadlineExceeded, msg: "the request's deadline passed before the passage was classified"}
	case errors.As(err, &ce):
		code, ok := grpcCodes[ce.Code]
		if !ok {
			code = codes.Internal
		}
		if code == codes.Internal {
			log.Error("classifier failed", "err", err)
			return failure{code: codes.Internal, msg: "internal error"}
		}
		field := ce.Field
		if p, ok := protoFields[field]; ok {
			field = p
		}
		return failure{code: code, msg: ce.Message, field: field}
	}
	if st, ok := status.FromError(err); ok {
		f := failure{code: st.Code(), msg: st.Message()}
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) > 0 {
				f.field = br.GetFieldViolations()[0].GetField()
			}
		}
		return f
	}
	log.Error("request failed", "err", err)
	return failure{code: codes.Internal, msg: "internal error"}
}

// toStatus returns err as a gRPC status error; a failure that names a field carries an
// errdetails.BadRequest with one field violation for it. It returns nil for nil.
func toStatus(log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok && !isContextError(err) {
		return err // already a status, possibly with details
	}
	return describe(log, err).status().Err()
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// status builds the gRPC status of f.
func (f failure) status() *status.Status {
	st := status.New(f.code, f.msg)
	if f.field == "" {
		return st
	}
	withDetails, err := st.WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: f.field, Description: f.msg}},
	})
	if err != nil {
		return st
	}
	return withDetails
}

// invalid returns a classifier EINVALID error on field, which describe maps to InvalidArgument.
func invalid(field, format string, args ...any) error {
	return classifier.Errorf(classifier.EINVALID, field, format, args...)
}
