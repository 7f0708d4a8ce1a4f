package client_test

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/test/bufconn"

	"github.com/stance-project/stance/client"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// fakeServer is a StanceServiceServer whose answers the tests set.
type fakeServer struct {
	stancev1.UnimplementedStanceServiceServer
	name string

	mu       sync.Mutex
	requests []*stancev1.ClassifyRequest

	listCalls     atomic.Int32
	classifyCalls atomic.Int32
	// listErrs are returned, in turn, by the first ListTargets calls.
	listErrs []error
	// classifyErrs are returned, in turn, by the first Classify calls before anything is sent.
	classifyErrs []error
	// spans are sent by Classify, then a summary unless failAfter is set.
	spans     []*stancev1.Span
	failAfter error
	// failAfterCalls, when not zero, limits failAfter to that many Classify calls (counting
	// those that failed on classifyErrs); the later ones end with a summary.
	failAfterCalls int
	noSummary      bool
	// endless makes Classify send spans until the call ends, then report on done.
	endless bool
	done    chan error
}

func (f *fakeServer) ListTargets(ctx context.Context, _ *stancev1.ListTargetsRequest) (*stancev1.ListTargetsResponse, error) {
	n := int(f.listCalls.Add(1))
	if n <= len(f.listErrs) {
		return nil, f.listErrs[n-1]
	}
	return &stancev1.ListTargetsResponse{Targets: []*stancev1.Target{
		{Name: "international_pressure", Description: "pressure from abroad (" + f.name + ")", LexiconSize: 40, Version: "1", Source: "embedded"},
		{Name: "negotiation", Description: "talks and dialogue", LexiconSize: 50, Version: "1", Source: "embedded"},
	}}, nil
}

func (f *fakeServer) Classify(req *stancev1.ClassifyRequest, stream grpc.ServerStreamingServer[stancev1.ClassifyResponse]) error {
	n := int(f.classifyCalls.Add(1))
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	if n <= len(f.classifyErrs) {
		return f.classifyErrs[n-1]
	}
	if f.endless {
		for i := 0; ; i++ {
			sp := &stancev1.Span{PassageId: req.GetPassage().GetId(), SentenceIndex: int32(i), Target: "negotiation"}
			if err := stream.Send(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Span{Span: sp}}); err != nil {
				<-stream.Context().Done()
				f.done <- stream.Context().Err()
				return err
			}
			if err := stream.Context().Err(); err != nil {
				f.done <- err
				return err
			}
		}
	}
	for _, sp := range f.spans {
		if err := stream.Send(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Span{Span: sp}}); err != nil {
			return err
		}
	}
	if f.noSummary || f.failAfter != nil && (f.failAfterCalls == 0 || n <= f.failAfterCalls) {
		return f.failAfter
	}
	return stream.Send(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Summary{Summary: &stancev1.Summary{
		PassageId: req.GetPassage().GetId(), SentenceCount: 3, SpanCount: int32(len(f.spans)),
	}}})
}

// lastRequest returns the last Classify request the server got.
func (f *fakeServer) lastRequest() *stancev1.ClassifyRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

// servers starts one in-memory gRPC server per fake, each under its name, and returns a dialer
// that reaches them by name.
func servers(t testing.TB, fakes ...*fakeServer) client.Option {
	opt, _ := startServers(t, fakes...)
	return opt
}

// startServers is servers that also returns a function stopping the servers (they stop at the
// end of the test in any case).
func startServers(t testing.TB, fakes ...*fakeServer) (client.Option, func()) {
	t.Helper()
	lis := map[string]*bufconn.Listener{}
	var stops []func()
	for _, f := range fakes {
		l := bufconn.Listen(1 << 20)
		s := grpc.NewServer()
		stancev1.RegisterStanceServiceServer(s, f)
		go s.Serve(l)
		t.Cleanup(s.Stop)
		stops = append(stops, s.Stop)
		lis[f.name] = l
	}
	stop := func() {
		for _, s := range stops {
			s()
		}
	}
	return client.WithDialer(func(ctx context.Context, addr string) (net.Conn, error) {
		l, ok := lis[addr]
		if !ok {
			return nil, &net.AddrError{Err: "no such fake server", Addr: addr}
		}
		return l.DialContext(ctx)
	}), stop
}

// dial returns a client of fake f (passthrough, so the address reaches the dialer as is).
func dial(t testing.TB, f *fakeServer, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.Dial("passthrough:///"+f.name, append([]client.Option{servers(t, f)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
