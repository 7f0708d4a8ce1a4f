package server

import (
	"context"
	"log/slog"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
)

// Shutdown stops gs, which serves s, gracefully. It reports NOT_SERVING on hs at once, so health
// watchers and load balancers see it while calls are still in flight; drains s (ClassifyStream
// calls end with Unavailable after the passage they are on); stops accepting connections and
// calls; and waits for the calls in flight to finish until ctx ends: that is the grace period.
// Calls still running then are cut off: their callers get Unavailable and their contexts are
// canceled. Shutdown returns once every call has ended or, after the grace period, once gs has
// closed its connections, without waiting for handlers that have not yet noticed the
// cancellation.
func Shutdown(ctx context.Context, log *slog.Logger, s *Server, gs *grpc.Server, hs *health.Server) {
	hs.Shutdown()
	s.Drain()
	done := make(chan struct{})
	go func() {
		gs.GracefulStop()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		log.Warn("grace period over; closing the calls still in flight")
		gs.Stop()
	}
}
