package server

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/ratelimit"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
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
	// KeepaliveParams are the server's keepalive parameters (idle connections closed, pings to
	// detect dead peers); the zero value uses DefaultKeepaliveParams.
	KeepaliveParams keepalive.ServerParameters
	// TLS, when not nil, makes the server speak TLS only (see LoadTLSConfig, and ReloadableTLS for
	// one that SIGHUP can renew); nil means plaintext.
	TLS *tls.Config
	// Tokens, when not nil, makes every call except those of the health and reflection services
	// carry "authorization: Bearer <token>" with one of these tokens, or fail with
	// Unauthenticated. Tokens travel in clear text unless TLS is set.
	Tokens *Tokens
	// RateLimit limits each caller's StanceService calls (see RateLimit); the zero value does not.
	RateLimit RateLimit
	// MaxInFlight caps the Classify and ClassifyStream calls running at once across the server;
	// calls over it fail with ResourceExhausted. Zero means no cap.
	MaxInFlight int
	// MaxConcurrentStreams caps the calls open at once on one connection (HTTP/2 streams); a
	// client over it waits for one to end. Zero leaves grpc-go's default (no cap).
	MaxConcurrentStreams uint32
}

// DefaultKeepalive lets clients ping every 10 seconds at most, with or without streams open;
// clients that ping more often are disconnected with ENHANCE_YOUR_CALM.
var DefaultKeepalive = keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}

// DefaultKeepaliveParams close connections that have had no call for 5 minutes (clients reconnect
// when they need to) and ping a connection that has been quiet for a minute, closing it when the
// ping is not answered within 20 seconds. Connections are not closed for their age, so that long
// ClassifyStream calls are never cut off.
var DefaultKeepaliveParams = keepalive.ServerParameters{
	MaxConnectionIdle: 5 * time.Minute,
	Time:              time.Minute,
	Timeout:           20 * time.Second,
}

// handshakeTimeout bounds the time a new connection has to complete its TLS and HTTP/2 handshakes,
// so that connections opened and left silent do not pile up.
const handshakeTimeout = 20 * time.Second

// serviceName is the health service name of the StanceService.
const serviceName = "stance.v1.StanceService"

// NewGRPCServer returns a gRPC server with s registered as the StanceService, the standard health
// service reporting SERVING for "" and "stance.v1.StanceService", server reflection when asked,
// the receive and send limits of s's Config, keepalive enforcement and parameters, TLS when o.TLS
// is set, and interceptors for (outermost first) metrics, logging, panic recovery, bearer-token
// authentication (when o.Tokens is set; health and reflection stay open), per-caller rate limiting
// of StanceService calls, the cap on Classify and ClassifyStream calls in flight, and invalid
// UTF-8 in requests. It returns the health server so the caller can report NOT_SERVING on
// shutdown; Shutdown does that and the rest of a graceful stop.
func NewGRPCServer(s *Server, o Options) (*grpc.Server, *health.Server, error) {
	log := o.Logger
	if log == nil {
		log = s.log
	}
	ka := o.Keepalive
	if ka == (keepalive.EnforcementPolicy{}) {
		ka = DefaultKeepalive
	}
	kp := o.KeepaliveParams
	if kp == (keepalive.ServerParameters{}) {
		kp = DefaultKeepaliveParams
	}
	bad := &refusals{}
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
	// checkUnary comes right after recovery: the codec has already recorded a unary request with
	// invalid UTF-8 when interceptors run, and an interceptor refusing the call first would leave
	// that record behind.
	unary = append(unary,
		logging.UnaryServerInterceptor(slogAdapter(log), logOpts...),
		recovery.UnaryServerInterceptor(recoverOpts...),
		checkUnary(bad),
	)
	stream = append(stream,
		logging.StreamServerInterceptor(slogAdapter(log), logOpts...),
		recovery.StreamServerInterceptor(recoverOpts...),
	)
	if o.Tokens != nil {
		authenticate := authFunc(o.Tokens)
		unary = append(unary, selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(authenticate), selector.MatchFunc(needsAuth)))
		stream = append(stream, selector.StreamServerInterceptor(auth.StreamServerInterceptor(authenticate), selector.MatchFunc(needsAuth)))
	}
	if o.RateLimit.enabled() {
		lim := newCallerLimiter(o.RateLimit, time.Now)
		unary = append(unary, selector.UnaryServerInterceptor(ratelimit.UnaryServerInterceptor(lim), selector.MatchFunc(isStanceService)))
		stream = append(stream, selector.StreamServerInterceptor(ratelimit.StreamServerInterceptor(lim), selector.MatchFunc(isStanceService)),
			lim.perPassage())
	}
	if o.MaxInFlight > 0 {
		stream = append(stream, newInflight(o.MaxInFlight).stream())
	}
	stream = append(stream, checkStream(bad))
	sopts := []grpc.ServerOption{
		grpc.ForceServerCodecV2(newUTF8Codec(bad, s.cfg)),
		grpc.MaxRecvMsgSize(s.cfg.transportRecvLimit()),
		grpc.MaxSendMsgSize(s.cfg.MaxSendBytes),
		grpc.KeepaliveEnforcementPolicy(ka),
		grpc.KeepaliveParams(kp),
		grpc.ConnectionTimeout(handshakeTimeout),
		grpc.ChainUnaryInterceptor(unary...),
		grpc.ChainStreamInterceptor(stream...),
	}
	if o.TLS != nil {
		sopts = append(sopts, grpc.Creds(credentials.NewTLS(o.TLS)))
	}
	if o.MaxConcurrentStreams > 0 {
		sopts = append(sopts, grpc.MaxConcurrentStreams(o.MaxConcurrentStreams))
	}
	gs := grpc.NewServer(sopts...)
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
