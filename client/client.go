// Package client is a thin Go client for the stance.v1.StanceService gRPC API.
//
// Dial connects (lazily, like grpc.NewClient) to one server or to several behind round-robin load
// balancing; Classify returns the spans of a passage as a Go iterator, with the passage summary
// available once the iteration is over; ListTargets lists the server's targets.
//
// Targets given to Dial:
//
//   - "host:port" or "dns:///host:port": resolved through DNS; every address the name resolves to
//     gets calls in turn (round_robin).
//   - "host1:port1,host2:port2": a fixed list of addresses, served by a manual resolver, also
//     round-robin. WithAddresses gives the same list as an option.
//   - any other gRPC target ("unix:///path", "passthrough:///addr") is passed to grpc.NewClient as is.
//
// Calls go over plaintext unless WithTLS is given. Unary calls (ListTargets) are retried on
// codes.Unavailable through the go-grpc-middleware retry interceptor. Classify, which streams, is
// retried on codes.Unavailable only until its first message arrives: after that a retry could
// repeat spans the caller has already seen, so a later failure is returned to the caller. Result.All,
// which hands out nothing before the answer is whole, also makes the call again when it is cut off
// with codes.Unavailable after its first message (a server that died mid-answer).
package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/retry"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
	"google.golang.org/grpc/status"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// DefaultAddr is the server address used when none is given.
const DefaultAddr = "localhost:50051"

// DefaultMaxRecvSize is the largest message the client accepts by default (64 MiB): a span
// carries its sentence and cues, and a summary of a long passage can be big.
const DefaultMaxRecvSize = 64 << 20

// DefaultRetryAttempts is how many times, in all, a call failing with codes.Unavailable is tried.
const DefaultRetryAttempts = 4

// defaultServiceConfig balances calls over every resolved address.
const defaultServiceConfig = `{"loadBalancingConfig": [{"round_robin": {}}]}`

// Client is a connection to a stance server. It is safe for concurrent use; Close it when done.
type Client struct {
	conn *grpc.ClientConn
	stub stancev1.StanceServiceClient
	// attempts and backoff are WithRetry's, for Result.All's own retries.
	attempts uint
	backoff  retry.BackoffFunc
}

// Option configures Dial.
type Option func(*options)

type options struct {
	tls           *tls.Config
	token         string
	addresses     []string
	dialer        func(context.Context, string) (net.Conn, error)
	maxRecv       int
	retryAttempts uint
	backoff       time.Duration
	extra         []grpc.DialOption
}

// WithTLS makes the client use TLS with cfg instead of plaintext.
func WithTLS(cfg *tls.Config) Option { return func(o *options) { o.tls = cfg } }

// WithBearerToken sends "authorization: Bearer <token>" with every call. The token needs TLS
// (WithTLS): Dial refuses to send it in clear text.
func WithBearerToken(token string) Option { return func(o *options) { o.token = token } }

// WithAddresses makes the client balance its calls, round-robin, over a fixed list of
// "host:port" addresses; the target given to Dial is then ignored and may be empty.
func WithAddresses(addrs ...string) Option {
	return func(o *options) { o.addresses = append([]string(nil), addrs...) }
}

// WithDialer makes the client open its connections with dial, for example over an in-memory
// listener in tests.
func WithDialer(dial func(ctx context.Context, addr string) (net.Conn, error)) Option {
	return func(o *options) { o.dialer = dial }
}

// WithMaxRecvSize sets the largest message, in bytes, the client accepts (DefaultMaxRecvSize by default).
func WithMaxRecvSize(n int) Option { return func(o *options) { o.maxRecv = n } }

// WithRetry sets how many times in all a call failing with codes.Unavailable is tried (1 means
// no retry) and the base of the exponential backoff between tries.
func WithRetry(attempts uint, backoff time.Duration) Option {
	return func(o *options) { o.retryAttempts, o.backoff = attempts, backoff }
}

// WithDialOptions adds raw grpc.DialOptions, applied after the client's own.
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *options) { o.extra = append(o.extra, opts...) }
}

// Dial returns a client for target (see the package documentation for the forms it takes; empty
// means DefaultAddr). Like grpc.NewClient it does not connect until the first call.
func Dial(target string, opts ...Option) (*Client, error) {
	o := options{maxRecv: DefaultMaxRecvSize, retryAttempts: DefaultRetryAttempts, backoff: 100 * time.Millisecond}
	for _, opt := range opts {
		opt(&o)
	}
	if o.retryAttempts == 0 {
		o.retryAttempts = 1
	}
	if len(o.addresses) == 0 && strings.Contains(target, ",") {
		o.addresses = strings.Split(target, ",")
	}
	var dialOpts []grpc.DialOption
	if len(o.addresses) > 0 {
		r := manual.NewBuilderWithScheme("stance-list")
		state := resolver.State{}
		for _, a := range o.addresses {
			if a = strings.TrimSpace(a); a != "" {
				state.Addresses = append(state.Addresses, resolver.Address{Addr: a})
			}
		}
		if len(state.Addresses) == 0 {
			return nil, errors.New("client: no address given")
		}
		r.InitialState(state)
		dialOpts = append(dialOpts, grpc.WithResolvers(r))
		target = r.Scheme() + ":///servers"
	} else if target == "" {
		target = DefaultAddr
	}

	if o.tls != nil {
		dialOpts = append(dialOpts, grpc.WithTransportCredentials(credentials.NewTLS(o.tls)))
	} else {
		dialOpts = append(dialOpts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if o.token != "" {
		if o.tls == nil {
			return nil, errors.New("client: a bearer token needs TLS (WithTLS); refusing to send it in clear text")
		}
		dialOpts = append(dialOpts, grpc.WithPerRPCCredentials(bearer(o.token)))
	}
	if o.dialer != nil {
		dialOpts = append(dialOpts, grpc.WithContextDialer(o.dialer))
	}
	backoff := retry.BackoffExponentialWithJitter(o.backoff, 0.2)
	retryOpts := []retry.CallOption{
		retry.WithMax(o.retryAttempts),
		retry.WithCodes(codes.Unavailable),
		retry.WithBackoff(backoff),
	}
	dialOpts = append(dialOpts,
		grpc.WithDefaultServiceConfig(defaultServiceConfig),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(o.maxRecv)),
		grpc.WithChainUnaryInterceptor(retry.UnaryClientInterceptor(retryOpts...)),
		grpc.WithChainStreamInterceptor(streamRetry(retry.StreamClientInterceptor(retryOpts...))),
	)
	dialOpts = append(dialOpts, o.extra...)
	conn, err := grpc.NewClient(target, dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return &Client{conn: conn, stub: stancev1.NewStanceServiceClient(conn), attempts: o.retryAttempts, backoff: backoff}, nil
}

// Close closes the connection; calls in flight fail with codes.Canceled.
func (c *Client) Close() error { return c.conn.Close() }

// Conn returns the underlying connection, for example to call the health service.
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// Stub returns the generated stub, for calls this package does not wrap (ClassifyStream).
func (c *Client) Stub() stancev1.StanceServiceClient { return c.stub }

// ListTargets returns the targets the server knows, sorted by name.
func (c *Client) ListTargets(ctx context.Context) ([]*stancev1.Target, error) {
	resp, err := c.stub.ListTargets(ctx, &stancev1.ListTargetsRequest{})
	if err != nil {
		return nil, err
	}
	return resp.GetTargets(), nil
}

// bearer is per-RPC credentials carrying an OAuth-style bearer token.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (b bearer) RequireTransportSecurity() bool { return true }

// retryUntilFirstMessage returns a per-call retry option that retries codes.Unavailable only while
// received reports false, that is before the stream's first message.
func retryUntilFirstMessage(received *atomic.Bool) grpc.CallOption {
	return retry.WithRetriable(func(err error) bool {
		return !received.Load() && status.Code(err) == codes.Unavailable
	})
}

// streamRetry applies the retry interceptor to server-streaming calls that opt in with a per-call
// retry option (Classify does, see retryUntilFirstMessage); other streams, including calls made
// through Stub, are not retried, since a retry after the first message would repeat answers.
func streamRetry(inner grpc.StreamClientInterceptor) grpc.StreamClientInterceptor {
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string,
		streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		if !desc.ClientStreams {
			for _, o := range opts {
				if _, ok := o.(retry.CallOption); ok {
					return inner(ctx, desc, cc, method, streamer, opts...)
				}
			}
		}
		return streamer(ctx, desc, cc, method, opts...)
	}
}
