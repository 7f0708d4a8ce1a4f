// Package stancedproc runs a stanced binary and reads the addresses it logs, for the tests and
// measurement programs that talk to the real server.
package stancedproc

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os/exec"
	"strings"
	"sync"
)

// Process is a stanced started by Start.
type Process struct {
	// Cmd is the running command; signal it through Cmd.Process, and wait for it with Wait.
	Cmd *exec.Cmd
	// Addr is the gRPC address stanced logged ("msg=listening addr=...").
	Addr string

	mu          sync.Mutex
	logs        bytes.Buffer
	metricsAddr string
	done        chan struct{} // closed when stderr has been read to its end
}

// Start runs bin with args and returns once it has logged the address it listens on, so that
// "-addr 127.0.0.1:0" can be used. stanced's stderr is kept for Log.
func Start(bin string, args ...string) (*Process, error) {
	p := &Process{Cmd: exec.Command(bin, args...), done: make(chan struct{})}
	stderr, err := p.Cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := p.Cmd.Start(); err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		defer close(p.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.logs.WriteString(line + "\n")
			if strings.Contains(line, `msg="serving metrics"`) {
				p.metricsAddr = field(line, "addr=")
			}
			p.mu.Unlock()
			if strings.Contains(line, "msg=listening") {
				select {
				case addr <- field(line, "addr="):
				default:
				}
			}
		}
		close(addr)
		io.Copy(io.Discard, stderr)
	}()
	a, ok := <-addr
	if !ok {
		p.Wait()
		return nil, errors.New("stanced exited without logging its address:\n" + p.Log())
	}
	p.Addr = a
	return p, nil
}

// field returns the value of the first word of line that starts with prefix.
func field(line, prefix string) string {
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, prefix); ok {
			return v
		}
	}
	return ""
}

// Log returns what stanced has written to stderr so far.
func (p *Process) Log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

// MetricsAddr returns the address stanced logged for /metrics, or "" when it serves none.
func (p *Process) MetricsAddr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.metricsAddr
}

// Wait waits for stanced to exit, after reading all it wrote, and returns its exit error.
func (p *Process) Wait() error {
	<-p.done
	return p.Cmd.Wait()
}

// Stop kills stanced if it is still running and waits for it; it is safe to call after Wait.
func (p *Process) Stop() {
	if p.Cmd.ProcessState == nil {
		p.Cmd.Process.Kill()
		p.Wait()
	}
}
