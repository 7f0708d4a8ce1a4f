package server

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// gate holds every call at its first emitted span until it is opened.
type gate struct {
	entered chan struct{}
	open    chan struct{}
	once    sync.Once
}

func newGate(calls int) *gate {
	return &gate{entered: make(chan struct{}, calls), open: make(chan struct{})}
}

func (g *gate) hooks() hooks {
	return hooks{emitted: func() {
		select {
		case <-g.open:
			return
		default:
		}
		g.entered <- struct{}{}
		<-g.open
	}}
}

func (g *gate) release() { g.once.Do(func() { close(g.open) }) }

// waitEntered waits until n calls are held at the gate.
func (g *gate) waitEntered(ctx context.Context, t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-g.entered:
		case <-ctx.Done():
			t.Fatal("calls never reached the gate")
		}
	}
}

type streamClient = grpc.BidiStreamingClient[stancev1.ClassifyStreamRequest, stancev1.ClassifyStreamResponse]

// untilSummaryOrError reads a stream until the summary or error about one passage, or the call's
// end; it returns whether a summary came and the call's error, if it ended.
func untilSummaryOrError(stream streamClient) (summary bool, err error) {
	for {
		resp, err := stream.Recv()
		if err != nil {
			return false, err
		}
		if resp.GetSummary() != nil {
			return true, nil
		}
		if resp.GetError() != nil {
			return false, nil
		}
	}
}

func sendPassage(t *testing.T, stream streamClient, id, text string) {
	t.Helper()
	if err := stream.Send(&stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: id, Text: text}}); err != nil {
		t.Fatalf("send %s: %v", id, err)
	}
}

func TestDrain(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, env *testEnv, g *gate)
	}{
		{"a stream waiting for its next passage ends with Unavailable", func(t *testing.T, env *testEnv, g *gate) {
			g.release()
			stream, err := env.client.ClassifyStream(guardCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			sendPassage(t, stream, "first", "Talks must resume.")
			if ok, err := untilSummaryOrError(stream); !ok {
				t.Fatalf("first passage: %v", err)
			}
			env.srv.Drain()
			if _, err := untilSummaryOrError(stream); status.Code(err) != codes.Unavailable {
				t.Fatalf("after draining: %v, want Unavailable", err)
			}
		}},
		{"a stream started after draining ends at once with Unavailable", func(t *testing.T, env *testEnv, g *gate) {
			g.release()
			env.srv.Drain()
			stream, err := env.client.ClassifyStream(guardCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := untilSummaryOrError(stream); status.Code(err) != codes.Unavailable {
				t.Fatalf("stream: %v, want Unavailable", err)
			}
		}},
		{"a stream in the middle of a passage answers it in full, then ends with Unavailable", func(t *testing.T, env *testEnv, g *gate) {
			ctx := guardCtx(t)
			stream, err := env.client.ClassifyStream(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sendPassage(t, stream, "seed", seedText(t))
			g.waitEntered(ctx, t, 1)
			env.srv.Drain()
			g.release()
			if ok, err := untilSummaryOrError(stream); !ok {
				t.Fatalf("passage in progress: %v, want its summary", err)
			}
			if _, err := untilSummaryOrError(stream); status.Code(err) != codes.Unavailable {
				t.Fatalf("after the passage: %v, want Unavailable", err)
			}
		}},
		{"a Classify call in progress finishes", func(t *testing.T, env *testEnv, g *gate) {
			ctx := guardCtx(t)
			errc := make(chan error, 1)
			go func() {
				_, _, err := classify(ctx, t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: seedText(t)}})
				errc <- err
			}()
			g.waitEntered(ctx, t, 1)
			env.srv.Drain()
			g.release()
			if err := <-errc; err != nil {
				t.Fatalf("classify: %v", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newGate(4)
			env := newEnv(t, envOptions{hooks: g.hooks()})
			t.Cleanup(g.release)
			tc.run(t, env, g)
		})
	}
}

// TestShutdownUnderLoad stops a server with calls in flight through Shutdown, the function
// stanced calls on SIGTERM.
func TestShutdownUnderLoad(t *testing.T) {
	tests := []struct {
		name string
		// cutOff ends the grace period before the held calls are let go.
		cutOff bool
	}{
		{name: "calls in flight finish within the grace period and idle streams end with Unavailable"},
		{name: "calls still running when the grace period is over end with Unavailable", cutOff: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const held = 3 // two Classify calls and one ClassifyStream call, each held mid-passage
			g := newGate(held)
			env := newEnv(t, envOptions{hooks: g.hooks()})
			t.Cleanup(g.release)
			ctx := guardCtx(t)
			seed := seedText(t)

			watchCtx, stopWatching := context.WithCancel(ctx)
			defer stopWatching()
			watch, err := healthpb.NewHealthClient(env.conn).Watch(watchCtx, &healthpb.HealthCheckRequest{Service: serviceName})
			if err != nil {
				t.Fatal(err)
			}
			if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				t.Fatalf("health before shutdown: %v %v", resp, err)
			}

			classifyErrs := make(chan error, 2)
			for range 2 {
				go func() {
					_, _, err := classify(ctx, t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Text: seed}})
					classifyErrs <- err
				}()
			}
			busy, err := env.client.ClassifyStream(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sendPassage(t, busy, "seed", seed)
			idle, err := env.client.ClassifyStream(ctx)
			if err != nil {
				t.Fatal(err)
			}
			g.waitEntered(ctx, t, held)
			// The idle stream answers one passage (the gate is shut, so it is short and emits no
			// span) and then waits for the next.
			sendPassage(t, idle, "quiet", "The weather was mild.")
			if ok, err := untilSummaryOrError(idle); !ok {
				t.Fatalf("idle stream's passage: %v", err)
			}

			graceCtx, endGrace := context.WithCancel(ctx)
			defer endGrace()
			stopped := make(chan struct{})
			go func() {
				Shutdown(graceCtx, slog.New(slog.DiscardHandler), env.srv, env.gs, env.health)
				close(stopped)
			}()

			t.Run("health turns NOT_SERVING while the calls are still held", func(t *testing.T) {
				resp, err := watch.Recv()
				if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
					t.Fatalf("health after shutdown began: %v %v", resp, err)
				}
				stopWatching()
			})
			t.Run("the idle stream ends with Unavailable", func(t *testing.T) {
				if _, err := untilSummaryOrError(idle); status.Code(err) != codes.Unavailable {
					t.Fatalf("idle stream: %v, want Unavailable", err)
				}
			})
			if tc.cutOff {
				endGrace()
				select {
				case <-stopped:
				case <-ctx.Done():
					t.Fatal("Shutdown did not return after the grace period")
				}
			}
			g.release()
			t.Run("each held call finishes or ends with Unavailable", func(t *testing.T) {
				check := func(what string, err error) {
					t.Helper()
					if tc.cutOff && status.Code(err) != codes.Unavailable {
						t.Fatalf("%s: %v, want Unavailable after the grace period", what, err)
					}
					if !tc.cutOff && err != nil {
						t.Fatalf("%s: %v, want it to finish", what, err)
					}
				}
				for range 2 {
					check("classify", <-classifyErrs)
				}
				ok, err := untilSummaryOrError(busy)
				if !tc.cutOff && !ok {
					t.Fatalf("busy stream: %v, want its passage's summary", err)
				}
				if ok {
					_, err = untilSummaryOrError(busy)
				}
				if status.Code(err) != codes.Unavailable {
					t.Fatalf("busy stream: %v, want Unavailable after its passage", err)
				}
			})
			t.Run("Shutdown returns", func(t *testing.T) {
				select {
				case <-stopped:
				case <-ctx.Done():
					t.Fatal("Shutdown did not return")
				}
			})
			t.Run("new calls are refused", func(t *testing.T) {
				_, err := env.client.ListTargets(ctx, &stancev1.ListTargetsRequest{})
				if status.Code(err) != codes.Unavailable {
					t.Fatalf("list targets after shutdown: %v, want Unavailable", err)
				}
			})
		})
	}
}
