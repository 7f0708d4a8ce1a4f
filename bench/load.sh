#!/usr/bin/env bash
# bench/load.sh: a load test of stanced on this machine's loopback interface with ghz.
#
#   bash bench/load.sh            # from the repository root
#   DURATION=10s CONCURRENCY=20 bash bench/load.sh
#
# It builds stanced, starts it on a free 127.0.0.1 port, and runs ghz twice at the same
# concurrency for the same time: first grpc.health.v1.Health/Check, a baseline of what the gRPC
# stack alone serves, then stance.v1.StanceService/Classify with a 4 KB passage (the seed story
# repeated, as in the benchmarks). Both runs are bounded by DURATION and stop by themselves; ghz
# cancels the calls still in flight when DURATION ends, so up to CONCURRENCY calls per run end as
# Canceled or Unavailable ("the client connection is closing"): that is ghz stopping, not the server.
# Needs ghz and grpcurl:
#   go install github.com/bojand/ghz/cmd/ghz@v0.93.0
#   go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$(go env GOPATH)/bin:$PATH"

CONCURRENCY=${CONCURRENCY:-50}
DURATION=${DURATION:-30s}
SIZE=${SIZE:-4096}

for tool in ghz grpcurl; do
	command -v "$tool" >/dev/null || {
		echo "$tool is not installed; see the install commands at the top of $0" >&2
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

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ADDR=127.0.0.1:$PORT
"$WORK/stanced" -addr "$ADDR" -metrics-addr "127.0.0.1:$MPORT" >"$WORK/stanced.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 50); do
	if grpcurl -plaintext -max-time 2 "$ADDR" grpc.health.v1.Health/Check 2>/dev/null | grep -q '"SERVING"'; then
		break
	fi
	[[ $i -lt 50 ]] || {
		echo "stanced did not become healthy" >&2
		cat "$WORK/stanced.log" >&2
		exit 1
	}
	sleep 0.2
done
echo "stanced serving on $ADDR"

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

echo
echo "== baseline: grpc.health.v1.Health/Check, concurrency $CONCURRENCY, $DURATION"
ghz --insecure --call grpc.health.v1.Health.Check -d '{}' -c "$CONCURRENCY" -z "$DURATION" "$ADDR"

echo
echo "== stance.v1.StanceService/Classify, $SIZE-byte passage, concurrency $CONCURRENCY, $DURATION"
ghz --insecure --call stance.v1.StanceService.Classify -D "$WORK/classify.json" -c "$CONCURRENCY" -z "$DURATION" "$ADDR"
