// Package e2e_test runs the stance server and command-line client as built binaries and talks
// to them over a loopback port.
package e2e_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/stance-project/stance/client"
	"github.com/stance-project/stance/internal/stancedproc"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// root is the module's root, where the test's commands are built from.
const root = ".."

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: builds and runs stanced and stance; skipped with -short")
	}
	bin := t.TempDir()
	stanced := build(t, bin, "./cmd/stanced")
	stance := build(t, bin, "./cmd/stance")

	srv := startServer(t, stanced)
	waitServing(t, srv.addr)
	seed := filepath.Join(root, "classifier", "testdata", "seed.txt")

	t.Run("classify json", func(t *testing.T) {
		out := runStance(t, stance, nil, 0, "classify", "-addr", srv.addr, "-o", "json", seed)
		var spans []*stancev1.Span
		var summary *stancev1.Summary
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var m stancev1.ClassifyResponse
			if err := protojson.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			if summary != nil {
				t.Fatalf("a line after the summary: %s", line)
			}
			if sp := m.GetSpan(); sp != nil {
				spans = append(spans, sp)
			}
			summary = m.GetSummary()
		}
		if summary == nil || int(summary.GetSpanCount()) != len(spans) {
			t.Fatalf("summary %v after %d spans", summary, len(spans))
		}
		if !hasSpan(spans, "negotiation", stancev1.Stance_STANCE_AGAINST, "Rainsy") {
			t.Error("no span of Rainsy against negotiation")
		}
		if !hasSpan(spans, "international_pressure", stancev1.Stance_STANCE_AGAINST, "Eysan") {
			t.Error("no span of Eysan against international_pressure")
		}
	})

	t.Run("classify text from stdin with STANCE_ADDR", func(t *testing.T) {
		text, err := os.ReadFile(seed)
		if err != nil {
			t.Fatal(err)
		}
		out := runStanceEnv(t, stance, text, []string{"STANCE_ADDR=" + srv.addr}, 0,
			"classify", "-targets", "negotiation", "-explain", "-")
		for _, want := range []string{"negotiation: against", "Sam Rainsy", "{negotiations}", "[-impossible]", "score = raw/(1+|raw|)"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "international_pressure") {
			t.Error("-targets negotiation printed international_pressure")
		}
	})

	t.Run("targets", func(t *testing.T) {
		out := runStance(t, stance, nil, 0, "targets", "-addr", srv.addr)
		for _, want := range []string{"NAME", "negotiation", "international_pressure", "embedded"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("bad request", func(t *testing.T) {
		out := runStance(t, stance, nil, 1, "classify", "-addr", srv.addr, "-targets", "elections", seed)
		if !strings.Contains(out, "InvalidArgument") || !strings.Contains(out, "field targets") {
			t.Errorf("stderr = %q", out)
		}
	})

	t.Run("go client", func(t *testing.T) {
		c, err := client.Dial(srv.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ctx := context.Background()
		targets, err := c.ListTargets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(targets) < 2 {
			t.Errorf("targets = %v", targets)
		}
		data, err := os.ReadFile(seed)
		if err != nil {
			t.Fatal(err)
		}
		units := utf16.Encode([]rune(string(data)))
		res := c.Classify(ctx, string(data), client.WithPassageID("seed"),
			client.WithEncoding(stancev1.EncodingType_ENCODING_TYPE_UTF16))
		n := 0
		for sp, err := range res.Spans() {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if got := string(utf16.Decode(units[sp.GetBeginOffset():sp.GetEndOffset()])); got != sp.GetText() {
				t.Errorf("span %d: UTF-16 offsets cut %q, text is %q", sp.GetSentenceIndex(), got, sp.GetText())
			}
			if sp.GetPassageId() != "seed" {
				t.Errorf("passage id %q", sp.GetPassageId())
			}
		}
		if res.Summary() == nil || int(res.Summary().GetSpanCount()) != n {
			t.Errorf("summary %v after %d spans", res.Summary(), n)
		}
		// Leaving the loop early cancels the call; the connection stays usable.
		for _, err := range c.Classify(ctx, string(data)).Spans() {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
		if _, err := c.ListTargets(ctx); err != nil {
			t.Fatal(err)
		}
	})

	if err := srv.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
		t.Fatalf("stanced after SIGTERM: %v\n%s", err, srv.Log())
	}
}

// build builds the package pkg (relative to the module root) into dir and returns the binary.
func build(t *testing.T, dir, pkg string) string {
	t.Helper()
	out := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// server is a running stanced.
// server is a running stanced.
type server struct {
	*stancedproc.Process
	addr string
}

// startServer starts stanced on a free loopback port, without metrics, and returns once it has
// logged the address it listens on. The server is killed at the end of the test if it is still
// running.
func startServer(t *testing.T, bin string) *server {
	t.Helper()
	return startServerArgs(t, bin, "-addr", "127.0.0.1:0", "-metrics-addr", "")
}

// startServerArgs is startServer with stanced's flags given. When the flags enable metrics, the
// server's MetricsAddr is the address it logged for them (it logs it before the gRPC address).
func startServerArgs(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	p, err := stancedproc.Start(bin, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return &server{Process: p, addr: p.Addr}
}

// waitServing waits until the server's health service reports SERVING.
func waitServing(t *testing.T, addr string) {
	t.Helper()
	c, err := client.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h := healthpb.NewHealthClient(c.Conn())
	for {
		resp, err := h.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true))
		if err == nil && resp.GetStatus() == healthpb.HealthCheckResponse_SERVING {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("stanced at %s never reported SERVING: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runStance runs the stance binary and checks its exit status. It returns standard output, or
// standard error when the command is expected to fail; stdin, when not nil, is the command's input.
func runStance(t *testing.T, bin string, stdin []byte, wantCode int, args ...string) string {
	t.Helper()
	return runStanceEnv(t, bin, stdin, nil, wantCode, args...)
}

// runStanceEnv is runStance with env added to the command's environment.
func runStanceEnv(t *testing.T, bin string, stdin []byte, env []string, wantCode int, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != wantCode {
		t.Fatalf("stance %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode,
			stdout.String(), stderr.String())
	}
	if wantCode != 0 {
		return stderr.String()
	}
	return stdout.String()
}

// hasSpan reports whether spans hold one on target with stance whose holder's name contains holder.
func hasSpan(spans []*stancev1.Span, target string, stance stancev1.Stance, holder string) bool {
	for _, sp := range spans {
		if sp.GetTarget() == target && sp.GetStance() == stance && strings.Contains(sp.GetHolder().GetName(), holder) {
			return true
		}
	}
	return false
}
