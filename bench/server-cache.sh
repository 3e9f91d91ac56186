#!/usr/bin/env bash
# Cache misses per /validate request of `tenantry serve --threads 1` with many connections, from
# callgrind's cache simulation: how much of a request's work misses L1 and a 1 MiB L2, the part of
# its cost that instruction counts don't show and that grows with the number of connections.
#
# The release server runs under callgrind twice; a Python client opens CONNECTIONS keep-alive TLS
# connections and, ROUNDS times, sends one POST of bench/fixtures/pod-review.json on every connection
# before reading every answer (so one pass of the event loop serves them all, as under wrk). The
# difference between a SMALL and a LARGE number of rounds, over the requests it adds, is one request.
#
#   bash bench/server-cache.sh [CONNECTIONS] [SMALL] [LARGE]   # default 64 10 40
#   BINARY=/tmp/tenantry bash bench/server-cache.sh            # a binary built before (no build)
#
# Prints instructions (Ir), data reads and writes (Dr, Dw) and misses per request: I1mr (instruction
# fetches missing L1), D1mr/D1mw (data missing L1), DLmr/DLmw (data missing the simulated 1 MiB, 8-way
# L2, this machine's per-core L2); callgrind does not simulate the kernel, so what read() wrote counts
# as cold.
# Release builds link the Swift runtime statically (--static-swift-stdlib), as the Dockerfile's does:
# the benchmarks measure the binary that ships.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
connections=${1:-64}
small=${2:-10}
large=${3:-40}
out=$(pwd)/bench/out/server-cache
mkdir -p "$out"
[[ -f $out/certs/tls.crt ]] || bash certs/make-dev-certs.sh "$out/certs" >/dev/null
binary=${BINARY:-}
if [[ -z $binary ]]; then
  swift build -c release --static-swift-stdlib --product tenantry >/dev/null
  binary=$(swift build -c release --static-swift-stdlib --show-bin-path)/tenantry
fi
# valgrind can't read Swift's debug info.
cp "$binary" "$out/tenantry" && strip --strip-debug "$out/tenantry"


measure() {
  local rounds=$1 port=$((19500 + RANDOM % 500))
  # Under valgrind 64 handshakes take a while: the timeouts must not close the first connections.
  valgrind --tool=callgrind --cache-sim=yes --LL=1048576,8,64 --callgrind-out-file="$out/callgrind.$rounds" \
    "$out/tenantry" serve --policies policies --tls-cert "$out/certs/tls.crt" --tls-key "$out/certs/tls.key" \
    --addr "127.0.0.1:$port" --metrics-addr "127.0.0.1:$((port + 600))" --threads 1 --log-level error \
    --reload-interval 0 --read-timeout 600s --handshake-timeout 600s 2>"$out/valgrind.$rounds.log" &
  local server=$!
  python3 bench/admission-client.py "$port" "$connections" "$rounds" "$out/certs/ca.crt" bench/fixtures/pod-review.json
  kill -TERM "$server"
  wait "$server"
  callgrind_annotate "$out/callgrind.$rounds" | grep "PROGRAM TOTALS"
}
first=$(measure "$small")
second=$(measure "$large")
python3 - "$first" "$second" $((connections * (large - small))) "$connections" <<'PY'
import re, sys
values = lambda line: [int(v.replace(",", "")) for v in re.findall(r"([\d,]+) \(", line)]
first, second, requests, connections = values(sys.argv[1]), values(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
names = ["Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw"]
print(f"per request, {connections} connections: " +
      " ".join(f"{name}={(b - a) / requests:,.0f}" for name, a, b in zip(names, first, second) if name != "ILmr"))
PY
