// Command stance is the command-line client of the stance service.
//
// Usage:
//
//	stance classify [-addr host:port] [-targets a,b] [-encoding utf8|utf16|utf32] [-o text|json] [-explain] [FILE ...|-]
//	stance targets [-addr host:port]
//	stance eval [-v] [-lexicons DIR] [-dump FILE] GOLD_DIR
//	stance lexicon check FILE...
//
// classify and targets talk to a server: -addr defaults to $STANCE_ADDR, else localhost:50051;
// several comma-separated addresses are balanced round-robin. -tls (with -ca FILE for a private
// CA) switches from plaintext to TLS, and -token (default $STANCE_TOKEN) sends a bearer token,
// which needs -tls. eval and lexicon work in process, with no server.
//
// Exit status: 0 on success, 1 on failure (including lexicon problems), 2 on a usage error.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"

	"github.com/stance-project/stance/client"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// errUsage marks errors that are the caller's misuse of the command line.
var errUsage = errors.New("usage")

// env is what a command sees of the world, so that tests can run it in process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

const usage = `usage:
  stance classify [-addr host:port] [-targets a,b] [-encoding utf8|utf16|utf32] [-o text|json] [-explain] [FILE ...|-]
  stance targets [-addr host:port]
  stance eval [-v] [-lexicons DIR] [-dump FILE] GOLD_DIR
  stance lexicon check FILE...

Run "stance COMMAND -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "classify":
		err = runClassify(ctx, args[1:], e)
	case "targets":
		err = runTargets(ctx, args[1:], e)
	case "eval":
		err = runEval(ctx, args[1:], e)
	case "lexicon":
		err = runLexicon(args[1:], e)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(e.stderr, "stance: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		if msg := strings.TrimSpace(strings.TrimPrefix(err.Error(), errUsage.Error())); msg != "" {
			fmt.Fprintf(e.stderr, "stance %s: %s\n", args[0], strings.TrimPrefix(msg, ": "))
		}
		return exitUsage
	case errors.Is(err, errSilent):
		return exitFailure
	default:
		fmt.Fprintf(e.stderr, "stance %s: %s\n", args[0], describe(err))
		return exitFailure
	}
}

// errSilent is a failure whose explanation has already been printed.
var errSilent = errors.New("failed")

// usageErrorf returns a usage error with a message.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// inputError is an error about one input file.
type inputError struct {
	name string
	err  error
}

func (e *inputError) Error() string { return e.name + ": " + e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// describe renders err for people: for a gRPC status, its message and code and any BadRequest
// field violations, one a line.
func describe(err error) string {
	var ie *inputError
	if errors.As(err, &ie) {
		return ie.name + ": " + describe(ie.err)
	}
	var se interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &se) {
		return err.Error()
	}
	st := se.GRPCStatus()
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)", st.Message(), st.Code())
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				fmt.Fprintf(&b, "\n  field %s: %s", v.GetField(), v.GetDescription())
			}
		}
	}
	return b.String()
}

// newFlagSet returns a flag set for a subcommand that reports errors instead of exiting.
func newFlagSet(name string, e env, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("stance "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: stance %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into usage errors (flag has already printed them).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// connFlags are the flags of the commands that talk to a server.
type connFlags struct {
	addr, ca, token string
	useTLS          bool
}

func (c *connFlags) register(fs *flag.FlagSet, e env) {
	def := e.getenv("STANCE_ADDR")
	if def == "" {
		def = client.DefaultAddr
	}
	fs.StringVar(&c.addr, "addr", def, "server address host:port, or several separated by commas (default $STANCE_ADDR or "+client.DefaultAddr+")")
	fs.BoolVar(&c.useTLS, "tls", false, "connect with TLS instead of plaintext")
	fs.StringVar(&c.ca, "ca", "", "PEM file of the CA that signed the server's certificate (implies -tls)")
	fs.StringVar(&c.token, "token", e.getenv("STANCE_TOKEN"), "bearer token to send, over TLS only (default $STANCE_TOKEN)")
}

func (c *connFlags) dial() (*client.Client, error) {
	var opts []client.Option
	if c.useTLS || c.ca != "" {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if c.ca != "" {
			pem, err := os.ReadFile(c.ca)
			if err != nil {
				return nil, err
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("%s: no PEM certificate", c.ca)
			}
			cfg.RootCAs = pool
		}
		opts = append(opts, client.WithTLS(cfg))
	}
	if c.token != "" {
		if !c.useTLS && c.ca == "" {
			return nil, usageErrorf("-token needs -tls: a bearer token is not sent in clear text")
		}
		opts = append(opts, client.WithBearerToken(c.token))
	}
	return client.Dial(c.addr, opts...)
}
