package server

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"golang.org/x/time/rate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// RateLimit is a token bucket per caller: each caller may make Burst calls at once and PerSecond
// calls a second on average. A caller is the identity of its bearer token when the server checks
// tokens, and the IP address it connects from otherwise. The zero value (or a PerSecond or Burst
// of zero) disables rate limiting.
type RateLimit struct {
	// PerSecond is the rate at which each caller's bucket refills, in calls per second.
	PerSecond float64
	// Burst is the size of each caller's bucket: how many calls a caller that has been quiet may
	// make at once.
	Burst int
}

// enabled reports whether r limits anything.
func (r RateLimit) enabled() bool { return r.PerSecond > 0 && r.Burst > 0 }

// maxCallers bounds how many callers' buckets a callerLimiter keeps; past it, the least recently
// seen of a few sampled callers is forgotten to make room.
const maxCallers = 1 << 16

// evictSample is how many buckets are looked at to pick one to forget when maxCallers is reached.
const evictSample = 8

// minIdle is the least time a caller's bucket is kept after its last call.
const minIdle = time.Minute

// callerLimiter implements the ratelimit middleware's Limiter with a token bucket per caller.
// Buckets idle for longer than it takes them to refill (and at least minIdle) are dropped, since a
// new bucket is full too: forgetting them changes nothing for the caller and keeps memory bounded.
type callerLimiter struct {
	limit rate.Limit
	burst int
	idle  time.Duration
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
	max       int
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newCallerLimiter(r RateLimit, now func() time.Time) *callerLimiter {
	idle := time.Duration(float64(r.Burst) / r.PerSecond * float64(time.Second))
	if idle < minIdle {
		idle = minIdle
	}
	return &callerLimiter{
		limit: rate.Limit(r.PerSecond), burst: r.Burst, idle: idle, now: now,
		buckets: map[string]*bucket{}, lastSweep: now(), max: maxCallers,
	}
}

// Limit takes a token from the calling caller's bucket, or says why it cannot.
func (l *callerLimiter) Limit(ctx context.Context) error {
	who := callerOf(ctx)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= l.idle {
		l.sweep(now)
	}
	b, ok := l.buckets[who]
	if !ok {
		if len(l.buckets) >= l.max {
			l.evictOne()
		}
		b = &bucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.buckets[who] = b
	}
	b.seen = now
	if !b.lim.AllowN(now, 1) {
		return fmt.Errorf("this caller is over its rate limit of %g calls a second (bursts of %d)", float64(l.limit), l.burst)
	}
	return nil
}

// perPassage returns an interceptor that makes every passage of a ClassifyStream call after the
// first (which the call's own token paid for) take a token from the caller's bucket, so that a
// stream is held to the same rate as calls. A passage over the rate is received all the same and
// answered with a PassageError (ResourceExhausted), and the stream goes on.
func (l *callerLimiter) perPassage() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if info.FullMethod != stancev1.StanceService_ClassifyStream_FullMethodName {
			return handler(srv, ss)
		}
		return handler(srv, &limitedStream{ServerStream: ss, lim: l})
	}
}

// limitedStream is a ClassifyStream call's stream whose passages after the first are rate limited.
type limitedStream struct {
	grpc.ServerStream
	lim      *callerLimiter
	received int
}

func (s *limitedStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	s.received++
	if s.received == 1 {
		return nil
	}
	if err := s.lim.Limit(s.Context()); err != nil {
		return &passageRefused{status.New(codes.ResourceExhausted, "this passage is refused: "+err.Error())}
	}
	return nil
}

// passageRefused is the error of a ClassifyStream passage that was received but is not to be
// classified; the stream answers it with a PassageError and goes on.
type passageRefused struct{ st *status.Status }

func (e *passageRefused) Error() string              { return e.st.Err().Error() }
func (e *passageRefused) GRPCStatus() *status.Status { return e.st }

// sweep forgets every bucket idle for l.idle or longer. l.mu is held.
func (l *callerLimiter) sweep(now time.Time) {
	for who, b := range l.buckets {
		if now.Sub(b.seen) >= l.idle {
			delete(l.buckets, who)
		}
	}
	l.lastSweep = now
}

// evictOne forgets the least recently seen of a few buckets (map iteration picks them at random).
// l.mu is held.
func (l *callerLimiter) evictOne() {
	var oldest string
	var oldestSeen time.Time
	n := 0
	for who, b := range l.buckets {
		if n == 0 || b.seen.Before(oldestSeen) {
			oldest, oldestSeen = who, b.seen
		}
		if n++; n == evictSample {
			break
		}
	}
	delete(l.buckets, oldest)
}

// len returns the number of buckets kept.
func (l *callerLimiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// callerOf names the caller of ctx's call: the identity the auth interceptor found for its token,
// else the IP address of the peer (without the port, so one host's connections share a bucket),
// else the peer's address as it is.
func callerOf(ctx context.Context) string {
	if id, ok := ctx.Value(callerKey{}).(string); ok {
		return id
	}
	p, ok := peer.FromContext(ctx)
	if !ok || p.Addr == nil {
		return "unknown"
	}
	if tcp, ok := p.Addr.(*net.TCPAddr); ok {
		return "ip:" + tcp.IP.String()
	}
	if host, _, err := net.SplitHostPort(p.Addr.String()); err == nil {
		return "ip:" + host
	}
	return p.Addr.Network() + ":" + p.Addr.String()
}

// isStanceService selects the calls of the StanceService, the ones rate limiting applies to.
func isStanceService(_ context.Context, c interceptors.CallMeta) bool {
	return c.Service == stancev1.StanceService_ServiceDesc.ServiceName
}

// inflight caps the Classify and ClassifyStream calls running at once across the server. A call
// over the cap is refused with ResourceExhausted at once rather than queued: a queue without bound
// would only turn overload into timeouts and memory.
type inflight struct {
	slots chan struct{}
}

func newInflight(n int) *inflight { return &inflight{slots: make(chan struct{}, n)} }

// acquire takes a slot, or returns the ResourceExhausted status to answer with.
func (f *inflight) acquire() error {
	select {
	case f.slots <- struct{}{}:
		return nil
	default:
		return status.Errorf(codes.ResourceExhausted,
			"the server is already running its limit of %d Classify and ClassifyStream calls; retry later", cap(f.slots))
	}
}

func (f *inflight) release() { <-f.slots }

// stream returns an interceptor applying the cap to Classify and ClassifyStream (both streaming);
// other streams pass through.
func (f *inflight) stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if info.FullMethod != stancev1.StanceService_Classify_FullMethodName &&
			info.FullMethod != stancev1.StanceService_ClassifyStream_FullMethodName {
			return handler(srv, ss)
		}
		if err := f.acquire(); err != nil {
			return err
		}
		defer f.release()
		return handler(srv, ss)
	}
}
