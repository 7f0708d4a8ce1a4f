// Package server is stance's gRPC adapter: it implements stance.v1.StanceService over a
// classifier.Classifier, translating requests into classifier calls and classifier errors into
// gRPC statuses in one place (describe). It holds no domain logic.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/stance-project/stance/classifier"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Server implements stancev1.StanceServiceServer. Its classifier can be swapped at any time with
// SetClassifier or Reload; each call loads the classifier once when it starts, so calls and
// streams in flight finish on the lexicons they started with.
//
// Requests are validated at the start of each handler rather than in an interceptor, because
// ClassifyStream validates each passage on its own and answers a bad one with a PassageError while
// the stream goes on; an interceptor could only end the whole stream.
type Server struct {
	stancev1.UnimplementedStanceServiceServer

	cfg Config
	log *slog.Logger
	cls atomic.Pointer[classifier.Classifier]

	draining  chan struct{} // closed by Drain
	drainOnce sync.Once

	hooks hooks
}

// hooks lets tests observe and disturb handlers. All are nil outside tests.
type hooks struct {
	// enter is called as each handler starts, with the full method name; a test makes it panic.
	enter func(method string)
	// emitted is called for each span the classifier emits, before it is sent.
	emitted func()
	// done is called as a Classify or ClassifyStream handler returns, with its error.
	done func(err error)
}

// New returns a server over c with the limits of cfg (zero fields take the defaults), logging to
// log (nil discards).
func New(c *classifier.Classifier, cfg Config, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg.withDefaults(), log: log, draining: make(chan struct{})}
	s.cls.Store(c)
	return s
}

// Config returns the server's limits, with defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Classifier returns the classifier new calls use.
func (s *Server) Classifier() *classifier.Classifier { return s.cls.Load() }

// SetClassifier makes new calls use c; calls in flight keep the classifier they started with.
func (s *Server) SetClassifier(c *classifier.Classifier) { s.cls.Store(c) }

// Reload loads the embedded lexicons plus the *.yaml files of dir (none when dir is empty) and, if
// they load, makes new calls use them. On error the current lexicons stay in force; a
// classifier.ProblemsError in the chain lists each file's problems.
func (s *Server) Reload(dir string) error {
	lex, err := classifier.LoadLexicons(dir)
	if err != nil {
		return fmt.Errorf("reload lexicons: %w", err)
	}
	s.SetClassifier(classifier.New(lex))
	return nil
}

// Drain makes ClassifyStream calls end, with Unavailable, once they have answered the passage
// they are on, instead of waiting for more passages; calls that start afterwards end at once the
// same way. Classify calls are not affected: each finishes its one passage. Call Drain when
// shutting down (Shutdown does), so that streams held open by their clients do not keep the
// server waiting until its grace period is over. Drain may be called more than once.
func (s *Server) Drain() { s.drainOnce.Do(func() { close(s.draining) }) }

// errDraining ends a ClassifyStream call when the server drains.
var errDraining = status.Error(codes.Unavailable,
	"the server is shutting down; send the passages it has not answered again on a new connection")

// Classify scores one passage, sending each span as soon as the classifier emits it and then the
// summary.
func (s *Server) Classify(req *stancev1.ClassifyRequest, stream grpc.ServerStreamingServer[stancev1.ClassifyResponse]) (err error) {
	s.enter(stancev1.StanceService_Classify_FullMethodName)
	defer func() { s.done(err) }()
	c := s.cls.Load()
	job, err := s.prepare(c, req.GetPassage(), req.GetTargets(), req.GetEncodingType())
	if err != nil {
		return toStatus(s.log, err)
	}
	sum, err := s.run(stream.Context(), c, job, func(sp *stancev1.Span) error {
		return stream.Send(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Span{Span: sp}})
	})
	if err != nil {
		return toStatus(s.log, ctxErr(stream.Context(), err))
	}
	if err := stream.Send(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Summary{Summary: sum}}); err != nil {
		return toStatus(s.log, ctxErr(stream.Context(), err))
	}
	return nil
}

// ClassifyStream scores passages one at a time as they arrive. A passage that is refused gets a
// PassageError and the stream goes on; the stream itself ends with an error only when the
// transport fails, the call is canceled or the server drains (Unavailable, between passages).
// Each passage is read only after the answers to the previous one are sent, and Send blocks under
// flow control, so a slow reader holds the caller back instead of making the server buffer.
func (s *Server) ClassifyStream(stream grpc.BidiStreamingServer[stancev1.ClassifyStreamRequest, stancev1.ClassifyStreamResponse]) (err error) {
	s.enter(stancev1.StanceService_ClassifyStream_FullMethodName)
	defer func() { s.done(err) }()
	ctx := stream.Context()
	c := s.cls.Load()
	recv := newReceiver(stream)
	defer recv.stop()
	for {
		req, err := recv.next(s.draining)
		if errors.Is(err, errDraining) {
			return err
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			var refused *passageRefused
			if status.Code(err) != codes.InvalidArgument && !errors.As(err, &refused) {
				return toStatus(s.log, ctxErr(ctx, err))
			}
			if err := s.sendPassageError(stream, req.GetPassage().GetId(), err); err != nil {
				return toStatus(s.log, ctxErr(ctx, err))
			}
			continue
		}
		id := req.GetPassage().GetId()
		job, err := s.prepare(c, req.GetPassage(), req.GetTargets(), req.GetEncodingType())
		if err != nil {
			if err := s.sendPassageError(stream, id, err); err != nil {
				return toStatus(s.log, ctxErr(ctx, err))
			}
			continue
		}
		sum, err := s.run(ctx, c, job, func(sp *stancev1.Span) error {
			return stream.Send(&stancev1.ClassifyStreamResponse{PassageId: id, Result: &stancev1.ClassifyStreamResponse_Span{Span: sp}})
		})
		if err != nil {
			if isContextError(err) || ctx.Err() != nil {
				return toStatus(s.log, ctxErr(ctx, err))
			}
			if _, ok := status.FromError(err); ok {
				return err // Send failed: the stream is gone
			}
			if err := s.sendPassageError(stream, id, err); err != nil {
				return toStatus(s.log, ctxErr(ctx, err))
			}
			continue
		}
		if err := stream.Send(&stancev1.ClassifyStreamResponse{PassageId: id, Result: &stancev1.ClassifyStreamResponse_Summary{Summary: sum}}); err != nil {
			return toStatus(s.log, ctxErr(ctx, err))
		}
	}
}

// receiver reads a ClassifyStream call's requests on a goroutine of its own, one each time next
// asks, so that the handler can stop waiting for a passage when the server drains. It never reads
// ahead: a request is read only when next is called.
type receiver struct {
	stream grpc.ServerStream
	ask    chan struct{}
	got    chan received
	quit   chan struct{}
}

type received struct {
	req *stancev1.ClassifyStreamRequest
	err error
}

func newReceiver(stream grpc.ServerStream) *receiver {
	r := &receiver{stream: stream, ask: make(chan struct{}), got: make(chan received), quit: make(chan struct{})}
	go r.loop()
	return r
}

func (r *receiver) loop() {
	for {
		select {
		case <-r.ask:
		case <-r.quit:
			return
		}
		// RecvMsg rather than Recv: when the message had a field that is not valid UTF-8 the
		// decoder (see codec.go) still fills req with the rest, so the error can name the passage.
		req := new(stancev1.ClassifyStreamRequest)
		err := r.stream.RecvMsg(req)
		select {
		case r.got <- received{req, err}:
		case <-r.quit:
			return // the handler has returned, which is what ended RecvMsg
		}
	}
}

// next reads the next request. It returns errDraining, without reading, when draining is closed
// before a request arrives.
func (r *receiver) next(draining <-chan struct{}) (*stancev1.ClassifyStreamRequest, error) {
	select {
	case <-draining:
		return nil, errDraining
	default:
	}
	r.ask <- struct{}{}
	select {
	case got := <-r.got:
		return got.req, got.err
	case <-draining:
		return nil, errDraining
	}
}

// stop lets the reading goroutine end; it does once the handler has returned and any RecvMsg in
// progress has failed.
func (r *receiver) stop() { close(r.quit) }

// sendPassageError answers passage id with the failure err describes.
func (s *Server) sendPassageError(stream grpc.BidiStreamingServer[stancev1.ClassifyStreamRequest, stancev1.ClassifyStreamResponse], id string, err error) error {
	f := describe(s.log, err)
	return stream.Send(&stancev1.ClassifyStreamResponse{
		PassageId: id,
		Result: &stancev1.ClassifyStreamResponse_Error{Error: &stancev1.PassageError{
			Code: int32(f.code), Message: f.msg, Field: f.field,
		}},
	})
}

// ListTargets lists the targets of the current lexicons, sorted by name.
func (s *Server) ListTargets(ctx context.Context, _ *stancev1.ListTargetsRequest) (*stancev1.ListTargetsResponse, error) {
	s.enter(stancev1.StanceService_ListTargets_FullMethodName)
	ts := s.cls.Load().Lexicons().Targets() // sorted by name
	out := &stancev1.ListTargetsResponse{Targets: make([]*stancev1.Target, len(ts))}
	for i, t := range ts {
		out.Targets[i] = &stancev1.Target{
			Name:        t.Name,
			Description: t.Description,
			LexiconSize: int32(t.Size()),
			Version:     t.Version,
			Source:      t.Source,
		}
	}
	return out, nil
}

// maxTargetNameBytes is the longest target name a lexicon file may declare.
const maxTargetNameBytes = 63

// job is a validated passage, ready for the classifier.
type job struct {
	id      string
	text    string
	targets []string
	enc     classifier.Encoding
}

// prepare validates one passage's request against the server's limits and c's targets.
func (s *Server) prepare(c *classifier.Classifier, p *stancev1.Passage, targets []string, et stancev1.EncodingType) (job, error) {
	if p == nil {
		return job{}, invalid(fieldPassage, "passage is required")
	}
	enc, ok := encodings[et]
	if !ok {
		return job{}, invalid(fieldEncodingType, "unknown encoding type %d (want ENCODING_TYPE_UTF8, ENCODING_TYPE_UTF16 or ENCODING_TYPE_UTF32)", int32(et))
	}
	if n := len(p.GetText()); n > s.cfg.MaxPassageBytes {
		return job{}, classifier.Errorf(classifier.ETOOLARGE, "text", "passage text is %d bytes, over the limit of %d bytes", n, s.cfg.MaxPassageBytes)
	}
	if err := classifier.Validate(p.GetText()); err != nil {
		return job{}, err
	}
	if n := len(targets); n > s.cfg.MaxTargets {
		return job{}, invalid(fieldTargets, "%d targets requested, over the limit of %d", n, s.cfg.MaxTargets)
	}
	for i, t := range targets {
		// No target name is this long, and echoing it in the unknown-target message would let a
		// caller put arbitrary text into errors and logs.
		if len(t) > maxTargetNameBytes {
			return job{}, invalid(fieldTargets, "target %d is %d bytes long; target names are at most %d", i, len(t), maxTargetNameBytes)
		}
	}
	ts, err := c.Targets(targets)
	if err != nil {
		return job{}, err
	}
	return job{id: p.GetId(), text: p.GetText(), targets: ts, enc: enc}, nil
}

// run classifies j with c, sending each span through send as it is emitted, and returns the
// summary.
func (s *Server) run(ctx context.Context, c *classifier.Classifier, j job, send func(*stancev1.Span) error) (*stancev1.Summary, error) {
	conv := newConverter(j.id, j.text, j.enc)
	sum, err := c.Classify(ctx, j.text, j.targets, func(sp classifier.Span) error {
		if s.hooks.emitted != nil {
			s.hooks.emitted()
		}
		return send(conv.span(sp))
	})
	if err != nil {
		return nil, err
	}
	return conv.summary(sum), nil
}

func (s *Server) enter(method string) {
	if s.hooks.enter != nil {
		s.hooks.enter(method)
	}
}

func (s *Server) done(err error) {
	if s.hooks.done != nil {
		s.hooks.done(err)
	}
}

// ctxErr returns the context's error when ctx has ended (a failed Send after the caller left is
// reported as the cancellation or deadline it is), and err otherwise.
func ctxErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}
