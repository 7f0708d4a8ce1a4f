package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stance-project/stance/client"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// TestScaleOut runs three stanced replicas behind one client, balanced round-robin over the list
// of their addresses. It checks from each replica's /metrics that every replica served part of a
// steady stream of Classify calls, then kills one replica with SIGKILL while calls are in flight
// and checks that every call still gets its whole answer, and that once the replica is gone the
// other two serve every call.
func TestScaleOut(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: builds and runs three stanced replicas; skipped with -short")
	}
	const (
		workers     = 8
		warmCalls   = 300 // calls before the kill, spread over the three replicas
		killedCalls = 600 // calls of the run during which a replica is killed
		killAfter   = 150 // calls of that run answered before the kill
		afterCalls  = 200 // calls once the killed replica is gone
	)
	stanced := build(t, t.TempDir(), "./cmd/stanced")
	var replicas []*server
	var addrs []string
	for range 3 {
		s := startServerArgs(t, stanced, "-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0")
		waitServing(t, s.addr)
		replicas = append(replicas, s)
		addrs = append(addrs, s.addr)
	}
	for i, s := range replicas {
		ma := s.MetricsAddr()
		if ma == "" {
			t.Fatalf("replica %d did not log its metrics address:\n%s", i, s.Log())
		}
	}

	c, err := client.Dial(strings.Join(addrs, ","))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	data, err := os.ReadFile(filepath.Join(root, "classifier", "testdata", "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	ctx := context.Background()

	// The answer every call must get: the classifier is deterministic, so each replica gives
	// the same spans for the same text.
	refSpans, refSum, err := c.Classify(ctx, text).All()
	if err != nil {
		t.Fatal(err)
	}
	if refSum == nil || len(refSpans) == 0 || int(refSum.GetSpanCount()) != len(refSpans) {
		t.Fatalf("reference answer: %d spans, summary %v", len(refSpans), refSum)
	}
	check := func(i int, r callResult) error {
		switch {
		case r.err != nil:
			return fmt.Errorf("call %d: %v", i, r.err)
		case r.summary == nil:
			return fmt.Errorf("call %d: no summary", i)
		case r.spans != len(refSpans) || r.summary.GetSpanCount() != refSum.GetSpanCount() ||
			r.summary.GetSentenceCount() != refSum.GetSentenceCount():
			return fmt.Errorf("call %d: %d spans, summary %v; want %d spans, summary %v", i, r.spans, r.summary, len(refSpans), refSum)
		}
		return nil
	}
	checkAll := func(phase string, results []callResult) {
		t.Helper()
		bad := 0
		for i, r := range results {
			if err := check(i, r); err != nil {
				if bad < 10 {
					t.Errorf("%s: %v", phase, err)
				}
				bad++
			}
		}
		if bad > 0 {
			t.Fatalf("%s: %d of %d calls did not get their whole answer", phase, bad, len(results))
		}
	}

	// Every replica serves part of a steady stream of calls.
	checkAll("before the kill", runCalls(c, text, workers, warmCalls, 0, nil))
	before := make([]float64, len(replicas))
	var total float64
	for i, s := range replicas {
		before[i] = classifyHandled(t, s)
		total += before[i]
		if before[i] == 0 {
			t.Errorf("replica %d (%s) served no Classify call of %d", i, s.addr, warmCalls+1)
		}
	}
	t.Logf("before the kill, Classify calls per replica: %v", before)
	if total != warmCalls+1 {
		t.Errorf("the replicas counted %v Classify calls, want %d", total, warmCalls+1)
	}
	if t.Failed() {
		t.FailNow()
	}

	// Kill a replica with calls in flight: no call is lost.
	victim := replicas[1]
	var inFlight atomic.Int64
	results := runCalls(c, text, workers, killedCalls, killAfter, func(running int64) {
		inFlight.Store(running)
		if err := victim.Cmd.Process.Kill(); err != nil {
			t.Error(err)
		}
		victim.Wait()
	})
	t.Logf("killed replica 1 (%s) with %d calls in flight after %d of %d calls", victim.addr, inFlight.Load(), killAfter, killedCalls)
	checkAll("while a replica is killed", results)

	// With the replica gone, the other two serve every call; the calls tried on the dead
	// replica never reached a server, so the survivors count exactly the calls made.
	mid := []float64{classifyHandled(t, replicas[0]), classifyHandled(t, replicas[2])}
	checkAll("after the kill", runCalls(c, text, workers, afterCalls, 0, nil))
	after := []float64{classifyHandled(t, replicas[0]), classifyHandled(t, replicas[2])}
	t.Logf("after the kill, Classify calls of replicas 0 and 2: %v, then %v", mid, after)
	if got := (after[0] - mid[0]) + (after[1] - mid[1]); got != afterCalls {
		t.Errorf("the surviving replicas counted %v Classify calls after the kill, want %d", got, afterCalls)
	}
	for i, r := range []int{0, 2} {
		if after[i] == mid[i] {
			t.Errorf("replica %d served no call after the kill", r)
		}
	}
}

// callResult is what one Classify call got.
type callResult struct {
	spans   int
	summary *stancev1.Summary
	err     error
}

// runCalls makes n Classify calls of text from workers goroutines, each call through All, and
// returns what each got. When hook is not nil it is called once, while the other workers go on
// calling, as soon as after calls have been answered, with the number of calls then in flight.
func runCalls(c *client.Client, text string, workers, n, after int, hook func(inFlight int64)) []callResult {
	results := make([]callResult, n)
	var next, answered, running atomic.Int64
	fire := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				running.Add(1)
				spans, sum, err := c.Classify(context.Background(), text, client.WithPassageID(strconv.FormatInt(i, 10))).All()
				running.Add(-1)
				results[i] = callResult{spans: len(spans), summary: sum, err: err}
				if answered.Add(1) == int64(after) && hook != nil {
					once.Do(func() { close(fire) })
				}
			}
		})
	}
	if hook != nil {
		<-fire
		hook(running.Load())
	}
	wg.Wait()
	return results
}

// classifyHandled returns the number of Classify calls s has finished with OK, from its /metrics.
func classifyHandled(t *testing.T, s *server) float64 {
	t.Helper()
	addr := s.MetricsAddr()
	hc := &http.Client{Timeout: 30 * time.Second}
	resp, err := hc.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /metrics of %s: %s\n%s", addr, resp.Status, b)
	}
	var total float64
	found := false
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "grpc_server_handled_total{") ||
			!strings.Contains(line, `grpc_method="Classify"`) || !strings.Contains(line, `grpc_service="stance.v1.StanceService"`) ||
			!strings.Contains(line, `grpc_code="OK"`) {
			continue
		}
		f := strings.Fields(line)
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			t.Fatalf("metrics of %s: %q: %v", addr, line, err)
		}
		total += v
		found = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("the metrics of %s have no grpc_server_handled_total for Classify with code OK", addr)
	}
	return total
}
