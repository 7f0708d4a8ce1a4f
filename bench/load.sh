#!/usr/bin/env bash
# bench/load.sh: a load test of stanced on this machine's loopback interface with ghz.
#
#   bash bench/load.sh            # from anywhere in the repository
#   DURATION=10s CONCURRENCY=20 bash bench/load.sh
#   SERVER_GOGC=400 bash bench/load.sh   # the server (only) with GOGC=400, as deploy/ runs it
#
# It builds stanced, starts it on a free 127.0.0.1 port (stanced picks it: -addr 127.0.0.1:0, and
# the script reads the address from its "msg=listening" log line), and runs ghz twice against that
# one server at the same concurrency for the same time:
#
#   1. baseline: grpc.health.v1.Health/Check, a unary call that goes through the same interceptors
#      as every other call (metrics, logging, panic recovery, the UTF-8 check) and does no work;
#   2. stance.v1.StanceService/Classify with a SIZE-byte passage: classifier/testdata/seed.txt
#      repeated and cut at a space, padded with spaces to SIZE bytes.
#
# ghz finds both methods through server reflection (stanced serves it by default). Each run stops by
# itself after DURATION; --duration-stop=wait lets the calls in flight at that moment finish, so a
# call that fails is a real error: the script exits 1 when any call of either run did not end OK.
# For each run it prints requests/s, p50 and p99 latency, the number of errors, the server's CPU
# time and its peak RSS during that run (VmHWM of /proc/PID/status, reset before each run through
# /proc/PID/clear_refs), the number of OK calls the server's /metrics counted for the method, and
# the CPU time ghz itself used.
#
# Needs ghz (go install github.com/bojand/ghz/cmd/ghz@v0.93.0), python3 and curl. ghz runs on the
# same machine as the server and takes a share of its cores.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$(go env GOPATH)/bin:$PATH"

CONCURRENCY=${CONCURRENCY:-50}
DURATION=${DURATION:-30s}
SIZE=${SIZE:-4096}

for tool in ghz python3 curl; do
	command -v "$tool" >/dev/null || {
		echo "$tool is not installed; see the top of $0" >&2
		exit 1
	}
done

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
	if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID"
		wait "$SERVER_PID" || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "== build stanced"
go build -o "$WORK/stanced" ./cmd/stanced

# SERVER_GOGC sets the server's GOGC alone: ghz is a Go program too, and its own collector's pace
# should not change between the runs compared.
env ${SERVER_GOGC:+GOGC="$SERVER_GOGC"} "$WORK/stanced" -addr 127.0.0.1:0 -metrics-addr 127.0.0.1:0 \
	>"$WORK/stanced.log" 2>&1 &
SERVER_PID=$!
ADDR=
for _ in $(seq 1 100); do
	ADDR=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$WORK/stanced.log" | head -n 1)
	[[ -n $ADDR ]] && break
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
done
if [[ -z $ADDR ]]; then
	echo "stanced did not log its address" >&2
	cat "$WORK/stanced.log" >&2
	exit 1
fi
METRICS=$(sed -n 's/.*msg="serving metrics" addr=\([^ ]*\).*/\1/p' "$WORK/stanced.log" | head -n 1)
echo "stanced (pid $SERVER_PID, GOGC=${SERVER_GOGC:-100}) serving on $ADDR, metrics on $METRICS"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(uname -sr)"
echo "server at rest: $(grep VmRSS /proc/$SERVER_PID/status | tr -s ' \t' ' ')"

python3 - "$SIZE" classifier/testdata/seed.txt >"$WORK/classify.json" <<'EOF'
import json, sys
n = int(sys.argv[1])
seed = open(sys.argv[2], encoding="utf-8").read().strip().encode()
buf = b""
while len(buf) < n:
    buf += seed + b"\n\n"
buf = buf[:n]
cut = max(buf.rfind(b" "), buf.rfind(b"\n"))
text = (buf[:cut] + b" " * (n - cut)).decode()
print(json.dumps({"passage": {"id": "load", "text": text}, "encodingType": "ENCODING_TYPE_UTF8"}))
EOF

# cpu_ticks prints the server's user+system CPU time in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
# child_ticks prints the CPU time, in clock ticks, of this shell's children that have ended (ghz).
child_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }

# handled prints how many calls of method the server's /metrics counts as finished OK.
handled() {
	curl -fsS "http://$METRICS/metrics" |
		awk -v m="grpc_method=\"$1\"" 'index($0, "grpc_server_handled_total{") == 1 && index($0, m) && index($0, "grpc_code=\"OK\"") { n += $NF } END { print n + 0 }'
}

FAILED=0
# run NAME METHOD [ghz flags...] runs ghz and prints the figures of the run.
run() {
	local name=$1 method=$2
	shift 2
	local short=${method##*/} hwm_note="" before_ok t0 t1 c0 c1
	before_ok=$(handled "$short")
	if ! echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null; then
		hwm_note=" (could not reset VmHWM: peak since the server started)"
	fi
	t0=$(cpu_ticks)
	c0=$(child_ticks)
	echo
	echo "== $name: $method, concurrency $CONCURRENCY, $DURATION"
	ghz --insecure --call "${method/\//.}" -c "$CONCURRENCY" -z "$DURATION" --duration-stop=wait \
		-O json -o "$WORK/$name.json" "$@" "$ADDR"
	t1=$(cpu_ticks)
	c1=$(child_ticks)
	local hwm ok
	hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
	ok=$(($(handled "$short") - before_ok))
	python3 - "$WORK/$name.json" "$hwm" "$hwm_note" "$((t1 - t0))" "$(getconf CLK_TCK)" "$ok" "$((c1 - c0))" <<'EOF' || FAILED=1
import json, sys
r = json.load(open(sys.argv[1]))
hwm_kb, note, server_ok = int(sys.argv[2]), sys.argv[3], int(sys.argv[6])
cpu_s, ghz_s = int(sys.argv[4]) / int(sys.argv[5]), int(sys.argv[7]) / int(sys.argv[5])
lat = {d["percentage"]: d["latency"] / 1e6 for d in r.get("latencyDistribution") or []}
codes = r.get("statusCodeDistribution") or {}
errors = r["count"] - codes.get("OK", 0)
print(f"calls:        {r['count']} in {r['total'] / 1e9:.1f} s")
print(f"requests/s:   {r['rps']:.0f}")
print(f"latency:      p50 {lat.get(50, float('nan')):.2f} ms, p99 {lat.get(99, float('nan')):.2f} ms")
print(f"errors:       {errors}" + (f" {codes} {r.get('errorDistribution')}" if errors else ""))
print(f"server:       {cpu_s:.1f} s of CPU ({cpu_s / (r['total'] / 1e9):.2f} cores), peak RSS {hwm_kb / 1024:.1f} MiB{note}, {server_ok} calls OK in /metrics")
print(f"ghz:          {ghz_s:.1f} s of CPU ({ghz_s / (r['total'] / 1e9):.2f} cores)")
if errors or server_ok != codes.get("OK", 0):
    print(f"FAIL: {errors} errors; ghz saw {codes.get('OK', 0)} OK calls, the server counted {server_ok}")
    sys.exit(1)
EOF
}

run baseline grpc.health.v1.Health/Check -d '{}'
run classify stance.v1.StanceService/Classify -D "$WORK/classify.json"

echo
if [[ $FAILED -ne 0 ]]; then
	echo "load test FAILED: some calls did not end OK" >&2
	exit 1
fi
echo "load test passed: no errors"
