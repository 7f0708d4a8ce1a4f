package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// slowRefill is so slow that no bucket gains a token while a test runs.
const slowRefill = 1e-6

func TestRateLimit(t *testing.T) {
	const burst = 3
	limit := RateLimit{PerSecond: slowRefill, Burst: burst}
	short := &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: "Talks must resume."}}

	// Each case gives two callers; the first makes burst+1 calls, the second one.
	tests := []struct {
		name    string
		env     func(t *testing.T) *testEnv
		callers func(t *testing.T, env *testEnv) (first, second func() (context.Context, stancev1.StanceServiceClient))
	}{
		{
			name: "with tokens, each token is a caller",
			env: func(t *testing.T) *testEnv {
				return newEnv(t, envOptions{grpc: Options{Tokens: testTokens(t), RateLimit: limit}})
			},
			callers: func(t *testing.T, env *testEnv) (first, second func() (context.Context, stancev1.StanceServiceClient)) {
				// Both tokens share one connection: the token, not the connection, is the caller.
				return func() (context.Context, stancev1.StanceServiceClient) {
						return withAuth(guardCtx(t), "Bearer "+tokenA), env.client
					}, func() (context.Context, stancev1.StanceServiceClient) {
						return withAuth(guardCtx(t), "Bearer "+tokenB), env.client
					}
			},
		},
		{
			name: "without tokens, each peer IP address is a caller",
			env: func(t *testing.T) *testEnv {
				return newEnv(t, envOptions{tcp: true, grpc: Options{RateLimit: limit}})
			},
			callers: func(t *testing.T, env *testEnv) (first, second func() (context.Context, stancev1.StanceServiceClient)) {
				// A second connection from the same address shares the first one's bucket; one
				// from 127.0.0.2 has its own.
				sameIP := stancev1.NewStanceServiceClient(env.dial(t, grpc.WithTransportCredentials(insecure.NewCredentials())))
				otherIP := stancev1.NewStanceServiceClient(env.dial(t, grpc.WithTransportCredentials(insecure.NewCredentials()),
					grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
						d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
						return d.DialContext(ctx, "tcp", addr)
					})))
				n := 0
				return func() (context.Context, stancev1.StanceServiceClient) {
						n++
						if n%2 == 0 {
							return guardCtx(t), sameIP
						}
						return guardCtx(t), env.client
					}, func() (context.Context, stancev1.StanceServiceClient) {
						return guardCtx(t), otherIP
					}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := tc.env(t)
			first, second := tc.callers(t, env)
			for i := 1; i <= burst; i++ {
				ctx, c := first()
				if _, _, err := classify(ctx, t, c, short); err != nil {
					t.Fatalf("call %d of %d within the burst: %v", i, burst, err)
				}
			}
			t.Run("the call past the burst is refused with ResourceExhausted saying why", func(t *testing.T) {
				ctx, c := first()
				_, err := c.ListTargets(ctx, &stancev1.ListTargetsRequest{})
				wantStatus(t, err, codes.ResourceExhausted, "")
				if msg := status.Convert(err).Message(); !strings.Contains(msg, "rate limit of") {
					t.Fatalf("message %q does not say it is the rate limit", msg)
				}
			})
			t.Run("another caller is unaffected", func(t *testing.T) {
				ctx, c := second()
				if _, _, err := classify(ctx, t, c, short); err != nil {
					t.Fatalf("classify: %v", err)
				}
			})
			t.Run("health checks are not rate limited", func(t *testing.T) {
				ctx, _ := first()
				for range burst + 1 {
					if _, err := healthpb.NewHealthClient(env.conn).Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
						t.Fatalf("health check: %v", err)
					}
				}
			})
		})
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func callerCtx(who string) context.Context {
	return context.WithValue(context.Background(), callerKey{}, who)
}

func TestCallerLimiterForgetsIdleCallers(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, l *callerLimiter, clock *fakeClock)
	}{
		{"a caller idle for longer than its bucket takes to refill is forgotten", func(t *testing.T, l *callerLimiter, clock *fakeClock) {
			l.Limit(callerCtx("a"))
			clock.t = clock.t.Add(l.idle)
			l.Limit(callerCtx("b"))
			if n := l.len(); n != 1 {
				t.Fatalf("%d buckets kept, want 1 (b's)", n)
			}
		}},
		{"a caller seen within the idle time is kept at a sweep, with its bucket as it was", func(t *testing.T, l *callerLimiter, clock *fakeClock) {
			start := clock.t
			clock.t = start.Add(l.idle - time.Millisecond)
			for range 2 {
				if err := l.Limit(callerCtx("a")); err != nil {
					t.Fatal(err)
				}
			}
			clock.t = start.Add(l.idle) // b's call sweeps
			l.Limit(callerCtx("b"))
			if n := l.len(); n != 2 {
				t.Fatalf("%d buckets kept, want 2", n)
			}
			if err := l.Limit(callerCtx("a")); err == nil {
				t.Fatal("a's empty bucket was refilled")
			}
		}},
		{"no more than the cap of callers is kept however many call", func(t *testing.T, l *callerLimiter, clock *fakeClock) {
			l.max = 16
			for i := range 1000 {
				if err := l.Limit(callerCtx(fmt.Sprint("caller-", i))); err != nil {
					t.Fatalf("a new caller was refused: %v", err)
				}
				clock.t = clock.t.Add(time.Millisecond)
			}
			if n := l.len(); n > 16 {
				t.Fatalf("%d buckets kept, over the cap of 16", n)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
			tc.run(t, newCallerLimiter(RateLimit{PerSecond: slowRefill, Burst: 2}, clock.now), clock)
		})
	}
}

func TestMaxInFlight(t *testing.T) {
	const max = 2
	env := newEnv(t, envOptions{grpc: Options{MaxInFlight: max}})
	ctx := guardCtx(t)
	// Hold max ClassifyStream calls open, each having answered one passage, so the server is
	// surely running them.
	var held []grpc.BidiStreamingClient[stancev1.ClassifyStreamRequest, stancev1.ClassifyStreamResponse]
	for i := range max {
		stream, err := env.client.ClassifyStream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := stream.Send(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: fmt.Sprint(i), Text: "Talks must resume."}}); err != nil {
			t.Fatal(err)
		}
		for {
			resp, err := stream.Recv()
			if err != nil {
				t.Fatalf("stream %d: %v", i, err)
			}
			if resp.GetSummary() != nil {
				break
			}
		}
		held = append(held, stream)
	}
	short := &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: "Talks must resume."}}
	t.Run("a Classify call over the cap is refused with ResourceExhausted", func(t *testing.T) {
		_, _, err := classify(ctx, t, env.client, short)
		wantStatus(t, err, codes.ResourceExhausted, "")
		if msg := status.Convert(err).Message(); !strings.Contains(msg, "limit of 2") {
			t.Fatalf("message %q does not give the limit", msg)
		}
	})
	t.Run("a ClassifyStream call over the cap is refused with ResourceExhausted", func(t *testing.T) {
		stream, err := env.client.ClassifyStream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = stream.Recv()
		wantStatus(t, err, codes.ResourceExhausted, "")
	})
	t.Run("ListTargets is not capped", func(t *testing.T) {
		if _, err := env.client.ListTargets(ctx, &stancev1.ListTargetsRequest{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a call is served again once one in flight has ended", func(t *testing.T) {
		if err := held[0].CloseSend(); err != nil {
			t.Fatal(err)
		}
		if _, err := held[0].Recv(); !errors.Is(err, io.EOF) {
			t.Fatalf("closing stream: %v", err)
		}
		if _, _, err := classify(ctx, t, env.client, short); err != nil {
			t.Fatalf("classify: %v", err)
		}
	})
}

func TestMaxSendBytes(t *testing.T) {
	env := newEnv(t, envOptions{cfg: Config{MaxSendBytes: 64}})
	_, _, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: seedText(t)}})
	t.Run("an answer over the send limit fails the call with ResourceExhausted", func(t *testing.T) {
		wantStatus(t, err, codes.ResourceExhausted, "")
	})
}

func TestRateLimitCountsStreamedPassages(t *testing.T) {
	const burst = 3
	env := newEnv(t, envOptions{grpc: Options{Tokens: testTokens(t), RateLimit: RateLimit{PerSecond: slowRefill, Burst: burst}}})
	ctx := withAuth(guardCtx(t), "Bearer "+tokenA)
	stream, err := env.client.ClassifyStream(ctx)
	if err != nil {
		t.Fatalf("new stream: %v", err)
	}
	// The call takes one token and pays for its first passage; the next two passages take the
	// other two, and the last two find the bucket empty.
	ids := []string{"p1", "p2", "p3", "p4", "p5"}
	for _, id := range ids {
		if err := stream.Send(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: id, Text: "Talks must resume."}}); err != nil {
			t.Fatalf("send %s: %v", id, err)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatalf("close send: %v", err)
	}
	got := newAnswers()
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the stream ended with %v, want it to go on past refused passages", err)
		}
		got.add(t, resp)
	}
	for _, id := range ids[:3] {
		if got.summary[id] == nil || got.errs[id] != nil {
			t.Errorf("passage %s within the burst: summary %v, error %v", id, got.summary[id], got.errs[id])
		}
	}
	for _, id := range ids[3:] {
		e := got.errs[id]
		if e == nil || codes.Code(e.GetCode()) != codes.ResourceExhausted || !strings.Contains(e.GetMessage(), "rate limit of") {
			t.Errorf("passage %s past the burst: error %v, want ResourceExhausted naming the rate limit", id, e)
		}
		if got.summary[id] != nil || len(got.spans[id]) != 0 {
			t.Errorf("passage %s past the burst was refused yet answered", id)
		}
	}
	t.Run("the stream spent the caller's tokens: its next call is refused", func(t *testing.T) {
		_, err := env.client.ListTargets(withAuth(guardCtx(t), "Bearer "+tokenA), &stancev1.ListTargetsRequest{})
		wantStatus(t, err, codes.ResourceExhausted, "")
	})
	t.Run("another caller is unaffected", func(t *testing.T) {
		if _, err := env.client.ListTargets(withAuth(guardCtx(t), "Bearer "+tokenB), &stancev1.ListTargetsRequest{}); err != nil {
			t.Fatalf("list targets: %v", err)
		}
	})
}
