// Command stanced serves the stance.v1.StanceService over gRPC, with the standard health service,
// server reflection and Prometheus metrics on a separate HTTP address.
//
// Every flag has an environment variable that sets its default; a flag on the command line wins.
// SIGHUP reloads the lexicons; SIGINT or SIGTERM drains calls in flight and exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
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
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
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
	fs.IntVar(&s.maxRecv, "max-recv-bytes", s.maxRecv, "largest gRPC message received, in bytes; keep it above -max-passage-bytes"+def("max-recv-bytes", "STANCE_MAX_RECV_BYTES"))
	fs.DurationVar(&s.grace, "grace", s.grace, "how long shutdown waits for calls in flight before cutting them off"+def("grace", "STANCE_GRACE"))
	fs.TextVar(&s.level, "log-level", s.level, "log level: debug, info, warn or error"+def("log-level", "STANCE_LOG_LEVEL"))
	fs.StringVar(&s.logFormat, "log-format", s.logFormat, "log format: text or json"+def("log-format", "STANCE_LOG_FORMAT"))
	fs.BoolVar(&s.reflection, "reflection", s.reflection, "serve gRPC server reflection"+def("reflection", "STANCE_REFLECTION"))
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: stanced [flags]\n\nstanced serves stance.v1.StanceService over gRPC. Each flag defaults to its\nenvironment variable when that is set. SIGHUP reloads the lexicons; SIGINT or\nSIGTERM stops the server gracefully.\n\nFlags:\n")
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
	srv := server.New(classifier.New(lex), server.Config{MaxPassageBytes: s.maxPassage, MaxRecvBytes: s.maxRecv}, log)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	gs, hs, err := server.NewGRPCServer(srv, server.Options{Logger: log, Registry: reg, Reflection: s.reflection})
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
		"max_passage_bytes", s.maxPassage, "max_recv_bytes", s.maxRecv)

	for {
		select {
		case err := <-served:
			shutdownMetrics(log, metrics)
			return fmt.Errorf("serve: %w", err)
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				reload(log, srv, s.lexicons)
				continue
			}
			log.Info("shutting down", "signal", sig.String(), "grace", s.grace)
			stop(log, gs, hs, s.grace)
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

// stop reports NOT_SERVING at once, lets calls in flight finish for up to grace, then cuts the
// rest off.
func stop(log *slog.Logger, gs *grpc.Server, hs *health.Server, grace time.Duration) {
	hs.Shutdown()
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
