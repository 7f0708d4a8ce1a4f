// Command streamrss measures how much memory stanced holds while it answers one long
// ClassifyStream call.
//
// For each count given with -counts it starts a fresh stanced on a free loopback port, opens ONE
// ClassifyStream, sends that many passages (classifier/testdata/seed.txt repeated and padded to
// -size bytes, each with its own id) while reading the answers concurrently, and reports the
// server's peak resident memory (VmHWM of /proc/PID/status) with the counts of answers. If the
// server kept the passages or their answers, its peak would grow with the count; it does not.
//
// Run it from the bench module (Linux only, for /proc):
//
//	cd bench && go run ./streamrss
//	cd bench && go run ./streamrss -counts 1000,10000,50000 -size 4096
//
// It exits 1 when a passage got no summary or an error, or the stream failed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stance-project/stance/client"
	"github.com/stance-project/stance/internal/stancedproc"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

func main() {
	root := flag.String("root", "..", "the stance repository, to build cmd/stanced and read the seed story from")
	bin := flag.String("stanced", "", "a stanced binary to run instead of building one")
	counts := flag.String("counts", "1000,10000", "comma-separated numbers of passages, one run (and one fresh server) each")
	size := flag.Int("size", 4096, "bytes per passage")
	flag.Parse()
	if err := run(*root, *bin, *counts, *size); err != nil {
		fmt.Fprintln(os.Stderr, "streamrss:", err)
		os.Exit(1)
	}
}

func run(root, bin, countList string, size int) error {
	var ns []int
	for _, f := range strings.Split(countList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return fmt.Errorf("bad count %q in -counts", f)
		}
		ns = append(ns, n)
	}
	seed, err := os.ReadFile(filepath.Join(root, "classifier", "testdata", "seed.txt"))
	if err != nil {
		return err
	}
	text := passage(string(seed), size)
	if bin == "" {
		dir, err := os.MkdirTemp("", "streamrss-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "stanced")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/stanced")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/stanced: %v\n%s", err, out)
		}
	}
	fmt.Printf("machine: %d cores, %s; passages of %d bytes\n", runtime.NumCPU(), cpuModel(), len(text))
	fmt.Printf("%10s %12s %10s %10s %8s %10s %12s %14s %14s %14s\n",
		"passages", "corpus MiB", "spans", "summaries", "errors", "seconds", "passages/s", "RSS rest MiB", "peak RSS MiB", "RSS end MiB")
	failed := false
	for _, n := range ns {
		r, err := measure(bin, text, n)
		if err != nil {
			return fmt.Errorf("%d passages: %w", n, err)
		}
		fmt.Printf("%10d %12.1f %10d %10d %8d %10.1f %12.0f %14.1f %14.1f %14.1f\n",
			n, float64(n*len(text))/(1<<20), r.spans, r.summaries, r.errors, r.elapsed.Seconds(),
			float64(n)/r.elapsed.Seconds(), mib(r.rest), mib(r.peak), mib(r.end))
		if r.summaries != n || r.errors != 0 {
			fmt.Fprintf(os.Stderr, "streamrss: %d passages: %d summaries and %d errors\n", n, r.summaries, r.errors)
			failed = true
		}
	}
	if failed {
		return errors.New("some passages were not answered")
	}
	return nil
}

// passage repeats seed, paragraph by paragraph, up to size bytes, cut at a space and padded with
// spaces to exactly size bytes.
func passage(seed string, size int) string {
	seed = strings.TrimSpace(seed) + "\n\n"
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(seed)
	}
	s := b.String()[:size]
	if i := strings.LastIndexAny(s, " \n"); i > 0 {
		s = s[:i]
	}
	return s + strings.Repeat(" ", size-len(s))
}

type result struct {
	spans, summaries, errors int
	elapsed                  time.Duration
	rest, peak, end          int // kB
}

// measure starts a fresh stanced, pushes n copies of text through one ClassifyStream and returns
// what came back and the server's memory.
func measure(bin, text string, n int) (result, error) {
	var r result
	srv, err := stancedproc.Start(bin, "-addr", "127.0.0.1:0", "-metrics-addr", "")
	if err != nil {
		return r, err
	}
	defer srv.Stop()
	pid := srv.Cmd.Process.Pid
	if r.rest, err = procStatus(pid, "VmRSS"); err != nil {
		return r, err
	}
	c, err := client.Dial(srv.Addr)
	if err != nil {
		return r, err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	t0 := time.Now()
	stream, err := c.Stub().ClassifyStream(ctx)
	if err != nil {
		return r, err
	}
	var wg sync.WaitGroup
	var sendErr error
	wg.Go(func() {
		for i := range n {
			req := &stancev1.ClassifyStreamRequest{Passage: &stancev1.Passage{Id: "p" + strconv.Itoa(i), Text: text}}
			if sendErr = stream.Send(req); sendErr != nil {
				return
			}
		}
		sendErr = stream.CloseSend()
	})
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			cancel()
			wg.Wait()
			return r, fmt.Errorf("receive: %w", err)
		}
		switch msg.GetResult().(type) {
		case *stancev1.ClassifyStreamResponse_Span:
			r.spans++
		case *stancev1.ClassifyStreamResponse_Summary:
			r.summaries++
		case *stancev1.ClassifyStreamResponse_Error:
			if r.errors == 0 {
				fmt.Fprintf(os.Stderr, "streamrss: passage %s: %v\n", msg.GetPassageId(), msg.GetError())
			}
			r.errors++
		}
	}
	r.elapsed = time.Since(t0)
	wg.Wait()
	if sendErr != nil && !errors.Is(sendErr, io.EOF) {
		return r, fmt.Errorf("send: %w", sendErr)
	}
	if r.peak, err = procStatus(pid, "VmHWM"); err != nil {
		return r, err
	}
	if r.end, err = procStatus(pid, "VmRSS"); err != nil {
		return r, err
	}
	return r, nil
}

// procStatus returns the field (in kB) of /proc/PID/status, such as VmRSS or VmHWM.
func procStatus(pid int, field string) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return runtime.GOARCH
}

func mib(kb int) float64 { return float64(kb) / 1024 }
