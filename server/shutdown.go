package server

import (
	"log/slog"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
)

// Shutdown stops gs, which serves s, gracefully. It reports NOT_SERVING on hs at once, so health
// watchers and load balancers see it while calls are still in flight; drains s (ClassifyStream
// calls end with Unavailable after the passage they are on); stops accepting connections and
// calls; and waits up to grace for the calls in flight to finish. Calls still running then are
// cut off and fail with Unavailable. Shutdown returns once gs has stopped.
func Shutdown(log *slog.Logger, s *Server, gs *grpc.Server, hs *health.Server, grace time.Duration) {
	hs.Shutdown()
	s.Drain()
	done := make(chan struct{})
	go func() {
		gs.GracefulStop()
		close(done)
	}()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		log.Warn("grace period over; closing the calls still in flight", "grace", grace)
		gs.Stop()
		<-done
	}
}
