package server

import (
	"context"
	"fmt"
	"sync"
	"unicode/utf8"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	gproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Invalid UTF-8 in a string field makes the protobuf decoder fail, and grpc-go then ends the call
// with codes.Internal from inside RecvMsg, before any handler or interceptor can answer; a message
// over grpc-go's receive limit ends the call with a bare ResourceExhausted the same way. Both are
// the caller's mistakes, and the caller should learn which field is at fault, so the server
// decodes with utf8Codec: when a message does not decode and some string fields are not valid
// UTF-8, it decodes the message without those fields and notes the first one's path in refusals;
// when a message is over Config.MaxRecvBytes (grpc-go's own limit is set higher, see
// transportRecvLimit), it decodes it and notes that. The interceptors (checkUnary, checkStream)
// then refuse the message with InvalidArgument naming the field. ClassifyStream reads the rest of
// the message (the passage id) to tag its PassageError.

// refusals records, for each decoded message that is to be refused, why. Entries are removed as
// soon as an interceptor sees the message.
type refusals struct{ m sync.Map } // proto.Message -> failure

// take returns and forgets the failure recorded for msg.
func (b *refusals) take(msg any) (failure, bool) {
	v, ok := b.m.LoadAndDelete(msg)
	if !ok {
		return failure{}, false
	}
	return v.(failure), true
}

// utf8Codec is the proto codec, except that messages whose only fault is invalid UTF-8 in string
// fields decode (without those fields), and so do messages over cfg.MaxRecvBytes; both are
// recorded in bad.
type utf8Codec struct {
	base encoding.CodecV2
	bad  *refusals
	cfg  Config
}

func newUTF8Codec(bad *refusals, cfg Config) *utf8Codec {
	return &utf8Codec{base: encoding.GetCodecV2(gproto.Name), bad: bad, cfg: cfg}
}

func (c *utf8Codec) Name() string { return gproto.Name }

func (c *utf8Codec) Marshal(v any) (mem.BufferSlice, error) { return c.base.Marshal(v) }

func (c *utf8Codec) Unmarshal(data mem.BufferSlice, v any) error {
	if n := data.Len(); n > c.cfg.MaxRecvBytes {
		msg, ok := v.(proto.Message)
		if !ok {
			return status.Errorf(codes.InvalidArgument, "the request is %d bytes, over the limit of %d", n, c.cfg.MaxRecvBytes)
		}
		// Decoded all the same, for the passage id; a message that does not decode keeps none.
		if c.base.Unmarshal(data, v) != nil {
			proto.Reset(msg)
		}
		c.bad.m.Store(msg, overRecvLimit(c.cfg, n))
		return nil
	}
	err := c.base.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	msg, ok := v.(proto.Message)
	if !ok {
		return err
	}
	clean, field, ok := dropBadStrings(data.Materialize(), msg.ProtoReflect().Descriptor(), "")
	if !ok || field == "" {
		return err
	}
	proto.Reset(msg)
	if proto.Unmarshal(clean, msg) != nil {
		return err
	}
	c.bad.m.Store(msg, utf8Failure(field))
	return nil
}

// dropBadStrings returns the wire-format message b (of type md) without its string fields that
// are not valid UTF-8, in nested messages too, and the path (field names joined by dots, after
// prefix) of the first one dropped; "" when there is none. ok is false when b is not well formed.
func dropBadStrings(b []byte, md protoreflect.MessageDescriptor, prefix string) (out []byte, field string, ok bool) {
	out = make([]byte, 0, len(b))
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, "", false
		}
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return nil, "", false
		}
		whole := b[:n+m]
		b = b[n+m:]
		fd := md.Fields().ByNumber(num)
		if fd == nil || typ != protowire.BytesType {
			out = append(out, whole...)
			continue
		}
		val, _ := protowire.ConsumeBytes(whole[n:])
		path := prefix + string(fd.Name())
		switch fd.Kind() {
		case protoreflect.StringKind:
			if !utf8.Valid(val) {
				if field == "" {
					field = path
				}
				continue
			}
		case protoreflect.MessageKind:
			sub, subField, subOK := dropBadStrings(val, fd.Message(), path+".")
			if !subOK {
				return nil, "", false
			}
			if field == "" {
				field = subField
			}
			out = protowire.AppendTag(out, num, typ)
			out = protowire.AppendBytes(out, sub)
			continue
		}
		out = append(out, whole...)
	}
	return out, field, true
}

// checkUnary refuses a unary request the codec recorded: invalid UTF-8, or over the size limit.
func checkUnary(bad *refusals) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if f, ok := bad.take(req); ok {
			return nil, f.status().Err()
		}
		return handler(ctx, req)
	}
}

// checkStream makes RecvMsg refuse a message the codec recorded: invalid UTF-8, or over the size
// limit. The stream stays usable: a client-streaming handler may answer and read on.
func checkStream(bad *refusals) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		return handler(srv, &checkedStream{ServerStream: ss, bad: bad})
	}
}

type checkedStream struct {
	grpc.ServerStream
	bad *refusals
}

func (s *checkedStream) RecvMsg(m any) error {
	err := s.ServerStream.RecvMsg(m)
	// The record is taken whatever the streams inside said of the message (the per-passage rate
	// limit may refuse one that was recorded), so that none is left behind.
	if f, ok := s.bad.take(m); ok {
		return f.status().Err()
	}
	return err
}

// overRecvLimit is the answer to a request message of n bytes, over cfg.MaxRecvBytes. The passage
// text is what makes a request that long, so the caller gets what a passage over MaxPassageBytes
// gets: InvalidArgument naming passage.text, not the bare ResourceExhausted that callers take as
// "retry later".
func overRecvLimit(cfg Config, n int) failure {
	return failure{code: codes.InvalidArgument, field: fieldPassageText, msg: fmt.Sprintf(
		"the request is %d bytes, over the limit of %d bytes a message; passage.text may be at most %d bytes",
		n, cfg.MaxRecvBytes, cfg.MaxPassageBytes)}
}

func utf8Failure(field string) failure {
	return failure{code: codes.InvalidArgument, msg: fmt.Sprintf("%s is not valid UTF-8", field), field: field}
}
