package client_test

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/stance-project/stance/client"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func seedSpans() []*stancev1.Span {
	return []*stancev1.Span{
		{SentenceIndex: 0, Target: "negotiation", Stance: stancev1.Stance_STANCE_AGAINST, Score: -0.6,
			Holder: &stancev1.Holder{Name: "Sam Rainsy"}},
		{SentenceIndex: 2, Target: "international_pressure", Stance: stancev1.Stance_STANCE_FAVOR, Score: 0.5},
	}
}

func TestClassifyYieldsSpansThenSummary(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans()}
	c := dial(t, f)
	res := c.Classify(context.Background(), "Some text.", client.WithTargets("negotiation", "international_pressure"),
		client.WithEncoding(stancev1.EncodingType_ENCODING_TYPE_UTF16), client.WithPassageID("p1"))
	if res.Summary() != nil {
		t.Fatal("summary before iteration")
	}
	var got []string
	for sp, err := range res.Spans() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, sp.GetTarget())
	}
	if strings.Join(got, ",") != "negotiation,international_pressure" {
		t.Errorf("spans = %v", got)
	}
	sum := res.Summary()
	if sum == nil || sum.GetPassageId() != "p1" || sum.GetSpanCount() != 2 {
		t.Errorf("summary = %v", sum)
	}
	req := f.lastRequest()
	if req.GetPassage().GetText() != "Some text." || len(req.GetTargets()) != 2 ||
		req.GetEncodingType() != stancev1.EncodingType_ENCODING_TYPE_UTF16 {
		t.Errorf("request = %v", req)
	}
	for _, err := range res.Spans() {
		if !errors.Is(err, client.ErrConsumed) {
			t.Errorf("second range: err = %v, want ErrConsumed", err)
		}
	}
}

func TestClassifyErrorSurfacesInIterator(t *testing.T) {
	st, err := status.New(codes.InvalidArgument, "unknown target \"elections\"").WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "targets", Description: "unknown target"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{name: "one", classifyErrs: []error{st.Err()}}
	c := dial(t, f)
	spans, sum, err := c.Classify(context.Background(), "text", client.WithTargets("elections")).All()
	if status.Code(err) != codes.InvalidArgument || len(spans) != 0 || sum != nil {
		t.Fatalf("All = %v, %v, %v", spans, sum, err)
	}
	var br *errdetails.BadRequest
	for _, d := range status.Convert(err).Details() {
		if b, ok := d.(*errdetails.BadRequest); ok {
			br = b
		}
	}
	if br == nil || br.GetFieldViolations()[0].GetField() != "targets" {
		t.Errorf("details = %v", status.Convert(err).Details())
	}
	if n := f.classifyCalls.Load(); n != 1 {
		t.Errorf("InvalidArgument was tried %d times, want 1", n)
	}
}

func TestClassifyErrorAfterSpans(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans(), failAfter: status.Error(codes.Unavailable, "going away")}
	c := dial(t, f, client.WithRetry(3, time.Millisecond))
	res := c.Classify(context.Background(), "text")
	var n int
	var last error
	for sp, err := range res.Spans() {
		if err != nil {
			if sp != nil {
				t.Error("span with an error")
			}
			last = err
			continue
		}
		n++
	}
	if n != 2 || status.Code(last) != codes.Unavailable {
		t.Errorf("got %d spans and %v, want 2 spans and Unavailable", n, last)
	}
	if calls := f.classifyCalls.Load(); calls != 1 {
		t.Errorf("Classify was called %d times after spans were seen, want 1 (no retry)", calls)
	}
	if res.Summary() != nil {
		t.Error("summary after an error")
	}
}

func TestAllRetriesCallCutAfterSpans(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans(), failAfter: status.Error(codes.Unavailable, "going away"), failAfterCalls: 2}
	c := dial(t, f, client.WithRetry(4, time.Millisecond))
	spans, sum, err := c.Classify(context.Background(), "text").All()
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 2 || sum == nil || sum.GetSpanCount() != 2 {
		t.Errorf("got %d spans, summary %v; want the 2 spans of the last call and its summary", len(spans), sum)
	}
	if n := f.classifyCalls.Load(); n != 3 {
		t.Errorf("Classify called %d times, want 3 (two cut off, one whole)", n)
	}
}

func TestAllGivesUpOnCallsCutAfterSpans(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans(), failAfter: status.Error(codes.Unavailable, "going away")}
	c := dial(t, f, client.WithRetry(3, time.Millisecond))
	spans, sum, err := c.Classify(context.Background(), "text").All()
	if status.Code(err) != codes.Unavailable || len(spans) != 2 || sum != nil {
		t.Fatalf("All = %d spans, %v, %v; want 2 spans, no summary, Unavailable", len(spans), sum, err)
	}
	if n := f.classifyCalls.Load(); n != 3 {
		t.Errorf("Classify called %d times, want 3 (WithRetry's attempts)", n)
	}
}

func TestAllDoesNotRetryOtherCodesAfterSpans(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans(), failAfter: status.Error(codes.Internal, "broken")}
	c := dial(t, f, client.WithRetry(3, time.Millisecond))
	if _, _, err := c.Classify(context.Background(), "text").All(); status.Code(err) != codes.Internal {
		t.Fatalf("err = %v, want Internal", err)
	}
	if n := f.classifyCalls.Load(); n != 1 {
		t.Errorf("Classify called %d times, want 1", n)
	}
}

func TestAllCutAfterSpansStopsWithContext(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans(), failAfter: status.Error(codes.Unavailable, "going away")}
	c := dial(t, f, client.WithRetry(5, time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	res := c.Classify(ctx, "text")
	done := make(chan error, 1)
	go func() {
		_, _, err := res.All()
		done <- err
	}()
	for f.classifyCalls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	// Canceled when the cancellation came before the first call was cut off; either way All
	// does not wait out the hour of backoff.
	if err := <-done; status.Code(err) != codes.Unavailable && status.Code(err) != codes.Canceled {
		t.Fatalf("err = %v, want Unavailable or Canceled", err)
	}
	if n := f.classifyCalls.Load(); n != 1 {
		t.Errorf("Classify called %d times, want 1", n)
	}
}

func TestClassifyNoSummary(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans(), noSummary: true}
	c := dial(t, f)
	spans, _, err := c.Classify(context.Background(), "text").All()
	if !errors.Is(err, client.ErrNoSummary) || len(spans) != 2 {
		t.Fatalf("All = %d spans, %v; want 2 spans, ErrNoSummary", len(spans), err)
	}
}

func TestClassifyRetriesUnavailableBeforeFirstMessage(t *testing.T) {
	f := &fakeServer{name: "one", spans: seedSpans(),
		classifyErrs: []error{status.Error(codes.Unavailable, "starting"), status.Error(codes.Unavailable, "starting")}}
	c := dial(t, f, client.WithRetry(4, time.Millisecond))
	spans, sum, err := c.Classify(context.Background(), "text").All()
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 2 || sum == nil {
		t.Errorf("got %d spans, summary %v", len(spans), sum)
	}
	if n := f.classifyCalls.Load(); n != 3 {
		t.Errorf("Classify called %d times, want 3", n)
	}
}

func TestBreakCancelsCall(t *testing.T) {
	before := goleak.IgnoreCurrent()
	f := &fakeServer{name: "one", endless: true, done: make(chan error, 1)}
	opt, stop := startServers(t, f)
	c, err := client.Dial("passthrough:///one", opt)
	if err != nil {
		t.Fatal(err)
	}
	res := c.Classify(context.Background(), "text")
	n := 0
	for _, err := range res.Spans() {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if err := <-f.done; !errors.Is(err, context.Canceled) {
		t.Errorf("server saw %v, want context.Canceled", err)
	}
	if res.Summary() != nil {
		t.Error("summary after break")
	}
	c.Close()
	stop()
	goleak.VerifyNone(t, before)
}

func TestListTargetsRetriesUnavailable(t *testing.T) {
	f := &fakeServer{name: "one", listErrs: []error{
		status.Error(codes.Unavailable, "not yet"), status.Error(codes.Unavailable, "not yet"),
	}}
	c := dial(t, f, client.WithRetry(3, time.Millisecond))
	ts, err := c.ListTargets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[1].GetName() != "negotiation" {
		t.Errorf("targets = %v", ts)
	}
	if n := f.listCalls.Load(); n != 3 {
		t.Errorf("ListTargets called %d times, want 3", n)
	}
}

func TestListTargetsGivesUp(t *testing.T) {
	unavailable := status.Error(codes.Unavailable, "down")
	f := &fakeServer{name: "one", listErrs: []error{unavailable, unavailable, unavailable, unavailable}}
	c := dial(t, f, client.WithRetry(2, time.Millisecond))
	if _, err := c.ListTargets(context.Background()); status.Code(err) != codes.Unavailable {
		t.Fatalf("err = %v, want Unavailable", err)
	}
	if n := f.listCalls.Load(); n != 2 {
		t.Errorf("ListTargets called %d times, want 2", n)
	}
}

func TestListTargetsDoesNotRetryOtherCodes(t *testing.T) {
	f := &fakeServer{name: "one", listErrs: []error{status.Error(codes.PermissionDenied, "no")}}
	c := dial(t, f, client.WithRetry(3, time.Millisecond))
	if _, err := c.ListTargets(context.Background()); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("err = %v", err)
	}
	if n := f.listCalls.Load(); n != 1 {
		t.Errorf("ListTargets called %d times, want 1", n)
	}
}

func TestRoundRobinAcrossServers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		target string
		opts   []client.Option
	}{
		{"comma list", "a,b", nil},
		{"WithAddresses", "", []client.Option{client.WithAddresses("a", "b")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := &fakeServer{name: "a"}, &fakeServer{name: "b"}
			c, err := client.Dial(tc.target, append([]client.Option{servers(t, a, b)}, tc.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			// round_robin only picks connections that are ready; call until both servers have
			// answered, within a bound.
			for i := 0; i < 200 && (a.listCalls.Load() == 0 || b.listCalls.Load() == 0); i++ {
				if _, err := c.ListTargets(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			if a.listCalls.Load() == 0 || b.listCalls.Load() == 0 {
				t.Errorf("calls: a=%d b=%d, want both > 0", a.listCalls.Load(), b.listCalls.Load())
			}
		})
	}
}

func TestBearerTokenNeedsTLS(t *testing.T) {
	if _, err := client.Dial("localhost:1", client.WithBearerToken("secret")); err == nil {
		t.Fatal("Dial sent a token over plaintext")
	}
	c, err := client.Dial("localhost:1", client.WithBearerToken("secret"), client.WithTLS(&tls.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
