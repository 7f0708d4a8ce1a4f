package client

import (
	"context"
	"errors"
	"io"
	"iter"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

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
		r.call(yield)
	}
}

// call makes the call once, yielding its spans as Spans does and setting r.summary at its end. It
// reports whether any message of the answer arrived.
func (r *Result) call(yield func(*stancev1.Span, error) bool) (received bool) {
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	var got atomic.Bool
	stream, err := r.c.stub.Classify(ctx, r.req, retryUntilFirstMessage(&got))
	if err != nil {
		yield(nil, err)
		return false
	}
	var summary *stancev1.Summary
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if summary == nil {
				yield(nil, ErrNoSummary)
			}
			r.summary = summary
			return got.Load()
		}
		if err != nil {
			yield(nil, err)
			return got.Load()
		}
		got.Store(true)
		switch res := msg.GetResult().(type) {
		case *stancev1.ClassifyResponse_Span:
			if !yield(res.Span, nil) {
				return true
			}
		case *stancev1.ClassifyResponse_Summary:
			summary = res.Summary
		}
	}
}

// Summary returns the passage summary once Spans has been ranged over to its end; it is nil
// before, after an error, or when the loop was left early.
func (r *Result) Summary() *stancev1.Summary { return r.summary }

// All ranges over the answer and returns its spans and summary, or the first error with the spans
// received before it.
//
// Since All hands out nothing before the answer is whole, it also makes the call again, from the
// start, when the answer is cut off with codes.Unavailable after its first message, as when the
// server died mid-answer (classifying has no side effects, so a repeated call is harmless). It
// does so up to the number of attempts set by WithRetry, waiting the same backoff; each new call is
// itself retried on codes.Unavailable until its first message, and round-robin balancing sends it
// to a server that is up.
func (r *Result) All() ([]*stancev1.Span, *stancev1.Summary, error) {
	if r.used.Swap(true) {
		return nil, nil, ErrConsumed
	}
	for attempt := uint(1); ; attempt++ {
		var spans []*stancev1.Span
		var callErr error
		received := r.call(func(sp *stancev1.Span, err error) bool {
			if err != nil {
				callErr = err
				return false
			}
			spans = append(spans, sp)
			return true
		})
		if callErr == nil {
			return spans, r.summary, nil
		}
		if !received || status.Code(callErr) != codes.Unavailable || attempt >= r.c.attempts {
			return spans, nil, callErr
		}
		t := time.NewTimer(r.c.backoff(r.ctx, attempt))
		select {
		case <-r.ctx.Done():
			t.Stop()
			return spans, nil, callErr
		case <-t.C:
		}
	}
}
