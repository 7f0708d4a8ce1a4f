package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"
)

// Options configures the gRPC server NewGRPCServer builds around a Server.
type Options struct {
	// Logger receives one line per finished call (method, code, duration; never payloads) and
	// recovered panics with their stack. Nil uses the Server's logger.
	Logger *slog.Logger
	// Registry, when not nil, gets the server's Prometheus metrics (counters and a handling-time
	// histogram per method). Serve it with MetricsHandler.
	Registry *prometheus.Registry
	// Reflection registers the server reflection service, for tools such as grpcurl.
	Reflection bool
	// Keepalive is the keepalive enforcement policy; the zero value uses DefaultKeepalive.
	Keepalive keepalive.EnforcementPolicy
}

// DefaultKeepalive lets clients ping every 10 seconds at most, with or without streams open;
// clients that ping more often are disconnected with ENHANCE_YOUR_CALM.
var DefaultKeepalive = keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}

// serviceName is the health service name of the StanceService.
const serviceName = "stance.v1.StanceService"

// NewGRPCServer returns a gRPC server with s registered as the StanceService, the standard health
// service reporting SERVING for "" and "stance.v1.StanceService", server reflection when asked,
// the receive limit of s's Config, keepalive enforcement, and interceptors for (outermost first)
// metrics, logging, panic recovery and invalid UTF-8 in requests. It returns the health server so
// the caller can report NOT_SERVING on shutdown.
func NewGRPCServer(s *Server, o Options) (*grpc.Server, *health.Server, error) {
	log := o.Logger
	if log == nil {
		log = s.log
	}
	ka := o.Keepalive
	if ka == (keepalive.EnforcementPolicy{}) {
		ka = DefaultKeepalive
	}
	bad := &badUTF8{}
	logOpts := []logging.Option{
		logging.WithLogOnEvents(logging.FinishCall), // never PayloadReceived/PayloadSent: no passage text in logs
		logging.WithDurationField(func(d time.Duration) logging.Fields { return logging.Fields{"duration", d} }),
	}
	recoverOpts := []recovery.Option{recovery.WithRecoveryHandlerContext(func(ctx context.Context, p any) error {
		method, _ := grpc.Method(ctx)
		log.Error("panic while handling a call", "method", method, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return status.Error(codes.Internal, "internal error")
	})}
	var unary []grpc.UnaryServerInterceptor
	var stream []grpc.StreamServerInterceptor
	var metrics *grpcprom.ServerMetrics
	if o.Registry != nil {
		metrics = grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
			grpcprom.WithHistogramBuckets([]float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}),
		))
		if err := o.Registry.Register(metrics); err != nil {
			return nil, nil, fmt.Errorf("register grpc metrics: %w", err)
		}
		unary = append(unary, metrics.UnaryServerInterceptor())
		stream = append(stream, metrics.StreamServerInterceptor())
	}
	unary = append(unary,
		logging.UnaryServerInterceptor(slogAdapter(log), logOpts...),
		recovery.UnaryServerInterceptor(recoverOpts...),
		checkUnary(bad),
	)
	stream = append(stream,
		logging.StreamServerInterceptor(slogAdapter(log), logOpts...),
		recovery.StreamServerInterceptor(recoverOpts...),
		checkStream(bad),
	)
	gs := grpc.NewServer(
		grpc.ForceServerCodecV2(newUTF8Codec(bad)),
		grpc.MaxRecvMsgSize(s.cfg.MaxRecvBytes),
		grpc.KeepaliveEnforcementPolicy(ka),
		grpc.ChainUnaryInterceptor(unary...),
		grpc.ChainStreamInterceptor(stream...),
	)
	stancev1.RegisterStanceServiceServer(gs, s)
	hs := health.NewServer()
	hs.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	hs.SetServingStatus(serviceName, healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(gs, hs)
	if o.Reflection {
		reflection.Register(gs)
	}
	if metrics != nil {
		metrics.InitializeMetrics(gs)
	}
	return gs, hs, nil
}

// MetricsHandler serves reg's metrics in the Prometheus text format, for /metrics.
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
}

// slogAdapter lets the logging interceptor write to an slog.Logger.
func slogAdapter(l *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(ctx context.Context, lvl logging.Level, msg string, fields ...any) {
		l.Log(ctx, slog.Level(lvl), msg, fields...)
	})
}
