package client

import (
	"context"
	"errors"
	"io"
	"iter"
	"sync/atomic"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// ClassifyOption configures one Classify call.
type ClassifyOption func(*stancev1.ClassifyRequest)

// WithTargets limits the call to the named targets; by default the server scores every target.
func WithTargets(targets ...string) ClassifyOption {
	return func(r *stancev1.ClassifyRequest) { r.Targets = append(r.Targets, targets...) }
}

// WithEncoding sets the unit of every offset in the answer (UTF-8 bytes by default).
func WithEncoding(enc stancev1.EncodingType) ClassifyOption {
	return func(r *stancev1.ClassifyRequest) { r.EncodingType = enc }
}

// WithPassageID sets the passage id the server echoes in every span and in the summary.
func WithPassageID(id string) ClassifyOption {
	return func(r *stancev1.ClassifyRequest) { r.Passage.Id = id }
}

// ErrNoSummary is the error a Result yields when the server ends the stream without a summary.
var ErrNoSummary = errors.New("client: classify stream ended without a summary")

// ErrConsumed is the error a Result yields when Spans is ranged over a second time.
var ErrConsumed = errors.New("client: classify result already consumed")

// Result is the answer to one Classify call. Nothing is sent until Spans is ranged over; a Result
// can be ranged over once.
type Result struct {
	c       *Client
	ctx     context.Context
	req     *stancev1.ClassifyRequest
	used    atomic.Bool
	summary *stancev1.Summary
}

// Classify asks the server for the stances in text. The call starts when the returned Result's
// Spans is ranged over:
//
//	res := c.Classify(ctx, text, client.WithTargets("negotiation"))
//	for span, err := range res.Spans() {
//		if err != nil {
//			return err
//		}
//		fmt.Println(span.GetSentenceIndex(), span.GetStance())
//	}
//	sum := res.Summary()
func (c *Client) Classify(ctx context.Context, text string, opts ...ClassifyOption) *Result {
	req := &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: text}}
	for _, o := range opts {
		o(req)
	}
	return &Result{c: c, ctx: ctx, req: req}
}

// Spans returns an iterator over the spans of the answer, in the order the server sends them.
// An error ends the iteration: it is yielded once with a nil span. It is the gRPC status error
// as received (see google.golang.org/grpc/status), ErrNoSummary, or ErrConsumed. Breaking out of
// the loop cancels the call.
func (r *Result) Spans() iter.Seq2[*stancev1.Span, error] {
	return func(yield func(*stancev1.Span, error) bool) {
		if r.used.Swap(true) {
			yield(nil, ErrConsumed)
			return
		}
		ctx, cancel := context.WithCancel(r.ctx)
		defer cancel()
		var received atomic.Bool
		stream, err := r.c.stub.Classify(ctx, r.req, retryUntilFirstMessage(&received))
		if err != nil {
			yield(nil, err)
			return
		}
		var summary *stancev1.Summary
		for {
			msg, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				if summary == nil {
					yield(nil, ErrNoSummary)
				}
				r.summary = summary
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			received.Store(true)
			switch res := msg.GetResult().(type) {
			case *stancev1.ClassifyResponse_Span:
				if !yield(res.Span, nil) {
					return
				}
			case *stancev1.ClassifyResponse_Summary:
				summary = res.Summary
			}
		}
	}
}

// Summary returns the passage summary once Spans has been ranged over to its end; it is nil
// before, after an error, or when the loop was left early.
func (r *Result) Summary() *stancev1.Summary { return r.summary }

// All ranges over the answer and returns its spans and summary, or the first error.
func (r *Result) All() ([]*stancev1.Span, *stancev1.Summary, error) {
	var spans []*stancev1.Span
	for sp, err := range r.Spans() {
		if err != nil {
			return spans, nil, err
		}
		spans = append(spans, sp)
	}
	return spans, r.summary, nil
}
