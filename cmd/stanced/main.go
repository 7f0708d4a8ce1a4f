// Command stanced serves the stance.v1.StanceService over gRPC, with the standard health service,
// server reflection and Prometheus metrics on a separate HTTP address.
//
// Every flag has an environment variable that sets its default; a flag on the command line wins.
// SIGHUP reloads the lexicons, the TLS files and the token file; SIGINT or SIGTERM drains calls in
// flight and exits.
//
// The server speaks TLS when given a certificate and key (-tls-cert, -tls-key), requires client
// certificates when given a client CA (-tls-client-ca), checks bearer tokens when given a token
// file (-auth-token-file), and limits each caller's call rate (-rate, -burst), the calls in flight
// (-max-inflight) and the calls per connection (-max-concurrent-streams). It refuses to check
// tokens over plaintext, where anyone on the path could read and replay them, unless
// -allow-insecure-auth says TLS is terminated in front of it (a sidecar proxy on the same host).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/stance-project/stance/classifier"
	"github.com/stance-project/stance/server"
)

func main() {
	err := run(os.Args[1:], os.LookupEnv, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		fmt.Fprintf(os.Stderr, "stanced: %v\n", err)
		os.Exit(1)
	}
}

// settings is the daemon's configuration after flags and environment.
type settings struct {
	addr, metricsAddr, lexicons string
	maxPassage, maxRecv         int
	grace                       time.Duration
	level                       slog.Level
	logFormat                   string
	reflection                  bool

	maxSend                      int
	tlsCert, tlsKey, tlsClientCA string
	authTokenFile                string
	allowInsecureAuth            bool
	rate                         float64
	burst                        int
	maxInFlight                  int
	maxConcurrentStreams         uint
}

// parseSettings reads flags from args, each defaulting to its environment variable when that is
// set (even to the empty string, so STANCE_METRICS_ADDR= disables metrics).
func parseSettings(args []string, lookupEnv func(string) (string, bool), out io.Writer) (settings, error) {
	s := settings{
		addr:        ":50051",
		metricsAddr: ":9090",
		maxPassage:  server.DefaultMaxPassageBytes,
		maxRecv:     server.DefaultMaxRecvBytes,
		grace:       10 * time.Second,
		level:       slog.LevelInfo,
		logFormat:   "text",
		reflection:  true,

		maxSend:              server.DefaultMaxSendBytes,
		burst:                0,
		maxInFlight:          256,
		maxConcurrentStreams: 100,
	}
	fs := flag.NewFlagSet("stanced", flag.ContinueOnError)
	fs.SetOutput(out)
	env := map[string]string{} // flag name -> environment variable
	def := func(name, envName string) string {
		env[name] = envName
		return fmt.Sprintf(" (env %s)", envName)
	}
	fs.StringVar(&s.addr, "addr", s.addr, "gRPC listen address; port 0 picks a free port"+def("addr", "STANCE_ADDR"))
	fs.StringVar(&s.metricsAddr, "metrics-addr", s.metricsAddr, "HTTP listen address of /metrics; empty disables metrics"+def("metrics-addr", "STANCE_METRICS_ADDR"))
	fs.StringVar(&s.lexicons, "lexicons", s.lexicons, "directory of user lexicon *.yaml files added to the embedded ones; empty means embedded only"+def("lexicons", "STANCE_LEXICONS"))
	fs.IntVar(&s.maxPassage, "max-passage-bytes", s.maxPassage, "largest passage text accepted, in bytes"+def("max-passage-bytes", "STANCE_MAX_PASSAGE_BYTES"))
	fs.IntVar(&s.maxRecv, "max-recv-bytes", s.maxRecv, "largest gRPC message accepted, in bytes; a larger request gets InvalidArgument naming passage.text, up to 4 times this (at least 16 MiB), past which it is refused unread; keep it above -max-passage-bytes"+def("max-recv-bytes", "STANCE_MAX_RECV_BYTES"))
	fs.DurationVar(&s.grace, "grace", s.grace, "how long shutdown waits for calls in flight before cutting them off"+def("grace", "STANCE_GRACE"))
	fs.TextVar(&s.level, "log-level", s.level, "log level: debug, info, warn or error"+def("log-level", "STANCE_LOG_LEVEL"))
	fs.StringVar(&s.logFormat, "log-format", s.logFormat, "log format: text or json"+def("log-format", "STANCE_LOG_FORMAT"))
	fs.BoolVar(&s.reflection, "reflection", s.reflection, "serve gRPC server reflection"+def("reflection", "STANCE_REFLECTION"))
	fs.IntVar(&s.maxSend, "max-send-bytes", s.maxSend, "largest gRPC message sent, in bytes; a call whose answer needs more fails with ResourceExhausted"+def("max-send-bytes", "STANCE_MAX_SEND_BYTES"))
	fs.StringVar(&s.tlsCert, "tls-cert", s.tlsCert, "PEM certificate chain file; with -tls-key, serve TLS (1.2 or later) instead of plaintext"+def("tls-cert", "STANCE_TLS_CERT"))
	fs.StringVar(&s.tlsKey, "tls-key", s.tlsKey, "PEM private key file of -tls-cert"+def("tls-key", "STANCE_TLS_KEY"))
	fs.StringVar(&s.tlsClientCA, "tls-client-ca", s.tlsClientCA, "PEM file of the CAs that sign client certificates; when set, every client must present one (mutual TLS); needs -tls-cert"+def("tls-client-ca", "STANCE_TLS_CLIENT_CA"))
	fs.StringVar(&s.authTokenFile, "auth-token-file", s.authTokenFile, "file of bearer tokens, one per line ('#' starts a comment line); when set, every call but health and reflection needs \"authorization: Bearer <token>\""+def("auth-token-file", "STANCE_AUTH_TOKEN_FILE"))
	fs.BoolVar(&s.allowInsecureAuth, "allow-insecure-auth", s.allowInsecureAuth, "accept -auth-token-file without TLS, when TLS is terminated in front of stanced on the same host; otherwise tokens would cross the network in clear text"+def("allow-insecure-auth", "STANCE_ALLOW_INSECURE_AUTH"))
	fs.Float64Var(&s.rate, "rate", s.rate, "StanceService calls a second allowed to each caller (its token's identity with -auth-token-file, else its IP address), each ClassifyStream passage after a stream's first counting as a call; 0 disables rate limiting"+def("rate", "STANCE_RATE"))
	fs.IntVar(&s.burst, "burst", s.burst, "calls each caller may make at once under -rate; 0 means twice -rate, at least 1"+def("burst", "STANCE_BURST"))
	fs.IntVar(&s.maxInFlight, "max-inflight", s.maxInFlight, "Classify and ClassifyStream calls running at once across the server; more are refused with ResourceExhausted; 0 means no cap"+def("max-inflight", "STANCE_MAX_INFLIGHT"))
	fs.UintVar(&s.maxConcurrentStreams, "max-concurrent-streams", s.maxConcurrentStreams, "calls open at once on one connection; a client over it waits; 0 means no cap"+def("max-concurrent-streams", "STANCE_MAX_CONCURRENT_STREAMS"))
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: stanced [flags]\n\nstanced serves stance.v1.StanceService over gRPC. Each flag defaults to its\nenvironment variable when that is set. SIGHUP reloads the lexicons, the TLS\nfiles and the token file; SIGINT or SIGTERM stops the server gracefully.\n\nWithout -tls-cert and -tls-key the server speaks plaintext. -tls-client-ca adds\nmutual TLS. -auth-token-file makes every call but health and reflection carry a\nbearer token, and needs TLS unless -allow-insecure-auth is given. Refused calls:\nUnauthenticated for a missing or wrong token, ResourceExhausted over -rate/-burst\nor -max-inflight.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		v, ok := lookupEnv(env[f.Name])
		if !ok || envErr != nil {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			kind, _ := flag.UnquoteUsage(f)
			switch kind {
			case "":
				kind = "bool"
			case "value":
				kind = "level"
			}
			envErr = fmt.Errorf("invalid value %q for environment variable %s (flag -%s, type %s): %w", v, env[f.Name], f.Name, kind, err)
		}
	})
	if envErr != nil {
		return s, envErr
	}
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if fs.NArg() > 0 {
		return s, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case s.maxPassage <= 0:
		return s, fmt.Errorf("-max-passage-bytes must be positive, not %d", s.maxPassage)
	case s.maxRecv < s.maxPassage:
		return s, fmt.Errorf("-max-recv-bytes (%d) must be at least -max-passage-bytes (%d)", s.maxRecv, s.maxPassage)
	case s.grace < 0:
		return s, fmt.Errorf("-grace must not be negative, not %s", s.grace)
	case s.logFormat != "text" && s.logFormat != "json":
		return s, fmt.Errorf("-log-format must be text or json, not %q", s.logFormat)
	case s.maxSend <= 0:
		return s, fmt.Errorf("-max-send-bytes must be positive, not %d", s.maxSend)
	case s.tlsCert != "" && s.tlsKey == "":
		return s, errors.New("-tls-cert needs -tls-key (STANCE_TLS_KEY), the certificate's private key")
	case s.tlsKey != "" && s.tlsCert == "":
		return s, errors.New("-tls-key needs -tls-cert (STANCE_TLS_CERT), the certificate it belongs to")
	case s.tlsClientCA != "" && s.tlsCert == "":
		return s, errors.New("-tls-client-ca needs -tls-cert and -tls-key: client certificates are checked only over TLS")
	case s.authTokenFile != "" && s.tlsCert == "" && !s.allowInsecureAuth:
		return s, errors.New("-auth-token-file without -tls-cert would let anyone on the network read the tokens; " +
			"serve TLS, or give -allow-insecure-auth if TLS is terminated in front of stanced on the same host")
	case s.rate < 0 || math.IsNaN(s.rate) || math.IsInf(s.rate, 0):
		return s, fmt.Errorf("-rate must be a finite number of calls a second, 0 or more, not %g", s.rate)
	case s.burst < 0:
		return s, fmt.Errorf("-burst must not be negative, not %d", s.burst)
	case s.maxInFlight < 0:
		return s, fmt.Errorf("-max-inflight must not be negative, not %d", s.maxInFlight)
	case s.maxConcurrentStreams > math.MaxUint32:
		return s, fmt.Errorf("-max-concurrent-streams must be at most %d, not %d", uint32(math.MaxUint32), s.maxConcurrentStreams)
	}
	if s.rate > 0 && s.burst == 0 {
		s.burst = max(1, int(math.Ceil(2*s.rate)))
	}
	return s, nil
}

// run starts the daemon and blocks until it is stopped by a signal.
func run(args []string, lookupEnv func(string) (string, bool), stderr io.Writer) error {
	s, err := parseSettings(args, lookupEnv, stderr)
	if err != nil {
		return err
	}
	hopts := &slog.HandlerOptions{Level: s.level}
	var log *slog.Logger
	if s.logFormat == "json" {
		log = slog.New(slog.NewJSONHandler(stderr, hopts))
	} else {
		log = slog.New(slog.NewTextHandler(stderr, hopts))
	}

	lex, err := classifier.LoadLexicons(s.lexicons)
	if err != nil {
		logProblems(log, err)
		return fmt.Errorf("load lexicons: %w", err)
	}
	srv := server.New(classifier.New(lex), server.Config{MaxPassageBytes: s.maxPassage, MaxRecvBytes: s.maxRecv, MaxSendBytes: s.maxSend}, log)
	opts, sec, err := s.grpcOptions(log)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	opts.Registry = reg
	gs, hs, err := server.NewGRPCServer(srv, opts)
	if err != nil {
		return err
	}

	lis, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	var metrics *http.Server
	if s.metricsAddr != "" {
		mlis, err := net.Listen("tcp", s.metricsAddr)
		if err != nil {
			lis.Close()
			return fmt.Errorf("listen for metrics: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", server.MetricsHandler(reg))
		metrics = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := metrics.Serve(mlis); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics server failed", "err", err)
			}
		}()
		log.Info("serving metrics", "addr", mlis.Addr().String(), "path", "/metrics")
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)

	served := make(chan error, 1)
	go func() { served <- gs.Serve(lis) }()
	log.Info("listening", "addr", lis.Addr().String(), "targets", len(lex.Targets()), "reflection", s.reflection,
		"tls", opts.TLS != nil, "client_certs", s.tlsClientCA != "", "auth", opts.Tokens != nil,
		"rate", s.rate, "burst", opts.RateLimit.Burst, "max_inflight", s.maxInFlight, "max_concurrent_streams", s.maxConcurrentStreams,
		"max_passage_bytes", s.maxPassage, "max_recv_bytes", s.maxRecv, "max_send_bytes", s.maxSend)
	if opts.Tokens != nil && opts.TLS == nil {
		log.Warn("bearer tokens are accepted over plaintext (-allow-insecure-auth); make sure TLS is terminated in front of stanced")
	}

	for {
		select {
		case err := <-served:
			shutdownMetrics(log, metrics)
			return fmt.Errorf("serve: %w", err)
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				reload(log, srv, s.lexicons)
				sec.reload(log)
				continue
			}
			log.Info("shutting down", "signal", sig.String(), "grace", s.grace)
			ctx, cancel := context.WithTimeout(context.Background(), s.grace)
			server.Shutdown(ctx, log, srv, gs, hs)
			cancel()
			<-served
			shutdownMetrics(log, metrics)
			log.Info("stopped")
			return nil
		}
	}
}

// reload replaces the lexicons; on failure it logs each problem and keeps the ones in force.
func reload(log *slog.Logger, srv *server.Server, dir string) {
	if err := srv.Reload(dir); err != nil {
		logProblems(log, err)
		log.Error("lexicons not reloaded; the previous ones stay in force", "dir", dir, "err", err.Error())
		return
	}
	log.Info("lexicons reloaded", "dir", dir, "targets", len(srv.Classifier().Lexicons().Targets()))
}

// logProblems logs one line per lexicon file problem in err's chain.
func logProblems(log *slog.Logger, err error) {
	var problems classifier.ProblemsError
	if !errors.As(err, &problems) {
		return
	}
	for _, p := range problems {
		log.Error("lexicon problem", "problem", p.String())
	}
}

// secrets are the TLS files and the token file, which SIGHUP reads again with the lexicons.
type secrets struct {
	tls       *server.ReloadableTLS
	tokens    *server.Tokens
	tokenFile string
}

// reload reads the TLS files and the token file again; on failure it logs why and keeps what is in
// force. It never logs a token.
func (sec secrets) reload(log *slog.Logger) {
	if sec.tls != nil {
		if err := sec.tls.Reload(); err != nil {
			log.Error("TLS files not reloaded; the previous certificate stays in force", "err", err.Error())
		} else {
			log.Info("TLS files reloaded")
		}
	}
	if sec.tokens != nil {
		ts, err := server.LoadTokens(sec.tokenFile)
		if err != nil {
			log.Error("token file not reloaded; the previous tokens stay in force", "err", err.Error())
			return
		}
		sec.tokens.Replace(ts)
		log.Info("token file reloaded", "tokens", ts.Len())
	}
}

// grpcOptions loads the TLS files and the token file the settings name and returns the server
// options they and the limits make, and those files for SIGHUP to reload.
func (s settings) grpcOptions(log *slog.Logger) (server.Options, secrets, error) {
	o := server.Options{
		Logger:               log,
		Reflection:           s.reflection,
		MaxInFlight:          s.maxInFlight,
		MaxConcurrentStreams: uint32(s.maxConcurrentStreams),
	}
	if s.rate > 0 {
		o.RateLimit = server.RateLimit{PerSecond: s.rate, Burst: s.burst}
	}
	var sec secrets
	if s.tlsCert != "" {
		r, err := server.NewReloadableTLS(s.tlsCert, s.tlsKey, s.tlsClientCA)
		if err != nil {
			return o, sec, err
		}
		o.TLS, sec.tls = r.Config(), r
	}
	if s.authTokenFile != "" {
		ts, err := server.LoadTokens(s.authTokenFile)
		if err != nil {
			return o, sec, err
		}
		o.Tokens, sec.tokens, sec.tokenFile = ts, ts, s.authTokenFile
	}
	return o, sec, nil
}

func shutdownMetrics(log *slog.Logger, metrics *http.Server) {
	if metrics == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := metrics.Shutdown(ctx); err != nil {
		log.Warn("metrics server shutdown", "err", err)
	}
}
